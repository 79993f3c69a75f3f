#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of a sparse that the base KERNEL selects accepts.
# Mainline's scripts/checker-valid.sh needs __typeof_unqual__, which
# bookworm's sparse 0.6.4 lacks (the kernel then says "sparse is not
# available or not up to date" and runs without it), and Debian
# unstable's binary needs a newer glibc: build unstable's source package
# under $BUILD/tools/sparse (apt-get source through the harness's apt
# state).  Older bases take the host's sparse when it passes.
. "$(dirname "$0")/lib.sh"

valid() {
	[ -x "$KTREE/scripts/checker-valid.sh" ] || [ -f "$KTREE/scripts/checker-valid.sh" ] ||
		return 0
	[ "$(sh "$KTREE/scripts/checker-valid.sh" "$1" 2>/dev/null)" = 1 ]
}

if command -v sparse >/dev/null && valid "$(command -v sparse)"; then
	command -v sparse
	exit 0
fi
dir=$BUILD/tools/sparse
if [ -x "$dir/sparse" ] && valid "$dir/sparse"; then
	echo "$dir/sparse"
	exit 0
fi
apt_state
rm -rf "$dir" "$dir.src"
mkdir -p "$dir.src"
chmod 0777 "$dir.src"
(cd "$dir.src" && apt-get "${apt_opts[@]}" -q source --download-only sparse/sid) \
	>"$LOGS/sparse-source.log" 2>&1 ||
	die "cannot fetch unstable's sparse source: $LOGS/sparse-source.log"
(cd "$dir.src" && dpkg-source -q -x sparse_*.dsc src) >>"$LOGS/sparse-source.log" 2>&1 ||
	die "cannot unpack sparse's source: $LOGS/sparse-source.log"
# Only the sparse binary: no llvm, gtk or xml front ends.
make -s -C "$dir.src/src" -j"$JOBS" CC=gcc HAVE_LLVM=no HAVE_GTK=no HAVE_LIBXML=no \
	HAVE_SQLITE=no sparse >>"$LOGS/sparse-source.log" 2>&1 ||
	die "sparse does not build: $LOGS/sparse-source.log"
mkdir -p "$dir"
cp "$dir.src/src/sparse" "$dir/sparse"
rm -rf "$dir.src"
valid "$dir/sparse" || die "sparse from unstable ($dir/sparse) does not pass $KTREE/scripts/checker-valid.sh"
echo "$dir/sparse"
