#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The patch queues, the source of our kernel changes.  patches/<base>/series
# lists, in order, one .patch per commit on top of the base's pristine tree,
# as the stable queue (queue-X.Y/series) and Debian (debian/patches/series)
# keep theirs.  A .patch is a commit as git format-patch writes it, less the
# mail headers (From, Date) and with no Signed-off-by: the queue has no
# author; "make series" signs and dates each commit as whoever runs it.
#
#   scripts/queue.sh apply     the base tree, build/kernel/<base>/linux
#                              (tag "base"), with the queue applied as git
#                              commits on branch "series" (scripts/base-tree.sh)
#   scripts/queue.sh refresh   write the tree's commits base..series back as
#                              the queue; on mainline, also the repository's
#                              copy of our files (MIRROR below) at the head
#   scripts/queue.sh check     the repository's copy equals the mainline
#                              queue's head, byte for byte (make check)
#
# Editing: "make queue KERNEL=..." applies the queue; change the commits in
# the tree with git (git rebase -i base, git commit --amend, ...), leaving
# branch "series" at the new head, then "make refresh KERNEL=...".
# The tree's commits carry a placeholder identity that says it is one
# (scripts/base-tree.sh).
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
QUEUE=$ROOT/patches/$KERNEL
SERIES=$QUEUE/series
# Our own files, kept in the repository as the mainline queue leaves them
# (the fuzzer and the benchmarks build them from there): paths and folders.
MIRROR="drivers/tty/hvc/.kunitconfig drivers/tty/hvc/hvc_xen.c drivers/tty/hvc/hvc_xen.h
drivers/tty/hvc/hvc_xen_early.c drivers/tty/hvc/hvc_xen_frontend.c
drivers/tty/hvc/xencons_out.c drivers/tty/hvc/xencons_out.h
drivers/tty/hvc/xencons_ring.c drivers/tty/hvc/xencons_ring.h
drivers/tty/hvc/xencons_test.c Documentation/driver-api/tty/hvc_xen.rst
tools/testing/selftests/drivers/xen/console"

# queue_entries: the series file's patch names, in order.
queue_entries() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$SERIES" | grep -v '^$' || true
}

# queue_fingerprint: what the applied tree depends on.
queue_fingerprint() {
	local e
	{
		echo "$KERNEL"
		queue_entries
		for e in $(queue_entries); do cat "$QUEUE/$e"; done
	} | sha256sum | cut -d' ' -f1
}

# apply_queue: branch "series" = base + the queue (nothing is redone while
# the queue and the tree are unchanged).
apply_queue() {
	local fp stamp=$TREE/.git/queue-fingerprint e n=0 msg patch
	[ -f "$SERIES" ] || die "no queue for KERNEL=$KERNEL: $SERIES missing"
	fp=$(queue_fingerprint)
	if [ "$(cat "$stamp" 2>/dev/null)" = "$fp" ] &&
		[ "$(git -C "$TREE" symbolic-ref -q HEAD)" = refs/heads/series ] &&
		[ -z "$(git -C "$TREE" status --porcelain)" ]; then
		echo "queue unchanged ($(git -C "$TREE" rev-list --count base..HEAD) commits)"
		return 0
	fi
	git -C "$TREE" checkout -q -f -B series base
	git -C "$TREE" clean -q -fd
	msg=$(mktemp) patch=$(mktemp)
	for e in $(queue_entries); do
		n=$((n + 1))
		[ -f "$QUEUE/$e" ] || die "$SERIES names $e, which is not in $QUEUE"
		git mailinfo -k -b "$msg" "$patch" <"$QUEUE/$e" >"$msg.info" ||
			die "$e: not a patch (git mailinfo failed)"
		sed -n 's/^Subject: //p' "$msg.info" | grep -q . ||
			die "$e: no Subject: line"
		grep -q '^Signed-off-by:' "$msg" &&
			die "$e: has a Signed-off-by; the queue has none (make series signs)"
		git -C "$TREE" apply --index --whitespace=nowarn "$patch" ||
			die "$e does not apply to the $KERNEL tree (patch $n of the queue)"
		{
			sed -n 's/^Subject: //p' "$msg.info"
			echo
			cat "$msg"
		} | git -C "$TREE" commit -q --cleanup=whitespace -F - ||
			die "$e changes nothing"
	done
	rm -f "$msg" "$msg.info" "$patch"
	echo "$fp" >"$stamp"
	echo "queue applied: $n patches"
}

