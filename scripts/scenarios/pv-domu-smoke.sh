#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke test: a PV domU writes LINES numbered, CRC32-carrying lines to
# /dev/hvc0; dom0 checks that xenconsoled's log holds every one of them, in
# order, intact.  Passes only on the exact summary line the host computes
# independently (hvc_seq expect).
#
#   LINES=N         lines to write (default 2000)
#   GUEST_LINES=N   lines the guest really writes (default LINES; a smaller
#                   number shows that the test goes red on lost lines)
. "$(dirname "$0")/../xenboot.sh"

scenario "${SCENARIO:-pv-domu-smoke}"
pv_domu_stream SMOKE
expect_line 'domU\| GATE-XENBUS-CONSOLE-DRIVER present' "no xenbus console driver with HVC_XEN_FRONTEND"
pass "$RESULT"
