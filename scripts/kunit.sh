#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites of drivers/tty/hvc (with KASAN) under QEMU via kunit.py.
# Prints kunit.py's result; exit status is kunit.py's.  Skips (exit 0 with a
# note) only while the tree has no drivers/tty/hvc/.kunitconfig.
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
if [ ! -f "$TREE/drivers/tty/hvc/.kunitconfig" ]; then
	echo "no drivers/tty/hvc/.kunitconfig in the tree: no KUnit suite yet"
	exit 0
fi
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Paths relative to $BUILD, so one tree built in several object folders hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"
# kunit.py (6.12 and later) asks QEMU for "-accel kvm -accel hvf -accel
# tcg", first that works.  Where /dev/kvm opens but runs no guest (nested
# virtualisation without KVM support, as on this project's machines) the
# test kernel never runs and kunit.py times out with no output.  Unless
# KUNIT_KVM=1, QEMU gets only TCG: a wrapper on PATH drops the other
# accelerators.
if [ "${KUNIT_KVM:-0}" != 1 ]; then
	wrap=$BUILD/kunit-bin
	mkdir -p "$wrap"
	cat >"$wrap/qemu-system-x86_64.new" <<-'EOF'
		#!/bin/bash
		# Written by scripts/kunit.sh: TCG only (see there).
		args=()
		while [ $# -gt 0 ]; do
			if [ "$1" = -accel ] && [ "${2:-}" != tcg ]; then
				shift 2
				continue
			fi
			args+=("$1")
			shift
		done
		exec /usr/bin/qemu-system-x86_64 "${args[@]}"
	EOF
	chmod +x "$wrap/qemu-system-x86_64.new"
	mv "$wrap/qemu-system-x86_64.new" "$wrap/qemu-system-x86_64"
	export PATH=$wrap:$PATH
fi
cd "$TREE"
# kunit.py is silent while it builds: say how far the build is.
expect=$(cat "$KBASE/kunit/.objects" 2>/dev/null || echo 1400)
progress_objects "$KBASE/kunit" "$expect" &
progress=$!
trap 'kill "$progress" 2>/dev/null || true' EXIT
./tools/testing/kunit/kunit.py run --arch=x86_64 --kunitconfig=drivers/tty/hvc \
	--build_dir="$KBASE/kunit" --jobs="$JOBS" --timeout=300 \
	--make_options "CC=$cc" 2>&1 | tee "$LOGS/kunit.log"
rc=${PIPESTATUS[0]}
find "$KBASE/kunit" -name '*.o' | wc -l >"$KBASE/kunit/.objects"
grep -q 'Testing complete' "$LOGS/kunit.log" || rc=1
exit "$rc"
