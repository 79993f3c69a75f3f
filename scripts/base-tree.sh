#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel tree of the base KERNEL selects (mainline, 6.12, 6.1; see
# scripts/kernels.conf) at $KTREE: Debian's linux-source package, committed
# as tag "base", then that base's series applied one commit per entry on
# branch "series".
#
# The series: patches/series for mainline; patches/<base>/series for a
# backport base.  Entries (in order, '#' starts a comment):
#   NAME.patch  a git format-patch mail for files we do not own (git am)
#   NAME.group  a commit adding our own files: commit message, a line "---",
#               then one repo path per line (copied into the tree) or
#               "patch: FILE" (a unified diff in patches/, applied in the
#               same commit) or "revert: FILE" (the same, applied in
#               reverse: a group that adds our files without a feature
#               that a later group adds with "patch: FILE").
#   ENTRY + FIX.diff   (backport series only) ENTRY, with FIX.diff applied
#               in the same commit, the way a stable backport adjusts an
#               upstream commit: FIX.diff's text above its first diff is
#               added to the commit message as "[ BASE: text ]".
# A name is looked up in patches/<base>/ first, then in patches/.
# Every file we own under drivers/ include/ Documentation/ tools/ must be
# listed in exactly one group.
#
# Re-running is cheap: nothing is redone while the series and our files are
# unchanged.
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
PATCHES=$ROOT/patches
if [ "$KERNEL" = mainline ]; then
	SERIES=$PATCHES/series
else
	SERIES=$PATCHES/$KERNEL/series
fi
export GIT_AUTHOR_NAME="Xen Console Team" GIT_AUTHOR_EMAIL="xen-console@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"

[ -f "$SERIES" ] || die "no series for KERNEL=$KERNEL: $SERIES missing"
src=$("$ROOT/scripts/kernel-src.sh") || die "no kernel source for KERNEL=$KERNEL"
# Its last two lines: "PACKAGE VERSION" and the tarball.
TARBALL=$(tail -n 1 <<<"$src")
PKGVER=$(tail -n 2 <<<"$src" | head -n 1)
head -n -2 <<<"$src"
WANT=$(kernel_conf "$KERNEL" 5)

# Our owned files, as the repository sees them.
owned_files() {
	(cd "$ROOT" && git ls-files --cached --others --exclude-standard -- \
		drivers include Documentation tools 2>/dev/null || true) | sort -u
}

# One line per entry: "NAME" or "NAME + FIX + FIX".
series_entries() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$SERIES" | grep -v '^$' || true
}

# patch_path NAME: patches/<base>/NAME, else patches/NAME.
patch_path() {
	if [ "$KERNEL" != mainline ] && [ -f "$PATCHES/$KERNEL/$1" ]; then
		echo "$PATCHES/$KERNEL/$1"
	elif [ -f "$PATCHES/$1" ]; then
		echo "$PATCHES/$1"
	else
		return 1
	fi
}

unpack_base() {
	local stamp=$TREE/.git/base-tarball
	local want
	want="$PKGVER $(stat -c '%s %Y' "$TARBALL")"
	if [ -d "$TREE/.git" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
		git -C "$TREE" rev-parse -q --verify base >/dev/null; then
		return 0
	fi
	echo "unpacking $TARBALL"
	rm -rf "$TREE" "$KBASE/linux.tmp"
	mkdir -p "$KBASE/linux.tmp"
	tar -xJf "$TARBALL" -C "$KBASE/linux.tmp"
	local top
	top=$(ls "$KBASE/linux.tmp")
	[ "$(echo "$top" | wc -l)" = 1 ] && [ -f "$KBASE/linux.tmp/$top/Makefile" ] ||
		die "$TARBALL is not one kernel tree"
	mv "$KBASE/linux.tmp/$top" "$TREE"
	rmdir "$KBASE/linux.tmp"
	local ver
	ver=$(make -s -C "$TREE" kernelversion)
	# shellcheck disable=SC2254
	case "$ver" in
	$WANT) ;;
	*) die "$TARBALL holds Linux $ver, not what KERNEL=$KERNEL wants ($WANT): see scripts/kernels.conf" ;;
	esac
	[ -f "$TREE/drivers/tty/hvc/hvc_xen.c" ] ||
		die "$TARBALL has no drivers/tty/hvc/hvc_xen.c: not a usable base tree"
	git -C "$TREE" init -q -b series
	git -C "$TREE" config core.autocrlf false
	git -C "$TREE" config gc.auto 0
	git -C "$TREE" add -A -f
	git -C "$TREE" commit -q -m "base: Debian $PKGVER (Linux $ver)"
	git -C "$TREE" tag -f base >/dev/null
	echo "$want" >"$stamp"
	echo "base tree ($KERNEL): Linux $ver from Debian $PKGVER"
}

