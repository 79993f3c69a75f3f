#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel tree at $BUILD/linux: Debian's linux-source-6.1, committed
# as tag "base", then patches/series applied one commit per entry on branch
# "series".
#
# patches/series entries (in order, '#' starts a comment):
#   NAME.patch  a git format-patch mail for files we do not own (git am)
#   NAME.group  a commit adding our own files: commit message, a line "---",
#               then one repo path per line (copied into the tree) or
#               "patch: FILE" (a unified diff in patches/, applied in the
#               same commit).
# Every file we own under drivers/ include/ Documentation/ tools/ must be
# listed in exactly one group.
#
# Re-running is cheap: nothing is redone while the series and our files are
# unchanged.
. "$(dirname "$0")/lib.sh"

TARBALL=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
TREE=$BUILD/linux
PATCHES=$ROOT/patches
export GIT_AUTHOR_NAME="Xen Console Team" GIT_AUTHOR_EMAIL="xen-console@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"

[ -f "$TARBALL" ] ||
	die "$TARBALL not found: install Debian's kernel source with 'apt-get install linux-source-6.1'"

# Our owned files, as the repository sees them.
owned_files() {
	(cd "$ROOT" && git ls-files --cached --others --exclude-standard -- \
		drivers include Documentation tools 2>/dev/null || true) | sort -u
}

series_entries() {
	[ -f "$PATCHES/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$PATCHES/series" | grep -v '^$' || true
}

unpack_base() {
	local stamp=$TREE/.git/base-tarball
	local want
	want=$(stat -c '%s %Y' "$TARBALL")
	if [ -d "$TREE/.git" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
		git -C "$TREE" rev-parse -q --verify base >/dev/null; then
		return 0
	fi
	echo "unpacking $TARBALL"
	rm -rf "$TREE" "$BUILD/linux.tmp"
	mkdir -p "$BUILD/linux.tmp"
	tar -xJf "$TARBALL" -C "$BUILD/linux.tmp"
	mv "$BUILD/linux.tmp/linux-source-6.1" "$TREE"
	rmdir "$BUILD/linux.tmp"
	local ver
	ver=$(make -s -C "$TREE" kernelversion)
	case "$ver" in
	6.1.*) ;;
	*) die "$TARBALL holds Linux $ver, not 6.1.x: install Debian 12's linux-source-6.1" ;;
	esac
	[ -f "$TREE/drivers/tty/hvc/hvc_xen.c" ] ||
		die "$TARBALL has no drivers/tty/hvc/hvc_xen.c: not a usable base tree"
	git -C "$TREE" init -q -b series
	git -C "$TREE" config core.autocrlf false
	git -C "$TREE" config gc.auto 0
	git -C "$TREE" add -A -f
	git -C "$TREE" commit -q -m "base: Debian linux-source-6.1 ($ver)"
	git -C "$TREE" tag -f base >/dev/null
	echo "$want" >"$stamp"
	echo "base tree: Linux $ver"
}

# Print the commit message of a group file (everything above '---').
group_msg() {
	sed '/^---$/,$d' "$1"
}

group_body() {
	sed '1,/^---$/d' "$1" | sed -e 's/#.*//' -e 's/[[:space:]]*$//' | grep -v '^$' || true
}

fingerprint() {
	{
		series_entries
		local e
		for e in $(series_entries); do cat "$PATCHES/$e"; done
		local f
		for f in $(owned_files); do
			echo "$f"
			cat "$ROOT/$f"
		done
		for f in "$PATCHES"/*.diff; do
			if [ -f "$f" ]; then cat "$f"; fi
		done
	} | sha256sum | cut -d' ' -f1
}

apply_series() {
	local fp stamp=$TREE/.git/series-fingerprint
	fp=$(fingerprint)
	if [ "$(cat "$stamp" 2>/dev/null)" = "$fp" ] &&
		[ "$(git -C "$TREE" symbolic-ref -q HEAD)" = refs/heads/series ] &&
		[ -z "$(git -C "$TREE" status --porcelain)" ]; then
		echo "series unchanged ($(git -C "$TREE" rev-list --count base..HEAD) commits)"
		return 0
	fi
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" checkout -q -f -B series base
	git -C "$TREE" clean -q -fd
	local listed=() e n=0
	for e in $(series_entries); do
		n=$((n + 1))
		[ -f "$PATCHES/$e" ] || die "patches/series names $e, which does not exist"
		case "$e" in
		*.patch)
			git -C "$TREE" am -q --keep-cr "$PATCHES/$e" ||
				die "patch $e does not apply to the base tree (git am failed)"
			;;
		*.group)
			local line
			while IFS= read -r line; do
				case "$line" in
				patch:*)
					local d=${line#patch:}
					d=${d# }
					[ -f "$PATCHES/$d" ] || die "$e names patch $d, which does not exist"
					git -C "$TREE" apply --index "$PATCHES/$d" ||
						die "$d (from $e) does not apply"
					;;
				*)
					[ -f "$ROOT/$line" ] || die "$e lists $line, which is not in the repository"
					mkdir -p "$(dirname "$TREE/$line")"
					cp "$ROOT/$line" "$TREE/$line"
					git -C "$TREE" add -f "$line"
					listed+=("$line")
					;;
				esac
			done < <(group_body "$PATCHES/$e")
			git -C "$TREE" commit -q -F <(group_msg "$PATCHES/$e") ||
				die "group $e made no change"
			;;
		*) die "patches/series: unknown entry '$e' (want NAME.patch or NAME.group)" ;;
		esac
	done
	# Every owned kernel file must belong to a group; tools/ may stand alone
	# (userspace helpers built from the repository directly).
	local f missing=0
	for f in $(owned_files); do
		case "$f" in tools/*) continue ;; esac
		if ! printf '%s\n' "${listed[@]:-}" | grep -qxF "$f"; then
			echo "error: $f is not listed in any patches/*.group" >&2
			missing=1
		fi
	done
	[ $missing = 0 ] || exit 1
	echo "$fp" >"$stamp"
	echo "series applied: $n entries"
}

unpack_base
apply_series
