# dom0's part of "make bench" (/dom0.sh, sourced after /lib/dom0-lib.sh;
# POSIX sh, busybox).  Runs every workload on a PV domU once per kernel
# and repetition, alternating upstream and ours, and prints one line per
# run on the serial console:
#   BENCH-RUN w=WORKLOAD k=KERNEL rep=N key=value...
# (the values come from xencons-benchd and the guest; scripts/bench/report.py
# turns them into the table).  Set by scripts/bench.sh: BENCH_REPS,
# BENCH_WORKLOADS, BENCH_WINDOW_MS, BENCH_IDLE_MS, BENCH_TPUT_PAD,
# BENCH_FLOOD_PAD, BENCH_SMP_LINES, BENCH_SMP_VCPUS, BENCH_GUEST_ARGS.
start_toolstack || exit 1

# bench_kernel KERNEL: the domU kernel of upstream or ours.
bench_kernel() {
	case "$1" in
	upstream) echo /boot/domU-upstream ;;
	*) echo /boot/domU-bzImage ;;
	esac
}

# bench_create NAME WORKLOAD KERNEL REP: create domU NAME paused, running
# WORKLOAD (guest.sh); print its domid.  On failure, the run's line says so
# (on stderr, which is the console too).
bench_create() {
	pv_cfg "$1" "bench=$2 $BENCH_GUEST_ARGS" "$(bench_kernel "$3")"
	# The SMP flood: its vCPUs all on pCPU 1, dom0 on pCPU 0, as in the
	# SMP rows of the matrix.
	if [ "$2" = smp ]; then
		sed -i "s/^vcpus = .*/vcpus = $BENCH_SMP_VCPUS/" /etc/xen/"$1".cfg
		echo "cpus = '1'" >>/etc/xen/"$1".cfg
	fi
	if ! xl create -p /etc/xen/"$1".cfg >/tmp/xl-create.log 2>&1; then
		sed 's/^/xl: /' /tmp/xl-create.log >&2
		bench_failed "${1%%-*}" "$3" "$4" create >&2
		return 1
	fi
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

# bench_guest DOMID NODE: what the guest reported in its data/NODE.
bench_guest() {
	wait_xs /local/domain/"$1"/data/"$2" 120 >/dev/null &&
		xenstore-read /local/domain/"$1"/data/"$2"
}

# follow DOMID NAME BEGIN END COUNT: xencons-benchd watch on NAME's log,
# in the background, into /tmp/watch.out.
follow() {
	xencons-benchd watch "$(guest_log "$2")" "$3" "$4" "$5" 240000 "$1" >/tmp/watch.out &
	wpid=$!
}

# run_serviced KERNEL REP: serviced console.  Three lines: the unpause to
# the userspace marker (w=serviced) with BENCH_IDLE_MS of the guest asleep
# (its idle CPU time); then each stream the guest writes (w=tput, then
# w=flood after dom0 says go), followed in xenconsoled's log from its
# first to its last line, with the guest's CPU time and the events
# xenconsoled took meanwhile.
run_serviced() {
	name=serviced-$1-$2
	dom=$(bench_create "$name" serviced "$1" "$2") || return
	follow "$dom" "$name" 'tput 00000 ' "tput 65535 $BENCH_TPUT_PAD\\r\\n" 'tput '
	boot=$(xencons-benchd boot "$dom" data/bench-up 60000 0 "$BENCH_IDLE_MS")
	echo "BENCH-RUN w=serviced k=$1 rep=$2 $boot"
	irqs=$(xcd_irqs)
	wait $wpid
	irqs=$(($(xcd_irqs) - irqs))
	guest=$(bench_guest "$dom" bench-tput)
	echo "BENCH-RUN w=tput k=$1 rep=$2 $(cat /tmp/watch.out) xcd_irqs=$irqs $guest"
	follow "$dom" "$name" 'flood 00000 ' "flood 19999 $BENCH_FLOOD_PAD\\r\\n" 'flood '
	irqs=$(xcd_irqs)
	xenstore-write /local/domain/"$dom"/data/bench-go 1
	wait $wpid
	irqs=$(($(xcd_irqs) - irqs))
	guest=$(bench_guest "$dom" bench-flood)
	echo "BENCH-RUN w=flood k=$1 rep=$2 $(cat /tmp/watch.out) xcd_irqs=$irqs $guest"
	grep -a 'hvc_xen' "$(guest_log "$name")" | tr -d '\r' | head -n 3 |
		sed "s/^/BENCH-NOTE $name: /"
	bench_end "$name"
}

# run_smp KERNEL REP: the SMP flood (one /dev/kmsg writer per vCPU at
# once), followed in xenconsoled's log from its first line to the end
# record, with the events xenconsoled took meanwhile.
run_smp() {
	name=smp-$1-$2
	dom=$(bench_create "$name" smp "$1" "$2") || return
	follow "$dom" "$name" 'smpflood ' 'smpflood-end\r\n' 'smpflood '
	boot=$(xencons-benchd boot "$dom" data/bench-up 60000 0)
	irqs=$(xcd_irqs)
	wait $wpid
	irqs=$(($(xcd_irqs) - irqs))
	guest=$(bench_guest "$dom" bench-smp)
	echo "BENCH-RUN w=smp k=$1 rep=$2 $(cat /tmp/watch.out) xcd_irqs=$irqs $guest $boot"
	# A writer that died says why in the guest's kernel log.
	grep -a -E 'traps:|segfault|general protection|Oops|BUG:' "$(guest_log "$name")" |
		tr -d '\r' | head -n 3 | sed "s/^/BENCH-NOTE $name: /"
	bench_end "$name"
}

# run_unserviced KERNEL REP: xenconsoled is stopped before the unpause and
# stays stopped for BENCH_WINDOW_MS (the console flag stays 0, as on a Xen
# without it); the boot marker must come within that window.
run_unserviced() {
	name=unserviced-$1-$2
	dom=$(bench_create "$name" idle "$1" "$2") || return
	stop_xenconsoled
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
	dom=$(bench_create "$name" idle "$1" "$2") || return
	if xencons-ctl "$dom" flag 1 >/dev/null; then
		echo "BENCH-RUN w=flagged k=$1 rep=$2 $(xencons-benchd boot "$dom" data/bench-up 60000 0)"
	else
		bench_failed flagged "$1" "$2" xencons-ctl
	fi
	bench_end "$name"
}

echo "BENCH-START reps=$BENCH_REPS"
for w in $BENCH_WORKLOADS; do
	rep=1
	while [ $rep -le "$BENCH_REPS" ]; do
		for k in upstream ours; do
			case $w in
			serviced) run_serviced $k $rep ;;
			smp) run_smp $k $rep ;;
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
