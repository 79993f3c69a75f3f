# SPDX-License-Identifier: GPL-2.0
# The domU's part of scripts/scenarios/pv-domu-channel.sh (the host puts
# LINES in front): waits for /dev/hvc1, writes LINES numbered lines to it
# when dom0 listens, then reads one line of input from it.
dmesg -n 1
i=0
until echo -n 2>/dev/null >/dev/hvc1 || [ $i -ge 150 ]; do sleep 0.2; i=$((i + 1)); done
echo "GATE-HVC1-DEVICE $(ls -d /sys/bus/xen/devices/console-1 2>/dev/null || echo none)"
echo "GATE-HVC1-STATE $(xenstore-read device/console/1/state 2>/dev/null)"
stty -F /dev/hvc1 -echo 2>/dev/null
xenstore-write data/hvc1-ready 1
until xenstore-exists data/hvc1-go 2>/dev/null || [ $i -ge 600 ]; do sleep 0.2; i=$((i + 1)); done
hvc_seq write "$LINES" /dev/hvc1
xenstore-write data/hvc1-written 1
if read -t 60 -r line </dev/hvc1; then echo "GUEST-HVC1-INPUT $line"; else echo GUEST-HVC1-INPUT-TIMEOUT; fi
dmesg | grep -E 'hvc_xen|xenbus|xenconsole|console-1' | sed 's/^/GUEST-DMESG /'
