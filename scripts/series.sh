#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the applied series of the base KERNEL selects (base..series) with
# git format-patch --cover-letter into $KBASE/series, run that tree's
# checkpatch --strict on each patch and build each commit (incrementally, in
# the object folders of the full builds; see below).
#   SERIES_BUILD=0   skip the per-commit builds
#   SERIES_LINK=every|head   link a whole kernel at every commit, or only at
#                    the head, the other commits compiling the folders the
#                    series touches (default: every on mainline, head on the
#                    backports; make check: head on every base)
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
OUTDIR=$KBASE/series
# The cover letter's sender and date, as base-tree.sh's commits have them.
export GIT_AUTHOR_NAME="Xen Console Team" GIT_AUTHOR_EMAIL="xen-console@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
# cover_letter FILE: fill in format-patch's cover letter from
# patches/cover-letter.txt (subject, "---", body), with the results of the
# last "make check" of this base where there are any.
cover_letter() {
	local f=$1 subj body results ver
	subj=$(sed '/^---$/,$d' "$ROOT/patches/cover-letter.txt")
	ver=$(make -s -C "$TREE" kernelversion)
	results=$(
		if grep -hs 'Testing complete' "$LOGS/kunit.log"; then :; else
			echo "KUnit: not run yet on this base (make check)"
		fi | sed 's/^\[[0-9:]*\] /KUnit: /'
		for l in "$LOGS"/stage-row-*.log; do
			[ -f "$l" ] || continue
			grep -E '^(PASS|FAIL|SKIP)' "$l" | tail -n 1 | cut -c1-160
		done
	)
	body=$(sed '1,/^---$/d' "$ROOT/patches/cover-letter.txt" |
		awk -v r="$results" -v b="Linux $ver ($KERNEL)" \
			'{ gsub(/@BASE@/, b) } /^@RESULTS@$/ { print r; next } { print }')
	SUBJ=$subj BODY=$body perl -0pi -e \
		's/\*\*\* SUBJECT HERE \*\*\*/$ENV{SUBJ}/; s/\*\*\* BLURB HERE \*\*\*/$ENV{BODY}/' "$f"
}

"$ROOT/scripts/base-tree.sh"
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
n=$(git -C "$TREE" rev-list --count base..series)
if [ "$n" = 0 ]; then
	echo "the series is empty"
	exit 0
fi
git -C "$TREE" format-patch -q --no-signature --cover-letter -o "$OUTDIR" base..series
cover_letter "$OUTDIR"/0000-cover-letter.patch
bad=0
for p in "$OUTDIR"/*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	# CamelCase comes with Xen's ABI names.  Xen's public headers, mirrored
	# in include/xen/interface/, keep Xen's style (C99 types, four-space
	# indents): a patch confined to them keeps it too.
	# The base trees are Debian tarballs without git history, so
	# checkpatch cannot look up the commit a Fixes: tag names.
	ignore=CAMELCASE,UNKNOWN_COMMIT_ID
	if ! grep -E '^\+\+\+ b/' "$p" | grep -vq '^+++ b/include/xen/interface/'; then
		ignore=$ignore,PREFER_KERNEL_TYPES,LEADING_SPACE
	fi
	if (cd "$TREE" && ./scripts/checkpatch.pl --strict --quiet --ignore "$ignore" \
		--show-types "$p"); then
		echo "checkpatch ok: $(basename "$p")"
	else
		echo "checkpatch FINDINGS: $(basename "$p")"
		bad=1
	fi
done
if [ "${SERIES_BUILD:-1}" = 1 ]; then
	# Build each commit in the same tree and object folders as the full
	# builds, so that a commit rebuilds only the files it changed, then
	# return to the series head.
	# SERIES_LINK=every links a whole kernel at every commit (the default
	# for mainline's series, the one for upstream); head compiles the
	# folders the series touches at every commit and links the whole
	# kernel at the head (the backports' default, and make check's).
	link=${SERIES_LINK:-$([ "$KERNEL" = mainline ] && echo every || echo head)}
	case "$link" in every | head) ;; *) die "SERIES_LINK=$link: want every or head" ;; esac
	head=$(git -C "$TREE" rev-parse series)
	trap 'git -C "$TREE" checkout -q -f series' EXIT
	for c in $(git -C "$TREE" rev-list --reverse base..series); do
		subj=$(git -C "$TREE" log -1 --format=%s "$c")
		git -C "$TREE" checkout -q --detach -f "$c"
		targets=
		if [ "$link" = head ] && [ "$c" != "$head" ]; then
			targets="drivers/tty/hvc/ drivers/xen/"
		fi
		what=${targets:-kernel}
		for v in frontend nofrontend; do
			if KTARGETS=$targets "$ROOT/scripts/kbuild.sh" "series-$v" >"$LOGS/series-build.log" 2>&1; then
				echo "builds ($v, $what): $subj"
			else
				echo "DOES NOT BUILD ($v): $subj (log: $LOGS/series-build.log)"
				tail -n 20 "$LOGS/series-build.log"
				bad=1
				break 2
			fi
		done
	done
	git -C "$TREE" checkout -q -f series
	[ "$(git -C "$TREE" rev-parse HEAD)" = "$head" ] || die "could not return to the series head"
fi
echo "series: $n patches in $OUTDIR"
exit $bad
