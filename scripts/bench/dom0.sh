# dom0's part of "make bench" (/dom0.sh, sourced after /lib/dom0-lib.sh;
# POSIX sh, busybox).  Runs every workload on a PV domU once per kernel
# and repetition, alternating upstream and ours, and prints one line per
# run on the serial console:
#   BENCH-RUN w=WORKLOAD k=KERNEL rep=N key=value...
# (the values come from xencons-benchd and the guest; scripts/bench/report.py
# turns them into the table).  Set by scripts/bench.sh: BENCH_REPS,
# BENCH_WORKLOADS, BENCH_WINDOW_MS, BENCH_IDLE_MS, BENCH_TPUT_PAD,
# BENCH_FLOOD_PAD.
start_toolstack || exit 1

# bench_kernel KERNEL: the domU kernel of upstream or ours.
bench_kernel() {
	case "$1" in
	upstream) echo /boot/domU-upstream ;;
	*) echo /boot/domU-bzImage ;;
	esac
}

# bench_create NAME WORKLOAD KERNEL: create domU NAME paused, running
# WORKLOAD (guest.sh); print its domid.
bench_create() {
	pv_cfg "$1" "bench=$2" "$(bench_kernel "$3")"
	xl create -p /etc/xen/"$1".cfg >/tmp/xl-create.log 2>&1 ||
		{ sed 's/^/xl: /' /tmp/xl-create.log; return 1; }
	xl domid "$1"
}

# bench_failed WORKLOAD KERNEL REP STEP: the line of a run that measured
# nothing because STEP failed.
bench_failed() {
	echo "BENCH-RUN w=$1 k=$2 rep=$3 failed=$4"
}

# bench_end NAME: destroy domU NAME and drop its console log.
bench_end() {
	xl destroy "$1" >/dev/null 2>&1
	rm -f "$(guest_log "$1")"
}

# xcd_irqs: events xenconsoled has taken so far (all its event channels).
xcd_irqs() {
	awk '/xenconsoled/ { n += $2 } END { print n + 0 }' /proc/interrupts
}

# bench_guest DOMID: what the guest reported about its own run.
bench_guest() {
	wait_xs /local/domain/"$1"/data/bench-guest 120 >/dev/null &&
		xenstore-read /local/domain/"$1"/data/bench-guest
}

# run_stream WORKLOAD KERNEL REP BEGIN END COUNT: serviced console: the
# unpause to the userspace marker (the serviced boot), BENCH_IDLE_MS of the
# guest sleeping (its idle CPU time), then the stream the guest writes,
# followed in xenconsoled's log from BEGIN to END with the guest's CPU time
# meanwhile, and the events xenconsoled took.
run_stream() {
	name=$1-$2-$3
	dom=$(bench_create "$name" "$1" "$2") || { bench_failed "$1" "$2" "$3" create; return; }
	xencons-benchd watch "$(guest_log "$name")" "$4" "$5" "$6" 240000 "$dom" >/tmp/watch.out &
	wpid=$!
	boot=$(xencons-benchd boot "$dom" data/bench-up 60000 0 "$BENCH_IDLE_MS")
	irqs=$(xcd_irqs)
	wait $wpid
	irqs=$(($(xcd_irqs) - irqs))
	echo "BENCH-RUN w=$1 k=$2 rep=$3 $boot $(cat /tmp/watch.out) xcd_irqs=$irqs $(bench_guest "$dom")"
	grep -a 'hvc_xen' "$(guest_log "$name")" | tr -d '\r' | head -n 3 | sed "s/^/BENCH-NOTE $name: /"
	bench_end "$name"
}

# run_unserviced KERNEL REP: xenconsoled is stopped before the unpause and
# stays stopped for BENCH_WINDOW_MS (the console flag stays 0, as on a Xen
# without it); the boot marker must come within that window.
run_unserviced() {
	name=unserviced-$1-$2
	dom=$(bench_create "$name" idle "$1") || { bench_failed unserviced "$1" "$2" create; return; }
	kill "$(cat /run/xenconsoled.pid)"
	while pidof xenconsoled >/dev/null; do sleep 0.1; done
	r=$(xencons-benchd boot "$dom" data/bench-up "$BENCH_WINDOW_MS" "$BENCH_WINDOW_MS")
	ring=$(xencons-ctl "$dom" show | sed -n 's/.*\(out_cons=[0-9]* out_prod=[0-9]*\).*/\1/p')
	start_xenconsoled >/dev/null
	echo "BENCH-RUN w=unserviced k=$1 rep=$2 $r window_ms=$BENCH_WINDOW_MS $ring"
	bench_end "$name"
}

# run_flagged KERNEL REP: the console flag says DISCONNECTED before the
# unpause (a Xen with the flag, no backend yet); unpause to the marker.
run_flagged() {
	name=flagged-$1-$2
	dom=$(bench_create "$name" idle "$1") || { bench_failed flagged "$1" "$2" create; return; }
	if xencons-ctl "$dom" flag 1 >/dev/null; then
		echo "BENCH-RUN w=flagged k=$1 rep=$2 $(xencons-benchd boot "$dom" data/bench-up 60000 0)"
	else
		bench_failed flagged "$1" "$2" xencons-ctl
	fi
	bench_end "$name"
}

tput_end="tput 65535 $BENCH_TPUT_PAD\\r\\n"
flood_end="flood 19999 $BENCH_FLOOD_PAD\\r\\n"
echo "BENCH-START reps=$BENCH_REPS"
for w in $BENCH_WORKLOADS; do
	rep=1
	while [ $rep -le "$BENCH_REPS" ]; do
		for k in upstream ours; do
			case $w in
			tput) run_stream tput $k $rep 'tput 00000 ' "$tput_end" 'tput ' ;;
			flood) run_stream flood $k $rep 'flood 00000 ' "$flood_end" 'flood ' ;;
			unserviced) run_unserviced $k $rep ;;
			# Ours only: upstream ignores the flag (its boot is the
			# serviced one).
			flagged) [ $k = ours ] && run_flagged $k $rep ;;
			esac
		done
		rep=$((rep + 1))
	done
done
echo "BENCH-DONE"
