#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Row 6: a secondary console.  An xl channel gives the PV domU
# device/console/1 (backend: QEMU, which libxl starts as the domain's
# device model); our xenbus frontend turns it into /dev/hvc1.  Both ways:
# the guest writes LINES numbered lines to /dev/hvc1, which dom0 reads from
# the channel's pty and checks; dom0 types a random token into the pty,
# which the guest reads from /dev/hvc1 and reports on hvc0.
# Debian's xl 4.17 gives the first channel devid 0 and drops it: dom0 then
# builds the domain again with a dummy channel first (channel/dom0.sh).
. "$(dirname "$0")/../xenboot.sh"

# The stream goes over console/1, whose ring QEMU serves: the primary
# ring's check (expect_ring_settled) does not apply.
RING_CHECK=0
scenario pv-domu-channel
DOM0_DM=1
LINES=${LINES:-500}
token="chan-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
domu_initramfs "LINES=$LINES
$(cat "$ROOT/scripts/scenarios/channel/guest.sh")"
dom0_initramfs "LINES=$LINES
TOKEN=$token
$(cat "$ROOT/scripts/scenarios/channel/dom0.sh")"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 90 "domU creation"
milestone 'CHANNEL-RESULT' 300 "hvc1 stream checked by dom0"
wait_exit 30
grep -E 'EVIDENCE-|domU\||domU-log\||xs\|' "$SERIAL" | sed 's/^/    /'
expect_line 'EVIDENCE-CHANNEL console/1 name=org.example.hvc1 tty=/dev/pts/' \
	"the channel is not device/console/1 with a pty"
expect_line 'domU\| GATE-HVC1-DEVICE /sys/bus/xen/devices/console-1' "no xenbus console-1 in the guest"
expect_line 'domU\| GATE-HVC1-STATE 4' "console/1 is not Connected"
expect_result CHANNEL "$LINES"
expect_line "domU\\| GUEST-HVC1-INPUT $token\$" "the token typed into the channel pty did not reach /dev/hvc1"
pass "$RESULT; input token $token read from /dev/hvc1"
