#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 1 ("make"): install what is missing, build the patched
# kernel, fetch the Xen XEN selects (default: Debian 12's 4.17), boot it
# under QEMU and run a PV domU whose console is shown on this terminal.  One progress line per stage, with its time.
. "$(dirname "$0")/lib.sh"

rm -f "$BUILD/logs/stage-times.txt"
stage "host packages (apt)" "$ROOT/scripts/deps.sh"
stage "base tree + patch series" "$ROOT/scripts/base-tree.sh"
stage "kernel build (x86_64)" "$ROOT/scripts/kbuild.sh" frontend
stage "Xen ($XEN)" "$ROOT/scripts/xen-fetch.sh"
echo "==> boot: Xen $(xen_version) + our kernel as dom0, PV domU with its console attached"
t0=$(date +%s)
SHOW=${SHOW:-1} "$ROOT/scripts/scenarios/pv-domu-demo.sh"
echo "==> boot: done in $(($(date +%s) - t0)) s"
