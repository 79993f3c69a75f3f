#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel tree of the base KERNEL selects (mainline, 6.12, 6.1; see
# scripts/kernels.conf) at $KTREE: Debian's linux-source package, committed
# as tag "base", then that base's queue (patches/<base>/series, one patch
# per commit; scripts/queue.sh) applied on branch "series".
#
# Re-running is cheap: nothing is redone while the tarball and the queue
# are unchanged.
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
# The tree's own commits; "make series" signs and dates as you.
export GIT_AUTHOR_NAME="Placeholder (not an author: make series signs as you)"
export GIT_AUTHOR_EMAIL="placeholder@invalid"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

[ -f "$ROOT/patches/$KERNEL/series" ] || die "no queue for KERNEL=$KERNEL: patches/$KERNEL/series missing"
src=$("$ROOT/scripts/kernel-src.sh") || die "no kernel source for KERNEL=$KERNEL"
# Its last two lines: "PACKAGE VERSION" and the tarball.
TARBALL=$(tail -n 1 <<<"$src")
PKGVER=$(tail -n 2 <<<"$src" | head -n 1)
head -n -2 <<<"$src"
WANT=$(kernel_conf "$KERNEL" 5)

unpack_base() {
	local stamp=$TREE/.git/base-tarball
	local want
	want="$PKGVER $(stat -c '%s %Y' "$TARBALL")"
	if [ -d "$TREE/.git" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
		git -C "$TREE" rev-parse -q --verify base >/dev/null; then
		return 0
	fi
	echo "unpacking $TARBALL"
	rm -rf "$TREE" "$KBASE/linux.tmp"
	mkdir -p "$KBASE/linux.tmp"
	tar -xJf "$TARBALL" -C "$KBASE/linux.tmp"
	local top
	top=$(ls "$KBASE/linux.tmp")
	[ "$(echo "$top" | wc -l)" = 1 ] && [ -f "$KBASE/linux.tmp/$top/Makefile" ] ||
		die "$TARBALL is not one kernel tree"
	mv "$KBASE/linux.tmp/$top" "$TREE"
	rmdir "$KBASE/linux.tmp"
	local ver
	ver=$(make -s -C "$TREE" kernelversion)
	# shellcheck disable=SC2254
	case "$ver" in
	$WANT) ;;
	*) die "$TARBALL holds Linux $ver, not what KERNEL=$KERNEL wants ($WANT): see scripts/kernels.conf" ;;
	esac
	[ -f "$TREE/drivers/tty/hvc/hvc_xen.c" ] ||
		die "$TARBALL has no drivers/tty/hvc/hvc_xen.c: not a usable base tree"
	git -C "$TREE" init -q -b series
	git -C "$TREE" config core.autocrlf false
	git -C "$TREE" config gc.auto 0
	git -C "$TREE" add -A -f
	git -C "$TREE" commit -q -m "base: Debian $PKGVER (Linux $ver)"
	git -C "$TREE" tag -f base >/dev/null
	echo "$want" >"$stamp"
	echo "base tree ($KERNEL): Linux $ver from Debian $PKGVER"
}

unpack_base
"$ROOT/scripts/queue.sh" apply-queue
