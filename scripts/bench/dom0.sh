# dom0's part of "make bench" (/dom0.sh, sourced after /lib/dom0-lib.sh;
# POSIX sh, busybox).  Runs every workload on a PV domU once per kernel
# and repetition, alternating upstream and ours (rep_order), and prints
# one line per run on the serial console:
#   BENCH-RUN w=WORKLOAD k=KERNEL rep=N key=value...
# (the values come from xencons-benchd and the guest; scripts/bench/report.py
# turns them into the table).  Set by scripts/bench.sh: BENCH_REPS,
# BENCH_WORKLOADS, BENCH_WINDOW_MS, BENCH_IDLE_MS, BENCH_TPUT_PAD,
# BENCH_FLOOD_PAD, BENCH_SMP_LINES, BENCH_SMP_VCPUS, BENCH_GUEST_ARGS,
# BENCH_TRACED_REPS, BENCH_BOOT_LOG.
start_toolstack || exit 1
# dom0 on pCPU 0, every benchmark domU on pCPU 1 (bench_create): the same
# placement for both kernels, and the traced runs tell the domU's
# hypercalls from dom0's by the CPU.
xl vcpu-pin Domain-0 0 0

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
	echo "cpus = '1'" >>/etc/xen/"$1".cfg
	# The SMP flood: its vCPUs all on pCPU 1, as in the SMP rows of the
	# matrix.
	[ "$2" = smp ] &&
		sed -i "s/^vcpus = .*/vcpus = $BENCH_SMP_VCPUS/" /etc/xen/"$1".cfg
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

# boot_stamps NAME: "pre_us=N init_us=N", the guest's printk time stamps
# (microseconds since its kernel started) of the last line logged before
# the Xen console registers (before the console driver's first call: the
# same code in both kernels, a control for how fast this run's guest ran)
# and of the line that starts /init, from NAME's console log (-1: not
# there).
boot_stamps() {
	[ -f "$(guest_log "$1")" ] || { echo "pre_us=-1 init_us=-1"; return; }
	awk '{ sub(/\r$/, "") }
	/printk: .*console \[hvc0\] enabled/ && !pre { pre = last }
	/Run \/init as init process/ { init = $0; exit }
	{ last = $0 }
	function us(l) {
		if (!match(l, /^\[ *[0-9]+\.[0-9]+\]/))
			return -1
		l = substr(l, RSTART + 1, RLENGTH - 2)
		return sprintf("%d", l * 1000000 + 0.5)
	}
	END { printf "pre_us=%s init_us=%s\n", us(pre), us(init) }' "$(guest_log "$1")"
}

# boot_log NAME: NAME's console log up to the line that starts /init, one
# "BENCH-BOOTLOG NAME: line" per line (BENCH_BOOT_LOG=1, for experiments).
boot_log() {
	sed -n '1,/Run \/init as init process/p' "$(guest_log "$1")" |
		tr -d '\r' | sed "s/^/BENCH-BOOTLOG $1: /"
}

# trace_start: trace the hypercalls made on pCPU 1 (the domU's) into
# /tmp/trace.bin, in the background; return once tracing is on.
trace_start() {
	# PV entry events (class PV, subclass entry: hypercalls, traps).
	xentrace -D -S 256 -e 0x00201000 -c 1 /tmp/trace.bin 2>/tmp/xentrace.err &
	tpid=$!
	sleep 1
	kill -0 $tpid 2>/dev/null
}

# trace_stop: stop the trace; print "sent=N trace_lost=L" (the event
# channel hypercalls made on pCPU 1 while it ran).
trace_stop() {
	kill -INT $tpid
	wait $tpid
	xencons-benchd sent /tmp/trace.bin 1 ||
		echo "sent=-1 trace_error=$(head -c 60 /tmp/xentrace.err | tr ' \n' '_,')"
	rm -f /tmp/trace.bin
}

# stream_begin: with tracing on ($traced), start the trace; a trace that
# does not start says why on stderr (the run's line then has sent=-1).
stream_begin() {
	[ -z "$traced" ] || trace_start ||
		sed 's/^/xentrace: /' /tmp/xentrace.err >&2
}

# go_traced DOMID NODE: stream_begin, then write the guest's data/NODE
# (its signal to start the next stream).
go_traced() {
	stream_begin
	xenstore-write /local/domain/"$1"/data/"$2" 1
}

# stream_end: with tracing on ($traced), stop the trace and put its
# counts in $sent; else empty it.
stream_end() {
	sent=
	[ -z "$traced" ] || sent=$(trace_stop)
}

