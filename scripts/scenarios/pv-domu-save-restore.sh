#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Row 10: xl save / xl restore of a PV domU in the middle of a numbered
# stream.  The guest writes LINES lines to /dev/hvc0 in paced chunks; once
# line SAVE_AT is in xenconsoled's log, dom0 saves the domain to a file
# (which destroys it) and restores it.  The restored guest finishes the
# stream and says so.  Passes only if xenconsoled's log (one file per
# domain name, appended) holds lines 1..LINES exactly once each, in order,
# and lines were written both before the save and after the restore.
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-2000}
SAVE_AT=${SAVE_AT:-400}
scenario pv-domu-save-restore
domu_initramfs "
dmesg -n 1
$(paced_stream "$LINES" 25 0.1)
"
dom0_initramfs "$(dom0_part save-restore/dom0.sh LINES SAVE_AT)"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-RESTORED' 300 "save and restore"
milestone 'ROW10-RESULT' 240 "stream checked by dom0"
wait_exit 30
grep -E 'EVIDENCE-|domU-log' "$SERIAL" | sed 's/^/    /'
saved=$(grep -Eo 'last line in log: hvcseq [0-9]+' "$SERIAL" | grep -Eo '[0-9]+$' | sed 's/^0*//')
[ -n "$saved" ] && [ "$saved" -ge "$SAVE_AT" ] && [ "$saved" -lt "$LINES" ] ||
	fail "the save did not fall inside the stream (last line before save: ${saved:-none})"
expect_result ROW10 "$LINES"
pass "$RESULT; saved after line $saved of $LINES, restored, rest arrived once each"
