#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Console input on the primary ring console: dom0 writes a random token to
# the domU's console pty (the one xenconsoled serves, as `xl console` does);
# the guest reads a line from /dev/hvc0 and echoes it to its console.
# Passes only on the exact token, relayed from xenconsoled's log.
. "$(dirname "$0")/../xenboot.sh"

scenario pv-domu-input
token="input-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
domu_initramfs "
dmesg -n 1
stty -F /dev/hvc0 -echo 2>/dev/null
xenstore-write data/input-ready 1
if read -t 60 -r line </dev/hvc0; then echo \"GUEST-INPUT \$line\"; else echo GUEST-INPUT-TIMEOUT; fi
"
TOKEN=$token
dom0_initramfs "$(dom0_part input/dom0.sh TOKEN)"
xen_boot
boot_milestones
milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
milestone 'DOM0-TYPING' 240 "guest waiting for input"
milestone 'domU\| GUEST-' 120 "guest's answer"
wait_exit 30
grep -E 'domU\| GUEST-INPUT' "$SERIAL" | sed 's/^/    /'
expect_line "domU\\| GUEST-INPUT $token\$" "the token typed into the console pty did not reach /dev/hvc0"
pass "typed $token into the pty; the guest read it from /dev/hvc0"
