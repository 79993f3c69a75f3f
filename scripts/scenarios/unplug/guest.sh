# SPDX-License-Identifier: GPL-2.0
# The domU's part of scripts/scenarios/domu-unplug.sh (its /guest.sh; the
# host puts LINES in front).  Once dom0 serves console 1 without ever
# consuming, a writer fills /dev/hvc1 until it blocks and a reader waits
# in read(); dom0 then unplugs console 1.  Reports how both ended, that
# the device went away, and writes LINES numbered lines to the console 1
# dom0 adds again.

# ms: milliseconds since boot (10 ms steps).
ms() {
	read -r up _ </proc/uptime
	echo $((${up%.*} * 1000 + ${up#*.} * 10))
}

# hvc1_opens SECONDS: wait until /dev/hvc1 opens.
hvc1_opens() {
	i=0
	until echo -n 2>/dev/null >/dev/hvc1; do
		[ $i -ge $(($1 * 5)) ] && return 1
		sleep 0.2
		i=$((i + 1))
	done
}

# blocked PID SECONDS: PID sits in write(2) (x86_64 syscall 1) for 3 s in
# a row within SECONDS.
blocked() {
	n=0
	t=0
	while [ $n -lt 15 ]; do
		[ $t -ge $(($2 * 5)) ] && return 1
		read -r nr _ <"/proc/$1/syscall" 2>/dev/null || return 1
		[ "$nr" = 1 ] && n=$((n + 1)) || n=0
		sleep 0.2
		t=$((t + 1))
	done
}

dmesg -n 1
xenstore-write data/unplug-ready 1
hvc1_opens 60 || { xenstore-write data/unplug-report "no /dev/hvc1 from the stalled backend"; exit 1; }
stty -F /dev/hvc1 raw -echo 2>/dev/null
cat /dev/hvc1 >/tmp/reader.out 2>/tmp/reader.err &
reader=$!
dd if=/dev/zero of=/dev/hvc1 bs=512 count=1000000 2>/tmp/writer.err &
writer=$!
if blocked $writer 30; then
	xenstore-write data/unplug-blocked "writer in write() for 3 s, wchan=$(cat /proc/$writer/wchan)"
else
	xenstore-write data/unplug-blocked \
		"writer never in write() for 3 s in a row within 30 s ($(tr '\n' ' ' </tmp/writer.err))"
fi
wait_key unplug-started 60
t0=$(ms)
# Bounded: at most 20 s for the writer and the reader to end.
i=0
while kill -0 $writer 2>/dev/null || kill -0 $reader 2>/dev/null; do
	[ $i -ge 200 ] && break
	sleep 0.1
	i=$((i + 1))
done
t1=$(ms)
if kill -0 $writer 2>/dev/null; then
	wres="still blocked after 20 s"
else
	wait $writer
	wres="exit $? after $((t1 - t0)) ms: $(tr '\n' ' ' </tmp/writer.err | cut -c1-120)"
fi
if kill -0 $reader 2>/dev/null; then
	rres="still reading after 20 s"
else
	wait $reader
	rres="exit $?, $(wc -c </tmp/reader.out) bytes $(head -c 80 /tmp/reader.err)"
fi
i=0
while [ -e /sys/bus/xen/devices/console-1 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
dev=gone
[ -e /sys/bus/xen/devices/console-1 ] && dev=present
if echo -n 2>/tmp/open.err >/dev/hvc1; then
	open=opens
else
	open="refused ($(sed 's/.*: //' /tmp/open.err | head -n 1))"
fi
xenstore-write data/unplug-report "writer: $wres; reader: $rres; console-1: $dev; /dev/hvc1 $open"
kill $writer $reader 2>/dev/null
# dom0 adds console 1 again, served normally.
xenstore-write data/unplug-gone 1
if hvc1_opens 60; then
	stty -F /dev/hvc1 raw -echo 2>/dev/null
	hvc_seq write "$LINES" /dev/hvc1
else
	echo "GUEST-READD no /dev/hvc1 after 60 s"
fi
xenstore-write data/readd-written 1
# What the kernel said meanwhile (see smp/guest.sh).
dmesg | grep -E 'BUG:|WARNING:|INFO:|soft lockup|hard LOCKUP|self-detected stall|detected stalls|blocked for more than|scheduling while atomic|Call Trace|general protection|Oops' >/tmp/klog-bad
dmesg | grep -E 'hvc_xen|xenbus|console-1' | sed 's/^/GUEST-DMESG /'
xenstore-write data/unplug-klog-bad "$(grep -c . /tmp/klog-bad)"
xenstore-write data/unplug-klog-first "$(head -n 1 /tmp/klog-bad | cut -c1-160)"
xenstore-write data/unplug-checked 1
wait_key unplug-done 120
