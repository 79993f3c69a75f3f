#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the README's "make help" block is the Makefile's, byte for
# byte (the one place both take it from is the comment at the Makefile's
# top), and its table of contents lists its sections (readme-toc.py).
. "$(dirname "$0")/lib.sh"

got=$(sed -n '/^<!-- help:begin -->$/,/^<!-- help:end -->$/p' "$ROOT/README.md" | sed '1,2d;$d' | sed '$d')
want=$(make -s -C "$ROOT" help)
[ -n "$got" ] || { echo "FAIL: README.md has no <!-- help:begin --> block"; exit 1; }
if [ "$got" != "$want" ]; then
	diff <(echo "$want") <(echo "$got") | head -n 10 | sed 's/^/    /' || true
	echo "FAIL: README.md's make help block is not the Makefile's (< Makefile, > README)"
	exit 1
fi
toc=$("$ROOT/scripts/readme-toc.py" --check 2>&1) || { echo "$toc"; exit 1; }
echo "PASS: README.md's make help block is the Makefile's ($(wc -l <<<"$want") lines); ${toc#PASS: }"
