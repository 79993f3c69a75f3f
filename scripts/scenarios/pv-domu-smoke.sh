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

LINES=${LINES:-2000}
GUEST_LINES=${GUEST_LINES:-$LINES}
scenario pv-domu-smoke

domu_initramfs "
dmesg -n 1
echo SMOKE-GUEST-START
hvc_seq write $GUEST_LINES /dev/hvc0
"

dom0_initramfs "
start_toolstack || exit 1
cat >/etc/xen/domu.cfg <<CFG
name = 'domu'
type = 'pv'
kernel = '/boot/domU-bzImage'
ramdisk = '/boot/domU.cpio.gz'
extra = 'console=hvc0 earlyprintk=xen'
memory = 256
vcpus = 1
on_poweroff = 'destroy'
on_crash = 'preserve'
CFG
xl create /etc/xen/domu.cfg || exit 1
echo DOM0-DOMU-CREATED
wait_domain_gone domu 240 || exit 1
sleep 1
echo \"SMOKE-RESULT \$(hvc_seq check $LINES \$(guest_log domu) 2>/tmp/check.err)\"
head -n 5 /tmp/check.err
grep -c . \$(guest_log domu) | sed 's/^/SMOKE-LOG-LINES /'
"

want="SMOKE-RESULT $("$(guest_tools)/hvc_seq" expect "$LINES")"
xen_boot
milestone '\(XEN\) Xen version 4\.17' 60 "Xen banner"
milestone 'DOM0-USERSPACE' 120 "dom0 userspace"
milestone 'DOM0-XENCONSOLED-UP' 60 "toolstack"
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'SMOKE-RESULT' 300 "domU stream checked by dom0"
wait_exit 30
got=$(grep -Eo 'SMOKE-RESULT .*' "$SERIAL" | head -1)
echo "    expected: $want"
echo "    got:      $got"
[ "$got" = "$want" ] || fail "xenconsoled log does not hold lines 1..$LINES intact: $got"
pass "$got"
