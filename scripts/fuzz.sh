#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz the console ring core and output policy in userspace (libFuzzer,
# ASan, UBSan): tools/testing/xencons-fuzz, built into $BUILD/fuzz.
#   fuzz.sh            fuzz $BUILD/fuzz/corpus (the seeds copied in, kept
#                      between runs) for FUZZ_SECONDS (unset or 0: until
#                      Ctrl-C), then print one line: executions, corpus
#                      size, line and branch coverage of xencons_ring.c and
#                      xencons_out.c (the coverage build over the corpus)
#   fuzz.sh check      the same, reproducibly (make check): FUZZ_RUNS
#                      executions (default 250000, about a minute) with
#                      seed 1 from the seeds alone, in $BUILD/fuzz/check-corpus,
#                      so every machine runs the same inputs
#   fuzz.sh selftest   each bug planted in the harness (FUZZ_SELFTEST=1..5)
#                      must make it fail on the seed corpus
# Exits non-zero on a crash, sanitizer report, invariant violation or
# timeout (-timeout=5), and prints the reproducer's path.
. "$(dirname "$0")/lib.sh"

SRC=$ROOT/tools/testing/xencons-fuzz
OUT=$BUILD/fuzz
FUZZ_SECONDS=${FUZZ_SECONDS:-0}
FUZZ_RUNS=${FUZZ_RUNS:-250000}
SELFTESTS="1 2 3 4 5"

need_pkgs clang libclang-rt-14-dev llvm
mkdir -p "$OUT"

build() {
	make -s -C "$SRC" O="$OUT" "$@" || die "build of $SRC failed"
}

# Each planted bug must be caught on the seeds, by the harness itself.
selftest() {
	local n log
	build selftest
	for n in $SELFTESTS; do
		log=$OUT/selftest$n.log
		if "$OUT/xencons-fuzz-selftest$n" -artifact_prefix="$OUT/selftest$n-" \
			"$SRC"/corpus/* >"$log" 2>&1; then
			die "selftest $n: the planted bug went unnoticed (log: $log)"
		fi
		grep -q 'VIOLATION' "$log" ||
			die "selftest $n: failed, but not on a harness check (log: $log)"
		echo "selftest $n caught: $(grep -m1 -o 'VIOLATION.*' "$log")"
	done
}

# coverage FILE: "lines L% branches B%" of FILE in the last report.
coverage() {
	awk -v f="$1" '$1 == f { print "lines " $10 " branches " $13 }' "$OUT/cov-report.txt"
}

# fuzz [check]
fuzz() {
	local log=$OUT/fuzz.log art=$OUT/artifacts rc interrupted=0 execs corp found f
	local args=(-timeout=5 -max_len=4096 -print_final_stats=1 -artifact_prefix="$art/")
	local corpus=$OUT/corpus

	build all cov
	if [ "${1:-}" = check ]; then
		corpus=$OUT/check-corpus log=$OUT/fuzz-check.log art=$OUT/check-artifacts
		args[3]=-artifact_prefix="$art/"
		rm -rf "$corpus"
	fi
	mkdir -p "$corpus"
	for f in "$SRC"/corpus/*; do
		[ -e "$corpus/${f##*/}" ] || cp "$f" "$corpus/"
	done
	rm -rf "$art"
	mkdir -p "$art"
	if [ "${1:-}" = check ]; then
		args+=(-seed=1 -runs="$FUZZ_RUNS")
		echo "fuzzing $corpus: $FUZZ_RUNS runs, seed 1 (log: $log)"
	elif [ "$FUZZ_SECONDS" -gt 0 ]; then
		args+=(-max_total_time="$FUZZ_SECONDS")
		echo "fuzzing $OUT/corpus for $FUZZ_SECONDS s (log: $log)"
	else
		echo "fuzzing $OUT/corpus until Ctrl-C (log: $log)"
	fi
	# Ctrl-C stops only the fuzzer, which prints its statistics and
	# exits 72; tee and grep drain its output, then the report follows.
	trap 'interrupted=1' INT
	set +e
	"$OUT/xencons-fuzz" "${args[@]}" "$corpus" 2>&1 | tee -i "$log" |
		(trap '' INT; exec grep --line-buffered -E 'INITED|DONE|pulse|VIOLATION|ERROR|SUMMARY')
	rc=${PIPESTATUS[0]}
	set -e
	trap - INT
	found=$(find "$art" -type f | head -n 1)
	if [ "$rc" != 0 ] && ! { [ "$interrupted" = 1 ] && [ "$rc" = 72 ]; }; then
		[ -n "$found" ] || found="(none written; see $log)"
		echo "fuzz: FAILED (exit $rc); reproducer: $found"
		echo "      rerun: $OUT/xencons-fuzz $found"
		exit 1
	fi
	execs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | awk '{ print $2 }')
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | awk '{ print $2 }')
	build report CORPUS="$corpus" >/dev/null
	echo "fuzz: ${execs:-?} executions; corpus ${corp:-?} inputs" \
		"($(find "$corpus" -type f | wc -l) files); coverage:" \
		"xencons_ring.c $(coverage xencons_ring.c), xencons_out.c $(coverage xencons_out.c)"
}

case "${1:-}" in
"") fuzz ;;
check) fuzz check ;;
selftest) selftest ;;
*) die "usage: fuzz.sh [check|selftest]" ;;
esac
