# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/domu-panic.sh (the host puts LINES,
# DOMU_ARGS and BACKEND in front).  BACKEND=serviced: xenconsoled runs
# from the start.  BACKEND=late: the domU is built with no console backend,
# and xenconsoled starts once the domain has crashed (on_crash =
# "preserve" keeps it).  Either way dom0 waits for the crash, lets
# xenconsoled read what the ring holds, and prints xenconsoled's log from
# the sysrq line on, as "panic| " lines, with its numbered lines' check.
pv_cfg domu "$DOMU_ARGS"
if [ "$BACKEND" = late ]; then
	start_xenstore || exit 1
	dom=$(create_without_backend domu) || exit 1
	xl unpause domu
else
	start_toolstack || exit 1
	xl create /etc/xen/domu.cfg || exit 1
	dom=$(xl domid domu)
fi
echo DOM0-DOMU-CREATED
i=0
until xl list domu 2>/dev/null | awk 'NR == 2 { exit $5 ~ /c/ ? 0 : 1 }'; do
	i=$((i + 1))
	if [ $i -gt 600 ]; then
		echo "DOM0-TIMEOUT domain domu has not crashed after 120 s"
		xl list
		exit 1
	fi
	sleep 0.2
done
echo "EVIDENCE-CRASHED $(xl list domu | awk 'NR == 2 { print $5 }') $(xencons-ctl "$dom" show)"
if [ "$BACKEND" = late ]; then
	start_xenconsoled || exit 1
	echo "EVIDENCE-AFTER-BACKEND $(connected_ring "$dom")"
fi
# What the ring held when the domain crashed reaches the log once
# xenconsoled has read it: wait until the log stops growing.
log=$(guest_log domu)
last=-1
i=0
while [ $i -lt 50 ]; do
	n=$(wc -c <"$log" 2>/dev/null || echo 0)
	[ "$n" = "$last" ] && [ "$n" -gt 0 ] && break
	last=$n
	sleep 0.5
	i=$((i + 1))
done
echo "EVIDENCE-RING-AT-END $(xencons-ctl "$dom" show)"
tr -d '\r' <"$log" >/tmp/panic.log
echo "EVIDENCE-LOG bytes=$(wc -c </tmp/panic.log)"
[ "$LINES" -gt 0 ] &&
	echo "PANIC-RESULT $(hvc_seq check "$LINES" /tmp/panic.log 2>/tmp/check.err)"
head -n 5 /tmp/check.err 2>/dev/null
awk '/sysrq: Trigger a crash/ { on = 1 } on' /tmp/panic.log | sed 's/^/panic| /'
[ "$BACKEND" = late ] && sed 's/^/ring| /' /tmp/panic.log
echo "EVIDENCE-PANIC-END"
xl destroy domu
