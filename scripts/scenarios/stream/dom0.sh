# SPDX-License-Identifier: GPL-2.0
# dom0's part of pv_domu_stream (scripts/xenboot.sh; the host puts TAG,
# LINES, DOMU_EXTRA, DOMU_PAUSED, DOM0_DURING and DOM0_POST in front):
# creates the domU, runs DOM0_DURING, waits for the domU to end, checks
# LINES numbered lines in xenconsoled's log, then runs DOM0_POST.
start_toolstack || exit 1
pv_cfg domu "$DOMU_EXTRA"
xl create ${DOMU_PAUSED:+-p} /etc/xen/domu.cfg || exit 1
echo DOM0-DOMU-CREATED
eval "$DOM0_DURING"
wait_domain_gone domu 240 || exit 1
sleep 1
echo "$TAG-RESULT $(hvc_seq check "$LINES" "$(guest_log domu)" 2>/tmp/check.err)"
head -n 5 /tmp/check.err
relay_guest domu
eval "$DOM0_POST"
