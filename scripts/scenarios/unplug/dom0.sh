# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/domu-unplug.sh (the host puts LINES
# and VCPUS in front).  Serves the domU's console 1 with a backend that
# never consumes, unplugs it (xencons-ctl serve ... stall, SIGUSR1) once
# the guest's writer is blocked, then adds console 1 again, served, and
# checks the LINES lines the guest writes to it.
xs() {
	echo "/local/domain/$dom/data/$1"
}

stuck() {
	xl list
	sed 's/^/serve| /' /tmp/serve*.err 2>/dev/null
	tail -n 40 "$(guest_log domu)" | tr -d '\r' | sed 's/^/domU-log| /'
	exit 1
}

start_toolstack || exit 1
# PVH: the debug kernel's arguments (pvh_debug_args in dom0-lib.sh).
pv_cfg domu "$([ "$DOMU_TYPE" = pvh ] && pvh_debug_args)"
sed -i "s/^vcpus = .*/vcpus = $VCPUS/" /etc/xen/domu.cfg
# dom0 on pCPU 0, the domU on pCPU 1 (see domu-smp.sh).
xl vcpu-pin Domain-0 0 0
echo "cpus = '1'" >>/etc/xen/domu.cfg
xl create /etc/xen/domu.cfg || exit 1
dom=$(xl domid domu)
echo DOM0-DOMU-CREATED
wait_xs "$(xs unplug-ready)" 100 || stuck
xencons-ctl "$dom" serve 1 stall </dev/null >/dev/null 2>/tmp/serve1.err &
serve=$!
wait_xs "$(xs unplug-blocked)" 90 || stuck
echo "EVIDENCE-BLOCKED $(xenstore-read "$(xs unplug-blocked)")"
xenstore-write "$(xs unplug-started)" 1
t0=$(ms_now)
kill -USR1 $serve
wait $serve
echo "EVIDENCE-UNPLUG backend exit $? after $(($(ms_now) - t0)) ms;" \
	"nodes: $(xenstore-exists /local/domain/$dom/device/console/1 2>/dev/null && echo left || echo removed)"
sed 's/^/serve| /' /tmp/serve1.err
wait_xs "$(xs unplug-gone)" 60 || stuck
echo "EVIDENCE-GUEST-UNPLUG $(xenstore-read "$(xs unplug-report)")"
xencons-ctl "$dom" serve 1 </dev/null >/tmp/hvc1.out 2>/tmp/serve2.err &
serve=$!
wait_xs "$(xs readd-written)" 120 || stuck
sleep 1
kill $serve
wait $serve
sed 's/^/serve| /' /tmp/serve2.err
wait_xs "$(xs unplug-checked)" 60 || stuck
echo "EVIDENCE-GUEST klog_bad=$(xenstore-read "$(xs unplug-klog-bad)")" \
	"first: $(xenstore-read "$(xs unplug-klog-first)")"
echo "UNPLUG-RESULT $(hvc_seq check "$LINES" /tmp/hvc1.out 2>/tmp/check.err)"
head -n 5 /tmp/check.err
xenstore-write "$(xs unplug-done)" 1
wait_domain_gone domu 120 || exit 1
relay_guest domu
