# SPDX-License-Identifier: GPL-2.0
# The domU's part of scripts/scenarios/domu-late-backend.sh (the host puts
# LINES in front).  Booted while its console is DISCONNECTED: publishes
# the count and MD5 of the kernel log records the console printed (every
# record below KERN_DEBUG, the boot console level being 7), as dmesg has
# them, then writes LINES numbered lines to /dev/hvc0.
sleep 1
dmesg -r | awk '{
	if (!match($0, /^<[0-9]+>/))
		next
	if (substr($0, 2, RLENGTH - 2) % 8 < 7)
		print substr($0, RLENGTH + 1)
}' >/tmp/boot.txt
xenstore-write data/boot-records "$(grep -c . /tmp/boot.txt) $(md5sum </tmp/boot.txt | cut -c1-32)"
xenstore-write data/boot-first "$(head -n 1 /tmp/boot.txt | cut -c1-120)"
dmesg -n 1
hvc_seq write "$LINES" /dev/hvc0
xenstore-write data/hvcseq-written 1
i=0
until xenstore-exists data/hvcseq-done 2>/dev/null || [ $i -ge 600 ]; do
	sleep 0.2
	i=$((i + 1))
done
# After the connect: the driver's own lines (the boot hold's release).
dmesg | grep 'hvc_xen' | sed 's/^/GUEST-DMESG /'
