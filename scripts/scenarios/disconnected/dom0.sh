# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-disconnected.sh: the domU runs
# with its console marked DISCONNECTED, then CONNECTED once it has written
# LINES lines.
# The host puts LINES in front.
start_toolstack || exit 1
dom=$(create_paused domu) || exit 1
echo "EVIDENCE-FLAG-SET $(xencons-ctl $dom flag 1)"
xl unpause domu
echo DOM0-DOMU-CREATED
wait_xs /local/domain/$dom/data/hvcseq-written 240 || exit 1
echo "EVIDENCE-DISCONNECTED-1 $(xencons-ctl $dom show)"
sleep 2
echo "EVIDENCE-DISCONNECTED-2 $(xencons-ctl $dom show)"
xencons-ctl $dom flag 0 >/dev/null
echo "EVIDENCE-FLUSH-MS $(wait_line domu $LINES 5000)"
finish_stream domu $dom ROW9 $LINES
