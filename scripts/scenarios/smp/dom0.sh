# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/domu-smp.sh (the host puts MODE, VCPUS,
# SPECS, TAG and UNSERVICED_S in front).  Creates the domU paused with
# VCPUS vCPUs, sets up MODE, lets the guest's writers go, then checks
# xenconsoled's log.
xs() {
	echo "/local/domain/$dom/data/$1"
}

# The guest's console log and state, when it does not get where it should.
stuck() {
	xl list
	tail -n 40 "$(guest_log domu)" | tr -d '\r' | sed 's/^/domU-log| /'
	exit 1
}

start_toolstack || exit 1
# PVH: the debug kernel's arguments (pvh_debug_args, see domu-smp.sh).
args='printk.devkmsg=on'
[ "$DOMU_TYPE" = pvh ] && args="$args $(pvh_debug_args)"
pv_cfg domu "$args"
sed -i "s/^vcpus = .*/vcpus = $VCPUS/" /etc/xen/domu.cfg
if [ "${PIN:-1}" = 1 ]; then
	# dom0 on pCPU 0, the domU's vCPUs on pCPU 1 (see domu-smp.sh).
	xl vcpu-pin Domain-0 0 0
	echo "cpus = '1'" >>/etc/xen/domu.cfg
fi
if [ "$MODE" = nobackend ]; then
	dom=$(create_without_backend domu) || exit 1
	echo "EVIDENCE-BUILT $(xencons-ctl "$dom" show)"
else
	xl create -p /etc/xen/domu.cfg || exit 1
	dom=$(xl domid domu)
fi
case "$MODE" in
unserviced) stop_xenconsoled ;;
disconnected) echo "EVIDENCE-FLAG-SET $(xencons-ctl "$dom" flag 1)" ;;
esac
xl unpause domu
echo DOM0-DOMU-CREATED
wait_xs "$(xs smp-ready)" 100 || stuck
echo "EVIDENCE-READY cpus=$(xenstore-read "$(xs smp-cpus)") $(xencons-ctl "$dom" show)"
case "$MODE" in
serviced)
	xenstore-write "$(xs smp-go)" 1
	;;
unserviced | disconnected | nobackend)
	xenstore-write "$(xs smp-go)" 1
	sleep "$UNSERVICED_S"
	echo "EVIDENCE-HELD $(xencons-ctl "$dom" show)"
	if [ "$MODE" != disconnected ]; then
		start_xenconsoled
		echo "EVIDENCE-AFTER-BACKEND $(connected_ring "$dom")"
	else
		xencons-ctl "$dom" flag 0 >/dev/null
	fi
	;;
flap)
	# The flag flips every 1 ms for 10 s while dom0 also sends events as
	# fast as it can; the writers start once both run.
	xencons-ctl "$dom" flap 1000 10 >/tmp/flap.out 2>&1 &
	flap=$!
	timeout 10 xencons-ctl "$dom" notify 1000000000 0 >/dev/null 2>/tmp/storm.err &
	storm=$!
	sleep 0.5
	xenstore-write "$(xs smp-go)" 1
	wait $flap $storm
	echo "EVIDENCE-FLAP $(tr '\n' ' ' </tmp/flap.out) storm: $(head -c 100 /tmp/storm.err)"
	;;
save)
	xenstore-write "$(xs smp-go)" 1
	sleep "$SAVE_AFTER_S"
	save_restore domu 'echo "EVIDENCE-SAVED after $SAVE_AFTER_S s of streams, in $save_ms ms"' || exit 1
	echo "EVIDENCE-RESTORED dom=$dom"
	;;
esac
wait_xs "$(xs hvcseq-written)" 300 || stuck
echo "EVIDENCE-GUEST maxblock_us=$(xenstore-read "$(xs smp-maxblock-us)")" \
	"klog_bad=$(xenstore-read "$(xs smp-klog-bad)")" \
	"first: $(xenstore-read "$(xs smp-klog-first)")"
echo "EVIDENCE-WRITER-ERRORS $(xenstore-read "$(xs smp-writer-errors)")"
echo "EVIDENCE-END-MS $(wait_text domu @@HVCSEQ-END@@ 10000)"
release_stream "$dom"
wait_domain_gone domu 120 || exit 1
sleep 1
# shellcheck disable=SC2086
echo "$TAG-RESULT $(hvc_seq mcheck "$(guest_log domu)" $SPECS 2>/tmp/check.err)"
head -n 5 /tmp/check.err
relay_guest domu
grep -a 'hvc_xen' "$(guest_log domu)" | tr -d '\r' | head -n 8 | sed 's/^/domU-log| /'
