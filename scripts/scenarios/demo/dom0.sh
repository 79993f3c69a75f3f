# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-demo.sh ("make"): the demo
# domU with its console attached to this terminal.
start_toolstack || exit 1
pv_cfg demo
echo DOM0-DOMU-CREATED
xl create -c /etc/xen/demo.cfg </dev/null
wait_domain_gone demo 120 || exit 1
echo "DEMO-RESULT $(hvc_seq check 10 $(guest_log demo))"
