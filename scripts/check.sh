#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 2 ("make check"): every test.  Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
#   CHECK_SKIP="name ..."   leave named tests out when iterating: a test's
#                           name or its first word (kunit, figures, series),
#                           a row by its id (x86-1); CHECK_TEST_NAMES in lib.sh
# KERNEL=BASE alone: that base only.
given_kernel=${KERNEL:-}
. "$(dirname "$0")/lib.sh"

# The bases "make check" covers, in order (every base of
# scripts/kernels.conf); CHECK_KERNELS="mainline" for one.
CHECK_KERNELS=${CHECK_KERNELS:-${given_kernel:-$(kernel_conf | tr '\n' ' ')}}

passed=0
failed=0
skipped=0
results=()
base_lines=()
rm -f "$BUILD/logs/stage-times.txt"

# t NAME CMD...: one test, counted (for the current base).
t() {
	local name=$1 w1 w2
	shift
	read -r w1 w2 _ <<<"$name"
	[ "$w1" = row ] || w2=$w1
	case " ${CHECK_SKIP:-} " in *" $name "* | *" $w2 "*)
		echo "==> $name: skipped (CHECK_SKIP)"
		return 0 ;;
	esac
	local rc=0
	stage "$name" "$@" || rc=$?
	if [ $rc = 0 ]; then
		passed=$((passed + 1))
		results+=("PASS [$KERNEL] $name")
	elif [ $rc = 77 ]; then
		skipped=$((skipped + 1))
		results+=("SKIP [$KERNEL] $name: $(grep -E '^SKIP' "$(stage_log "$name")" | tail -n 1)")
	else
		failed=$((failed + 1))
		results+=("FAIL [$KERNEL] $name (log: $(stage_log "$name"))")
	fi
}

# xen_heading: one line naming the Xen under test, as the run and its
# summary print it.
xen_heading() {
	echo "Xen $(xen_version): $(cat "$XEN_DIR/source" 2>/dev/null || echo "$XEN")"
}
xens_seen=()

