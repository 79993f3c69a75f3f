# Helpers for the arm64 rows' dom0 part (POSIX sh, busybox); dom0-init
# sources /lib/dom0-lib.sh, /dom0.sh sources this file first.

# dom0's console (Xen serial input reaches it through VIRQ_CONSOLE), open
# once so nothing typed between two reads is lost.
exec 5</dev/hvc0

# wait_word WORD SECONDS: wait for the host to type WORD on the Xen serial.
# Each read gets what is left of the whole budget.  Busybox's "read -t"
# takes one byte per poll() and checks its deadline before each byte; when
# the deadline passes after the first byte of a line, it returns failure
# and the byte is gone.  A loop of short reads therefore loses the first
# character of a line that arrives as one of them ends (DOM0-GOT <64-end>,
# scripts/arm64/read-race.py shows it on the host).
wait_word() {
	t_end=$(($(date +%s) + $2))
	while left=$((t_end - $(date +%s))); [ "$left" -gt 0 ]; do
		if read -t "$left" -r line <&5; then
			echo "DOM0-GOT <$line>"
			[ "$line" = "$1" ] && return 0
		fi
	done
	echo "DOM0-TIMEOUT nothing typed ($1) within $2 s"
	return 1
}

# dom0less_init: xenstored and xen-init-dom0, xenconsoled, then
# init-dom0less, which introduces the dom0less domains to xenstore.
dom0less_init() {
	start_toolstack || return 1
	echo "DOM0-INIT-DOM0LESS-START"
	init-dom0less >/tmp/init-dom0less.log 2>&1
	rc=$?
	sed 's/^/init-dom0less| /' /tmp/init-dom0less.log | head -n 20
	echo "DOM0-INIT-DOM0LESS rc=$rc"
	return $rc
}
