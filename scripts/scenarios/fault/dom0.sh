# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-fault.sh (the host puts FAULT,
# FAULT_AT, LINES and TOGGLES in front): once line FAULT_AT is in xenconsoled's log,
# injects FAULT (inject_FAULT below; $dom is the domU's id), then checks
# the stream.
inject_indices() {
	stop_xenconsoled
	set -- $(xencons-ctl $dom show | tr " =" "\n\n" | grep -A1 -E "^(out_cons|out_prod|in_cons|in_prod)$" | grep -v -- --)
	oc=$2 op=$4 ic=$6 ip=$8
	echo "EVIDENCE-SANE out_cons=$oc out_prod=$op in_cons=$ic in_prod=$ip"
	echo "EVIDENCE-HOSTILE-1 $(xencons-ctl $dom set out_cons $((op + 5000)))"
	sleep 2
	echo "EVIDENCE-HOSTILE-2 $(xencons-ctl $dom set out_cons $(((op + 2147483648) & 4294967295)))"
	sleep 2
	xencons-ctl $dom set out_cons $oc >/dev/null
	echo "EVIDENCE-HOSTILE-3 $(xencons-ctl $dom set in_prod $(((ic + 100000) & 4294967295)))"
	sleep 2
	echo "EVIDENCE-RESTORED $(xencons-ctl $dom set in_prod $ip)"
	start_xenconsoled
}

inject_storm() {
	stop_xenconsoled
	c0=$(domu_cpu)
	sleep 10
	c1=$(domu_cpu)
	timeout 10 xencons-ctl $dom notify 1000000000 0 >/dev/null 2>/tmp/storm.err
	c2=$(domu_cpu)
	echo "EVIDENCE-STORM-CPU $(awk -v a=$c0 -v b=$c1 -v c=$c2 "BEGIN { printf \"%.1f s in 10 s of storm, %.1f\", c - b, b - a }") s in the 10 s before"
	head -n 3 /tmp/storm.err
	start_xenconsoled
}

inject_flap() {
	echo "EVIDENCE-FLAP $(xencons-ctl $dom flap 1000 10 | tr "\n" " ")"
}

inject_restart() {
	stop_xenconsoled
	sleep 3
	start_xenconsoled
}

inject_oddflag() {
	for v in 2 0xff; do
		xencons-ctl $dom flag $v >/dev/null
		sleep 0.5
		echo "EVIDENCE-ODD-$v-A $(xencons-ctl $dom show)"
		sleep 2.5
		echo "EVIDENCE-ODD-$v-B $(xencons-ctl $dom show)"
	done
	xencons-ctl $dom flag 0 >/dev/null
}

inject_toggle() {
	stop_xenconsoled
	echo "EVIDENCE-TOGGLE $(xencons-ctl $dom toggle $TOGGLES 10000 | tr "\n" " ")"
	start_xenconsoled
}

inject_trickle() {
	stop_xenconsoled
	echo "EVIDENCE-TRICKLE $(xencons-ctl $dom trickle 900000 20 | tr "\n" " ")"
	start_xenconsoled
}

domu_cpu() {
	xl list domu | awk 'NR == 2 { print $6 }'
}
start_toolstack || exit 1
# The trickle's printk lines go through /dev/kmsg unratelimited.
case "$FAULT" in
trickle) pv_cfg domu printk.devkmsg=on ;;
*) pv_cfg domu ;;
esac
xl create /etc/xen/domu.cfg || exit 1
dom=$(xl domid domu)
echo DOM0-DOMU-CREATED
echo "EVIDENCE-FAULT-AT-MS $(wait_line domu $FAULT_AT 120000)"
hb0=$(xenstore-read /local/domain/$dom/data/heartbeat)
inject_$FAULT
hb1=$(xenstore-read /local/domain/$dom/data/heartbeat)
echo "EVIDENCE-HEARTBEAT $hb0 -> $hb1"
echo DOM0-FAULT-DONE
wait_xs /local/domain/$dom/data/hvcseq-written 300 || exit 1
finish_stream domu $dom FAULT $LINES