summary() {
	echo
	echo "==> results (x86: $(printf '%s\n' "${xens_seen[@]:-$(xen_heading)}" | awk '!seen[$0]++' | paste -sd';' | sed 's/;/; /g'))"
	printf '    %s\n' "${results[@]}"
	[ $skipped = 0 ] || echo "$skipped skipped (reasons above)"
	printf '%s\n' "${base_lines[@]}"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# Set-up: a failure here fails the run (nothing after it can be trusted).
setup() {
	if ! stage "$@"; then
		failed=$((failed + 1))
		results+=("FAIL [$KERNEL] set-up: $1")
		base_lines+=("base $KERNEL: set-up failed ($1)")
		summary
		exit 1
	fi
}

# check_base: every test of the base KERNEL selects.
# setup_for [-k] ROW...: the set-up these rows need on the Xen under test,
# each step once in the whole run.  A failed step stops the run; with -k
# (another Xen's rows) it counts as one failure and returns 1, and the run
# goes on without those rows.
declare -A setup_done
setup_for() {
	local steps step keep=0
	[ "$1" != -k ] || { keep=1; shift; }
	# shellcheck disable=SC2046
	mapfile -t steps < <(setup_steps x86 $(printf '%s\n' "$@" | cut -d'|' -f2))
	for step in "${steps[@]}"; do
		[ -z "${setup_done[$KERNEL:$step]:-}" ] || continue
		if [ $keep = 1 ]; then
			# shellcheck disable=SC2086
			if ! stage "${step%%|*}" "$ROOT/scripts/"${step#*|}; then
				failed=$((failed + 1))
				results+=("FAIL [$KERNEL] set-up: ${step%%|*}: $# rows not run on $XEN (log: $(stage_log "${step%%|*}"))")
				return 1
			fi
		else
			# shellcheck disable=SC2086
			setup "${step%%|*}" "$ROOT/scripts/"${step#*|}
		fi
		setup_done[$KERNEL:$step]=1
	done
}

# run_rows TAG ROW...: the rows, after one heading line for the Xen under
# test; TAG (", XEN" for another Xen than the run's) goes in their names.
run_rows() {
	local tag=$1 row id title cmd
	shift
	xens_seen+=("$(xen_heading)")
	echo "==> $(xen_heading): $# rows of $KERNEL"
	for row in "$@"; do
		IFS='|' read -r id _ _ title cmd <<<"$row"
		t "row $id ($KERNEL$tag): $title" bash -c "cd '$ROOT' && exec $cmd"
	done
}

check_base() {
	local p0=$passed f0=$failed rows xrows x main_xen=$XEN
	# The rows of this base on the run's Xen, with those its WHERE gives
	# for that same Xen by name (BASE@XEN), each once.
	mapfile -t rows < <({ matrix_rows check; matrix_rows check "$XEN"; } | awk -F'|' '!seen[$1]++')
	setup_for "${rows[@]}"
	local ver
	ver=$(make -s -C "$KTREE" kernelversion)
	echo "==> base $KERNEL: Linux $ver"
	# Our files are mainline's: the file checks run against mainline's
	# tools; every base checkpatches its own exported series.
	if [ "$KERNEL" = mainline ]; then
		t checkpatch "$ROOT/scripts/static-checks.sh" checkpatch
		t kernel-doc "$ROOT/scripts/static-checks.sh" kernel-doc
		t sparse-w1 "$ROOT/scripts/static-checks.sh" sparse
	fi
	t "kunit ($KERNEL)" "$ROOT/scripts/kunit.sh"
	if [ "$KERNEL" = mainline ]; then
		# About a minute of libFuzzer on the ring core and policy, the
		# same inputs on every machine, and proof that the harness
		# catches bugs planted in it.  "make fuzz" explores further.
		t fuzz "$ROOT/scripts/fuzz.sh" check
		t fuzz-detects-bugs "$ROOT/scripts/fuzz.sh" selftest
	fi
	# The real-Xen matrix rows "make check" runs on this base, then those
	# it runs on other Xens (BASE@XEN), one Xen at a time.
	run_rows "" "${rows[@]}"
	for x in $(check_xens); do
		[ "$x" != "$main_xen" ] || continue
		select_xen "$x"
		mapfile -t xrows < <(matrix_rows check "$x")
		! setup_for -k "${xrows[@]}" || run_rows ", $x" "${xrows[@]}"
		select_xen "$main_xen"
	done
	if [ "$KERNEL" = mainline ]; then
		# The smoke test must go red when the guest drops lines: run it
		# with a writer that stops one line short and expect FAIL.
		t smoke-detects-loss env GUEST_LINES=1999 SCENARIO=pv-domu-smoke-loss \
			"$ROOT/scripts/expect-fail.sh" 'good=1999 .*missing=1 ' \
			"$ROOT/scripts/scenarios/pv-domu-smoke.sh"
		# The dom0 console rows' serial grader: Xen's own messages inside
		# a line of dom0's are ignored, a byte of ours missing is not.
		t serial-grader-detects-damage "$ROOT/scripts/serial-grader-test.sh"
		t ring-check-detects-leftover env LINES=200 RING_PLANT=1 SCENARIO=pv-domu-smoke-plant \
			"$ROOT/scripts/expect-fail.sh" 'bytes stayed in the ring after the stream' \
			"$ROOT/scripts/scenarios/pv-domu-smoke.sh"
	fi
	# Last, so that its cover letter quotes this run's results.  Every
	# commit compiles the folders the series touches and the head links
	# a whole kernel; "make series" links mainline's at every commit.
	if [ "$KERNEL" = mainline ]; then
		# The queue is the source: the repository's copy of our files
		# must be its head; make series signs as its runner.
		t queue-mirror "$ROOT/scripts/queue.sh" check
		t series-signs-as-runner "$ROOT/scripts/series-identity-test.sh"
		t figures-check-detects-mismatch "$ROOT/scripts/figures-check-test.sh"
		# Bad inputs stop every target at once; make help is the README's.
		t bad-inputs-stop-at-once "$ROOT/scripts/inputs-test.sh"
		t help-in-readme "$ROOT/scripts/help-check.sh"
	fi
	# Every size, time and default our texts state is the code's.
	t "figures ($KERNEL)" "$ROOT/scripts/figures-check.py" "$KTREE"
	t "series ($KERNEL)" env SERIES_LINK=head SERIES_PLACEHOLDER=1 "$ROOT/scripts/series.sh"
	base_lines+=("base $KERNEL $ver: $((passed - p0)) passed, $((failed - f0)) failed")
}

# Every other Xen scripts/matrix.rows names (BASE@XEN) must be one before
# anything runs.
for x in $(sed -e 's/#.*//' "$ROOT/scripts/matrix.rows" | awk -F'|' 'NF == 5 { print $3 }' |
	grep -Eo '@[^ ,]+' | sort -u | cut -c2-); do
	(select_xen "$x") || die "scripts/matrix.rows: $x (a WHERE item BASE@XEN) is no Xen (want $XEN_NAMES)"
done

t_start=$(date +%s)
for k in $CHECK_KERNELS; do
	select_kernel "$k"
	check_base
done
echo "==> make check: $(($(date +%s) - t_start)) s"
summary
