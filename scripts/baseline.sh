#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The baseline kernel: the base KERNEL selects exactly as Debian ships it
# (tag "base" of $KTREE, none of our patches), built with the same
# configuration as ours.  It is what the benchmarks compare against and what
# "make matrix BASELINE=1" boots to show that the tests can fail.
#
# The tree is a git worktree at $KBASE/baseline/kernel/$KERNEL/linux, built
# with BUILD=$KBASE/baseline: the same layout relative to that folder as our
# build has relative to $BUILD, so ccache (base dir = the build root) shares
# every object the two trees have in common.
#
# Usage: baseline.sh [VARIANT]   (default frontend)
# Image: $IMAGES/bzImage-baseline (frontend) or -baseline-VARIANT.
. "$(dirname "$0")/lib.sh"

VARIANT=${1:-frontend}
TREE=$KTREE
BASE=$KBASE/baseline
WT=$BASE/kernel/$KERNEL/linux

git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null ||
	die "no tag 'base' in $TREE: run scripts/base-tree.sh first"
want=$(git -C "$TREE" rev-parse 'base^{commit}')
if [ -d "$WT" ] &&
	[ "$(git -C "$WT" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
	note "stale baseline tree: recreating"
	git -C "$TREE" worktree remove --force "$WT" 2>/dev/null || rm -rf "$WT"
fi
if [ ! -d "$WT" ]; then
	git -C "$TREE" worktree prune
	mkdir -p "$(dirname "$WT")"
	git -C "$TREE" worktree add -q --detach "$WT" "$want"
fi
# The baseline must really be the unmodified driver.
[ -e "$WT/drivers/tty/hvc/xencons_ring.c" ] &&
	die "$WT is not the unmodified base tree"

BUILD=$BASE TREE=$WT CCACHE_BASEDIR=$BASE "$ROOT/scripts/kbuild.sh" "$VARIANT"
suffix=baseline
[ "$VARIANT" = frontend ] || suffix=baseline-$VARIANT
mkdir -p "$IMAGES"
cp "$BASE/kernel/$KERNEL/images/bzImage-$VARIANT" "$IMAGES/bzImage-$suffix"
echo "baseline kernel ($KERNEL): $IMAGES/bzImage-$suffix"
