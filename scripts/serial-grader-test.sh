#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A test of the serial grader (scripts/xen-serial.py dom0, then hvc_seq
# check), as the dom0 console rows use it: on serial logs made here from
# LINES numbered lines, a message of Xen's inside a line is ignored and
# counted, and a byte of ours missing or wrong, or a line of ours missing,
# still fails.  Each case prints one line; any case not as wanted fails.
. "$(dirname "$0")/xenboot.sh"

LINES=40
tools=$(guest_tools)
seq_tool=$tools/hvc_seq
dir=$BUILD/serial-grader-test
rm -rf "$dir"
mkdir -p "$dir"
: >"$dir/lines.txt"
"$seq_tool" write "$LINES" "$dir/lines.txt" >/dev/null
want=$("$seq_tool" expect "$LINES")
msg='(XEN) uart interrupt taking more than 4ms, switched to polling'

# serial AWK: the stamped serial log of the lines, AWK applied to line 20
# (h: its first 30 bytes, t: the rest; "print" writes serial lines).
serial() {
	awk -v msg="$msg" '
		function stamp(s) { printf "[%7.2f] %s\n", NR / 100, s }
		NR != 20 { stamp($0); next }
		{ h = substr($0, 1, 30); t = substr($0, 31); '"$1"' }' "$dir/lines.txt"
}

bad=0
# case NAME WANT AWK: WANT is "pass N" (the check passes, N messages
# ignored, exactly) or "fail RE" (it must not pass, and its result must
# match the extended regular expression RE).
case_() {
	local name=$1 expect=$2 got n
	serial "$3" >"$dir/$name.log"
	"$ROOT/scripts/xen-serial.py" dom0 "$dir/$name.log" >"$dir/$name.stream" 2>"$dir/$name.err"
	n=$(sed -n 's/^xen-serial: \([0-9]*\) .*/\1/p' "$dir/$name.err")
	got=$("$seq_tool" check "$LINES" "$dir/$name.stream" 2>/dev/null || true)
	if [ "$got" = "$want" ]; then got="pass $n"; else got="fail ($got; $n ignored)"; fi
	case "$expect" in
	pass*) [ "$got" = "$expect" ] ;;
	fail*) [ "${got#fail }" != "$got" ] && printf '%s\n' "$got" | grep -Eq -- "${expect#fail }" ;;
	esac && echo "ok: $name: $got" && return
	echo "NOT OK: $name: want $expect, got $got"
	bad=$((bad + 1))
}

case_ clean 'pass 0' 'stamp($0)'
case_ xen-inside-a-line 'pass 1' 'stamp(h msg); stamp(t)'
case_ two-inside-a-line 'pass 2' 'stamp(h msg); stamp(msg); stamp(t)'
case_ xen-line-between-lines 'pass 0' 'stamp($0); stamp(msg)'
case_ inside-before-the-newline 'pass 1' 'stamp($0 msg); stamp("")'
case_ inside-and-a-byte-missing 'fail good=39 .*bad=1 ' 'stamp(h msg); stamp(substr(t, 2))'
case_ inside-and-a-byte-wrong 'fail good=39 .*bad=1 ' 'stamp(h msg); stamp((substr(t, 1, 1) == "x" ? "y" : "x") substr(t, 2))'
case_ inside-and-the-rest-missing 'fail good=3[89] ' 'stamp(h msg)'
case_ a-line-missing 'fail good=39 .*missing=1 ' 'next'

# Without the filter, the message inside a line fails the check: the
# grader would count Xen's text as a damaged line of ours.
serial 'stamp(h msg); stamp(t)' >"$dir/unfiltered.log"
got=$("$seq_tool" check "$LINES" "$dir/unfiltered.log" 2>/dev/null || true)
if [ "$got" = "$want" ]; then
	echo "NOT OK: unfiltered: the check passed Xen's text inside a line"
	bad=$((bad + 1))
else
	echo "ok: unfiltered: $got"
fi
[ "$bad" = 0 ] || die "$bad case(s) of the serial grader not as wanted (logs in $dir)"
echo "PASS: the serial grader ignores Xen's messages inside dom0's lines and still fails on a byte of ours missing or wrong"
