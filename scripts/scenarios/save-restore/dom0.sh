# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-save-restore.sh: xl save and
# xl restore once numbered line SAVE_AT is in the log; RESTORE_BACKEND=late:
# xenconsoled stopped after the save, the domain restored without it and
# run HELD_S seconds before xenconsoled starts again.
# The host puts LINES, SAVE_AT, RESTORE_BACKEND and HELD_S in front.
start_toolstack || exit 1
pv_cfg domu
sed -i 's/^memory = .*/memory = 128/' /etc/xen/domu.cfg
xl create /etc/xen/domu.cfg || exit 1
echo DOM0-DOMU-CREATED
echo "EVIDENCE-SAVE-AT-MS $(wait_line domu $SAVE_AT 120000)"
echo "EVIDENCE-BEFORE-SAVE $(xencons-ctl "$(xl domid domu)" show)"
save_restore domu 'echo "EVIDENCE-SAVED in $save_ms ms; last line in log: $(grep -ao "hvcseq [0-9]*" "$(guest_log domu)" | tail -n 1)"' \
	"$RESTORE_BACKEND" || exit 1
echo "EVIDENCE-RESTORED dom=$dom in $total_ms ms (save + restore)"
if [ "$RESTORE_BACKEND" = late ]; then
	# Restored paused with no backend: the byte as the restore left it,
	# then HELD_S seconds of the stream with nobody servicing the ring.
	echo "EVIDENCE-RESTORED-RING $(xencons-ctl "$dom" show)"
	xl unpause domu
	sleep "$HELD_S"
	echo "EVIDENCE-HELD $(xencons-ctl "$dom" show)"
	start_xenconsoled || exit 1
	echo "EVIDENCE-AFTER-BACKEND $(connected_ring "$dom")"
fi
wait_xs /local/domain/$dom/data/hvcseq-written 240 || exit 1
finish_stream domu $dom ROW10 $LINES
