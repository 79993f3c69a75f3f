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
