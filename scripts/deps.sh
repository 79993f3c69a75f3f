#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the host needs.  As root: apt-get install.
# Not root: print the exact apt-get line and stop.
#   deps.sh [LIST]   LIST: a package list (default scripts/host-packages.txt)
. "$(dirname "$0")/lib.sh"

mapfile -t pkgs < <(grep -v '^#' "${1:-$ROOT/scripts/host-packages.txt}" | grep .)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "all ${#pkgs[@]} host packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "missing packages; as root run:"
	echo "  apt-get update && apt-get install -y ${missing[*]}"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
