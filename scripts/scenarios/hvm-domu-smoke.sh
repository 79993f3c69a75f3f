#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Row 5: an HVM domU (hvmloader, SeaBIOS, QEMU as device model) with the
# Xen platform PCI device.  Passes only if xenconsoled's log holds every
# numbered line the guest wrote to hvc0 (console from HVM params), the
# guest ran as HVM with the platform device bound, and device/console/0,
# present in xenstore, was not probed as a xenbus frontend: no console-0
# device in the guest and the node's state never left Initialising (1).
. "$(dirname "$0")/../xenboot.sh"

scenario hvm-domu-smoke
DOMU_TYPE=hvm
DOM0_DM=1
LINES=${LINES:-1000}
GUEST_PRE='
echo "GATE-GUEST-TYPE $(cat /sys/hypervisor/guest_type 2>/dev/null)"
echo "GATE-CONSOLE $(head -1 /proc/consoles | cut -d" " -f1)"
for dev in /sys/bus/pci/devices/*; do
	[ "$(cat "$dev/vendor")" = 0x5853 ] || continue
	drv=$(readlink "$dev/driver" 2>/dev/null)
	echo "GATE-PLATFORM-PCI $(cat "$dev/device") driver=${drv##*/}"
done
'
# The guest has written its lines and its drivers are settled: dom0 reads
# the domU's console nodes now.
GUEST_POST='
xenstore-write data/probe-ready 1
i=0
until xenstore-exists data/probe-done 2>/dev/null || [ $i -ge 300 ]; do sleep 0.2; i=$((i + 1)); done
if [ -e /sys/bus/xen/devices/console-0 ]; then echo GATE-CONSOLE0-PROBED yes; else echo GATE-CONSOLE0-PROBED no; fi
dmesg | grep -i "console-0\|device/console/0" | head -3 | sed "s/^/GATE-CONSOLE0-LOG /"
'
# Debian's xl 4.17 keeps an HVM guest's primary console at
# /local/domain/N/console and writes no device/console/0 (measured); other
# toolstacks do, so dom0 writes one, state Initialising, before the guest
# runs, exactly as a frontend would find it.
DOMU_PAUSED=1
DOM0_DURING=$(cat "$ROOT/scripts/scenarios/hvm/dom0-during.sh")
pv_domu_stream HVMSMOKE
expect_line 'domU\| GATE-GUEST-TYPE HVM' "the domU did not run as HVM"
expect_line 'domU\| GATE-CONSOLE hvc0' "hvc0 is not the HVM domU's console"
expect_line 'domU\| GATE-PLATFORM-PCI 0x0001 driver=xen-platform-pci' \
	"the Xen platform PCI device is missing or not bound"
expect_line 'EVIDENCE-CONSOLE0-STATE 1$' "device/console/0 is absent or left Initialising"
expect_line 'domU\| GATE-CONSOLE0-PROBED no' "device/console/0 was probed as a frontend"
grep -q 'domU| GATE-CONSOLE0-LOG' "$SERIAL" &&
	fail "the guest's log mentions console-0: $(grep -m1 'GATE-CONSOLE0-LOG' "$SERIAL")"
pass "$RESULT; HVM guest with xen-platform-pci, console/0 state=1 not probed"
