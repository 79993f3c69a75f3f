#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every bad input stops its target at once.  Each case runs
# "make TARGET VAR=VALUE" from the repository root and must exit non-zero
# within MAX_S (1) seconds, with one line naming the variable and the
# value, and leave every file under $BUILD as it was.  Prints one line per
# case: the input, the time and the message.
. "$(dirname "$0")/lib.sh"

MAX_S=${MAX_S:-1}
mkdir -p /tmp/inputs-test-xl/usr/sbin
[ -x /tmp/inputs-test-xl/usr/sbin/xl ] || install -m 755 /dev/null /tmp/inputs-test-xl/usr/sbin/xl
# TARGET|VAR=VALUE
CASES="check|KERNEL=bogus
check|KERNEL=/boot/vmlinuz
check|XEN=/tmp
check|XEN=/tmp/inputs-test-xl
check|XEN=/nonexistent
check|CHECK_KERNELS=mainline bogus
check|CHECK_KERNELS=bogus
check|CHECK_SKIP=nosuchtest
matrix|ROWS=x86-1 nosuchrow
matrix|ROWS=x86-1
matrix|BASELINE=2
bench|BENCH_REPS=abc
bench|BENCH_REPS=0
bench|BENCH_WORKLOADS=bogus
bench|BENCH_SETUP=x
fuzz|FUZZ_SECONDS=abc
smoke|KERNEL_IMAGE=/nonexistent
kernel|JOBS=two"

stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
sleep 0.01
bad=0
while IFS='|' read -r target input; do
	var=${input%%=*} val=${input#*=}
	extra=()
	# A BASELINE=1 run may not name a row it has no run for.
	[ "$input" != ROWS=x86-1 ] || extra=(BASELINE=1)
	t0=$(date +%s%N)
	rc=0
	out=$(cd "$ROOT" && timeout 10 make -s "$target" "$input" "${extra[@]}" 2>&1 >/dev/null) || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	msg=$(printf '%s\n' "$out" | grep -m1 '^error:' || true)
	verdict=ok
	if [ $rc = 0 ] || [ $rc = 124 ]; then
		verdict="not stopped (exit $rc)"
	elif [ $ms -gt $((MAX_S * 1000)) ]; then
		verdict="stopped after $ms ms"
	elif ! printf '%s' "$msg" | grep -qF "$var" || ! printf '%s' "$msg" | grep -qF -- "${val%% *}"; then
		verdict="no line naming $var and '$val'"
	fi
	[ "$verdict" = ok ] || bad=$((bad + 1))
	printf '%-10s %-34s %5d ms  %s%s\n' "$target" "${extra[*]:+${extra[*]} }$input" "$ms" \
		"$([ "$verdict" = ok ] || echo "FAIL: $verdict; ")" "${msg:0:150}"
done <<<"$CASES"
# Under make check this test's own log is written meanwhile.
changed=$(find "$BUILD" -newer "$stamp" ! -name 'stage-bad-inputs-stop-at-once.log' -print 2>/dev/null | head -n 5)
[ -z "$changed" ] || { echo "FAIL: files under $BUILD changed: $changed"; exit 1; }
[ $bad = 0 ] || { echo "FAIL: $bad of $(wc -l <<<"$CASES") bad inputs not stopped at once"; exit 1; }
echo "PASS: $(wc -l <<<"$CASES") bad inputs, each stopped within ${MAX_S} s by one line naming it; nothing under build/ changed"
