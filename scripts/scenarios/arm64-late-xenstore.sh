#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# arm64 row 2: a dom0less domU with xen,enhanced = "enabled" boots while
# no xenstore exists yet.  It must reach userspace without a crash, and its
# kernel must say in one line that xenbus init waits for xenstore.  Then
# the host lets dom0 start xenstored and run init-dom0less: the domU's
# xenbus must connect (its kernel says so), proven by a node the domU
# writes itself (data/a64-token, a random token from the host) that dom0
# reads back.
. "$(dirname "$0")/../arm64/lib.sh"

a64_scenario arm64-late-xenstore
token="a64-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
DEFER='xenbus: xenstore not ready yet: xenbus init deferred until it appears'
READY='xenbus: xenstore is ready: xenbus connected'
domu_initramfs "
echo GUEST-WAITING-XENBUS
i=0
until dmesg | grep -q '$READY'; do
	i=\$((i + 1))
	[ \$i -le 1200 ] || { echo GUEST-TIMEOUT no xenbus after 600 s; exit 1; }
	sleep 0.5
done
echo GUEST-XENBUS-CONNECTED
timeout 30 xenstore-write data/a64-token $token || echo GUEST-XENSTORE-WRITE-FAILED
i=0
until timeout 5 xenstore-exists data/a64-done 2>/dev/null || [ \$i -ge 600 ]; do sleep 0.2; i=\$((i + 1)); done
"
a64_dom0_initramfs "$(dom0_part arm64/late-xenstore-dom0.sh)"
a64_boot vpl011,enhanced=enabled "console=ttyAMA0"
a64_boot_milestones
milestone 'GUEST-WAITING-XENBUS' 120 "the domU waiting for xenbus"
# Give the domU time to go wrong while nothing serves it.
sleep 5
n=$(grep -c "DOM1: .*$DEFER" "$SERIAL" || true)
[ "$n" = 1 ] || fail "want exactly one line '$DEFER' from the domU before xenstore exists, got $n"
defer_line=$(grep -m1 -o "$DEFER.*" "$SERIAL")
type_serial a64-xenstore
milestone 'DOM0-INIT-DOM0LESS rc=' 120 "init-dom0less"
expect_line 'DOM0-INIT-DOM0LESS rc=0' "init-dom0less failed"
milestone "DOM0-READ-TOKEN|DOM0-TIMEOUT" 180 "dom0 reading the domU's node"
milestone 'GUEST-DONE' 120 "the domU's end"
a64_end
expect_line "DOM1: .*$READY" "the domU's kernel did not say that xenbus connected"
# Order: deferred before xenstore existed, connected after init-dom0less.
t_defer=$(grep -m1 "$DEFER" "$SERIAL" | cut -c2-8)
t_init=$(grep -m1 'DOM0-INIT-DOM0LESS-START' "$SERIAL" | cut -c2-8)
t_ready=$(grep -m1 "$READY" "$SERIAL" | cut -c2-8)
awk -v a="$t_defer" -v b="$t_init" -v c="$t_ready" 'BEGIN { exit !(a < b && b <= c) }' ||
	fail "wrong order: deferred at $t_defer s, init-dom0less at $t_init s, connected at $t_ready s"
expect_line "DOM0-READ-TOKEN $token\$" "dom0 did not read the token the domU wrote ($token)"
pass "dom0 read data/a64-token=$token written by the domU; kernel: '$defer_line' (${t_defer}s), then '$READY' (${t_ready}s, init-dom0less ${t_init}s)"
