# SPDX-License-Identifier: GPL-2.0
# The domU's part of scripts/scenarios/domu-late-backend.sh (the host puts
# LINES and LEVEL, the console log level at boot, in front).  Booted while
# nobody services its console: publishes the count and MD5 of the kernel
# log records the console printed (those below LEVEL, as its own dmesg
# has them) and the number of bytes the console was given (those records
# and init's GUEST-USERSPACE line, each line ending in CR LF, then the
# stream), then writes LINES numbered lines to /dev/hvc0.
sleep 1
dmesg -r | awk -v level="$LEVEL" '{
	if (!match($0, /^<[0-9]+>/))
		next
	if (substr($0, 2, RLENGTH - 2) % 8 < level)
		print substr($0, RLENGTH + 1)
}' >/tmp/boot.txt
dmesg -n 1
xenstore-write data/boot-records "$(grep -c . /tmp/boot.txt) $(md5sum </tmp/boot.txt | cut -c1-32)"
xenstore-write data/boot-first "$(head -n 1 /tmp/boot.txt | cut -c1-120)"
hvc_seq write "$LINES" - >/tmp/stream
u="GUEST-USERSPACE $(cut -c1-8 /proc/sys/kernel/random/boot_id)"
bytes=$(($(wc -c </tmp/boot.txt) + $(grep -c '' /tmp/boot.txt) + ${#u} + 2))
bytes=$((bytes + $(wc -c </tmp/stream) + $(grep -c '' /tmp/stream)))
xenstore-write data/console-bytes "$bytes"
cat /tmp/stream >/dev/hvc0
xenstore-write data/hvcseq-written 1
wait_key hvcseq-done 120
# After the connect: the driver's own lines (the boot hold's release).
dmesg | grep 'hvc_xen' | sed 's/^/GUEST-DMESG /'
