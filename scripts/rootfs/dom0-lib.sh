# Helpers for a scenario's dom0 part (/dom0.sh).  POSIX sh (busybox).

# start_xenstore: xenstored, then xen-init-dom0 (retried while xenstored
# comes up).
start_xenstore() {
	xenstored --pid-file /run/xenstored.pid || return 1
	i=0
	until xen-init-dom0 >/tmp/xen-init-dom0.log 2>&1; do
		i=$((i + 1))
		[ $i -ge 20 ] && { cat /tmp/xen-init-dom0.log; return 1; }
		sleep 0.5
	done
	echo "DOM0-XENSTORE-UP"
}

start_xenconsoled() {
	xenconsoled --log=guest --log-dir=/var/log/xen/console \
		--pid-file=/run/xenconsoled.pid || return 1
	echo "DOM0-XENCONSOLED-UP"
}

# stop_xenconsoled: kill xenconsoled and wait until it is gone; the ring
# it served is then unserviced (its connection byte stays as it was).
stop_xenconsoled() {
	kill "$(cat /run/xenconsoled.pid)"
	while pidof xenconsoled >/dev/null; do sleep 0.1; done
}

# connected_ring DOM: after start_xenconsoled, the domain's ring as
# xencons-ctl shows it once its connection byte reads 0 (xenconsoled
# writes it when it has mapped the page, some time after it forked), or
# as it is after 10 s, and how long that took.  On a Xen that predates
# the byte, at once.
connected_ring() {
	local i=0 r t0
	t0=$(ms_now)
	while r=$(xencons-ctl "$1" show); do
		case "$r" in *connection=0*) break ;; esac
		i=$((i + 1))
		[ $i -ge 100 ] && break
		sleep 0.1
	done
	echo "$r ($(($(ms_now) - t0)) ms after xenconsoled started)"
}

start_toolstack() {
	start_xenstore && start_xenconsoled
}

# wait_domain_gone NAME SECONDS: wait until domain NAME no longer exists.
wait_domain_gone() {
	i=0
	while xl list "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt "$2" ]; then
			echo "DOM0-TIMEOUT domain $1 still running after $2 s"
			xl list
			return 1
		fi
		sleep 1
	done
	return 0
}

# guest_log NAME: path of xenconsoled's log of domain NAME.
guest_log() {
	echo "/var/log/xen/console/guest-$1.log"
}

# pv_cfg NAME [EXTRA_CMDLINE [KERNEL]]: write /etc/xen/NAME.cfg for a domU
# running KERNEL (default /boot/domU-bzImage) with /boot/domU.cpio.gz; of
# type $DOMU_TYPE (pv; pvh: direct kernel boot, console from HVM
# parameters; or hvm: hvmloader, SeaBIOS and QEMU, which needs DOM0_DM=1 in
# the scenario).
# The domU sees AMD family 22 (0x16) instead of QEMU's 23 (0x17, Zen):
# since 6.16, Linux reads the Zen FCH reset-status MMIO register in a late
# initcall (print_s5_reset_status_mmio), which faults in a PV domU
# ("BUG: unable to handle page fault ... ioread32"), whatever the console.
pv_cfg() {
	cat >/etc/xen/"$1".cfg <<CFG
name = '$1'
type = '${DOMU_TYPE:-pv}'
kernel = '${3:-/boot/domU-bzImage}'
ramdisk = '/boot/domU.cpio.gz'
extra = 'console=hvc0 $2'
memory = 256
vcpus = 1
on_poweroff = 'destroy'
on_crash = 'preserve'
cpuid = 'host,family=22'
CFG
	# HVM: hvmloader + SeaBIOS, QEMU loads the kernel; no display.
	[ "${DOMU_TYPE:-pv}" = hvm ] && cat >>/etc/xen/"$1".cfg <<CFG
vga = 'none'
vnc = 0
serial = 'none'
CFG
	return 0
}

# wait_xs PATH SECONDS: wait until xenstore PATH exists.
wait_xs() {
	i=0
	until xenstore-exists "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $(($2 * 5)) ] && { echo "DOM0-TIMEOUT no $1 after $2 s"; return 1; }
		sleep 0.2
	done
}

