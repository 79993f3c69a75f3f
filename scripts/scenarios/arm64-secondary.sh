#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# arm64 row 4: a secondary xenbus console for a dom0less domU, created
# after its xenbus connected late (init-dom0less).  dom0 runs
# "xencons-ctl 1 serve 1", which writes the device/console/1 frontend and
# backend nodes, waits for the frontend's ring-ref and port, maps the
# grant, binds the event channel and switches to Connected.  The console
# must appear in the domU as /dev/hvc1 and carry data both ways: LINES
# numbered lines out (checked by dom0 on what the tool relayed, compared
# with the host's own digest), a random token in (the domU prints what it
# read from /dev/hvc1 on its vpl011 console).
. "$(dirname "$0")/../arm64/lib.sh"

LINES=${LINES:-500}
a64_scenario arm64-secondary
token="a64-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
domu_initramfs "
i=0
until timeout 5 xenstore-write data/a64-ready 1 2>/dev/null; do
	i=\$((i + 1))
	[ \$i -le 120 ] || { echo GUEST-TIMEOUT no xenstore; exit 1; }
	sleep 1
done
echo GUEST-XENBUS-CONNECTED
i=0
until echo -n 2>/dev/null >/dev/hvc1; do
	i=\$((i + 1))
	[ \$i -le 600 ] || { echo GUEST-TIMEOUT no /dev/hvc1; exit 1; }
	sleep 0.2
done
echo \"GUEST-HVC1 opens after \$i polls\"
exec 3<>/dev/hvc1
stty -F /dev/hvc1 -echo 2>/dev/null
hvc_seq write $LINES /dev/hvc1
echo GUEST-HVC1-READY >&3
if read -t 60 -r line <&3; then echo \"GUEST-HVC1-INPUT <\$line>\"; else echo GUEST-HVC1-INPUT-TIMEOUT; fi
exec 3>&-
xenstore-write data/a64-hvc1-done 1
i=0
until timeout 5 xenstore-exists data/a64-done 2>/dev/null || [ \$i -ge 600 ]; do sleep 0.2; i=\$((i + 1)); done
"
a64_dom0_initramfs "$(dom0_part arm64/secondary-dom0.sh token LINES)"
a64_boot vpl011,enhanced=enabled "console=ttyAMA0"
a64_boot_milestones
milestone 'A64HVC1-RESULT' 300 "dom0's check of the hvc1 stream"
milestone 'GUEST-DONE' 120 "the domU's end"
a64_end
expect_line 'serve\| XENCONS backend: connected' "the backend never connected"
want="A64HVC1-RESULT $(host_seq expect "$LINES")"
RESULT=$(grep -Eo 'A64HVC1-RESULT .*' "$SERIAL" | head -n 1)
echo "    expected: $want"
echo "    got:      $RESULT"
[ "$RESULT" = "$want" ] || fail "the hvc1 stream relayed by the backend does not hold lines 1..$LINES intact: $RESULT"
expect_line "DOM1: GUEST-HVC1-INPUT <$token>" "the token typed into the backend did not come out of the domU's /dev/hvc1"
pass "$RESULT; token $token went dom0 -> /dev/hvc1"
