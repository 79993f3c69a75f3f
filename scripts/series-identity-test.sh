#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make series signs as whoever runs it (make check): with no git identity
# it stops at once, saying how to set one, and writes nothing; with one,
# every exported patch is from that identity, dated today, and signed off
# by it exactly once, and no placeholder identity is left.
. "$(dirname "$0")/lib.sh"

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home GIT_CONFIG_NOSYSTEM=1
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
out=$KBASE/series
# snapshot: what $out holds (nothing yet, on a fresh clone).
snapshot() {
	if [ -d "$out" ]; then find "$out" -type f -printf '%p %s %T@\n' | sort; fi | md5sum
}
before=$(snapshot)
rc=0
msg=$(SERIES_BUILD=0 SERIES_CHECKPATCH=0 "$ROOT/scripts/series.sh" 2>&1) || rc=$?
[ $rc != 0 ] && grep -q "git has no identity; set it with: git config --global user.name" <<<"$msg" ||
	die "with no git identity, make series did not stop with the message (rc=$rc): $msg"
[ "$(snapshot)" = "$before" ] ||
	die "with no git identity, make series changed $out"
echo "no identity: stopped (rc=$rc): ${msg#error: }"

name="Test Runner" email=runner@test.invalid
git config --global user.name "$name"
git config --global user.email "$email"
SERIES_BUILD=0 SERIES_CHECKPATCH=0 "$ROOT/scripts/series.sh" >/dev/null
n=0
today=$(LC_ALL=C date -u '+%-d %b %Y')
for p in "$out"/0*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	n=$((n + 1))
	from=$(sed -n '/^From: /{N;s/\n */ /;s/^From: //;p;q}' "$p" | sed 's/ Date: .*//')
	[ "$from" = "$name <$email>" ] || die "$(basename "$p"): From: $from, not the runner"
	grep -q "^Date: .*$today" "$p" || die "$(basename "$p"): not dated today ($today): $(grep -m1 '^Date:' "$p")"
	[ "$(grep -c "^Signed-off-by: $name <$email>$" "$p")" = 1 ] ||
		die "$(basename "$p"): not signed off once by the runner"
	[ "$(grep -c '^Signed-off-by:' "$p")" = 1 ] || die "$(basename "$p"): another Signed-off-by"
done
! grep -l -i 'placeholder' "$out"/*.patch | grep -q . ||
	die "a placeholder identity is left in: $(grep -l -i placeholder "$out"/*.patch | head -3)"
[ $n -gt 0 ] || die "no patches exported"
echo "PASS: $n patches from, dated and signed off by the runner ($name <$email>), once each"
