#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make matrix": every row of scripts/matrix.rows on real Xen, then one table
# (row, result, wall time, evidence) on the terminal and in
# $BUILD/matrix/table-BASE[-baseline].md, on the base KERNEL selects.
#
#   ROWS="x86-1 x86-8"  run only these rows
#   BASELINE=1          run rows 3o, 3i, 8, 9, 13, 15, 16 and smp-2 with the
#                       base's unmodified driver (tag "base"): rows 8, 9, 13,
#                       16 and smp-2 must FAIL, rows 3o, 3i and 15 PASS (15
#                       and 16 SKIP on a Xen that is no debug build); row 13's
#                       verdict says what xenconsoled's log got of the boot
#                       and of the stream, and the CPU time the domU and
#                       dom0 used while nothing serviced the ring.
#                       The run passes when every row ends as expected.
. "$(dirname "$0")/lib.sh"

BASELINE=${BASELINE:-0}
# BASELINE_EXPECT (lib.sh): row id and the outcome the unmodified driver
# must produce.
OUTDIR=$BUILD/matrix
mkdir -p "$OUTDIR"

expected() {
	local e
	for e in $BASELINE_EXPECT; do
		[ "${e%%:*}" = "$1" ] && { echo "${e#*:}"; return 0; }
	done
	return 1
}

selected() {
	local id=$1
	if [ "$BASELINE" = 1 ]; then
		expected "$id" >/dev/null || return 1
	fi
	[ -z "${ROWS:-}" ] && return 0
	case " $ROWS " in *" $id "*) return 0 ;; esac
	return 1
}

rows=()
mapfile -t all < <(matrix_rows)
for line in "${all[@]}"; do
	selected "${line%%|*}" && rows+=("$line")
done
[ ${#rows[@]} -gt 0 ] || die "no matrix row matches ROWS='${ROWS:-}'"

# Set-up, each step once, in order.
needs=()
for line in "${rows[@]}"; do
	IFS='|' read -r _ need _ <<<"$line"
	needs+=("$need")
done
[ "$BASELINE" = 1 ] && needs=(baseline)
mapfile -t steps < <(setup_steps "${needs[@]}")
for step in "${steps[@]}"; do
	# shellcheck disable=SC2086
	stage "${step%%|*}" "$ROOT/scripts/"${step#*|} || die "set-up failed: ${step%%|*}"
done

if [ "$BASELINE" = 1 ]; then
	export KERNEL_IMAGE=$IMAGES/bzImage-baseline SCENARIO_SUFFIX=-baseline
	table=$OUTDIR/table-$KERNEL-baseline.md
else
	table=$OUTDIR/table-$KERNEL.md
fi
# Another Xen than the default: a table of its own.
[ "$XEN" = debian-4.17 ] || table=${table%.md}-xen-$(xen_version | tr -c 'A-Za-z0-9.\n' '-').md
ver=$(make -s -C "$KTREE" kernelversion)

good=0
bad=0
{
	echo "Linux $ver ($KERNEL) on Xen $(xen_version) ($(cat "$XEN_DIR/source" 2>/dev/null || echo "$XEN"))"
	echo
	echo "| row | what | result | wall s | evidence |"
	echo "| --- | --- | --- | --- | --- |"
} >"$table"
for line in "${rows[@]}"; do
	IFS='|' read -r id _ _ title cmd <<<"$line"
	t0=$(date +%s)
	rc=0
	stage "row $id: $title" bash -c "cd '$ROOT' && exec $cmd" || rc=$?
	secs=$(($(date +%s) - t0))
	log=$(stage_log "row $id: $title")
	evidence=$(grep -E '^(PASS|FAIL|SKIP)' "$log" | tail -n 1 | cut -c1-700)
	case $rc in
	0) result=PASS ;;
	77) result=SKIP ;;
	*) result=FAIL ;;
	esac
	if [ "$BASELINE" = 1 ]; then
		want=$(expected "$id")
		if [[ "/$want/" == */"$result"/* ]]; then
			ok=1
			result="$result (expected)"
		else
			ok=0
			result="$result (expected $want)"
		fi
	else
		ok=1
		[ "$result" = FAIL ] && ok=0
	fi
	if [ $ok = 1 ]; then good=$((good + 1)); else bad=$((bad + 1)); fi
	[ -n "$evidence" ] || evidence="(no verdict line; log: $log)"
	echo "| $id | $title | $result | $secs | ${evidence//|/\\|} |" >>"$table"
done

echo
echo "==> matrix on $KERNEL (Linux $ver), Xen $(xen_version)$([ "$BASELINE" = 1 ] && echo ", BASELINE: the unmodified driver")"
cat "$table"
echo "table: $table"
echo "$good as expected, $bad not"
[ "$bad" = 0 ]
