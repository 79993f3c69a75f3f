# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/domu-late-backend.sh (the host puts
# LINES, DOMU_ARGS, BACKEND and WRITTEN_S in front).  BACKEND=flag: builds the domU
# paused, marks its console DISCONNECTED before it runs, connects once the
# guest has written everything.  BACKEND=late: builds it with no console
# backend running and starts xenconsoled once the guest has written
# everything (or after WRITTEN_S, if it does not), saying how much CPU
# time the domU and dom0 used until then.  Then
# compares xenconsoled's log with the guest's own kernel log, and a loss
# marker's count with the bytes the guest wrote.
xs() {
	echo "/local/domain/$dom/data/$1"
}

pv_cfg domu "$DOMU_ARGS"
if [ "$BACKEND" = late ]; then
	# Built with no console backend; xenconsoled starts once the guest
	# has written its stream.  Nothing here writes the connection byte.
	start_xenstore || exit 1
	dom=$(create_without_backend domu) || exit 1
	echo "EVIDENCE-BUILT $(xencons-ctl "$dom" show)"
	xl unpause domu
	echo DOM0-DOMU-CREATED
	t0=$(ms_now)
	d0=$(cpu_s domu)
	z0=$(cpu_s Domain-0)
	# A guest that spins on its full ring (a driver without the flag)
	# never writes it: xenconsoled then starts after WRITTEN_S.
	if wait_xs "$(xs hvcseq-written)" "$WRITTEN_S" >/dev/null; then
		echo "EVIDENCE-WRITTEN in $(($(ms_now) - t0)) ms"
	else
		echo "EVIDENCE-WRITTEN not within $WRITTEN_S s"
	fi
	echo "EVIDENCE-CPU while unserviced: wall $(($(ms_now) - t0)) ms," \
		"domU $(awk -v a="$d0" -v b="$(cpu_s domu)" 'BEGIN { printf "%.1f", b - a }') s," \
		"dom0 $(awk -v a="$z0" -v b="$(cpu_s Domain-0)" 'BEGIN { printf "%.1f", b - a }') s"
	echo "EVIDENCE-BEFORE-BACKEND $(xencons-ctl "$dom" show)"
	start_xenconsoled || exit 1
	echo "EVIDENCE-AFTER-BACKEND $(connected_ring "$dom")"
	wait_xs "$(xs hvcseq-written)" 240 || exit 1
	echo "EVIDENCE-FLUSH-MS $(wait_line domu "$LINES" 10000)"
else
	start_toolstack || exit 1
	xl create -p /etc/xen/domu.cfg || exit 1
	dom=$(xl domid domu)
	echo "EVIDENCE-FLAG-SET $(xencons-ctl "$dom" flag 1)"
	xl unpause domu
	echo DOM0-DOMU-CREATED
	wait_xs "$(xs hvcseq-written)" 240 || exit 1
	echo "EVIDENCE-DISCONNECTED $(xencons-ctl "$dom" show)"
	xencons-ctl "$dom" flag 0 >/dev/null
	echo "EVIDENCE-FLUSH-MS $(wait_line domu "$LINES" 10000)"
fi
log=$(guest_log domu)
tr -d '\r' <"$log" >/tmp/late.log
echo "EVIDENCE-LOG bytes=$(wc -c </tmp/late.log) first: $(head -n 1 /tmp/late.log | cut -c1-100)"
head -n 3 /tmp/late.log | cut -c1-160 | sed 's/^/log| /'
set -- $(xenstore-read "$(xs boot-records)")
n=$1
echo "EVIDENCE-GUEST-RECORDS n=$n md5=$2 first: $(xenstore-read "$(xs boot-first)")"
grep -E '^\[ *[0-9]+\.[0-9]+\] ' /tmp/late.log | head -n "$n" >/tmp/boot-in-log.txt
echo "EVIDENCE-LOG-RECORDS n=$(grep -c . /tmp/boot-in-log.txt) md5=$(md5sum </tmp/boot-in-log.txt | cut -c1-32)"
# A loss marker: the bytes before it (what a ring took before it was
# found stalled, on a Xen that predates the connection byte), its count
# and the bytes after it, up to the end of the last numbered line, must
# add up to what the guest gave its console.  Offsets
# by awk over the raw log (busybox grep has no -b).
awk -v last="hvcseq $(printf %06d "$LINES") " -v gave="$(xenstore-read "$(xs console-bytes)")" '
	!m && match($0, /\[hvc_xen: [0-9]+ bytes lost\]/) {
		m = 1
		at = off + RSTART - 1
		lost = substr($0, RSTART, RLENGTH)
		gsub(/[^0-9]/, "", lost)
		from = off + length($0) + 1
		print from >"/tmp/loss-from"
	}
	index($0, "bytes lost]") { marks++ }
	index($0, last) == 1 { to = off + length($0) + 1 }
	{ off += length($0) + 1 }
	END {
		if (!m) {
			print "EVIDENCE-LOSS none"
			exit
		}
		# The marker starts with "\r\n", which the guest did not give.
		before = at - 2
		printf "EVIDENCE-LOSS marker at byte %d: %d bytes lost; %d before it + %d + %d after it = %d, guest gave %d; markers: %d\n",
			at, lost, before, lost, to - from, before + lost + to - from, gave, marks
	}' "$log"
release_stream "$dom"
wait_domain_gone domu 120 || exit 1
sleep 1
echo "LATE-RESULT $(hvc_seq check "$LINES" "$log" 2>/tmp/check.err)"
head -n 5 /tmp/check.err
# The numbered lines after the loss marker, on their own.
if [ -s /tmp/loss-from ]; then
	tail -c +$(($(cat /tmp/loss-from) + 1)) "$log" >/tmp/after-loss.log
	echo "LOSS-RESULT $(hvc_seq check "$LINES" /tmp/after-loss.log 2>/dev/null)"
fi
relay_guest domu
grep -a 'hvc_xen' /tmp/late.log | head -n 8 | sed 's/^/domU-log| /'
