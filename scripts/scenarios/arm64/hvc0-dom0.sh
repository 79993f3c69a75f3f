# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/arm64-hvc0.sh (the host puts token in
# front): waits for the guest's TOKEN and end word on dom0's serial input.
wait_word $token 600
wait_word a64-end 600
