#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks of the files we own, in the applied tree of the base
# KERNEL selects ($KTREE):
#   checkpatch   scripts/checkpatch.pl --strict -f on each C file and header
#   kernel-doc   scripts/kernel-doc -none on each C file and header
#   sparse       make C=2 W=1 on the objects built from our C files
# Usage: static-checks.sh checkpatch|kernel-doc|sparse
. "$(dirname "$0")/lib.sh"

TREE=$KTREE
# CamelCase is allowed only because Xen's ABI names use it.
CHECKPATCH_IGNORE=CAMELCASE

our_sources() {
	(cd "$ROOT" && git ls-files --cached --others --exclude-standard -- \
		drivers include 'tools/testing/selftests/drivers/xen' tools/xen \
		tools/testing/xencons-fuzz tools/testing/xencons-bench) |
		grep -E '\.[ch]$' || true
}

check_checkpatch() {
	local f bad=0 n=0
	for f in $(our_sources); do
		n=$((n + 1))
		if ! (cd "$TREE" && ./scripts/checkpatch.pl --strict --no-tree --quiet \
			--ignore "$CHECKPATCH_IGNORE" --show-types -f "$ROOT/$f"); then
			echo "checkpatch: $f has findings"
			bad=1
		fi
	done
	echo "checkpatch --strict: $n files checked"
	return $bad
}

check_kernel_doc() {
	local f bad=0 out n=0
	for f in $(our_sources); do
		case "$f" in tools/*) continue ;; esac
		n=$((n + 1))
		out=$(cd "$TREE" && ./scripts/kernel-doc -none "$ROOT/$f" 2>&1) || bad=1
		if [ -n "$out" ]; then
			echo "$out"
			bad=1
		fi
	done
	echo "kernel-doc: $n files checked"
	# Every kernel-doc directive of our document pulls something in.
	local doc=Documentation/driver-api/tty/hvc_xen.rst d rst
	for d in $(sed -n 's/^\.\. kernel-doc:: //p' "$ROOT/$doc"); do
		# Read it whole: grep -q would stop early, and under pipefail
		# the SIGPIPE of a long output would count as no comment.
		rst=$(cd "$TREE" && ./scripts/kernel-doc -rst "$d" 2>/dev/null) || rst=
		if ! grep -q '^\.\. c:' <<<"$rst"; then
			echo "kernel-doc: $doc pulls in $d, which has no kernel-doc comment"
			bad=1
		fi
	done
	return $bad
}

check_sparse() {
	local objs=() f log=$LOGS/sparse.log
	for f in $(our_sources); do
		case "$f" in drivers/*.c) objs+=("${f%.c}.o") ;; esac
	done
	if [ ${#objs[@]} -eq 0 ]; then
		echo "sparse: no C files of ours yet"
		return 0
	fi
	local sp
	sp=$("$ROOT/scripts/sparse.sh") || return 1
	echo "sparse: $sp ($("$sp" --version))"
	# A separate object folder, so W=1 does not disturb the boot kernel.
	KTARGETS="${objs[*]}" KMAKE_ARGS="C=2 CHECK=$sp W=1" "$ROOT/scripts/kbuild.sh" static 2>&1 | tee "$log"
	# The kernel only warns when it cannot use the checker: a pass
	# without sparse would be no pass.
	if grep -q 'sparse is not available or not up to date' "$log"; then
		echo "sparse did not run ($sp): see $log"
		return 1
	fi
	if grep -E '(warning|error):' "$log" | grep -v '^make' ; then
		echo "sparse/W=1: findings in our files (see $log)"
		return 1
	fi
	echo "sparse C=2 W=1: ${#objs[@]} objects clean"
}

case "${1:-}" in
checkpatch) check_checkpatch ;;
kernel-doc) check_kernel_doc ;;
sparse) check_sparse ;;
*) die "usage: static-checks.sh checkpatch|kernel-doc|sparse" ;;
esac
