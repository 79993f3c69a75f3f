#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# arm64 row 5: a dom0less domU with xen,enhanced = "no-xenstore": Linux
# knows it runs on Xen, but Xen sets up no xenstore for it, and dom0 (which
# runs xenstored and init-dom0less) has nothing to connect.  The domU must
# reach userspace, its kernel must say why xenbus is not there, a xenstore
# request from its userspace must end (not wait forever), and its hvc0
# (CONSOLEIO_write) must carry LINES numbered lines.
. "$(dirname "$0")/../arm64/lib.sh"

LINES=${LINES:-100}
a64_scenario arm64-no-xenstore
NOXS='xenbus: no xenstore for this domain'
domu_initramfs "
echo \"GATE-XEN \$(cat /sys/hypervisor/type 2>/dev/null || echo none)\"
t0=\$(cut -d' ' -f1 /proc/uptime)
timeout 20 xenstore-read domid >/tmp/xs.out 2>&1
rc=\$?
echo \"GUEST-XENSTORE-READ rc=\$rc after \$(awk -v a=\$t0 '{ print \$1 - a }' /proc/uptime) s: \$(head -c 120 /tmp/xs.out)\"
hvc_seq write $LINES /dev/hvc0
"
a64_dom0_initramfs "$(dom0_part arm64/no-xenstore-dom0.sh)"
a64_boot vpl011,enhanced=no-xenstore "console=ttyAMA0"
a64_boot_milestones
milestone 'GUEST-DONE' 180 "the domU's end"
a64_end
expect_line 'DOM1: GATE-XEN xen' "the domU does not see Xen"
expect_line "DOM1: .*$NOXS" "the domU's kernel did not say why xenbus is absent"
read_line=$(grep -m1 -o 'GUEST-XENSTORE-READ.*' "$SERIAL")
case "$read_line" in
*'rc=143'* | *'rc=124'*) fail "a xenstore request in the domU waited until killed: $read_line" ;;
esac
a64_serial_lines "$LINES" '(d1) ' CONSOLEIO_write
pass "$RESULT; kernel: '$(grep -m1 -o "$NOXS.*" "$SERIAL")'; $read_line"
