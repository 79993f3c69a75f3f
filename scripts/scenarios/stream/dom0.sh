# SPDX-License-Identifier: GPL-2.0
# dom0's part of pv_domu_stream (scripts/xenboot.sh; the host puts TAG,
# LINES, DOMU_EXTRA, DOMU_PAUSED, DOM0_DURING, DOM0_POST and RING_PLANT in
# front):
# creates the domU, runs DOM0_DURING, checks that the ring settles once the
# guest's lines are in the log, waits for the domU to end, checks LINES
# numbered lines in xenconsoled's log, then runs DOM0_POST.
start_toolstack || exit 1
pv_cfg domu "$DOMU_EXTRA"
xl create ${DOMU_PAUSED:+-p} /etc/xen/domu.cfg || exit 1
echo DOM0-DOMU-CREATED
eval "$DOM0_DURING"
dom=$(xl domid domu)
# The guest says how many lines it wrote and waits; once the last is in
# the log, the ring must settle before it goes on.
wait_xs /local/domain/"$dom"/data/hvcseq-written 240 || exit 1
wait_line domu "$(xenstore-read /local/domain/"$dom"/data/hvcseq-written)" 30000 >/dev/null
release_stream "$dom"
wait_domain_gone domu 240 || exit 1
sleep 1
echo "$TAG-RESULT $(hvc_seq check "$LINES" "$(guest_log domu)" 2>/tmp/check.err)"
head -n 5 /tmp/check.err
relay_guest domu
eval "$DOM0_POST"
