# SPDX-License-Identifier: GPL-2.0
# The domU's part of scripts/scenarios/domu-smp.sh (its /guest.sh; the host
# puts LINES and WRITERS in front).  Writer W runs pinned to vCPU
# (W - 1) mod the vCPU count and writes LINES lines of its own stream: odd
# W as printk records (/dev/kmsg, level 0), even W to /dev/hvc0.  dom0
# says when to start.

dmesg -n 1
ncpu=$(grep -c ^processor /proc/cpuinfo)
xenstore-write data/smp-cpus "$ncpu"
xenstore-write data/smp-ready 1
wait_key smp-go 300
hvc_seq mark begin >/dev/hvc0
w=1
while [ $w -le "$WRITERS" ]; do
	dev=/dev/hvc0
	[ $((w % 2)) = 1 ] && dev=/dev/kmsg
	hvc_seq mwrite $w "$LINES" $dev $(((w - 1) % ncpu)) >/tmp/w$w.sum 2>/tmp/w$w.err &
	w=$((w + 1))
done
wait
# The end marker goes through printk, behind every record; the tty
# writers drained their output before they exited.
sleep 1
echo "<0>$(hvc_seq mark end)" >/dev/kmsg
# After the end marker, for dom0 to relay: each writer's summary and the
# driver's own lines (stalls, drops), which the console does not print at
# this log level.
sleep 1
cat /tmp/w*.sum | sed 's/^/GUEST-SMP-WRITER /'
dmesg | grep -E 'hvc_xen|traps:|segfault|Run /init' | sed 's/^/GUEST-DMESG /'
for w in $(seq "$WRITERS"); do
	[ -s /tmp/w$w.sum ] || echo "GUEST-SMP-WRITER $w gave no summary: $(head -c 200 /tmp/w$w.err)"
done
# What the kernel said meanwhile: lockdep, lockups, stalls, sleeping in
# atomic context, hung tasks, any BUG or WARNING, a process killed by a
# fault.
dmesg | grep -E 'BUG:|WARNING:|INFO:|soft lockup|hard LOCKUP|self-detected stall|detected stalls|blocked for more than|scheduling while atomic|Call Trace|traps:|segfault' >/tmp/klog-bad
xenstore-write data/smp-maxblock-us "$(cat /tmp/w*.sum | sed -n 's/.*maxblock_us=//p' | sort -n | tail -n 1)"
xenstore-write data/smp-writer-errors "$(cat /tmp/w*.err | head -n 3 | tr '\n' ' ')"
xenstore-write data/smp-klog-bad "$(grep -c . /tmp/klog-bad)"
# The first report's own line, not a trace line, where the log still has one.
first=$(grep -v 'Call Trace' /tmp/klog-bad | head -n 1)
xenstore-write data/smp-klog-first "$(echo "${first:-$(head -n 1 /tmp/klog-bad)}" | cut -c1-160)"
# That report whole (up to 40 lines from it), for dom0 to relay: where
# the CPU was and what it ran.
if [ -s /tmp/klog-bad ]; then
	dmesg | grep -F -A 39 -m 1 "$(head -n 1 /tmp/klog-bad)" | sed 's/^/GUEST-KLOG /'
fi
xenstore-write data/hvcseq-written 1
wait_key hvcseq-done 120
