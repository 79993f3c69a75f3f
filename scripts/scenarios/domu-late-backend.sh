#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A late console backend gets the whole boot log (issue 14): the domU
# (DOMU_TYPE pv, the default, or pvh) is built paused and its console
# marked DISCONNECTED before it runs; it boots, publishes the count and
# MD5 of the kernel log records its console printed (from its own dmesg),
# and writes LINES (1000, about 70 KiB) numbered lines.  dom0 then sets
# CONNECTED.  Passes only if xenconsoled's log begins with the kernel's
# first record ("Linux version"), its first timestamped lines are exactly
# the guest's records (same count and MD5), and it holds lines 1..LINES
# intact and in order, and the guest then says it released its boot hold.
# OVERFLOW=1: the domU boots "quiet" and writes OVERFLOW_LINES (2500, about
# 180 KiB) lines, more than the boot hold; passes only if the log begins
# with one loss marker (after the ring's first 2048 bytes, on a Xen that
# predates the byte, with BACKEND=late) whose count plus the bytes around
# it (to the end of the last numbered line) is exactly what the guest
# gave its console, the
# numbered lines after the loss are all there, and the guest's kernel log
# has the loss line.
# BACKEND=late: no xencons-ctl flag; the domU is built while xenconsoled
# is not running (create_without_backend in dom0-lib.sh), and xenconsoled
# starts once the guest has written everything.  The same checks, and the
# connection byte right after the build, before and after xenconsoled
# starts: on a Xen whose domain builder sets DISCONNECTED (4.21 and
# later, from the banner) it must read 1, 1, 0 and the ring must be
# untouched until xenconsoled starts; on an older one it reads 0
# throughout, and the verdict says which it saw.
# On a debug Xen, which lets a domU write to its console, the guest's
# output while its ring was not serviced must also be on the Xen serial as
# "(dN)" lines, from "Linux version" on, numbered lines 1..LINES intact
# (expect_consoleio in xenboot.sh), with either BACKEND and OVERFLOW.
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-1000}
OVERFLOW=${OVERFLOW:-0}
BACKEND=${BACKEND:-flag}
# BACKEND=late: how long dom0 waits for the guest's stream before it
# starts xenconsoled anyway (a driver that spins on a full ring never
# writes it).
WRITTEN_S=${WRITTEN_S:-30}
case "$BACKEND" in flag | late) ;; *) die "BACKEND=$BACKEND: want flag or late" ;; esac
export DOMU_TYPE=${DOMU_TYPE:-pv}
if [ "$OVERFLOW" = 1 ]; then
	# More than the boot hold, under "quiet" (console level 4).
	LINES=${OVERFLOW_LINES:-2500}
	DOMU_ARGS=quiet
	LEVEL=4
	name=$DOMU_TYPE-domu-late-overflow
else
	DOMU_ARGS=
	LEVEL=7
	name=$DOMU_TYPE-domu-late-backend
fi
[ "$BACKEND" = late ] && name=${name/late-backend/no-backend} && name=${name/late-overflow/no-backend-overflow}
scenario "${SCENARIO:-$name}"
domu_initramfs "LINES=$LINES
LEVEL=$LEVEL
$(cat "$ROOT/scripts/scenarios/late/guest.sh")"
dom0_initramfs "LINES=$LINES
DOMU_ARGS='$DOMU_ARGS'
BACKEND=$BACKEND
WRITTEN_S=$WRITTEN_S
$(cat "$ROOT/scripts/scenarios/late/dom0.sh")"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
if [ "$BACKEND" = late ]; then
	milestone 'EVIDENCE-AFTER-BACKEND' 240 "xenconsoled started"
else
	milestone 'EVIDENCE-DISCONNECTED' 240 "guest done writing while disconnected"
fi
milestone 'LATE-RESULT' 180 "stream checked by dom0"
wait_exit 30

grep -E 'EVIDENCE-|domU-log|domU\||log\|' "$SERIAL" | sed 's/^/    /'
if [ "$BACKEND" = late ]; then
	# What xenconsoled's log got, and what the wait cost, on every
	# verdict (a BASELINE run's too: what the unmodified driver delivers).
	bytes=$(grep -Eo 'EVIDENCE-LOG bytes=[0-9]+' "$SERIAL" | head -1 | cut -d= -f2 || true)
	boot="not from 'Linux version'"
	grep -Eq 'EVIDENCE-LOG bytes=.* first: \[ *0\.0+\] Linux version ' "$SERIAL" && boot="from 'Linux version'"
	g=$(grep -Eo 'EVIDENCE-GUEST-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2- || true)
	l=$(grep -Eo 'EVIDENCE-LOG-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2- || true)
	if [ -n "$g" ] && [ "$g" = "$l" ]; then boot="$boot, boot records as in dmesg"; else boot="$boot, boot records not as in dmesg"; fi
	lines=$(grep -Eo 'LATE-RESULT .* good=[0-9]+' "$SERIAL" | head -1 | grep -Eo '[0-9]+$' || true)
	cpu=$(grep -Eo 'EVIDENCE-CPU .*' "$SERIAL" | head -1 | sed 's/^EVIDENCE-CPU //' || true)
	written=$(grep -Eo 'EVIDENCE-WRITTEN .*' "$SERIAL" | head -1 | sed 's/^EVIDENCE-WRITTEN //' || true)
	note0=${VERDICT_NOTE:-}
	export VERDICT_NOTE="$note0; xenconsoled's log: ${bytes:-?} bytes, $boot, numbered lines ${lines:-?} of $LINES; stream written ${written:-?}; CPU ${cpu:-?}"
	# A passing verdict has the rest already.
	PASS_NOTE="$note0; stream written ${written:-?}; CPU ${cpu:-?}"
	case "$written" in
	in*) ;;
	*) fail "the guest had not written its stream $WRITTEN_S s after unpause" ;;
	esac
	# connection_at EVIDENCE: the byte in that xencons-ctl line.
	connection_at() {
		grep -Eo "$1 XENCONS .*" "$SERIAL" | head -1 | grep -Eo 'connection=[0-9]+' | cut -d= -f2 || true
	}
	c0=$(connection_at EVIDENCE-BUILT)
	c1=$(connection_at EVIDENCE-BEFORE-BACKEND)
	c2=$(connection_at EVIDENCE-AFTER-BACKEND)
	FLAG_SEEN="connection byte $c0 after the build, $c1 once the guest had written, $c2 once xenconsoled ran"
	if xen_has_flag; then
		[ "$c0/$c1/$c2" = 1/1/0 ] ||
			fail "Xen $(xen_version_seen) builds domains DISCONNECTED and xenconsoled connects them: want 1, 1, 0; $FLAG_SEEN"
		grep -Eq 'EVIDENCE-BEFORE-BACKEND XENCONS dom=[0-9]+ out_cons=0 out_prod=0 ' "$SERIAL" ||
			fail "bytes entered the ring before xenconsoled started, while it was DISCONNECTED"
		FLAG_SEEN="$FLAG_SEEN (1 -> 0: this Xen's builder and xenconsoled)"
	else
		[ "$c0/$c1/$c2" = 0/0/0 ] ||
			fail "Xen $(xen_version_seen) predates the flag, yet: $FLAG_SEEN"
		FLAG_SEEN="$FLAG_SEEN (Xen $(xen_version_seen): the builder predates the flag)"
	fi
