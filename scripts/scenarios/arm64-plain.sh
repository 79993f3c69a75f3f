#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# arm64 row 1: a plain dom0less domU (no xen,enhanced) next to dom0 on Xen
# 4.17.  Linux there does not see Xen at all; its console is the vpl011
# that Xen emulates (ttyAMA0), which Xen prints on its serial as
# "(XEN) DOM1: ...".  The domU's userspace writes LINES numbered lines to
# /dev/ttyAMA0; the host checks every line's CRC and order on the serial
# log, and that each one came through the vpl011 path.
. "$(dirname "$0")/../arm64/lib.sh"

LINES=${LINES:-500}
a64_scenario arm64-plain
domu_initramfs "
dmesg -n 1
echo \"GATE-XEN-SEEN \$(cat /sys/hypervisor/type 2>/dev/null || echo none)\"
hvc_seq write $LINES /dev/ttyAMA0
"
a64_dom0_initramfs "$(dom0_part arm64/plain-dom0.sh)"
a64_boot vpl011 "console=ttyAMA0"
a64_boot_milestones
milestone 'GUEST-DONE' 300 "the domU's numbered lines"
a64_end
a64_serial_lines "$LINES" 'DOM1: ' vpl011
expect_line 'DOM1: GATE-XEN-SEEN none' "the plain domU should not see Xen"
pass "$RESULT; every line as (XEN) DOM1: (vpl011)"
