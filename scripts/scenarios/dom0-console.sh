#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dom0's console: no ring, CONSOLEIO_write out and VIRQ_CONSOLE +
# CONSOLEIO_read in.  dom0 userspace writes LINES numbered lines to
# /dev/hvc0; the host checks them on the Xen serial log itself, without
# Xen's own messages that land inside one of dom0's lines
# (scripts/xen-serial.py).  Then a
# random token typed on the serial line must come back from dom0's
# /dev/hvc0, and dom0 reports which mode it runs in.
#   DOM0_MODE=pvh   the same with a PVH dom0 (dom0=pvh, QEMU amd-iommu)
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-500}
if [ "${DOM0_MODE:-pv}" = pvh ]; then
	XEN_CMDLINE="$XEN_CMDLINE dom0=pvh"
	QEMU_EXTRA="${QEMU_EXTRA:-} -device amd-iommu"
	scenario dom0-pvh-console
else
	scenario dom0-pv-console
fi
token="typed-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dom0_initramfs "$(dom0_part dom0-console/dom0.sh LINES)"
SERIAL_INPUT=1
xen_boot
milestone "$(xen_banner_re)" 60 "Xen $(xen_mm) banner"
milestone 'DOM0-USERSPACE' 120 "dom0 userspace"
milestone 'DOM0-READY-FOR-INPUT' 120 "dom0's numbered lines"
sleep 1
type_serial "$token"
milestone 'DOM0-INPUT' 60 "dom0's answer to typed input"
mode=$(echo "${DOM0_MODE:-pv}" | tr a-z A-Z)
expect_line "GATE-DOM0-TYPE $mode\$" "dom0 did not run as $mode"
wait_exit 30
want=$("$(guest_tools)/hvc_seq" expect "$LINES")
# dom0's stream on the serial line, without Xen's own messages inside it.
"$ROOT/scripts/xen-serial.py" dom0 "$SERIAL" >"$OUT/dom0-stream.txt" 2>"$OUT/xen-serial.err"
ignored=$(sed -n 's/^xen-serial: \([0-9]*\) Xen messages\{0,1\} inside.*/\1/p' "$OUT/xen-serial.err")
first=$(sed -n 's/^xen-serial: ignored: //p' "$OUT/xen-serial.err" | head -n 1)
got=$("$(guest_tools)/hvc_seq" check "$LINES" "$OUT/dom0-stream.txt" 2>"$OUT/check.err" || true)
echo "    expected: $want"
echo "    got:      $got"
[ "$got" = "$want" ] || fail "the Xen serial log does not hold dom0's lines 1..$LINES intact: $got"
expect_line "DOM0-INPUT <$token>" "the token typed on the serial line did not reach dom0's /dev/hvc0"
pass "$got; Xen messages inside dom0's lines, ignored: ${ignored:-?}${first:+ (first: $first)}; typed $token reached dom0's /dev/hvc0"