else
	grep -Eq 'EVIDENCE-DISCONNECTED XENCONS dom=[0-9]+ out_cons=0 out_prod=0 .*connection=1' "$SERIAL" ||
		fail "bytes entered the ring while it was disconnected"
fi
domid=$(grep -Eo 'XENCONS dom=[0-9]+' "$SERIAL" | head -1 | cut -d= -f2 || true)
expect_consoleio "${domid:-1}" "$LINES" "$((1 - OVERFLOW))"
loss=$(grep -Eo 'EVIDENCE-LOSS .*' "$SERIAL" | head -1 || true)
if [ "$OVERFLOW" = 1 ]; then
	# "marker at byte B: N bytes lost; P before it + N + T after it = S,
	# guest gave S; markers: 1".  P is 0 when the ring was DISCONNECTED
	# from the start; on a Xen that predates the byte (BACKEND=late) the
	# ring takes up to its 2048 bytes before the guest finds it stalled.
	most=0
	[ "$BACKEND" = late ] && ! xen_has_flag && most=2048
	echo "$loss" | grep -Eq '^EVIDENCE-LOSS marker at byte [0-9]+: [0-9]+ bytes lost; [0-9]+ before it \+ [0-9]+ \+ [0-9]+ after it = ([0-9]+), guest gave \1; markers: 1$' &&
		[ "$(echo "$loss" | sed 's/.*lost; \([0-9]*\) before it.*/\1/')" -le "$most" ] ||
		fail "the loss marker is missing, after more than the $most bytes a ring could take before it, or its count is not what the guest lost: ${loss:-no evidence}"
	RESULT=$(grep -Eo 'LOSS-RESULT .*' "$SERIAL" | head -1)
	good=$(echo "$RESULT" | sed -n 's/.* good=\([0-9]*\) first=\([0-9]*\) last=\([0-9]*\) .* bad=0 dup=0 .*/\1 \2 \3/p')
	set -- $good
	[ $# = 3 ] && [ "$3" = "$LINES" ] && [ $(($1 + $2 - 1)) = "$LINES" ] ||
		fail "the numbered lines after the loss are not all there: ${RESULT:-no result}"
	expect_line 'GUEST-DMESG .*hvc_xen: console 0: [0-9]+ bytes lost while the ring was not serviced' \
		"the guest's kernel log has no loss line"
	VERDICT_NOTE=${PASS_NOTE:-${VERDICT_NOTE:-}}
	pass "${loss#EVIDENCE-LOSS }; after it: $RESULT${FLAG_SEEN:+; $FLAG_SEEN}; $CONSOLEIO_SEEN"
fi
[ "$loss" = "EVIDENCE-LOSS none" ] || fail "output was lost: $loss"
first=$(grep -Eo 'EVIDENCE-LOG bytes=.*' "$SERIAL" | head -1)
echo "$first" | grep -Eq 'first: \[ *0\.0+\] Linux version ' ||
	fail "xenconsoled's log does not begin with the kernel's first line: ${first:-no log}"
guest=$(grep -Eo 'EVIDENCE-GUEST-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2-)
inlog=$(grep -Eo 'EVIDENCE-LOG-RECORDS n=[0-9]+ md5=[0-9a-f]+' "$SERIAL" | head -1 | cut -d' ' -f2-)
[ -n "$guest" ] && [ "$guest" = "$inlog" ] ||
	fail "the log's boot records differ from the guest's dmesg: guest ${guest:-none}, log ${inlog:-none}"
expect_result LATE "$LINES"
expect_line 'GUEST-DMESG .*hvc_xen: console 0: ring serviced, boot hold of 128 KiB released, 64 KiB kept' \
	"the boot hold was not released after the connect"
VERDICT_NOTE=${PASS_NOTE:-${VERDICT_NOTE:-}}
pass "$RESULT; boot log: ${guest%% *} records as in dmesg; ${first#EVIDENCE-LOG }; boot hold released${FLAG_SEEN:+; $FLAG_SEEN}; $CONSOLEIO_SEEN"
