#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 2 ("make check"): every test.  Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
#   CHECK_SKIP="name ..."   leave named tests out (e.g. kunit) when iterating
. "$(dirname "$0")/lib.sh"

passed=0
failed=0
results=()
rm -f "$LOGS/stage-times.txt"

# test NAME CMD...: one test, counted.
t() {
	local name=$1
	shift
	case " ${CHECK_SKIP:-} " in *" $name "*)
		echo "==> $name: skipped (CHECK_SKIP)"
		return 0 ;;
	esac
	if stage "$name" "$@"; then
		passed=$((passed + 1))
		results+=("PASS $name")
	else
		failed=$((failed + 1))
		results+=("FAIL $name (log: $(stage_log "$name"))")
	fi
}

summary() {
	echo
	echo "==> results"
	printf '    %s\n' "${results[@]}"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# Set-up: a failure here fails the run (nothing after it can be trusted).
setup() {
	if ! stage "$@"; then
		failed=$((failed + 1))
		results+=("FAIL set-up: $1")
		summary
		exit 1
	fi
}
setup "host packages (apt)" "$ROOT/scripts/deps.sh"
setup "base tree + patch series" "$ROOT/scripts/base-tree.sh"
setup "Xen 4.17 from Debian (apt-get download)" "$ROOT/scripts/xen-fetch.sh"
setup "kernel build (x86_64)" "$ROOT/scripts/kbuild.sh" frontend
setup "kernel build (x86_64, no HVC_XEN_FRONTEND)" "$ROOT/scripts/kbuild.sh" nofrontend

t checkpatch "$ROOT/scripts/static-checks.sh" checkpatch
t kernel-doc "$ROOT/scripts/static-checks.sh" kernel-doc
t sparse-w1 "$ROOT/scripts/static-checks.sh" sparse
t series "$ROOT/scripts/series.sh"
t kunit "$ROOT/scripts/kunit.sh"
t dom0-pv-console "$ROOT/scripts/scenarios/dom0-console.sh"
t dom0-pvh-console env DOM0_MODE=pvh "$ROOT/scripts/scenarios/dom0-console.sh"
t smoke-pv-domu "$ROOT/scripts/scenarios/pv-domu-smoke.sh"
t input-pv-domu "$ROOT/scripts/scenarios/pv-domu-input.sh"
t nofrontend-pv-domu "$ROOT/scripts/scenarios/pv-domu-nofrontend.sh"
t unserviced-ring "$ROOT/scripts/scenarios/pv-domu-unserviced.sh"
t disconnected-flag "$ROOT/scripts/scenarios/pv-domu-disconnected.sh"
t smoke-pvh-domu "$ROOT/scripts/scenarios/pvh-domu-smoke.sh"
t disconnected-flag-pvh env DOMU_TYPE=pvh SCENARIO=pvh-domu-disconnected \
	"$ROOT/scripts/scenarios/pv-domu-disconnected.sh"
# The smoke test must go red when the guest drops lines: run it with a
# writer that stops one line short and expect FAIL.
t smoke-detects-loss env GUEST_LINES=1999 SCENARIO=pv-domu-smoke-loss "$ROOT/scripts/expect-fail.sh" \
	'good=1999 .*missing=1 ' "$ROOT/scripts/scenarios/pv-domu-smoke.sh"
summary
