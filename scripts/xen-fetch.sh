#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack the x86 Xen that XEN selects (see lib.sh) into $XEN_DIR:
#   root/      its files, as installed (dom0's image is made from them)
#   xen.elf    the hypervisor, the multiboot ELF QEMU's -kernel accepts
#   version    its version, read from what was unpacked
#   source     where it came from, one line
# debian-4.17      Debian 12's packages (scripts/xen-packages.txt), with
#                  apt-get download (never installed; the host's own Xen,
#                  if any, is not used);
# debian-unstable  Debian unstable's newest xen-hypervisor-X.Y-amd64 and the
#                  same packages of that version, plus every library they
#                  and dom0's tools need, all from unstable, through the
#                  harness's own apt state (build/apt);
# xen-4.22         Xen 4.22.0's debug make dist tree, the tarball in
#                  $XEN_SHARED/xen-4.22 (read-only there), checked against
#                  the sha256 its README gives and unpacked below $XEN_DIR;
#                  its tools' runtime libraries are this host's Debian 12
#                  ones (scripts/xen-4.22-packages.txt, installed);
# a folder         a Xen "make dist" install tree (dist/install of a Xen
#                  build): boot/xen-X.Y*.gz, usr/sbin/xl, ... used in place.
. "$(dirname "$0")/lib.sh"

ROOTDIR=$XEN_DIR/root
DEBS=$XEN_DIR/debs
stamp=$XEN_DIR/.fetched

# hypervisor_from BOOTDIR: gunzip the hypervisor into xen.elf; print the
# version its file name carries (boot/xen-4.17-amd64.gz, xen-4.20.1.gz).
hypervisor_from() {
	local gz
	gz=$(ls "$1"/xen-[0-9]*.gz 2>/dev/null | sort -V | tail -n 1)
	[ -n "$gz" ] || die "no hypervisor (xen-X.Y*.gz) in $1"
	gunzip -c "$gz" >"$XEN_DIR/xen.elf.new"
	mv "$XEN_DIR/xen.elf.new" "$XEN_DIR/xen.elf"
	basename "$gz" | grep -Eo '^xen-[0-9]+\.[0-9]+(\.[0-9]+)?' | cut -d- -f2
}

# debian_fetch PKG...: download PKGs (NAME or NAME/SUITE) and unpack them.
debian_fetch() {
	rm -rf "$ROOTDIR" "$DEBS"
	mkdir -p "$ROOTDIR"
	if [ "$XEN" = debian-unstable ]; then
		mkdir -p "$DEBS"
		chmod 0777 "$DEBS" 2>/dev/null || true
		(cd "$DEBS" && apt-get "${apt_opts[@]}" -q download "$@") >"$LOGS/xen-fetch-download.log" 2>&1 ||
			die "apt-get download from unstable failed: $LOGS/xen-fetch-download.log"
	else
		apt_download "$DEBS" "$@"
	fi
	local d
	for d in "$DEBS"/*.deb; do
		dpkg -x "$d" "$ROOTDIR"
	done
}

# unstable_packages: Xen's packages of unstable's newest hypervisor, then
# the libraries of dom0's image, all "NAME/sid".
unstable_packages() {
	local hv mm
	hv=$(apt-cache "${apt_opts[@]}" pkgnames xen-hypervisor- 2>/dev/null |
		grep -E '^xen-hypervisor-[0-9]+\.[0-9]+-amd64$' | sort -V | tail -n 1)
	[ -n "$hv" ] || die "Debian unstable has no xen-hypervisor-X.Y-amd64 (harness apt state: $APT)"
	mm=$(echo "$hv" | grep -Eo '[0-9]+\.[0-9]+')
	sed -e 's/#.*//' -e "s/4\.17/$mm/g" "$ROOT/scripts/xen-packages.txt" | grep .
	# What Debian's Xen tools link against, and the C library itself:
	# dom0's image must not mix unstable's binaries with Debian 12's libc.
	sed -e 's/#.*//' "$ROOT/scripts/xen-unstable-libs.txt" | grep .
}

