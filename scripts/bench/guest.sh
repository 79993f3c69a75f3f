# The benchmark domU's /guest.sh (sourced by /init; POSIX sh, busybox).
# Userspace first says it is up (xenstore data/bench-up: the boot marker,
# which works even when nothing services the console).  With bench=serviced
# on the kernel command line it then sleeps BENCH_IDLE_S (dom0 takes its
# idle CPU time), writes the throughput stream, reports its own timing in
# xenstore data/bench-tput, waits for dom0's data/bench-go, writes the printk
# flood and reports in data/bench-flood (with bench_gate too, it waits for
# dom0's data/bench-go-tput before the throughput stream).  Then (any
# bench=) it waits for dom0 to destroy it.
# With bench=smp it writes the SMP flood instead (one writer per vCPU) and
# reports in data/bench-smp.
# BENCH_IDLE_S, BENCH_TPUT_PAD, BENCH_FLOOD_PAD and BENCH_SMP_LINES are set
# by scripts/bench.sh.
xenstore-write data/bench-up 1
read -r cmdline </proc/cmdline
case "$cmdline" in
*bench=serviced*) sleep "$BENCH_IDLE_S" ;;
esac
dmesg -n 1

# counters: console interrupts and context switches so far.
counters() {
	awk '/hvc_console/ { i = $2 } END { printf "%d ", i }' /proc/interrupts
	awk '/^ctxt/ { print $2 }' /proc/stat
}

# delta BEFORE: "guest_irqs=N guest_ctxt=N" since the counters BEFORE.
delta() {
	set -- $1 $(counters)
	echo "guest_irqs=$(($3 - $1)) guest_ctxt=$(($4 - $2))"
}

# uptime_ms: this guest's uptime in ms (10 ms resolution).
uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

case "$cmdline" in
*bench=serviced*)
	# 65536 lines of 64 bytes: 4 MiB, written by one cat to /dev/hvc0
	# (the tty adds a CR to every line); first and last lines numbered.
	{
		echo "tput 00000 $BENCH_TPUT_PAD"
		yes "tput ----- $BENCH_TPUT_PAD" | head -n 65534
		echo "tput 65535 $BENCH_TPUT_PAD"
	} >/tmp/payload
	# bench_gate (the traced runs): wait for dom0's go, given once its
	# trace runs.
	case "$cmdline" in
	*bench_gate*)
		until xenstore-exists data/bench-go-tput 2>/dev/null; do sleep 0.1; done ;;
	esac
	c0=$(counters)
	t0=$(uptime_ms)
	cat /tmp/payload >/dev/hvc0
	t1=$(uptime_ms)
	xenstore-write data/bench-tput \
		"guest_ms=$((t1 - t0)) $(delta "$c0") guest_bytes=$(wc -c </tmp/payload)"
	until xenstore-exists data/bench-go 2>/dev/null; do sleep 0.1; done

	# 20000 kernel log records at KERN_WARNING, one write() each (awk
	# flushes every line), all shown on the console (level 4 < 5); no
	# rate limit on /dev/kmsg.
	echo on >/proc/sys/kernel/printk_devkmsg
	dmesg -n 5
	c0=$(counters)
	t0=$(uptime_ms)
	seq -w 0 19999 | awk -v pad="$BENCH_FLOOD_PAD" \
		'{ printf "<4>flood %s %s\n", $0, pad; fflush() }' >/dev/kmsg
	t1=$(uptime_ms)
	dmesg -n 1
	xenstore-write data/bench-flood "guest_ms=$((t1 - t0)) $(delta "$c0")"
	;;
*bench=smp*)
	# smp_writer CPU (in a subshell of its own): pin this subshell to CPU,
	# then write BENCH_SMP_LINES records.  Pinning is retried: in 2 of 10
	# runs once, taskset was refused an online CPU (EINVAL).
	smp_writer() {
		read -r self _ </proc/self/stat
		i=0
		until taskset -p "$(printf %x $((1 << $1)))" "$self" >/dev/null 2>/tmp/smp-err$1; do
			i=$((i + 1))
			if [ $i -ge 20 ]; then
				echo "writer $1: $(head -c 80 /tmp/smp-err$1)" >>/tmp/smp-failed
				return 1
			fi
			sleep 0.05
		done
		[ $i = 0 ] || echo "writer $1: pinned after $i retries" >>/tmp/smp-retried
		seq -w 0 $((BENCH_SMP_LINES - 1)) |
			awk -v c="$1" -v pad="$BENCH_FLOOD_PAD" \
				'{ printf "<4>smpflood %d %s %s\n", c, $0, pad; fflush() }' \
				>/dev/kmsg 2>/tmp/smp-err$1 ||
			echo "writer $1: $(head -c 80 /tmp/smp-err$1)" >>/tmp/smp-failed
	}
	# One /dev/kmsg writer per vCPU, pinned, BENCH_SMP_LINES records
	# each, at once; then one end record, behind all of theirs.
	echo on >/proc/sys/kernel/printk_devkmsg
	dmesg -n 5
	ncpu=$(grep -c '^processor' /proc/cpuinfo)
	# The vCPUs come online during boot: pin only once all are.
	i=0
	while [ "$(cat /sys/devices/system/cpu/online)" != "0-$((ncpu - 1))" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	c0=$(counters)
	t0=$(uptime_ms)
	cpu=0
	while [ $cpu -lt "$ncpu" ]; do
		smp_writer $cpu &
		cpu=$((cpu + 1))
	done
	wait
	echo "<4>smpflood-end" >/dev/kmsg
	failed=$(cat /tmp/smp-failed 2>/dev/null | tr ' \n' '_,')
	retried=$(cat /tmp/smp-retried 2>/dev/null | tr ' \n' '_,')
	t1=$(uptime_ms)
	dmesg -n 1
	report="guest_ms=$((t1 - t0)) $(delta "$c0") writers=$ncpu"
	xenstore-write data/bench-smp "$report failed=${failed:-none} retried=${retried:-none}"
	;;
esac
while :; do sleep 1000; done
