#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the applied series of the base KERNEL selects (base..series) with
# git format-patch --cover-letter into $KBASE/series, run that tree's
# checkpatch --strict on each patch, print what each commit changes and
# what of it survives (scripts/series-stats.py, also in stats.txt), and
# build each commit (incrementally, in the object folders of the full
# builds; see below).
#   SERIES_BUILD=0   skip the per-commit builds
#   SERIES_CHECKPATCH=0   skip checkpatch
#   SERIES_PLACEHOLDER=1  sign as a placeholder that says it is one (make
#                    check), not as you (git config user.name, user.email)
#   SERIES_LINK=every|head   link a whole kernel at every commit, or only at
#                    the head, the other commits compiling the folders the
#                    series touches (default: every on mainline, head on the
#                    backports; make check: head on every base)
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
OUTDIR=$KBASE/series
# The patches are signed off and dated by whoever runs this, as git
# format-patch -s does: git's user.name and user.email.  make check's own
# export (SERIES_PLACEHOLDER=1) uses an identity that says it is none.
if [ "${SERIES_PLACEHOLDER:-0}" = 1 ]; then
	SIGN_NAME="Placeholder (make check's export, not an author)"
	SIGN_EMAIL=placeholder@invalid
else
	SIGN_NAME=$(git -C "$ROOT" config user.name || true)
	SIGN_EMAIL=$(git -C "$ROOT" config user.email || true)
	[ -n "$SIGN_NAME" ] && [ -n "$SIGN_EMAIL" ] ||
		die "make series signs the patches off as you, and git has no identity; set it with: git config --global user.name 'Your Name' && git config --global user.email 'you@your.domain'"
fi
export GIT_AUTHOR_NAME=$SIGN_NAME GIT_AUTHOR_EMAIL=$SIGN_EMAIL
export GIT_COMMITTER_NAME=$SIGN_NAME GIT_COMMITTER_EMAIL=$SIGN_EMAIL
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
# cover_letter FILE: fill in format-patch's cover letter from
# patches/cover-letter.txt (subject, "---", body), with the results of the
# last "make check" of this base where there are any.
cover_letter() {
	local f=$1 subj body results ver fixes
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
	# The standalone fixes: the commits with a Fixes: tag.
	local c msg nfix=0 nstable=0 fixlist=""
	for c in $(git -C "$TREE" rev-list --reverse base..series); do
		msg=$(git -C "$TREE" log -1 --format=%B "$c")
		grep -q '^Fixes: ' <<<"$msg" || continue
		nfix=$((nfix + 1))
		! grep -q '^Cc: stable@vger.kernel.org' <<<"$msg" || nstable=$((nstable + 1))
		fixlist+=" - $(git -C "$TREE" log -1 --format=%s "$c")"$'\n'
		fixlist+="$(sed -n 's/^Fixes: /   fixes /p' <<<"$msg")"$'\n'
	done
	fixes="The first $nfix patches are standalone fixes, each of which may be
taken on its own ($nstable of them Cc: stable):

${fixlist%$'\n'}"
	body=$(sed '1,/^---$/d' "$ROOT/patches/cover-letter.txt" |
		awk -v r="$results" -v b="Linux $ver ($KERNEL)" -v fx="$fixes" \
			-v st="$("$ROOT/scripts/series-stats.py" "$TREE")" \
			'{ gsub(/@BASE@/, b) } /^@RESULTS@$/ { print r; next }
			/^@FIXES@$/ { print fx; next } /^@STATS@$/ { print st; next } { print }')
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
# The queue's commits again, as yours: same trees and messages, your
# sign-off, today's date (branch "export"; "series" stays as applied).
parent=$(git -C "$TREE" rev-parse base)
for c in $(git -C "$TREE" rev-list --reverse base..series); do
	parent=$(git -C "$TREE" log -1 --format=%B "$c" |
		git -C "$TREE" interpret-trailers --trailer "Signed-off-by: $SIGN_NAME <$SIGN_EMAIL>" |
		git -C "$TREE" commit-tree "$c^{tree}" -p "$parent" -F -)
done
git -C "$TREE" update-ref refs/heads/export "$parent"
git -C "$TREE" format-patch -q --no-signature --cover-letter -o "$OUTDIR" base..export
cover_letter "$OUTDIR"/0000-cover-letter.patch
bad=0
# Our new files need no MAINTAINERS entry of their own: each must fall
# under an entry of the base tree's MAINTAINERS with someone who looks
# after it (maintainer, supporter or odd fixer), as get_maintainer.pl says
# (drivers/tty/hvc/ is the HVC entry's, like hvc_xen.c).  Then checkpatch's
# "does MAINTAINERS need updating?" (FILE_PATH_CHANGES) is answered.
getmaint() {
	(cd "$TREE" && ./scripts/get_maintainer.pl --nogit --nogit-fallback --nofixes "$@")
}
for f in $(git -C "$TREE" diff --name-only --diff-filter=A base series); do
	if ! getmaint -f "$f" | grep -Eq '\((maintainer|supporter|odd fixer):'; then
		echo "MAINTAINERS: no entry of the base tree covers $f"
		bad=1
	fi
done
# To: those who look after the files get_maintainer.pl names for the
# series (maintainers, supporters, odd fixers); Cc: its
# reviewers and lists, and the author of the commit whose -ENOTCONN
# behaviour the series replaces.
mails=("$OUTDIR"/0*.patch)
mails=("${mails[@]:1}") # not 0000-cover-letter.patch
gm=$(getmaint "${mails[@]}")
to=$(sed -En 's/ \((maintainer|supporter|odd fixer):.*//p' <<<"$gm")
cc=$({
	grep -Ev '\((maintainer|supporter|odd fixer):' <<<"$gm" | sed 's/ (.*//'
	echo "Jason Andryuk <jason.andryuk@amd.com>"
} | awk 'NF && !seen[$0]++')
TO=$(printf '%s\n' "$to" | paste -sd, | sed 's/,/, /g') CC=$(printf '%s\n' "$cc" | paste -sd, | sed 's/,/, /g') \
	perl -0pi -e 's/^(Subject: .*?\n)(?=[^ \t])/$1To: $ENV{TO}\nCc: $ENV{CC}\n/ms' "$OUTDIR"/0000-cover-letter.patch
for p in "$OUTDIR"/*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	[ "${SERIES_CHECKPATCH:-1}" = 1 ] || continue
	# CamelCase comes with Xen's ABI names.  Xen's public headers, mirrored
	# in include/xen/interface/, keep Xen's style (C99 types, four-space
	# indents): a patch confined to them keeps it too.
	# The base trees are Debian tarballs without git history, so
	# checkpatch cannot look up the commit a Fixes: tag names.  New files'
	# MAINTAINERS entries were checked above.
	ignore=CAMELCASE,UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES
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
# What each commit costs a reviewer, and what of it survives.
"$ROOT/scripts/series-stats.py" "$TREE" | tee "$OUTDIR/stats.txt"
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