case "$XEN" in
debian-4.17 | debian-unstable)
	if [ "$XEN" = debian-unstable ]; then
		apt_state
		mapfile -t pkgs < <(unstable_packages | sed 's|$|/sid|')
		src="Debian unstable"
	else
		mapfile -t pkgs < <(grep -v '^#' "$ROOT/scripts/xen-packages.txt" | grep .)
		src="Debian 12"
	fi
	want=$(printf '%s\n' "$XEN" "${pkgs[@]}" | sha256sum | cut -d' ' -f1)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$XEN_DIR/xen.elf" ]; then
		echo "Xen already unpacked: $(xen_version) ($(cat "$XEN_DIR/source"))"
		exit 0
	fi
	mkdir -p "$XEN_DIR"
	debian_fetch "${pkgs[@]}"
	hypervisor_from "$ROOTDIR/boot" >/dev/null
	hv=$(ls "$DEBS"/xen-hypervisor-*-amd64_*.deb | head -n 1)
	dpkg-deb -f "$hv" Version >"$XEN_DIR/version"
	echo "$src: $(dpkg-deb -f "$hv" Package) $(cat "$XEN_DIR/version")" >"$XEN_DIR/source"
	echo "$want" >"$stamp"
	;;
xen-4.22)
	dir=$XEN_SHARED/xen-4.22
	tarball=$dir/xen-4.22.0-debug-dist.tar.xz
	[ -f "$tarball" ] || die "XEN=xen-4.22: no $tarball (the shared Xen 4.22 build; XEN_SHARED= names the folder holding xen-4.22/)"
	want=$(sed -n 's/^- `xen-4.22.0-debug-dist.tar.xz` \([0-9a-f]\{64\}\)$/\1/p' "$dir/README.md" 2>/dev/null)
	[ -n "$want" ] || die "XEN=xen-4.22: $dir/README.md gives no sha256 for $(basename "$tarball")"
	"$ROOT/scripts/deps.sh" "$ROOT/scripts/xen-4.22-packages.txt" ||
		die "XEN=xen-4.22: the runtime libraries of its tools are missing (scripts/xen-4.22-packages.txt)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$XEN_DIR/xen.elf" ]; then
		echo "Xen already unpacked: $(xen_version) ($(cat "$XEN_DIR/source"))"
		exit 0
	fi
	got=$(sha256sum "$tarball" | cut -d' ' -f1)
	[ "$got" = "$want" ] || die "XEN=xen-4.22: $tarball has sha256 $got, its README says $want"
	rm -rf "$XEN_DIR"
	mkdir -p "$XEN_DIR/unpack"
	tar -xJf "$tarball" -C "$XEN_DIR/unpack"
	top=$(ls -d "$XEN_DIR"/unpack/*/ | head -n 1)
	[ -x "$top/usr/sbin/xl" ] || die "XEN=xen-4.22: $tarball holds no make dist tree (no */usr/sbin/xl)"
	mv "$top" "$ROOTDIR"
	rmdir "$XEN_DIR/unpack"
	hypervisor_from "$ROOTDIR/boot" >"$XEN_DIR/version"
	echo "$(basename "$tarball") (sha256 ${want:0:12}...), make dist tree" >"$XEN_DIR/source"
	echo "$want" >"$stamp"
	;;
*)
	# A make dist tree, used in place: only the image is copied.
	[ -x "$XEN/usr/sbin/xl" ] ||
		die "XEN=$XEN: no usr/sbin/xl: not a Xen make dist install tree (dist/install)"
	mkdir -p "$XEN_DIR"
	ln -sfn "$XEN" "$ROOTDIR"
	hypervisor_from "$XEN/boot" >"$XEN_DIR/version"
	echo "make dist tree $XEN" >"$XEN_DIR/source"
	;;
esac
echo "Xen $(xen_version) unpacked ($(cat "$XEN_DIR/source")): $XEN_DIR"
