#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Xen 4.17 from Debian with apt-get download and unpack it (dpkg -x)
# into $BUILD/xen/root; the host's own Xen installation, if any, is not used.
# Gives $BUILD/xen/xen.elf, the multiboot image QEMU's -kernel accepts.
. "$(dirname "$0")/lib.sh"

XEN=$BUILD/xen
DEBS=$XEN/debs
mapfile -t pkgs < <(grep -v '^#' "$ROOT/scripts/xen-packages.txt" | grep .)
stamp=$XEN/root/.fetched
want=$(printf '%s\n' "${pkgs[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$XEN/xen.elf" ]; then
	echo "Xen already unpacked: $(cat "$XEN/version")"
	exit 0
fi
rm -rf "$XEN/root" "$DEBS"
mkdir -p "$XEN/root"
apt_download "$DEBS" "${pkgs[@]}"
for d in "$DEBS"/*.deb; do
	dpkg -x "$d" "$XEN/root"
done
gz=$(ls "$XEN"/root/boot/xen-4.17-amd64.gz 2>/dev/null) ||
	die "xen-hypervisor-4.17-amd64 has no boot/xen-4.17-amd64.gz"
gunzip -c "$gz" >"$XEN/xen.elf"
dpkg-deb -f "$DEBS"/xen-hypervisor-4.17-amd64_*.deb Version >"$XEN/version"
echo "$want" >"$stamp"
echo "Xen $(cat "$XEN/version") unpacked"
