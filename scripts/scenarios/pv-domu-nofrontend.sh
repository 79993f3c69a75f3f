#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A domU kernel built without CONFIG_HVC_XEN_FRONTEND: the primary console
# carries every numbered line, no xenbus console driver is registered and
# /dev/hvc1 does not open.
. "$(dirname "$0")/../xenboot.sh"

DOMU_KERNEL=${DOMU_KERNEL_NOFRONTEND:-$IMAGES/bzImage-nofrontend}
[ -f "$DOMU_KERNEL" ] || die "no kernel at $DOMU_KERNEL: run KERNEL=$KERNEL scripts/kbuild.sh nofrontend"
scenario pv-domu-nofrontend
LINES=${LINES:-500}
pv_domu_stream NOFRONT
expect_line 'domU\| GATE-XENBUS-CONSOLE-DRIVER absent' "a xenbus console driver is registered without HVC_XEN_FRONTEND"
expect_line 'domU\| GATE-HVC1 refuses' "/dev/hvc1 opened without HVC_XEN_FRONTEND"
pass "$RESULT; no xenbus console driver; /dev/hvc1 refuses"
