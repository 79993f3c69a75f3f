#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lay Debian's unpacked Xen (XEN=debian-4.17 or debian-unstable, fetched
# by scripts/xen-fetch.sh) out as a Xen "make dist" install tree, so that
# the XEN=FOLDER path can be tested without building Xen:
#   boot/xen-X.Y.Z.gz (+ xen-X.Y.gz, xen.gz)   usr/sbin/{xl,xenstored,xenconsoled}
#   usr/lib/xen/bin/  the other tools          usr/lib/xen/boot/hvmloader
#   usr/lib/          Xen's libraries (and libyajl, which a Xen build links)
#   usr/bin/          xenstore-*
# Usage: XEN=debian-4.17 scripts/xen-dist-from-debs.sh OUT
# Debian's binaries keep their compiled-in paths (/usr/lib/xen-X.Y/...),
# so what needs those (save/restore, HVM) is not expected to work here.
. "$(dirname "$0")/lib.sh"

OUT=${1:?usage: XEN=debian-4.17 scripts/xen-dist-from-debs.sh OUT}
case "$XEN" in debian-*) ;; *) die "XEN=$XEN: want a Debian Xen to lay out" ;; esac
SRC=$XEN_DIR/root
[ -d "$SRC/boot" ] || die "no unpacked Xen at $SRC: run XEN=$XEN scripts/xen-fetch.sh"
ver=$(xen_version | grep -Eo '^[0-9]+\.[0-9]+(\.[0-9]+)?')
mm=$(xen_mm)
bin=$(ls -d "$SRC"/usr/lib/xen-"$mm"/bin)
rm -rf "$OUT"
mkdir -p "$OUT"/boot "$OUT"/usr/sbin "$OUT"/usr/bin "$OUT"/usr/lib/xen/bin "$OUT"/usr/lib/xen/boot
cp "$SRC"/boot/xen-"$mm"-amd64.gz "$OUT/boot/xen-$ver.gz"
ln -s "xen-$ver.gz" "$OUT/boot/xen-$mm.gz"
ln -s "xen-$ver.gz" "$OUT/boot/xen.gz"
for f in "$bin"/*; do
	case "${f##*/}" in
	xl | xenstored | xenconsoled) cp -a "$f" "$OUT/usr/sbin/" ;;
	*) cp -a "$f" "$OUT/usr/lib/xen/bin/" ;;
	esac
done
cp -a "$SRC"/usr/lib/xen-"$mm"/boot/. "$OUT/usr/lib/xen/boot/"
cp -a "$SRC"/usr/bin/xenstore* "$OUT/usr/bin/"
cp -a "$SRC"/usr/lib/x86_64-linux-gnu/libxen* "$SRC"/usr/lib/x86_64-linux-gnu/libxl* \
	"$SRC"/usr/lib/x86_64-linux-gnu/libyajl* "$OUT/usr/lib/"
echo "make dist layout of $XEN (Xen $(xen_version)) in $OUT: boot/$(cd "$OUT/boot" && ls xen-*.gz | tr '\n' ' ')"
