#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Set-up for the arm64 dom0less rows; idempotent and incremental, one
# progress line per stage:
#   host packages     scripts/arm64/host-packages.txt (cross compiler, QEMU, dtc)
#   arm64 packages    dpkg --add-architecture arm64; apt-get download of
#                     scripts/arm64/packages.txt, dpkg -x into build/arm64/root
#   kernel            the patched tree (scripts/base-tree.sh), cross-built:
#                     build/kernel/$KERNEL/images/Image-arm64
#   guest tools       hvc_seq and xencons-ctl for arm64
. "$(dirname "$0")/lib.sh"

DEBS=$A64/debs

# dpkg must know the architecture before apt-get can download its packages.
foreign_arch() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" = 0 ] || die "as root run: dpkg --add-architecture arm64 && apt-get update"
		dpkg --add-architecture arm64
		apt-get update -q
	fi
	echo "dpkg architectures: $(dpkg --print-architecture) $(dpkg --print-foreign-architectures | tr '\n' ' ')"
}

fetch_arm64() {
	local pkgs want stamp=$XEN_ROOT/.fetched d
	mapfile -t pkgs < <(grep -v '^#' "$ROOT/scripts/arm64/packages.txt" | grep .)
	want=$(printf '%s\n' "${pkgs[@]}" | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && [ -f "$XEN_ELF" ]; then
		echo "arm64 packages already unpacked: Xen $(cat "$A64/version")"
		return 0
	fi
	rm -rf "$XEN_ROOT" "$DEBS"
	mkdir -p "$XEN_ROOT"
	apt_download "$DEBS" "${pkgs[@]}"
	for d in "$DEBS"/*.deb; do
		dpkg -x "$d" "$XEN_ROOT"
	done
	[ -f "$XEN_ROOT/boot/xen-4.17-arm64" ] ||
		die "xen-hypervisor-4.17-arm64 has no boot/xen-4.17-arm64"
	# An arm64 Linux-style Image: QEMU's -kernel boots it as is.
	cp "$XEN_ROOT/boot/xen-4.17-arm64" "$XEN_ELF"
	dpkg-deb -f "$DEBS"/xen-hypervisor-4.17-arm64_*.deb Version >"$A64/version"
	echo "$want" >"$stamp"
	echo "arm64 packages unpacked: Xen $(cat "$A64/version")"
}

build_tools() {
	local t
	t=$(guest_tools)
	for f in hvc_seq xencons-ctl; do
		echo "$f: $(readelf -h "$t/$f" | sed -n 's/^ *Machine: *//p')"
	done
}

stage "arm64: host packages (apt)" "$ROOT/scripts/deps.sh" "$ROOT/scripts/arm64/host-packages.txt"
stage "arm64: dpkg architecture" foreign_arch
stage "arm64: Debian arm64 packages (apt-get download)" fetch_arm64
stage "base tree + patch series" "$ROOT/scripts/base-tree.sh"
stage "kernel build ($KERNEL, arm64)" "$ROOT/scripts/kbuild.sh" arm64
stage "arm64: guest tools (cross-built)" build_tools
