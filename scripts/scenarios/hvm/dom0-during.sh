# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/hvm-domu-smoke.sh while the domU runs
# (pv_domu_stream's DOM0_DURING): writes device/console/0 as another
# toolstack would, unpauses the domU and reports what the guest left there.
dom=$(xl domid domu)
fe=/local/domain/$dom/device/console/0
be=/local/domain/0/backend/console/$dom/0
xenstore-write $fe/backend $be $fe/backend-id 0 $fe/state 1 $fe/protocol x86_64-abi \
	$be/frontend $fe $be/frontend-id $dom $be/state 1
xenstore-chmod -r $fe n$dom r0
xenstore-chmod -r $be n0 r$dom
xl unpause domu
wait_xs /local/domain/$dom/data/probe-ready 240 &&
xenstore-ls -f /local/domain/$dom/device/console | sed "s/^/EVIDENCE-XS /"
echo "EVIDENCE-CONSOLE0-STATE $(xenstore-read $fe/state 2>&1)"
xenstore-write /local/domain/$dom/data/probe-done 1
