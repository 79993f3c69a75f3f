#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# arm64 row 3: hvc0 in a dom0less domU.  Xen gives such a domU no console
# ring but lets it use CONSOLEIO_write (it marks it is_console); our driver
# falls back to the hypercall when there is no ring.  With console=hvc0
# (xen,enhanced so that Linux knows it runs on Xen; no vpl011, no xenstore)
# the domU's boot and LINES numbered lines written by its userspace to
# /dev/hvc0 must appear on the Xen serial ("(d1) ..." with
# guest_loglvl=all); the host checks every line's CRC and order.  While
# the domU reads /dev/hvc0, text typed on the serial line must still
# reach dom0, whose input it is, intact.
. "$(dirname "$0")/../arm64/lib.sh"

LINES=${LINES:-500}
a64_scenario arm64-hvc0
token="a64-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
domu_initramfs "
dmesg -n 1
echo \"GATE-CONSOLE \$(cat /sys/hypervisor/type 2>/dev/null) \$(cat /proc/consoles | head -n 1)\"
hvc_seq write $LINES /dev/hvc0
echo GUEST-READING
if read -t 10 -r line </dev/hvc0; then echo \"GUEST-READ-INPUT <\$line>\"; else echo GUEST-READ-NOTHING; fi
"
a64_dom0_initramfs "$(dom0_part arm64/hvc0-dom0.sh token)"
a64_boot enhanced=enabled "console=hvc0"
a64_boot_milestones
milestone 'GUEST-READING' 300 "the domU's numbered lines"
type_serial "$token"
milestone 'DOM0-GOT' 40 "dom0's answer to typed input"
milestone 'GUEST-READ-' 60 "the domU's read of /dev/hvc0"
milestone 'GUEST-DONE' 60 "the domU's end"
a64_end
a64_serial_lines "$LINES" '(d1) ' CONSOLEIO_write
# The domU's own kernel banner, with the version of the base under test.
kver=$(make -s -C "$KTREE" kernelversion | sed 's/\./\\./g')
expect_line "\\(d1\\) .*Linux version $kver" "the domU's boot messages are not on the Xen serial"
expect_line '\(d1\) GATE-CONSOLE xen hvc0' "the domU's console is not hvc0 on Xen"
expect_line "DOM0-GOT <$token>" "typed input did not reach dom0 intact while the domU read /dev/hvc0"
expect_line '\(d1\) GUEST-READ-NOTHING' "the domU read Xen's serial input, which belongs to dom0"
pass "$RESULT; every line as (d1) through CONSOLEIO_write, boot log too; typed $token reached dom0, not the domU"
