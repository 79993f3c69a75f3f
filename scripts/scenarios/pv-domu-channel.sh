#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Row 6: a secondary console.  An xl channel gives the PV domU
# device/console/1 (backend: QEMU, which libxl starts as the domain's
# device model); our xenbus frontend turns it into /dev/hvc1.  Both ways:
# the guest writes LINES numbered lines to /dev/hvc1, which dom0 reads from
# the channel's pty and checks; dom0 types a random token into the pty,
# which the guest reads from /dev/hvc1 and reports on hvc0.
# Debian's xl 4.17 gives the first channel devid 0 and drops it, so a dummy
# channel comes first.
. "$(dirname "$0")/../xenboot.sh"

scenario pv-domu-channel
DOM0_DM=1
LINES=${LINES:-500}
token="chan-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
domu_initramfs "
dmesg -n 1
i=0
until echo -n 2>/dev/null >/dev/hvc1 || [ \$i -ge 150 ]; do sleep 0.2; i=\$((i + 1)); done
echo \"GATE-HVC1-DEVICE \$(ls -d /sys/bus/xen/devices/console-1 2>/dev/null || echo none)\"
echo \"GATE-HVC1-STATE \$(xenstore-read device/console/1/state 2>/dev/null)\"
stty -F /dev/hvc1 -echo 2>/dev/null
xenstore-write data/hvc1-ready 1
until xenstore-exists data/hvc1-go 2>/dev/null || [ \$i -ge 600 ]; do sleep 0.2; i=\$((i + 1)); done
hvc_seq write $LINES /dev/hvc1
xenstore-write data/hvc1-written 1
if read -t 60 -r line </dev/hvc1; then echo \"GUEST-HVC1-INPUT \$line\"; else echo GUEST-HVC1-INPUT-TIMEOUT; fi
dmesg | grep -E 'hvc_xen|xenbus|xenconsole|console-1' | sed 's/^/GUEST-DMESG /'
"
dom0_initramfs "
start_toolstack || exit 1
pv_cfg domu
echo \"channel = [ 'name=org.example.dummy,connection=pty', 'name=org.example.hvc1,connection=pty' ]\" >>/etc/xen/domu.cfg
xl create /etc/xen/domu.cfg || exit 1
dom=\$(xl domid domu)
echo DOM0-DOMU-CREATED
wait_xs /local/domain/\$dom/data/hvc1-ready 240 || exit 1
tty=\$(xenstore-read /local/domain/\$dom/device/console/1/tty)
echo \"EVIDENCE-CHANNEL console/1 name=\$(xenstore-read /local/domain/\$dom/device/console/1/name) tty=\$tty\"
xenstore-ls -f /local/domain/\$dom/device/console 2>/dev/null | head -n 20 | sed 's/^/xs| /'
stty -F \"\$tty\" raw -echo
cat \"\$tty\" >/tmp/hvc1.out &
catpid=\$!
xenstore-write /local/domain/\$dom/data/hvc1-go 1
wait_xs /local/domain/\$dom/data/hvc1-written 120 || exit 1
sleep 1
printf '%s\\r' '$token' >\"\$tty\"
wait_domain_gone domu 120 || exit 1
kill \$catpid
echo \"CHANNEL-RESULT \$(hvc_seq check $LINES /tmp/hvc1.out 2>/tmp/check.err)\"
head -n 5 /tmp/check.err
relay_guest domu
# The guest's boot log about its xenbus devices (before dmesg -n 1), for a
# guest that never got console-1.
grep -a -E 'xenbus|xenconsole|console-1|hvc_xen' \$(guest_log domu) | tr -d '\\r' | head -n 10 | sed 's/^/domU-log| /'
"

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
