# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/arm64-secondary.sh (the host puts token
# and LINES in front): serves the domU's device/console/1 with xencons-ctl,
# checks the LINES numbered lines it writes there and types the token back.
dom0less_init || exit 1
wait_xs /local/domain/1/data/a64-ready 120 || exit 1
mkfifo /tmp/serve.in
xencons-ctl 1 serve 1 </tmp/serve.in >/tmp/hvc1.out 2>/tmp/serve.err &
spid=$!
exec 6>/tmp/serve.in
i=0
until grep -q GUEST-HVC1-READY /tmp/hvc1.out 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 600 ] || { echo DOM0-TIMEOUT no GUEST-HVC1-READY on the console; break; }
	sleep 0.2
done
echo $token >&6
wait_xs /local/domain/1/data/a64-hvc1-done 120
sleep 0.5
kill $spid
wait $spid
sed 's/^/serve| /' /tmp/serve.err
echo "A64HVC1-RESULT $(hvc_seq check $LINES /tmp/hvc1.out 2>/tmp/check.err)"
head -n 5 /tmp/check.err
xenstore-write /local/domain/1/data/a64-done 1
wait_word a64-end 600
