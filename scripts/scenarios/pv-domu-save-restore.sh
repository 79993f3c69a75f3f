#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Row 10: xl save / xl restore of a PV domU in the middle of a numbered
# stream.  The guest writes LINES lines to /dev/hvc0 in paced chunks; once
# line SAVE_AT is in xenconsoled's log, dom0 saves the domain to a file
# (which destroys it) and restores it.  The restored guest finishes the
# stream and says so.  Passes only if xenconsoled's log (one file per
# domain name, appended) holds lines 1..LINES exactly once each, in order,
# and lines were written both before the save and after the restore.
# RESTORE_BACKEND=late: xenconsoled is stopped after the save, the domain
# is restored while it is not running (nothing but Xen writes the
# connection byte), runs HELD_S (2) s, and xenconsoled starts again.  On a
# Xen whose restore sets the byte (4.21 and later) it must read 0 before
# the save, 1 after the restore and while held, with out_prod where the
# restore left it, then 0; on an older Xen 0 throughout.
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-2000}
SAVE_AT=${SAVE_AT:-400}
RESTORE_BACKEND=${RESTORE_BACKEND:-}
HELD_S=${HELD_S:-2}
case "$RESTORE_BACKEND" in '' | late) ;; *) die "RESTORE_BACKEND=$RESTORE_BACKEND: want late or nothing" ;; esac
scenario pv-domu-save-restore${RESTORE_BACKEND:+-$RESTORE_BACKEND}
domu_initramfs "
dmesg -n 1
$(paced_stream "$LINES" 25 0.1)
"
dom0_initramfs "$(dom0_part save-restore/dom0.sh LINES SAVE_AT RESTORE_BACKEND HELD_S)"

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
FLAG_SEEN=
if [ "$RESTORE_BACKEND" = late ]; then
	# ring_at EVIDENCE FIELD: FIELD of that xencons-ctl line.
	ring_at() {
		grep -Eo "$1 XENCONS .*" "$SERIAL" | head -1 | grep -Eo "$2=[0-9]+" | cut -d= -f2
	}
	c=$(for e in BEFORE-SAVE RESTORED-RING HELD AFTER-BACKEND; do ring_at "EVIDENCE-$e" connection; done |
		tr '\n' / | sed 's|/$||')
	FLAG_SEEN="connection byte $c before the save, after the restore, $HELD_S s later, once xenconsoled ran"
	if xen_has_flag; then
		[ "$c" = 0/1/1/0 ] ||
			fail "Xen $(xen_version_seen)'s restore sets DISCONNECTED and xenconsoled connects: want 0/1/1/0; $FLAG_SEEN"
		[ "$(ring_at EVIDENCE-RESTORED-RING out_prod)" = "$(ring_at EVIDENCE-HELD out_prod)" ] ||
			fail "bytes entered the ring while it was DISCONNECTED after the restore"
		FLAG_SEEN="$FLAG_SEEN (the restore reset it; ring untouched while held)"
	else
		[ "$c" = 0/0/0/0 ] || fail "Xen $(xen_version_seen) predates the flag, yet: $FLAG_SEEN"
	fi
	FLAG_SEEN="; $FLAG_SEEN"
fi
pass "$RESULT; saved after line $saved of $LINES, restored, rest arrived once each$FLAG_SEEN"
