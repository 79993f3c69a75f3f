# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-save-restore.sh: xl save and
# xl restore once numbered line SAVE_AT is in the log.
# The host puts LINES and SAVE_AT in front.
start_toolstack || exit 1
pv_cfg domu
sed -i 's/^memory = .*/memory = 128/' /etc/xen/domu.cfg
xl create /etc/xen/domu.cfg || exit 1
echo DOM0-DOMU-CREATED
echo "EVIDENCE-SAVE-AT-MS $(wait_line domu $SAVE_AT 120000)"
save_restore domu 'echo "EVIDENCE-SAVED in $save_ms ms; last line in log: $(grep -ao "hvcseq [0-9]*" "$(guest_log domu)" | tail -n 1)"' || exit 1
echo "EVIDENCE-RESTORED dom=$dom in $total_ms ms (save + restore)"
wait_xs /local/domain/$dom/data/hvcseq-written 240 || exit 1
finish_stream domu $dom ROW10 $LINES
