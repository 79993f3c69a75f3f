#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# expect-fail.sh REGEX SCENARIO [ARGS]: a test of a test.  Succeeds only if
# the scenario FAILs with a verdict matching REGEX (so a crash, a timeout or
# a harness error is not taken for the expected failure).
. "$(dirname "$0")/lib.sh"
re=$1
shift
out=$("$@" 2>&1) && {
	echo "$out"
	echo "expected a FAIL verdict matching /$re/, but the scenario passed"
	exit 1
}
echo "$out"
verdict=$(echo "$out" | grep -E '^FAIL: ' | head -1)
if ! echo "$verdict" | grep -Eq -- "$re"; then
	echo "expected a FAIL verdict matching /$re/, got: ${verdict:-no verdict}"
	exit 1
fi
echo "failed as expected: $verdict"
