# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/pv-domu-channel.sh (the host puts LINES
# and TOKEN in front): a PV domU with an xl channel, which must become its
# device/console/1; reads the guest's numbered lines from the channel's
# pty and types TOKEN back.
start_toolstack || exit 1
# channel_cfg SPEC...: the domU's config with these channels.
channel_cfg() {
	pv_cfg domu
	specs=$1
	shift
	for s in "$@"; do specs="$specs, $s"; done
	echo "channel = [ $specs ]" >>/etc/xen/domu.cfg
}

# diagnose: what dom0 sees when the guest does not get its channel.
diagnose() {
	xl list
	xenstore-ls -f /local/domain/"$dom"/device 2>/dev/null | head -n 30 | sed 's/^/xs| /'
	tail -n 30 "$(guest_log domu)" | tr -d '\r' | sed 's/^/domU-log| /'
}
channel_cfg "'name=org.example.hvc1,connection=pty'"
xl create -p /etc/xen/domu.cfg || exit 1
dom=$(xl domid domu)
# Debian's xl 4.17 gives the first channel devid 0 and drops it: then
# build the domain again with a dummy channel first.
if ! xenstore-exists /local/domain/"$dom"/device/console/1; then
	echo "EVIDENCE-XL-DROPPED-FIRST-CHANNEL"
	xl destroy domu
	channel_cfg "'name=org.example.dummy,connection=pty'" "'name=org.example.hvc1,connection=pty'"
	xl create -p /etc/xen/domu.cfg || exit 1
	dom=$(xl domid domu)
fi
# Every value console/1's frontend state takes from here on, with dom0's
# uptime, for the evidence: who reset it shows in the order.
xenstore-watch /local/domain/"$dom"/device/console/1/state 2>/dev/null |
	while read -r _; do
		echo "$(cut -d' ' -f1 /proc/uptime)=$(xenstore-read /local/domain/"$dom"/device/console/1/state 2>/dev/null)"
	done >/tmp/state.seq &
xl unpause domu
echo DOM0-DOMU-CREATED
# The reader opens the pty once, as soon as QEMU names it, and the guest
# writes only 2 s later.  QEMU 8.1 and later notice a reader on a pty by a
# check once a second; until then they drop output the pty cannot take
# at once (Xen 4.20's QEMU lost 4 whole lines here, lines 336..339 of 500).
wait_xs /local/domain/"$dom"/device/console/1/tty 150 || { diagnose; exit 1; }
tty=$(xenstore-read /local/domain/"$dom"/device/console/1/tty)
{
	stty raw -echo
	exec cat
} <"$tty" >/tmp/hvc1.out &
catpid=$!
reader_ms=$(ms_now)
wait_xs /local/domain/"$dom"/data/hvc1-ready 150 || { diagnose; exit 1; }
echo "EVIDENCE-CHANNEL console/1 name=$(xenstore-read /local/domain/"$dom"/device/console/1/name) tty=$tty"
xenstore-ls -f /local/domain/"$dom"/device/console 2>/dev/null | head -n 20 | sed 's/^/xs| /'
while [ $(($(ms_now) - reader_ms)) -lt 2000 ]; do sleep 0.2; done
xenstore-write /local/domain/"$dom"/data/hvc1-go 1
wait_xs /local/domain/"$dom"/data/hvc1-written 120 || exit 1
# The guest ends once it has read the token: its last line must be here
# first, or bytes still on their way would be lost with it.
echo "EVIDENCE-CHANNEL-LAST after $(wait_in /tmp/hvc1.out "hvcseq $(printf %06d "$LINES") " 30000) ms"
sleep 1
printf '%s\r' "$TOKEN" >"$tty"
wait_domain_gone domu 120 || exit 1
kill $catpid
echo "EVIDENCE-STATE-SEQ $(tr '\n' ' ' </tmp/state.seq)"
echo "CHANNEL-RESULT $(hvc_seq check "$LINES" /tmp/hvc1.out 2>/tmp/check.err)"
head -n 5 /tmp/check.err
relay_guest domu
# The guest's boot log about its xenbus devices (before dmesg -n 1), for a
# guest that never got console-1.
grep -a -E 'xenbus|xenconsole|console-1|hvc_xen' "$(guest_log domu)" | tr -d '\r' | head -n 10 | sed 's/^/domU-log| /'
