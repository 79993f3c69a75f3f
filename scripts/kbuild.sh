#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build an x86_64 (or arm64) kernel from the tree of the base KERNEL selects
# ($KTREE, see lib.sh).
#
# Usage: kbuild.sh [VARIANT]
#   frontend    (default) configs/x86_64.config
#   nofrontend  the same without CONFIG_HVC_XEN_FRONTEND
#   debug       frontend plus configs/x86_64-debug.config (lockdep, lockup
#               detectors): the SMP rows
#   bench       frontend plus configs/x86_64-bench.config (tickless idle):
#               the benchmark kernels (scripts/bench.sh)
#   static      the frontend config in its own folder, for static checks:
#               builds only $KTARGETS (objects) with $KMAKE_ARGS
#   series-frontend, series-nofrontend   scripts/series.sh, one commit at a
#               time, in the object folder of frontend or nofrontend: the
#               image, or only $KTARGETS when set; no image is copied
#   arm64       configs/arm64.config, cross-built (gcc-aarch64-linux-gnu)
# Objects go to $KBASE/kbuild/VARIANT; the image to $IMAGES/bzImage-VARIANT
# (arm64: $IMAGES/Image-arm64).
# Extra make arguments may be given in KMAKE_ARGS (e.g. "C=1 W=1").
. "$(dirname "$0")/lib.sh"

VARIANT=${1:-frontend}
TREE=${TREE:-$KTREE}
# series-VARIANT (scripts/series.sh, one commit at a time) builds in
# VARIANT's own object folder, so that each commit rebuilds only what it
# changed, and leaves the image alone.
OUT=$KBASE/kbuild/${VARIANT#series-}
CC_BIN=gcc
XARGS=()
IMAGE=bzImage
IMAGE_PATH=arch/x86/boot/bzImage
case "$VARIANT" in
frontend | static | series-frontend) frags=("$ROOT/configs/x86_64.config") ;;
nofrontend | series-nofrontend) frags=("$ROOT/configs/x86_64.config" "$ROOT/configs/x86_64-nofrontend.config") ;;
debug) frags=("$ROOT/configs/x86_64.config" "$ROOT/configs/x86_64-debug.config") ;;
bench) frags=("$ROOT/configs/x86_64.config" "$ROOT/configs/x86_64-bench.config") ;;
arm64)
	frags=("$ROOT/configs/arm64.config")
	CC_BIN=aarch64-linux-gnu-gcc
	XARGS=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	IMAGE=Image
	IMAGE_PATH=arch/arm64/boot/Image
	;;
*) die "unknown kernel variant '$VARIANT' (want frontend, nofrontend, debug, bench or arm64)" ;;
esac
[ -f "$TREE/Makefile" ] || die "no kernel tree at $TREE: run KERNEL=$KERNEL scripts/base-tree.sh first"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Paths relative to $BUILD, so one tree built in several object folders hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
export KBUILD_BUILD_TIMESTAMP="2026-01-01" KBUILD_BUILD_USER=xen KBUILD_BUILD_HOST=console
CC_ARG="CC=ccache $CC_BIN"
command -v ccache >/dev/null || CC_ARG="CC=$CC_BIN"
mkdir -p "$OUT" "$IMAGES"

# A new object folder for a variant of the x86 config (nofrontend, static)
# starts as a copy of frontend's, when that exists: Kbuild then rebuilds
# only the objects that depend on what differs (a few files, not the
# whole kernel; this is most of a cold "make check"'s saving).  objtool's
# build records its absolute output paths, which are rewritten, or it is
# rebuilt and every object with it.  The fragment file is dropped so the
# variant is configured below.
FRONTEND_OUT=$KBASE/kbuild/frontend
if [ "$VARIANT" != arm64 ] && [ "$OUT" != "$FRONTEND_OUT" ] &&
	[ ! -f "$OUT/.config" ] && [ -f "$FRONTEND_OUT/.config" ]; then
	echo "kbuild: $VARIANT starts from a copy of the frontend objects"
	cp -a "$FRONTEND_OUT/." "$OUT/"
	grep -rlIZ --exclude='*.o' -F "$FRONTEND_OUT" "$OUT" |
		xargs -0r sed -i "s#$FRONTEND_OUT#$OUT#g"
	rm -f "$OUT/fragment.config"
fi

# Configure only when the fragments changed, so rebuilds stay incremental.
frag=$OUT/fragment.config
cat "${frags[@]}" >"$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -f "$OUT/.config" ]; then
	mv "$frag.new" "$frag"
	make -s -C "$TREE" O="$OUT" "${XARGS[@]}" "$CC_ARG" KCONFIG_ALLCONFIG="$frag" allnoconfig
	# Every option the fragments ask for must have stuck (the last
	# assignment of a symbol wins, as in Kconfig).
	bad=0
	while IFS='=' read -r opt val; do
		if [ "$val" = n ]; then
			if grep -q "^$opt=" "$OUT/.config"; then
				echo "config: $opt should be unset" >&2
				bad=1
			fi
		elif ! grep -qxF "$opt=$val" "$OUT/.config"; then
			echo "config: $opt=$val did not stick" >&2
			bad=1
		fi
	done < <(sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1=\2/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1=n/p' "$frag" |
		awk -F= '{ v[$1] = $2; if (!($1 in o)) { o[$1] = n++; k[n - 1] = $1 } }
			END { for (i = 0; i < n; i++) print k[i] "=" v[k[i]] }')
	[ $bad = 0 ] || { rm -f "$frag"; die "kernel config for $VARIANT is not what the fragments ask for"; }
else
	rm -f "$frag.new"
fi
# static, and series-* given KTARGETS: only those objects or folders.
if [ "$VARIANT" = static ] || { [[ $VARIANT == series-* ]] && [ -n "${KTARGETS:-}" ]; }; then
	# shellcheck disable=SC2086
	make -s -C "$TREE" O="$OUT" "${XARGS[@]}" "$CC_ARG" -j"$JOBS" ${KMAKE_ARGS:-} ${KTARGETS:?}
	exit 0
fi
# A whole build is silent for minutes: say every 30 s how far it is, of
# the objects the last complete build here had (first build: a typical
# count of this architecture).
expect=$(cat "$OUT/.objects" 2>/dev/null || echo 0)
[ "$expect" -gt 0 ] || case "$VARIANT" in arm64) expect=850 ;; *) expect=1300 ;; esac
progress_objects "$OUT" "$expect" &
progress=$!
trap 'kill "$progress" 2>/dev/null || true' EXIT
# shellcheck disable=SC2086
make -s -C "$TREE" O="$OUT" "${XARGS[@]}" "$CC_ARG" -j"$JOBS" ${KMAKE_ARGS:-} "$IMAGE"
find "$OUT" -name '*.o' | wc -l >"$OUT/.objects"
case "$VARIANT" in series-*) exit 0 ;; esac
cp "$OUT/$IMAGE_PATH" "$IMAGES/$IMAGE-$VARIANT"
echo "kernel $VARIANT ($KERNEL): $(stat -c %s "$IMAGES/$IMAGE-$VARIANT") bytes"
