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
#    fit the default 64 KiB hold buffer; older boot messages may be dropped,
#    and the drop is reported).
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-150}
FLUSH_MS=${FLUSH_MS:-3000}
scenario "${SCENARIO:-pv-domu-unserviced}"
domu_initramfs "$(held_stream "$LINES")"
dom0_initramfs "$(dom0_part unserviced/dom0.sh LINES)"

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
