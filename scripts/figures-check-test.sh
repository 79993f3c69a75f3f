#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The figures check must go red on a wrong figure: the head's hvc_xen.rst
# and the cover letter, each with one default changed, must each fail
# with that figure named; unchanged, they pass.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$KTREE" show series:Documentation/driver-api/tty/hvc_xen.rst >"$tmp/doc.rst"
check=$ROOT/scripts/figures-check.py
"$check" "$KTREE" --text "$tmp/doc.rst" >/dev/null || die "the unchanged hvc_xen.rst fails"
sed 's/``hvc_xen.stall_ms=`` (default [0-9]*/``hvc_xen.stall_ms=`` (default 999/' "$tmp/doc.rst" >"$tmp/bad.rst"
cmp -s "$tmp/doc.rst" "$tmp/bad.rst" && die "hvc_xen.rst has no stall_ms default to plant a bug in"
out=$("$check" "$KTREE" --text "$tmp/bad.rst") && die "a wrong stall_ms in hvc_xen.rst passed: $out"
grep -q 'says 999, the code.s stall_ms is' <<<"$out" || die "the wrong stall_ms is not named: $out"
sed 's/hvc_xen.hold_kib, default [0-9]*/hvc_xen.hold_kib, default 16/' "$ROOT/patches/cover-letter.txt" >"$tmp/cover.txt"
out=$("$check" "$KTREE" --text "$tmp/cover.txt") && die "a wrong hold_kib in the cover letter passed: $out"
grep -q 'says 16, the code.s hold_kib is' <<<"$out" || die "the wrong hold_kib is not named: $out"
echo "PASS: a wrong stall_ms in hvc_xen.rst and a wrong hold_kib in the cover letter fail, each named"
