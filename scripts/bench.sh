#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": our hvc_xen against the unmodified driver of the same base (KERNEL, default mainline)
# ("upstream", tag "base" of the base's tree), both built from the same config
# (the tests' x86_64.config with tickless idle: kbuild.sh bench), side by
# side on one real Xen under QEMU.  Benchmarks, not tests: nothing in
# "make check" depends on them.
#
# Set-up (stages, as in "make check"), then
#  - ring write cost: instructions per byte of xencons_ring_write() and of
#    a byte-at-a-time reference loop, counted by callgrind
#    (tools/testing/xencons-bench);
#  - one Xen boot whose dom0 runs every workload on a PV domU with each
#    kernel, alternating upstream and ours, BENCH_REPS times each
#    (scripts/bench/dom0.sh, guest.sh);
#  - medians, min-max and ours/upstream in $BUILD/bench/results.json,
#    table.md (also printed) and chart.png (scripts/bench/report.py).
#
#   scripts/bench.sh                  all of the above
#   scripts/bench.sh --update-readme  copy $BUILD/bench/table.md between the
#                                     README's bench markers; runs nothing
# Environment: BENCH_REPS (5), BENCH_WINDOW_MS (30000: unserviced window),
# BENCH_WORKLOADS ("serviced silent smp unserviced flagged traced"; traced: the
# serviced streams once more per kernel with Xen's trace counting the
# guest's event channel hypercalls, BENCH_TRACED_REPS (1) times), BENCH_SETUP=0
# (skip the set-up stages, for quick runs on a ready tree),
# BENCH_GUEST_ARGS (added to every benchmark domU's kernel command line,
# for experiments, e.g. hvc_xen.hold_kib=64), BENCH_BOOT_LOG=1 (each
# serviced run's console log up to /init into the serial log, as
# BENCH-BOOTLOG lines, for experiments).
# One Xen boot runs every workload: allow it more than a scenario's default.
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-3900}
. "$(dirname "$0")/xenboot.sh"

BENCH=$BUILD/bench
TOOLS=$BENCH/tools
README=$ROOT/README.md
BEGIN_MARK='<!-- bench:begin -->'
END_MARK='<!-- bench:end -->'
BENCH_REPS=${BENCH_REPS:-5}
BENCH_WINDOW_MS=${BENCH_WINDOW_MS:-30000}
# Serviced runs: dom0 samples the guest's idle CPU time for BENCH_IDLE_MS
# after the boot marker; the guest sleeps BENCH_IDLE_S there.
BENCH_IDLE_MS=2500
BENCH_IDLE_S=3
BENCH_WORKLOADS=${BENCH_WORKLOADS:-$BENCH_WORKLOAD_NAMES}
BENCH_TRACED_REPS=${BENCH_TRACED_REPS:-1}
# The SMP flood: BENCH_SMP_VCPUS writers, BENCH_SMP_LINES records each.
BENCH_SMP_VCPUS=4
BENCH_SMP_LINES=300
# Line padding: 64-byte throughput lines, 40 letters per printk line.
BENCH_TPUT_PAD=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ
BENCH_FLOOD_PAD=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN
RING_SIZES="1 80 2048"
RING_CALLS=1000

# update_readme: the README's bench section := table.md.
update_readme() {
	[ -s "$BENCH/table.md" ] || die "no $BENCH/table.md: run make bench first"
	grep -qxF "$BEGIN_MARK" "$README" && grep -qxF "$END_MARK" "$README" ||
		die "README.md has no '$BEGIN_MARK' ... '$END_MARK' section"
	awk -v b="$BEGIN_MARK" -v e="$END_MARK" -v t="$BENCH/table.md" '
		$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$README" >"$README.new"
	mv "$README.new" "$README"
	echo "README.md: bench section updated from $BENCH/table.md"
}

if [ "${1:-}" = --update-readme ]; then
	update_readme
	exit 0
