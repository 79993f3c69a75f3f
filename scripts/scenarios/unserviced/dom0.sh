# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-unserviced.sh: the domU runs with
# xenconsoled stopped, which starts again once the guest has written LINES
# lines.
# The host puts LINES in front.
start_toolstack || exit 1
dom=$(create_paused domu) || exit 1
stop_xenconsoled
echo DOM0-XENCONSOLED-STOPPED
xl unpause domu
echo DOM0-DOMU-CREATED
wait_xs /local/domain/$dom/data/hvcseq-written 240 || exit 1
echo "EVIDENCE-UNSERVICED $(xencons-ctl $dom show)"
echo "EVIDENCE-CPU $(xl list domu | tail -1)"
start_xenconsoled
echo "EVIDENCE-FLUSH-MS $(wait_line domu $LINES 10000)"
finish_stream domu $dom ROW8 $LINES
