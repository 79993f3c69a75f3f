#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Disconnected flag (a hyperlaunch-style backend on Debian's Xen 4.17):
# the domU is created paused, dom0 sets the ring's connection byte to
# DISCONNECTED (1) with xencons-ctl and unpauses it.  The guest boots and
# writes LINES numbered lines, then says so in xenstore.  Passes only if
#  - out_prod never moved while the flag said disconnected (no byte entered
#    the ring, nothing was filled), sampled twice 2 s apart;
#  - after dom0 sets CONNECTED (0), the last line reaches xenconsoled's log
#    within FLUSH_MS (default 1000) with no further guest write;
#  - xenconsoled's log holds lines 1..LINES in order, intact.
# Debian's x86 Xen refuses CONSOLEIO_write to xl-created domUs, so the lines
# can only come from the guest's hold buffer.
. "$(dirname "$0")/../xenboot.sh"

LINES=${LINES:-200}
FLUSH_MS=${FLUSH_MS:-1000}
scenario "${SCENARIO:-pv-domu-disconnected}"
domu_initramfs "$(held_stream "$LINES")"
dom0_initramfs "$(dom0_part disconnected/dom0.sh LINES)"

xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'EVIDENCE-DISCONNECTED-2' 240 "guest done writing while disconnected"
milestone 'ROW9-RESULT' 180 "stream checked by dom0"
wait_exit 30

grep -E 'EVIDENCE-|domU-log' "$SERIAL" | sed 's/^/    /'
for k in 1 2; do
	grep -Eq "EVIDENCE-DISCONNECTED-$k XENCONS dom=[0-9]+ out_cons=0 out_prod=0 .*connection=1" "$SERIAL" ||
		fail "bytes entered the ring while it was disconnected (sample $k)"
done
expect_flush "$FLUSH_MS" "the flag said connected" ROW9
expect_result ROW9 "$LINES"
pass "$RESULT; ring untouched while disconnected; flushed in $FLUSH_MS_SEEN ms"
