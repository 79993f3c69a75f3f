# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/arm64-no-xenstore.sh: runs dom0less_init
# for a domU that has no xenstore.
dom0less_init
wait_word a64-end 600
