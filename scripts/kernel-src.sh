#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's kernel source package for the base KERNEL selects
# (scripts/kernels.conf) and print the path of its tarball on the last line.
#
# Packages come through an apt state of the harness's own under $BUILD/apt:
# its own sources list (bookworm, bookworm-security, sid and experimental on
# the Debian mirror the host already uses), lists and cache.  The host's apt
# sources and its installed packages are never touched.
. "$(dirname "$0")/lib.sh"

SRC=$BUILD/src

pkg=$(kernel_conf "$KERNEL" 2)
ver=$(kernel_conf "$KERNEL" 3)
suite=$(kernel_conf "$KERNEL" 4)

versions_of() {
	apt-cache "${apt_opts[@]}" madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }'
}

apt_state
if [ "$ver" = - ]; then
	# The suite's newest, in dpkg's order.
	for v in $(versions_of "$pkg"); do
		if [ "$ver" = - ] || dpkg --compare-versions "$v" gt "$ver"; then
			ver=$v
		fi
	done
	[ "$ver" != - ] || die "Debian has no $pkg (suite $suite)"
elif ! versions_of "$pkg" | grep -qxF "$ver"; then
	# The pin is gone (experimental and unstable keep one version each):
	# take the newest linux-source-N.M with N >= 7.
	best_pkg= best_ver=
	for p in $(apt-cache "${apt_opts[@]}" pkgnames linux-source- 2>/dev/null |
		grep -E '^linux-source-([7-9]|[1-9][0-9])\.[0-9]+$'); do
		for v in $(versions_of "$p"); do
			if [ -z "$best_ver" ] || dpkg --compare-versions "$v" gt "$best_ver"; then
				best_pkg=$p best_ver=$v
			fi
		done
	done
	[ -n "$best_pkg" ] || die "Debian carries neither $pkg $ver nor any linux-source-7.* or later"
	echo "mainline: $pkg $ver (scripts/kernels.conf) is no longer in Debian; using $best_pkg $best_ver, the newest linux-source there"
	pkg=$best_pkg ver=$best_ver
fi

mkdir -p "$SRC"
tarball=$SRC/${pkg}_${ver//[:~]/_}.tar.xz
if [ ! -f "$tarball" ]; then
	debs=$APT/debs
	mkdir -p "$debs"
	chmod 0777 "$debs" 2>/dev/null || true
	rm -f "$debs/${pkg}_"*.deb
	(cd "$debs" && apt-get "${apt_opts[@]}" -q download "$pkg=$ver") >"$LOGS/kernel-src-download.log" 2>&1 ||
		die "cannot download $pkg=$ver: $LOGS/kernel-src-download.log"
	deb=$(ls "$debs/${pkg}_"*.deb)
	inner=./usr/src/$pkg.tar.xz
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "$inner" >"$tarball.tmp" ||
		die "$deb holds no $inner"
	mv "$tarball.tmp" "$tarball"
	rm -f "$deb"
fi
echo "$pkg $ver"
echo "$tarball"
