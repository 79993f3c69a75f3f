#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A late console backend gets the whole boot log (issue 14): the domU
# (DOMU_TYPE pv, the default, or pvh) is built paused and its console
# marked DISCONNECTED before it runs; it boots, publishes the count and
# MD5 of the kernel log records its console printed (from its own dmesg),
# and writes LINES (1000, about 70 KiB) numbered lines.  dom0 then sets
# CONNECTED.  Passes only if xenconsoled's log begins with the kernel's
# first record ("Linux version"), its first timestamped lines are exactly
# the guest's records (same count and MD5), and it holds lines 1..LINES
# intact and in order, and the guest then says it released its boot hold.
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-1000}
export DOMU_TYPE=${DOMU_TYPE:-pv}
scenario "${SCENARIO:-$DOMU_TYPE-domu-late-backend}"
domu_initramfs "LINES=$LINES
$(cat "$ROOT/scripts/scenarios/late/guest.sh")"
dom0_initramfs "LINES=$LINES
$(cat "$ROOT/scripts/scenarios/late/dom0.sh")"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-DISCONNECTED' 240 "guest done writing while disconnected"
milestone 'LATE-RESULT' 180 "stream checked by dom0"
wait_exit 30

grep -E 'EVIDENCE-|domU-log|domU\|' "$SERIAL" | sed 's/^/    /'
grep -Eq 'EVIDENCE-DISCONNECTED XENCONS dom=[0-9]+ out_cons=0 out_prod=0 .*connection=1' "$SERIAL" ||
	fail "bytes entered the ring while it was disconnected"
first=$(grep -Eo 'EVIDENCE-LOG bytes=.*' "$SERIAL" | head -1)
echo "$first" | grep -Eq 'first: \[ *0\.0+\] Linux version ' ||
	fail "xenconsoled's log does not begin with the kernel's first line: ${first:-no log}"
guest=$(grep -Eo 'EVIDENCE-GUEST-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2-)
inlog=$(grep -Eo 'EVIDENCE-LOG-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2-)
[ -n "$guest" ] && [ "$guest" = "$inlog" ] ||
	fail "the log's boot records differ from the guest's dmesg: guest ${guest:-none}, log ${inlog:-none}"
expect_result LATE "$LINES"
expect_line 'GUEST-DMESG .*hvc_xen: console 0: ring serviced, boot hold of 128 KiB released, 16 KiB kept' \
	"the boot hold was not released after the connect"
pass "$RESULT; boot log: ${guest%% *} records as in dmesg; ${first#EVIDENCE-LOG }; boot hold released"
