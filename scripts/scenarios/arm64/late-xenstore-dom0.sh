# SPDX-License-Identifier: GPL-2.0
# dom0's part of scripts/scenarios/arm64-late-xenstore.sh: brings xenstore
# up late (dom0less_init), then exchanges a token with the domU through it.
wait_word a64-xenstore 600 || exit 1
dom0less_init || exit 1
wait_xs /local/domain/1/data/a64-token 120 || exit 1
echo "DOM0-READ-TOKEN $(xenstore-read /local/domain/1/data/a64-token)"
xenstore-write /local/domain/1/data/a64-done 1
wait_word a64-end 600
