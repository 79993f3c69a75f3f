#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A panic must get out whole (issue 30).  The PV domU boots, writes LINES
# numbered lines (about 60 KiB: most of them still held behind a full ring
# when it goes on) to /dev/hvc0 in one write, and at once panics
# (echo c > /proc/sysrq-trigger); on_crash = "preserve" keeps the crashed
# domain.  The oracle is the guest's own kernel log as a console that does
# not pass through the ring, earlycon=xenboot with keep_bootcon, which
# writes every record with CONSOLEIO_write: on a debug Xen those are the
# "(dN)" lines of the Xen serial.
# BACKEND=serviced (default): xenconsoled runs throughout.  Passes only if
# xenconsoled's log holds lines 1..LINES intact and, from "sysrq: Trigger a
# crash" on, exactly the (dN) lines from there to the last one the domain
# wrote before it crashed: each line once, in order, nothing missing.
# BACKEND=late: the domU is built with no console backend (on Xen 4.21 and
# later its ring is DISCONNECTED) and writes no stream; xenconsoled starts
# once the domain has crashed.  Passes only if the (dN) lines hold the
# panic through the driver's CONSOLEIO_write (with no earlycon), and
# xenconsoled's log, which is what the ring kept, ends with the panic's
# last line and holds only a tail of the panic, in order.
# Needs a Xen that lets a domU write to its console (the debug xen-4.22);
# on another it skips, saying so.
. "$(dirname "$0")/../xenboot.sh"

BACKEND=${BACKEND:-serviced}
case "$BACKEND" in serviced | late) ;; *) die "BACKEND=$BACKEND: want serviced or late" ;; esac
if [ "$BACKEND" = late ]; then
	LINES=0
	DOMU_ARGS=
	name=pv-domu-panic-unserviced
else
	LINES=${LINES:-800}
	DOMU_ARGS="earlycon=xenboot keep_bootcon"
	name=pv-domu-panic
fi
scenario "${SCENARIO:-$name}"
# The domU's panic is the test: its lines on the serial, as Xen prints them
# ("(dN) ...") and as dom0 relays xenconsoled's log, are no crash of ours;
# anything else that looks like one still fails the row, and so does a
# BUG, Oops or WARNING in the domU's own lines (checked below).
CRASH_ALLOW="$CRASH_ALLOW|\\(d[1-9][0-9]*\\) |(panic|ring)\\| "
domu_initramfs "dmesg -n 1
[ $LINES -gt 0 ] && hvc_seq write $LINES - >/tmp/burst
cat /tmp/burst >/dev/hvc0 2>/dev/null
echo c >/proc/sysrq-trigger
"
dom0_initramfs "$(dom0_part panic/dom0.sh LINES DOMU_ARGS BACKEND)"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-CRASHED' 180 "the domain crashed"
milestone 'EVIDENCE-PANIC-END' 60 "xenconsoled's log read"
wait_exit 30
xen_debug_seen ||
	skip "needs a Xen that lets a domU use CONSOLEIO_write, the oracle (a debug build: XEN=xen-4.22); Xen $(xen_version_seen) is not one"

grep -E 'EVIDENCE-' "$SERIAL" | sed 's/^/    /'
domid=$(grep -Eo 'XENCONS dom=[0-9]+' "$SERIAL" | head -1 | cut -d= -f2 || true)
"$ROOT/scripts/xen-serial.py" domain "${domid:-1}" "$SERIAL" >"$OUT/consoleio.txt" 2>/dev/null
"$ROOT/scripts/xen-serial.py" dom0 "$SERIAL" 2>/dev/null |
	sed -n 's/^panic| //p' >"$OUT/log-panic.txt"
! grep -Eq 'BUG:|WARNING:|Oops|general protection' "$OUT/consoleio.txt" ||
	fail "the domU crashed otherwise than by its sysrq panic: $(grep -Em1 'BUG:|WARNING:|Oops|general protection' "$OUT/consoleio.txt")"
awk '/sysrq: Trigger a crash/ { on = 1 } on' "$OUT/consoleio.txt" >"$OUT/oracle.txt"
n_oracle=$(grep -c '' "$OUT/oracle.txt" || true)
n_log=$(grep -c '' "$OUT/log-panic.txt" || true)
grep -q 'Kernel panic - not syncing' "$OUT/oracle.txt" ||
	fail "no panic on the Xen serial's (d${domid:-1}) lines: the oracle is missing"
last=$(tail -n 1 "$OUT/oracle.txt")
echo "    oracle: $n_oracle lines from the sysrq line, last: $last"
echo "    log:    $n_log lines from the sysrq line, last: $(tail -n 1 "$OUT/log-panic.txt")"
if [ "$BACKEND" = late ]; then
	grep -Eq 'EVIDENCE-CRASHED .* out_cons=0 .*connection=1' "$SERIAL" ||
		fail "the ring was not DISCONNECTED until xenconsoled started: $(grep -Eo 'EVIDENCE-CRASHED .*' "$SERIAL")"
	# The log is what the ring kept: its first line may be cut.
	bytes=$(grep -Eo 'EVIDENCE-LOG bytes=[0-9]+' "$SERIAL" | cut -d= -f2)
	[ "${bytes:-0}" -gt 0 ] && [ "$bytes" -le 2048 ] ||
		fail "xenconsoled's log of the crashed domain holds ${bytes:-no} bytes: want the ring's newest, 1..2048"
	"$ROOT/scripts/xen-serial.py" dom0 "$SERIAL" 2>/dev/null |
		sed -n 's/^ring| //p' >"$OUT/ring.txt"
	tail -n +2 "$OUT/ring.txt" >"$OUT/ring-whole.txt"
	kept=$(grep -c '' "$OUT/ring-whole.txt" || true)
	[ "$kept" -gt 0 ] && [ "$(tail -n 1 "$OUT/ring-whole.txt")" = "$last" ] ||
		fail "xenconsoled's log does not end with the panic's last line ($last): $(tail -n 1 "$OUT/ring-whole.txt")"
	tail -n "$kept" "$OUT/oracle.txt" | cmp -s - "$OUT/ring-whole.txt" ||
		fail "the ring's lines are not the panic's last $kept lines, in order"
	pass "panic on the Xen serial: $n_oracle (d${domid:-1}) lines from the sysrq line to '$last'; ring DISCONNECTED until the crash; xenconsoled's log of the crashed domain: $bytes bytes, the panic's last $kept whole lines, in order"
fi
RING_CHECK=0 expect_result PANIC "$LINES"
cmp -s "$OUT/oracle.txt" "$OUT/log-panic.txt" ||
	fail "xenconsoled's log from the sysrq line ($n_log lines) is not the Xen serial's ($n_oracle): first difference: $(diff "$OUT/oracle.txt" "$OUT/log-panic.txt" | sed -n 2p)"
pass "$RESULT; then the $n_oracle lines from 'sysrq: Trigger a crash' to '$last', each once and in order, as on the Xen serial through CONSOLEIO_write"