fi
[ $# = 0 ] || die "usage: $0 [--update-readme]"

T_BENCH=$(date +%s)
if [ "${BENCH_SETUP:-1}" = 1 ]; then
	stage "host packages (apt)" "$ROOT/scripts/deps.sh" || exit 1
	stage "base tree + patch series" "$ROOT/scripts/base-tree.sh" || exit 1
	stage "Xen ($XEN)" "$ROOT/scripts/xen-fetch.sh" || exit 1
	stage "kernel build (x86_64)" "$ROOT/scripts/kbuild.sh" frontend || exit 1
	stage "kernel build (x86_64, bench: tickless idle)" "$ROOT/scripts/kbuild.sh" bench || exit 1
	stage "baseline kernel (unmodified Debian driver, bench config)" \
		"$ROOT/scripts/baseline.sh" bench || exit 1
fi
# dom0 runs our test kernel; the benchmark domUs run the bench builds.
DOMU_KERNEL=$IMAGES/bzImage-bench
UPSTREAM_KERNEL=$IMAGES/bzImage-baseline-bench
need_pkgs valgrind gnuplot-nox
mkdir -p "$BENCH"
rm -f "$BENCH"/{ring.txt,runs.txt,results.json,table.md,chart.png}

build_tools() {
	make -C "$ROOT/tools/testing/xencons-bench" O="$TOOLS"
}

# ring_counts: "IMPL MEMCPY LEN CALLS IR" lines, IR counted by callgrind
# inside the write function (and its memcpy calls) only.
ring_counts() {
	local bin impl fn len out
	for bin in kernel:xencons-ringbench libc:xencons-ringbench-libc; do
		for impl in ring bytewise; do
			fn=xencons_ring_write
			[ $impl = bytewise ] && fn=bench_bytewise_write
			for len in $RING_SIZES; do
				out=$BENCH/callgrind.$impl.${bin%%:*}.$len
				valgrind --tool=callgrind --callgrind-out-file="$out" \
					--toggle-collect="$fn" "$TOOLS/${bin#*:}" \
					$impl "$len" $RING_CALLS || return 1
				echo "$impl ${bin%%:*} $len $RING_CALLS $(awk '/^summary:/ { print $2 }' "$out")" |
					tee -a "$BENCH/ring.txt"
			done
		done
	done
}

# xen_runs: one Xen boot, every workload; BENCH-RUN lines to runs.txt.
xen_runs() {
	scenario bench
	domu_initramfs "BENCH_IDLE_S=$BENCH_IDLE_S
BENCH_TPUT_PAD=$BENCH_TPUT_PAD
BENCH_FLOOD_PAD=$BENCH_FLOOD_PAD
BENCH_SMP_LINES=$BENCH_SMP_LINES
$(cat "$ROOT/scripts/bench/guest.sh")"
	dom0_initramfs "BENCH_REPS=$BENCH_REPS
BENCH_WINDOW_MS=$BENCH_WINDOW_MS
BENCH_IDLE_MS=$BENCH_IDLE_MS
BENCH_WORKLOADS='$BENCH_WORKLOADS'
BENCH_TRACED_REPS=$BENCH_TRACED_REPS
BENCH_TPUT_PAD=$BENCH_TPUT_PAD
BENCH_FLOOD_PAD=$BENCH_FLOOD_PAD
BENCH_SMP_VCPUS=$BENCH_SMP_VCPUS
BENCH_GUEST_ARGS='${BENCH_GUEST_ARGS:-}'
BENCH_BOOT_LOG='${BENCH_BOOT_LOG:-}'
$(cat "$ROOT/scripts/bench/dom0.sh")" \
		"$UPSTREAM_KERNEL:/boot/domU-upstream" \
		"$TOOLS/xencons-benchd:/bin/xencons-benchd"
	xen_boot
	boot_milestones
	milestone 'BENCH-START' 120 "first benchmark domU"
	milestone 'BENCH-DONE' 3600 "all benchmark runs"
	wait_exit 30
	grep -Eo 'BENCH-RUN .*' "$SERIAL" | tee "$BENCH/runs.txt"
	[ -s "$BENCH/runs.txt" ] || fail "no BENCH-RUN line"
	pass "$(wc -l <"$BENCH/runs.txt") runs"
}

[ -f "$DOMU_KERNEL" ] || die "no $DOMU_KERNEL: run scripts/kbuild.sh bench"
[ -f "$UPSTREAM_KERNEL" ] || die "no $UPSTREAM_KERNEL: run scripts/baseline.sh bench"
stage "bench tools (tools/testing/xencons-bench)" build_tools || exit 1
stage "ring write: instructions per byte (callgrind)" ring_counts || exit 1
stage "real Xen: $BENCH_WORKLOADS x $BENCH_REPS x (upstream, ours)" xen_runs || exit 1

python3 "$ROOT/scripts/bench/report.py" --runs "$BENCH/runs.txt" --ring "$BENCH/ring.txt" \
	--out "$BENCH" --window-ms "$BENCH_WINDOW_MS" --reps "$BENCH_REPS" \
	--smp-vcpus "$BENCH_SMP_VCPUS" --smp-lines "$BENCH_SMP_LINES" \
	--base "Linux $(make -s -C "$KTREE" kernelversion) ($KERNEL)" --xen "$(xen_version)" \
	--guest-args "${BENCH_GUEST_ARGS:-}" \
	--wall-s $(($(date +%s) - T_BENCH)) || die "report failed"
gnuplot -e "datafile='$BENCH/chart.dat'; outfile='$BENCH/chart.png'" \
	"$ROOT/scripts/bench/chart.gp" || die "gnuplot failed"
echo
cat "$BENCH/table.md"
echo
echo "results: $BENCH/results.json, chart: $BENCH/chart.png"
echo "README section: scripts/bench.sh --update-readme"
