#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The baseline kernel: Debian's 6.1 exactly as shipped (tag "base" of
# $BUILD/linux, none of our patches), built with the same configuration as
# ours.  It is what the benchmarks compare against and what
# "make matrix BASELINE=1" boots to show that the tests can fail.
#
# The tree is a git worktree at $BUILD/base/linux and objects go to
# $BUILD/base/kbuild/VARIANT: the same layout relative to $BUILD/base as our
# build has relative to $BUILD, so ccache (base dir = the build root) shares
# every object the two trees have in common.
#
# Usage: baseline.sh [VARIANT]   (default frontend)
# Image: $BUILD/images/bzImage-baseline (frontend) or -baseline-VARIANT.
. "$(dirname "$0")/lib.sh"

VARIANT=${1:-frontend}
TREE=$BUILD/linux
BASE=$BUILD/base

git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null ||
	die "no tag 'base' in $TREE: run scripts/base-tree.sh first"
want=$(git -C "$TREE" rev-parse 'base^{commit}')
if [ -d "$BASE/linux" ] &&
	[ "$(git -C "$BASE/linux" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
	note "stale baseline tree: recreating"
	git -C "$TREE" worktree remove --force "$BASE/linux" 2>/dev/null || rm -rf "$BASE/linux"
fi
if [ ! -d "$BASE/linux" ]; then
	git -C "$TREE" worktree prune
	mkdir -p "$BASE"
	git -C "$TREE" worktree add -q --detach "$BASE/linux" "$want"
fi
# The baseline must really be the unmodified driver.
grep -q 'connection' "$BASE/linux/include/xen/interface/io/console.h" &&
	die "$BASE/linux is not the unmodified base tree"

BUILD=$BASE TREE=$BASE/linux CCACHE_BASEDIR=$BASE "$ROOT/scripts/kbuild.sh" "$VARIANT"
suffix=baseline
[ "$VARIANT" = frontend ] || suffix=baseline-$VARIANT
cp "$BASE/images/bzImage-$VARIANT" "$BUILD/images/bzImage-$suffix"
echo "baseline kernel: $BUILD/images/bzImage-$suffix"
