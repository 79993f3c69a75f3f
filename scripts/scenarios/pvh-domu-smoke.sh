#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The smoke test on a PVH domU: the primary console comes from the HVM
# parameters (HVM_PARAM_CONSOLE_PFN/EVTCHN, memremap()ed), not start_info.
# Passes only if xenconsoled's log holds all numbered lines, and the guest
# confirms it runs as PVH with hvc0 as its console.
. "$(dirname "$0")/../xenboot.sh"

scenario pvh-domu-smoke
DOMU_TYPE=pvh
LINES=${LINES:-1000}
GUEST_PRE='
echo "GATE-GUEST-TYPE $(cat /sys/hypervisor/guest_type 2>/dev/null)"
echo "GATE-CONSOLE $(head -1 /proc/consoles | cut -d" " -f1)"
'
pv_domu_stream PVHSMOKE
expect_line 'domU\| GATE-GUEST-TYPE PVH' "the domU did not run as PVH"
expect_line 'domU\| GATE-CONSOLE hvc0' "hvc0 is not the PVH domU's console"
pass "$RESULT; PVH guest, console hvc0 from HVM params"
