#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unserviced ring, no flag (old Xen): the domU is created paused with
# xenconsoled up, xenconsoled is killed, the domU unpaused.  Nothing drains
# the ring and the flag stays 0 (connected), as on any Xen before the flag.
# Passes only if
#  - the guest reaches userspace and writes LINES numbered lines (it says so
#    in xenstore) while nothing serves its console: no hang;
#  - once xenconsoled starts again, the last line reaches its log within
#    FLUSH_MS (default 3000) with no further guest write;
#  - the log then holds lines 1..LINES in order, intact (LINES is chosen to
#    fit the default 16 KiB hold buffer; older boot messages may be dropped,
#    and the drop is reported).
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-150}
FLUSH_MS=${FLUSH_MS:-3000}
scenario "${SCENARIO:-pv-domu-unserviced}"
domu_initramfs "$(held_stream "$LINES")"
dom0_initramfs "
start_toolstack || exit 1
dom=\$(create_paused domu) || exit 1
stop_xenconsoled
echo DOM0-XENCONSOLED-STOPPED
xl unpause domu
echo DOM0-DOMU-CREATED
wait_xs /local/domain/\$dom/data/hvcseq-written 240 || exit 1
echo \"EVIDENCE-UNSERVICED \$(xencons-ctl \$dom show)\"
echo \"EVIDENCE-CPU \$(xl list domu | tail -1)\"
start_xenconsoled
echo \"EVIDENCE-FLUSH-MS \$(wait_line domu $LINES 10000)\"
finish_stream domu \$dom ROW8 $LINES
"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-UNSERVICED' 240 "guest in userspace, done writing, console unserviced"
milestone 'ROW8-RESULT' 180 "stream checked by dom0"
wait_exit 30

grep -E 'EVIDENCE-|domU-log' "$SERIAL" | sed 's/^/    /'
expect_flush "$FLUSH_MS" "xenconsoled started"
expect_result ROW8 "$LINES"
pass "$RESULT; guest reached userspace unserviced; flushed in $FLUSH_MS_SEEN ms"
