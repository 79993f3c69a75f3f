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
cd "$TREE"
./tools/testing/kunit/kunit.py run --arch=x86_64 --kunitconfig=drivers/tty/hvc \
	--build_dir="$KBASE/kunit" --jobs="$JOBS" --timeout=300 \
	--make_options "CC=$cc" 2>&1 | tee "$LOGS/kunit.log"
rc=${PIPESTATUS[0]}
grep -q 'Testing complete' "$LOGS/kunit.log" || rc=1
exit "$rc"
