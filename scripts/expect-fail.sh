#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a scenario that must FAIL (a test of the test): succeed only if it
# failed with a verdict, not by crashing the harness.
. "$(dirname "$0")/lib.sh"
if "$@"; then
	echo "expected a FAIL verdict, but the scenario passed"
	exit 1
fi
echo "scenario failed as expected"
