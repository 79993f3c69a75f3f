# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/dom0-console.sh: LINES numbered lines on
# dom0's own hvc0, then one line of serial input.
# The host puts LINES in front.
echo "GATE-DOM0-TYPE $(cat /sys/hypervisor/guest_type 2>/dev/null)"
dmesg -n 1
hvc_seq write $LINES /dev/hvc0
echo DOM0-READY-FOR-INPUT
if read -t 60 -r line </dev/hvc0; then echo "DOM0-INPUT <$line>"; else echo DOM0-INPUT-TIMEOUT; fi
