# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/arm64-plain.sh: waits for the domU's end
# word on dom0's serial input.
wait_word a64-end 600
