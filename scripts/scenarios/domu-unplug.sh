#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hot unplug of a secondary console while it is written and read (issue
# 12): a domU (DOMU_TYPE pvh, the default, on the debug kernel with
# lockdep; pv on the x86_64 kernel, see domu-smp.sh) with VCPUS (2)
# vCPUs gets device/console/1 from "xencons-ctl serve 1 stall", a backend
# that never consumes.  A writer fills /dev/hvc1 until it sits in write()
# (ring and hold buffer full: a secondary console pushes back instead of
# dropping), a reader waits in read().  dom0 then unplugs console 1 as a
# toolstack does: Closing, the frontend's Closed, Closed, the nodes
# removed.  Passes only if the writer gets an error and the reader ends
# within 20 s, console-1 disappears and /dev/hvc1 refuses to open, a
# console 1 added again afterwards carries LINES numbered lines intact,
# and the guest's kernel log has no lockdep report, lockup, BUG, WARNING
# or oops.
UNPLUG_DOMU_KERNEL=${DOMU_KERNEL:-}
. "$(dirname "$0")/../xenboot.sh"

export DOMU_TYPE=${DOMU_TYPE:-pvh}
VCPUS=${VCPUS:-2}
LINES=${LINES:-200}
if [ "$DOMU_TYPE" = pv ]; then
	DOMU_KERNEL=${UNPLUG_DOMU_KERNEL:-$KIMAGE}
	NOTE="; PV: no lockdep (see domu-smp.sh)"
else
	DOMU_KERNEL=${UNPLUG_DOMU_KERNEL:-$IMAGES/bzImage-debug}
fi
[ -f "$DOMU_KERNEL" ] || die "no debug kernel $DOMU_KERNEL: run scripts/kbuild.sh debug"
# The stream goes over console/1, whose ring QEMU serves: the primary
# ring's check (expect_ring_settled) does not apply.
RING_CHECK=0
scenario "${SCENARIO:-$DOMU_TYPE-domu-unplug}"
domu_initramfs "LINES=$LINES
$(cat "$ROOT/scripts/scenarios/unplug/guest.sh")"
dom0_initramfs "LINES=$LINES
VCPUS=$VCPUS
$(cat "$ROOT/scripts/scenarios/unplug/dom0.sh")"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-BLOCKED' 200 "a writer blocked on the full /dev/hvc1"
milestone 'EVIDENCE-GUEST-UNPLUG' 120 "the guest's report of the unplug"
milestone 'UNPLUG-RESULT' 240 "the stream on the console added again"
wait_exit 60

grep -E 'EVIDENCE-|serve\||domU-log|domU\||hvc_seq:' "$SERIAL" | sed 's/^/    /'
report=$(grep -Eo 'EVIDENCE-GUEST-UNPLUG .*' "$SERIAL" | head -1)
RESULT=$(grep -Eo 'UNPLUG-RESULT .*' "$SERIAL" | head -1)
klog=$(grep -Eo 'EVIDENCE-GUEST klog.*' "$SERIAL" | head -1)
expect_line 'EVIDENCE-BLOCKED writer in write\(\) for 3 s' "the writer never blocked on /dev/hvc1"
expect_line 'serve\| XENCONS backend: stalled, ring full' "the ring never filled"
expect_line 'serve\| XENCONS backend: unplug: frontend state 6 ' "the frontend did not close within 10 s"
echo "$report" | grep -qE 'writer: exit [1-9][0-9]* after [0-9]+ ms: .*(I/O error|error)' ||
	fail "the blocked writer got no error in bounded time: ${report:-no report}"
echo "$report" | grep -qE 'reader: exit [0-9]+' ||
	fail "the reader did not end: $report"
echo "$report" | grep -q 'console-1: gone; /dev/hvc1 refused' ||
	fail "console 1 is not gone after the unplug: $report"
expect_result UNPLUG "$LINES"
echo "$klog" | grep -q 'klog_bad=0 ' ||
	fail "the guest's kernel complained: ${klog:-no report}"
wms=$(echo "$report" | grep -Eo 'writer: exit [0-9]+ after [0-9]+ ms' | grep -Eo '[0-9]+ ms')
pass "writer got an error ${wms} after the unplug, reader ended, console-1 gone; console 1 added again: $RESULT${NOTE:-}"
