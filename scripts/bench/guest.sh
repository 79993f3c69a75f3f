# The benchmark domU's /guest.sh (sourced by /init; POSIX sh, busybox).
# Userspace first says it is up (xenstore data/bench-up: the boot marker,
# which works even when nothing services the console), then runs the
# workload that bench= on the kernel command line names, reports its own
# timing in xenstore data/bench-guest and waits for dom0 to destroy it.
# BENCH_IDLE_S, BENCH_TPUT_PAD and BENCH_FLOOD_PAD are set by scripts/bench.sh.
xenstore-write data/bench-up 1
# Serviced runs stay idle first: dom0 measures the idle CPU time.
read -r cmdline </proc/cmdline
case "$cmdline" in
*bench=tput* | *bench=flood*) sleep "$BENCH_IDLE_S" ;;
esac
dmesg -n 1
bench=$(sed -n 's/.*bench=\([a-z]*\).*/\1/p' /proc/cmdline)

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

case "$bench" in
tput)
	# 65536 lines of 64 bytes: 4 MiB, written by one cat to /dev/hvc0
	# (the tty adds a CR to every line); first and last lines numbered.
	{
		echo "tput 00000 $BENCH_TPUT_PAD"
		yes "tput ----- $BENCH_TPUT_PAD" | head -n 65534
		echo "tput 65535 $BENCH_TPUT_PAD"
	} >/tmp/payload
	c0=$(counters)
	t0=$(uptime_ms)
	cat /tmp/payload >/dev/hvc0
	t1=$(uptime_ms)
	xenstore-write data/bench-guest \
		"guest_ms=$((t1 - t0)) $(delta "$c0") guest_bytes=$(wc -c </tmp/payload)"
	;;
flood)
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
	xenstore-write data/bench-guest "guest_ms=$((t1 - t0)) $(delta "$c0")"
	;;
esac
while :; do sleep 1000; done