# Print the commit message of a group file (everything above '---').
group_msg() {
	sed '/^---$/,$d' "$1"
}

# fix_note FILE: the text of a backport fix above its first diff, one line.
fix_note() {
	sed -n '/^\(diff \|--- \)/q;p' "$1" | tr '\n' ' ' | sed -e 's/  */ /g' -e 's/ *$//'
}

group_body() {
	sed '1,/^---$/d' "$1" | sed -e 's/#.*//' -e 's/[[:space:]]*$//' | grep -v '^$' || true
}

fingerprint() {
	{
		echo "$KERNEL"
		series_entries
		local e
		for e in $(series_entries | tr -d '+'); do cat "$(patch_path "$e")"; done
		local f
		for f in $(owned_files); do
			echo "$f"
			cat "$ROOT/$f"
		done
		for f in "$PATCHES"/*.diff "$PATCHES/$KERNEL"/*.diff; do
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
	local listed=() entry e n=0 fixes path rel
	while IFS= read -r entry; do
		n=$((n + 1))
		e=${entry%% *}
		fixes=()
		if [ "$e" != "$entry" ]; then
			read -r -a fixes <<<"$(sed -e 's/^[^ ]*//' -e 's/+/ /g' <<<"$entry")"
		fi
		path=$(patch_path "$e") || die "$SERIES names $e, which does not exist"
		rel=${path#"$PATCHES"/}
		case "$e" in
		*.patch)
			git -C "$TREE" am -q --keep-cr "$path" ||
				die "patch $rel does not apply to the $KERNEL tree (git am failed)"
			;;
		*.group)
			local line
			while IFS= read -r line; do
				case "$line" in
				patch:* | revert:*)
					local d=${line#*:} dp r=
					d=${d# }
					dp=$(patch_path "$d") || die "$e names patch $d, which does not exist"
					case "$line" in revert:*) r=-R ;; esac
					git -C "$TREE" apply $r --index "$dp" ||
						die "$d (${r:+reverted, }from $e) does not apply to the $KERNEL tree${r:+: regenerate it from our files}"
					;;
				*)
					[ -f "$ROOT/$line" ] || die "$e lists $line, which is not in the repository"
					mkdir -p "$(dirname "$TREE/$line")"
					cp "$ROOT/$line" "$TREE/$line"
					git -C "$TREE" add -f "$line"
					listed+=("$line")
					;;
				esac
			done < <(group_body "$path")
			git -C "$TREE" commit -q -F <(group_msg "$path") ||
				die "group $e made no change"
			;;
		*) die "$SERIES: unknown entry '$e' (want NAME.patch or NAME.group)" ;;
		esac
		# Backport adjustments, folded into the commit they adjust.
		local fx fp msg
		for fx in "${fixes[@]}"; do
			fp=$(patch_path "$fx") || die "$SERIES: $e names fix $fx, which does not exist"
			git -C "$TREE" apply --index "$fp" ||
				die "backport fix $fx does not apply on top of $e ($KERNEL)"
			msg=$(git -C "$TREE" log -1 --format=%B)
			{
				printf '%s\n\n' "$msg"
				printf '[ %s: %s ]\n' "$KERNEL" "$(fix_note "$fp")" | fmt -w 72
			} | git -C "$TREE" commit -q --amend -F - ||
				die "backport fix $fx changed nothing"
		done
	done < <(series_entries)
	# Every owned kernel file must belong to a group; tools/ may stand alone
	# (userspace helpers built from the repository directly).
	local f missing=0
	for f in $(owned_files); do
		case "$f" in tools/*) continue ;; esac
		if ! printf '%s\n' "${listed[@]:-}" | grep -qxF "$f"; then
			echo "error: $f is not listed in any group of $SERIES" >&2
			missing=1
		fi
	done
	[ $missing = 0 ] || exit 1
	echo "$fp" >"$stamp"
	echo "series applied: $n entries"
}

unpack_base
apply_series
