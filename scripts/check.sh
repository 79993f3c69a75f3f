#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 2 ("make check"): every test.  Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
#   CHECK_SKIP="name ..."   leave named tests out (e.g. kunit) when iterating
. "$(dirname "$0")/lib.sh"

passed=0
failed=0
skipped=0
results=()
rm -f "$LOGS/stage-times.txt"

# test NAME CMD...: one test, counted.
t() {
	local name=$1
	shift
	case " ${CHECK_SKIP:-} " in *" $name "*)
		echo "==> $name: skipped (CHECK_SKIP)"
		return 0 ;;
	esac
	local rc=0
	stage "$name" "$@" || rc=$?
	if [ $rc = 0 ]; then
		passed=$((passed + 1))
		results+=("PASS $name")
	elif [ $rc = 77 ]; then
		skipped=$((skipped + 1))
		results+=("SKIP $name: $(grep -E '^SKIP' "$(stage_log "$name")" | tail -n 1)")
	else
		failed=$((failed + 1))
		results+=("FAIL $name (log: $(stage_log "$name"))")
	fi
}

summary() {
	echo
	echo "==> results"
	printf '    %s\n' "${results[@]}"
	[ $skipped = 0 ] || echo "$skipped skipped (reasons above)"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# Set-up: a failure here fails the run (nothing after it can be trusted).
setup() {
	if ! stage "$@"; then
		failed=$((failed + 1))
		results+=("FAIL set-up: $1")
		summary
		exit 1
	fi
}
# The set-up every check row needs, each step once.
mapfile -t rows < <(matrix_rows check)
# shellcheck disable=SC2046
mapfile -t steps < <(setup_steps x86 $(printf '%s\n' "${rows[@]}" | cut -d'|' -f2))
for step in "${steps[@]}"; do
	# shellcheck disable=SC2086
	setup "${step%%|*}" "$ROOT/scripts/"${step#*|}
done

t checkpatch "$ROOT/scripts/static-checks.sh" checkpatch
t kernel-doc "$ROOT/scripts/static-checks.sh" kernel-doc
t sparse-w1 "$ROOT/scripts/static-checks.sh" sparse
t series "$ROOT/scripts/series.sh"
t kunit "$ROOT/scripts/kunit.sh"
# 60 s of libFuzzer on the ring core and policy, and proof that the
# harness catches bugs planted in it.
t fuzz env FUZZ_SECONDS=60 "$ROOT/scripts/fuzz.sh"
t fuzz-detects-bugs "$ROOT/scripts/fuzz.sh" selftest
# The real-Xen matrix rows marked "check" (scripts/matrix.rows).
for row in "${rows[@]}"; do
	IFS='|' read -r id _ _ title cmd <<<"$row"
	t "row $id: $title" bash -c "cd '$ROOT' && exec $cmd"
done
# The smoke test must go red when the guest drops lines: run it with a
# writer that stops one line short and expect FAIL.
t smoke-detects-loss env GUEST_LINES=1999 SCENARIO=pv-domu-smoke-loss "$ROOT/scripts/expect-fail.sh" \
	'good=1999 .*missing=1 ' "$ROOT/scripts/scenarios/pv-domu-smoke.sh"
summary