# relay_guest NAME: copy the guest's evidence lines to the serial log.
relay_guest() {
	grep -E '^(GATE|GUEST|EVIDENCE)-' "$(guest_log "$1")" | tr -d '\r' | sed 's/^/domU| /'
}

# cpu_s NAME: the CPU time domain NAME has used, in seconds (xl list).
cpu_s() {
	xl list "$1" | awk 'NR == 2 { print $6 }'
}

# ms_now: monotonic milliseconds.
ms_now() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# wait_line NAME SEQ MS: wait up to MS for numbered line SEQ in NAME's log;
# print the milliseconds it took (or MS+ when it never came).
wait_line() {
	wait_text "$1" "hvcseq $(printf %06d "$2") " "$3"
}

# wait_text NAME TEXT MS: the same for any fixed TEXT.
wait_text() {
	wait_in "$(guest_log "$1")" "$2" "$3"
}

# wait_in FILE TEXT MS: the same in any FILE.
wait_in() {
	t0=$(ms_now)
	until grep -aqF "$2" "$1" 2>/dev/null; do
		if [ $(($(ms_now) - t0)) -gt "$3" ]; then
			echo "$3+"
			return 1
		fi
		sleep 0.05
	done
	echo $(($(ms_now) - t0))
}

# pvh_debug_args: kernel arguments of a PVH domU that runs the debug kernel
# (the smp and unplug rows).  nofsgsbase: see scripts/scenarios/domu-smp.sh.
# Its vCPUs share one emulated pCPU, and a vCPU Xen does not run for a
# while looks stalled: no RCU stall report before userspace, an RCU stall
# after 30 s (the config says 10), a soft lockup after 60 s (20).
pvh_debug_args() {
	echo "nofsgsbase rcupdate.rcu_cpu_stall_suppress_at_boot=1" \
		"rcupdate.rcu_cpu_stall_timeout=30 watchdog_thresh=30"
}

# ring_indices DOMID: "OUT_CONS OUT_PROD" of DOMID's console ring.
ring_indices() {
	xencons-ctl "$1" show | sed -n 's/.* out_cons=\([0-9]*\) out_prod=\([0-9]*\).*/\1 \2/p'
}

# ring_settles DOMID: call once DOMID's stream has stopped (its last line is
# in the log).  No byte may then stay in the out ring for more than 50 ms:
# either the ring is empty, or 50 ms later out_cons has passed the out_prod
# seen first.  Prints "EVIDENCE-RING settled ..." or "EVIDENCE-RING
# unsettled ..." with the indices seen.
ring_settles() {
	r0=$(ring_indices "$1")
	[ -n "$r0" ] || { echo "EVIDENCE-RING unreadable (xencons-ctl $1 show)"; return 1; }
	# shellcheck disable=SC2086 # two numbers, split on purpose
	set -- "$1" $r0
	if [ "$2" = "$3" ]; then
		echo "EVIDENCE-RING settled: empty (out_cons=$2 out_prod=$3)"
		return 0
	fi
	sleep 0.05
	r1=$(ring_indices "$1")
	c1=${r1%% *}
	# out_cons - out_prod seen first, modulo 2^32: under 2^31 means passed.
	if [ -n "$c1" ] && [ $(((c1 - $3) & 0xffffffff)) -lt $((1 << 31)) ]; then
		echo "EVIDENCE-RING settled: $((($3 - $2) & 0xffffffff)) bytes read within 50 ms (out_cons=$2 out_prod=$3, then $r1)"
		return 0
	fi
	echo "EVIDENCE-RING unsettled: bytes left over 50 ms (out_cons=$2 out_prod=$3, then ${r1:-?})"
	return 1
}

# release_stream DOMID: call once DOMID's stream has stopped and its last
# line is in the log; checks that the ring settles (ring_settles), then
# lets the guest go on (data/hvcseq-done).  With RING_PLANT=1 it first
# puts 5 bytes in the ring that no event announces: the check's own test.
release_stream() {
	if [ "${RING_PLANT:-0}" = 1 ]; then
		# shellcheck disable=SC2046 # two numbers, split on purpose
		set -- "$1" $(ring_indices "$1")
		xencons-ctl "$1" set out_prod $((($3 + 5) & 0xffffffff)) >/dev/null
		echo "EVIDENCE-PLANT out_prod $3 -> +5, no event"
	fi
	ring_settles "$1"
	xenstore-write /local/domain/"$1"/data/hvcseq-done 1
}

