#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Demo: boot Xen 4.17 with our kernel as dom0, start a PV domU running our
# kernel with its console attached (xl create -c), let it print, power off.
# The guest's boot and output appear on the terminal (SHOW=1 by default)
# and in xenconsoled's log, which dom0 checks.
. "$(dirname "$0")/../xenboot.sh"

SHOW=${SHOW:-1}
# Ten lines to show, not a stream: no ring check (expect_ring_settled).
RING_CHECK=0
scenario pv-domu-demo

domu_initramfs '
echo "Hello from a Xen PV domU: $(uname -sr), hypervisor $(cat /sys/hypervisor/type 2>/dev/null) $(cat /sys/hypervisor/version/major 2>/dev/null).$(cat /sys/hypervisor/version/minor 2>/dev/null)"
echo "console: $(cat /proc/consoles | head -1)"
hvc_seq write 10 /dev/hvc0
'

dom0_initramfs "$(dom0_part demo/dom0.sh)"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'Hello from a Xen PV domU' 120 "domU greeting"
milestone 'DEMO-RESULT' 120 "domU console log checked by dom0"
wait_exit 30
expect_result DEMO 10
pass "$RESULT"
