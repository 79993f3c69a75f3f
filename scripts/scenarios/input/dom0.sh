# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-input.sh: types TOKEN into the
# domU's console pty.
# The host puts TOKEN in front.
start_toolstack || exit 1
pv_cfg domu
xl create /etc/xen/domu.cfg || exit 1
dom=$(xl domid domu)
echo DOM0-DOMU-CREATED
wait_xs /local/domain/$dom/data/input-ready 240 || exit 1
tty=$(xenstore-read /local/domain/$dom/console/tty)
echo "DOM0-TYPING into $tty"
sleep 0.5
printf '%s\r' "$TOKEN" >"$tty"
wait_domain_gone domu 120 || exit 1
sleep 1
relay_guest domu