# finish_stream NAME DOMID TAG LINES: release a guest that waits in
# held_stream (below), once line LINES is in the log; wait for it to end,
# check its log, relay its lines.
finish_stream() {
	wait_line "$1" "$4" 30000 >/dev/null
	release_stream "$2"
	wait_domain_gone "$1" 120 || return 1
	sleep 1
	echo "$3-RESULT $(hvc_seq check "$4" "$(guest_log "$1")" 2>/tmp/check.err)"
	head -n 5 /tmp/check.err
	relay_guest "$1"
	# The driver's own report lines (stalls, drops, connects).
	grep -a 'hvc_xen' "$(guest_log "$1")" | tr -d '\r' | head -n 8 | sed 's/^/domU-log| /'
}

# create_paused NAME: start toolstack-created domain NAME (pv_cfg) paused;
# print its domid.
create_paused() {
	pv_cfg "$1"
	xl create -p /etc/xen/"$1".cfg >&2 || return 1
	xl domid "$1"
}

# create_without_backend NAME: build domain NAME (/etc/xen/NAME.cfg)
# paused while xenconsoled is not running, so that its console ring stays
# as the domain builder left it (Xen 4.21 and later: DISCONNECTED; before:
# 0, with nobody servicing it); print its domid.
create_without_backend() {
	without_backend "$1" xl create -p /etc/xen/"$1".cfg
}

# restore_without_backend NAME FILE: the same for xl restore -p of domain
# NAME from FILE (Xen 4.21 and later reset the byte to DISCONNECTED there).
restore_without_backend() {
	without_backend "$1" xl restore -p "$2"
}

# without_backend NAME CMD...: run CMD, which builds domain NAME, while
# xenconsoled is not running; print the domid.  libxl waits for
# xenconsoled to publish console/tty and destroys the domain when it does
# not come, so dom0 publishes a placeholder itself once the domain's
# console node exists; xenconsoled replaces it when it starts.
without_backend() {
	local name=$1 xl i d
	shift
	if pidof xenconsoled >/dev/null; then stop_xenconsoled; fi
	"$@" >/tmp/xl-build.log 2>&1 &
	xl=$!
	i=0
	until d=$(xl domid "$name" 2>/dev/null) && [ -n "$d" ] &&
		xenstore-exists /local/domain/"$d"/console/port 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$xl" 2>/dev/null; then
			echo "DOM0-NO-BACKEND-FAILED no console node for $name" >&2
			cat /tmp/xl-build.log >&2
			return 1
		fi
		sleep 0.1
	done
	xenstore-write /local/domain/"$d"/console/tty /dev/null
	wait "$xl" || { cat /tmp/xl-build.log >&2; return 1; }
	echo "$d"
}

# save_restore NAME [AFTER_SAVE [RESTORE]]: xl save domain NAME, run the
# shell command AFTER_SAVE (evidence of the state at the save), then xl
# restore it, or with RESTORE=late restore it paused while xenconsoled is
# not running (restore_without_backend; the caller unpauses it); sets dom
# to its new id, save_ms and total_ms (save, and both).
save_restore() {
	t0=$(ms_now)
	xl save "$1" /tmp/"$1".save >/tmp/save.log 2>&1 || { cat /tmp/save.log; return 1; }
	save_ms=$(($(ms_now) - t0))
	[ -z "${2:-}" ] || eval "$2"
	if [ "${3:-}" = late ]; then
		dom=$(restore_without_backend "$1" /tmp/"$1".save) || return 1
	else
		xl restore /tmp/"$1".save >/tmp/restore.log 2>&1 || { cat /tmp/restore.log; return 1; }
		dom=$(xl domid "$1")
	fi
	total_ms=$(($(ms_now) - t0))
}