# run_serviced KERNEL REP [traced]: serviced console.  Three lines: the unpause to
# the userspace marker (w=serviced) with BENCH_IDLE_MS of the guest asleep
# (its idle CPU time); then each stream the guest writes (w=tput, then
# w=flood after dom0 says go), followed in xenconsoled's log from its
# first to its last line, with the guest's CPU time and the events
# xenconsoled took meanwhile.  Traced (a run of its own, not timed: the
# trace costs Xen time per hypercall): the guest waits for dom0's go
# before the throughput stream too, dom0 traces each stream from just
# before its go to its last line in the log, and the lines are
# w=serviced_traced, w=tput_traced and w=flood_traced with sent=N.
run_serviced() {
	traced=${3:-}
	sfx=${traced:+_traced}
	name=serviced$sfx-$1-$2
	dom=$(bench_create "$name" "serviced${traced:+ bench_gate}" "$1" "$2") || return
	follow "$dom" "$name" 'tput 00000 ' "tput 65535 $BENCH_TPUT_PAD\\r\\n" 'tput '
	irqs=$(xcd_irqs)
	stream_begin
	boot=$(xencons-benchd boot "$dom" data/bench-up 60000 0 "$BENCH_IDLE_MS")
	stream_end
	irqs=$(($(xcd_irqs) - irqs))
	echo "BENCH-RUN w=serviced$sfx k=$1 rep=$2 $boot $(boot_stamps "$name") xcd_irqs=$irqs $sent"
	irqs=$(xcd_irqs)
	[ -n "$traced" ] && go_traced "$dom" bench-go-tput
	wait $wpid
	stream_end
	irqs=$(($(xcd_irqs) - irqs))
	guest=$(bench_guest "$dom" bench-tput)
	echo "BENCH-RUN w=tput$sfx k=$1 rep=$2 $(cat /tmp/watch.out) xcd_irqs=$irqs $sent $guest"
	follow "$dom" "$name" 'flood 00000 ' "flood 19999 $BENCH_FLOOD_PAD\\r\\n" 'flood '
	irqs=$(xcd_irqs)
	go_traced "$dom" bench-go
	wait $wpid
	stream_end
	irqs=$(($(xcd_irqs) - irqs))
	guest=$(bench_guest "$dom" bench-flood)
	echo "BENCH-RUN w=flood$sfx k=$1 rep=$2 $(cat /tmp/watch.out) xcd_irqs=$irqs $sent $guest"
	grep -a 'hvc_xen' "$(guest_log "$name")" | tr -d '\r' | head -n 3 |
		sed "s/^/BENCH-NOTE $name: /"
	# After the streams: hundreds of serial lines cost dom0 time.
	[ "$BENCH_BOOT_LOG" != 1 ] || boot_log "$name"
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

# boot_only WORKLOAD KERNEL REP ARGS [PREP]: a domU with kernel arguments
# ARGS, PREP DOMID run before its unpause when given, timed from the
# unpause to the marker.
boot_only() {
	name=$1-$2-$3
	dom=$(bench_create "$name" "$4" "$2" "$3") || return
	if [ -z "${5:-}" ] || $5 "$dom" >/dev/null; then
		echo "BENCH-RUN w=$1 k=$2 rep=$3 $(xencons-benchd boot "$dom" data/bench-up 60000 0)"
	else
		bench_failed "$1" "$2" "$3" "$5"
	fi
	bench_end "$name"
}

# run_silent KERNEL REP: serviced, with the kernel's console silent
# (loglevel=1): unpause to the marker; the serviced boot less this is what
# the console costs the boot.
run_silent() {
	boot_only silent "$1" "$2" "idle loglevel=1"
}

# flag_disconnected DOMID: the console flag says DISCONNECTED, as on a Xen
# with the flag before any backend attached.
flag_disconnected() {
	xencons-ctl "$1" flag 1
}

# run_flagged KERNEL REP: the flag says DISCONNECTED before the unpause;
# unpause to the marker.
run_flagged() {
	boot_only flagged "$1" "$2" idle flag_disconnected
}

# rep_order REP: the kernels in the order repetition REP runs them:
# upstream first in odd repetitions, ours first in even ones, so that
# neither kernel always runs right after the other.
rep_order() {
	if [ $(($1 % 2)) = 1 ]; then
		echo upstream ours
	else
		echo ours upstream
	fi
}

echo "BENCH-START reps=$BENCH_REPS"
for w in $BENCH_WORKLOADS; do
	rep=1
	while [ $rep -le "$BENCH_REPS" ]; do
		for k in $(rep_order $rep); do
			case $w in
			serviced) run_serviced $k $rep ;;
			traced)
				[ $rep -le "$BENCH_TRACED_REPS" ] &&
					run_serviced $k $rep traced ;;
			silent) run_silent $k $rep ;;
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