# refresh_queue: the tree's commits base..series as the queue.
refresh_queue() {
	local n tmp f name
	git -C "$TREE" rev-parse -q --verify series >/dev/null || die "no branch series in $TREE: make queue first"
	[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
		die "$TREE has uncommitted changes: commit them to branch series first"
	n=$(git -C "$TREE" rev-list --count base..series)
	[ "$n" -gt 0 ] || die "branch series has no commits on top of base"
	if git -C "$TREE" log --format=%B base..series | grep -q '^Signed-off-by:'; then
		die "a commit of base..series has a Signed-off-by; the queue has none (make series signs)"
	fi
	tmp=$(mktemp -d)
	git -C "$TREE" format-patch -q --no-signature --zero-commit -k --filename-max-length=72 -o "$tmp" base..series
	mkdir -p "$QUEUE"
	# The series file keeps its leading comment.
	sed -n '/^#/!q;p' "$SERIES" >"$tmp/series" 2>/dev/null || true
	rm -f "$QUEUE"/*.patch
	for f in "$tmp"/*.patch; do
		# Named by subject, as the stable queue names its patches (the
		# order is the series file's), so that a commit keeps its name
		# when another is added or dropped before it.
		name=$(basename "$f" | sed 's/^[0-9]*-//')
		while grep -qxF "$name" "$tmp/series"; do name=${name%.patch}-x.patch; done
		echo "$name" >>"$tmp/series"
		# Drop the mail headers but the subject (the queue has no author).
		awk 'NR == 1 && /^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/ { next }
			!body && /^$/ { body = 1 }
			!body && /^[^ \t]/ { skip = /^(From|Date): / }
			!body && skip { next }
			{ print }' "$f" >"$QUEUE/$name"
	done
	mv "$tmp/series" "$SERIES"
	rm -rf "$tmp"
	queue_fingerprint >"$TREE/.git/queue-fingerprint"
	echo "queue written: $n patches in ${QUEUE#"$ROOT"/}/"
	if [ "$KERNEL" = mainline ]; then
		# shellcheck disable=SC2086
		(cd "$ROOT" && rm -rf $MIRROR)
		for f in $(mirror_files); do
			mkdir -p "$ROOT/$(dirname "$f")"
			git -C "$TREE" show "series:$f" >"$ROOT/$f"
		done
		echo "our files at the queue's head copied to the repository ($(mirror_files | wc -l) files)"
	fi
}

# mirror_files: the files of MIRROR at the head of branch series.
mirror_files() {
	# shellcheck disable=SC2086
	git -C "$TREE" ls-tree -r --name-only series -- $MIRROR
}

# check_mirror: the repository's copy is the queue's head.
check_mirror() {
	[ "$KERNEL" = mainline ] || die "the repository keeps mainline's files: KERNEL=mainline"
	local f bad=0 have want
	# shellcheck disable=SC2086
	have=$(cd "$ROOT" && git ls-files --cached --others --exclude-standard -- $MIRROR | sort)
	want=$(mirror_files | sort)
	if [ "$have" != "$want" ]; then
		echo "the repository's files and the queue's head differ in names:"
		diff <(echo "$want") <(echo "$have") | sed -n 's/^[<>]/ &/p' |
			sed -e 's/^ </  only in the queue:/' -e 's/^ >/  only in the repository:/'
		bad=1
	fi
	for f in $want; do
		[ -f "$ROOT/$f" ] || continue
		if ! git -C "$TREE" show "series:$f" | cmp -s - "$ROOT/$f"; then
			echo "  $f differs from the queue's head (edit the queue and make refresh)"
			bad=1
		fi
	done
	[ $bad = 0 ] || return 1
	echo "the repository's $(echo "$want" | wc -l) files equal the mainline queue's head"
}

case "${1:-}" in
apply) "$ROOT/scripts/base-tree.sh" ;;
refresh) refresh_queue ;;
check) "$ROOT/scripts/base-tree.sh" >/dev/null && check_mirror ;;
apply-queue) apply_queue ;; # base-tree.sh's part
*) die "usage: scripts/queue.sh apply|refresh|check" ;;
esac
