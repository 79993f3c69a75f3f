#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the seed corpus of xencons_fuzz.c (its header comment describes
# the program format): one small program per behaviour of the policy.
# Usage: gen-corpus.sh [DIR]   (default: corpus/ beside this script)
set -euo pipefail

out=${1:-$(dirname "$0")/corpus}
mkdir -p "$out"

# Little-endian fields, as printf escapes (4 characters a byte).
u8() { printf '\\x%02x' $(($1 & 255)); }
u16() { u8 "$1"; u8 $(($1 >> 8)); }
u32() { u16 $(($1 & 65535)); u16 $((($1 >> 16) & 65535)); }

# Actions (enum xf_op): b_ the backend's, g_ the guest's.
b_consume() { u8 0; u16 "$1"; }
b_produce() { u8 1; u16 "$1"; }
b_set_index() { u8 2; u8 "$1"; u32 "$2"; }	# SEL VALUE, see xf_set_index()
b_set_conn() { u8 3; u8 "$1"; }
b_scribble_out() { u8 4; u16 "$1"; u16 "$2"; u8 "$3"; }
b_scribble_in() { u8 5; u16 "$1"; u16 "$2"; u8 "$3"; }
b_shift_out() { u8 6; u32 "$1"; }
g_write() { u8 7; u16 "$1"; }
g_printk() { u8 8; u16 "$1"; }
g_read() { u8 9; u16 "$1"; }
g_event() { u8 10; u16 "$1"; }
g_timer() { u8 11; u16 "$1"; }	# 100 us units
g_advance() { u8 12; u32 "$1"; }	# ns
g_wait() { u8 13; }
g_set_hold() { u8 14; u8 "$1"; }	# index into xf_hold_sizes[], +128: NULL
g_resync() { u8 15; }
g_query() { u8 16; }
g_core() { u8 17; u8 "$1"; u32 "$2"; u32 "$3"; u16 "$4"; }

# Header flags.
HYP=1
NULL_HOLD=2
# Header byte 1, or-ed with the hold index.
LOSSLESS=128
C_YIELD=4
C_REPORT=64
C_ALL=252

# seed NAME FLAGS HOLD_INDEX STALL_MS/4 YIELD_MS-1 BASE/64 MAIN [CONCURRENT]
seed() {
	local main=$7 conc=${8:-} hdr
	hdr=$(u8 "$2"; u8 "$3"; u8 "$4"; u8 "$5"; u8 "$6"; u16 $((${#main} / 4)))
	printf '%b' "$hdr$main$conc" >"$out/$1"
}

# Connected, a live backend: tty writes, ring full, input events.
seed connected-tty $HYP 13 250 0 0 \
	"$(g_write 100; b_consume 0; g_write 3000; b_consume 0; g_write 2100; g_timer 10
	   b_consume 50; g_event 10; b_consume 0; g_wait; g_query)"
# Nobody drains: the printk path stalls after stall_ms, then recovers.
seed printk-stall $HYP 6 2 0 0 \
	"$(g_printk 5000; b_consume 0; g_timer 200; b_consume 0; g_timer 200; g_printk 10
	   b_consume 0)"
# The flag says disconnected; held bytes flow once it says connected.
seed disconnected-flag $HYP 13 250 0 0 \
	"$(b_set_conn 1; g_write 3000; g_printk 300; g_timer 200; b_set_conn 0; g_timer 200
	   g_write 100; g_write 0; b_consume 0; g_timer 200; b_consume 0)"
# A 16-byte hold buffer overflows; the loss is reported.
seed hold-overflow 0 5 250 0 0 \
	"$(b_set_conn 1; g_write 10; g_write 10; g_write 30; b_set_conn 0; g_write 5
	   b_consume 0; g_timer 200; b_consume 0)"
# out_cons far off: broken, then sane again.
seed broken-indices $HYP 7 250 0 0 \
	"$(g_write 100; b_set_index 0 2147483648; g_write 50; g_timer 200; g_event 1
	   b_set_index 8 0; g_timer 200; b_consume 0; g_write 10)"
# The backend acts inside every op.
seed concurrent $((HYP | C_ALL)) 12 25 0 0 \
	"$(g_write 3000; g_printk 4000; g_timer 200; g_write 100; b_consume 0; g_timer 200)" \
	"$(b_consume 100; b_shift_out 1; b_set_conn 1; b_set_conn 0; b_consume 0
	   b_scribble_out 0 100 7; b_set_index 4 16; b_consume 0)"
# Hold buffers replaced while bytes are held: smaller, larger, none.
seed set-hold $HYP 11 250 0 0 \
	"$(b_set_conn 1; g_write 3000; g_set_hold 5; g_set_hold 13; g_write 20000
	   g_set_hold 128; g_set_hold 7; g_write 10; b_set_conn 0; g_timer 200; b_consume 0)"
# An unknown flag value.
seed bad-flag $HYP 13 250 0 0 \
	"$(b_set_conn 7; g_write 100; g_timer 200; b_set_conn 1; g_write 10; b_set_conn 0
	   g_timer 200; b_consume 0)"
# Indices start 64 bytes before the u32 wrap.
seed wrap 0 13 250 0 1 \
	"$(g_write 200; b_consume 0; g_write 2048; b_consume 1000; g_write 3000; b_consume 0)"
# Input: reads and events; in_prod far off, then an empty ring, scribbles.
seed input $HYP 13 250 0 3 \
	"$(b_produce 2000; g_read 100; g_event 2000; b_produce 10; b_set_index 7 5000
	   g_read 10; b_set_index 11 0; g_read 1; b_scribble_in 0 10 1; b_produce 5
	   g_read 20; b_produce 3; g_read 3)"
# The ring core alone on the scratch page.
seed core 0 0 250 0 0 \
	"$(g_core 0 0 2040 100; g_core 1 5 1000 4000; g_core 0 4294967040 1792 4096
	   g_core 1 0 2000 7; g_core 0 100 90 1; g_query)"
# wait() after writes that took nothing and after resync; no hold buffer.
seed resync-wait $HYP 13 250 9 0 \
	"$(g_write 2048; g_write 10; g_wait; g_resync; g_wait; g_write 10; g_wait
	   g_set_hold 0; g_advance 4000000000; g_write 10; b_consume 0; g_set_hold 13
	   b_set_conn 1; g_write 10; g_resync; b_set_conn 0; g_timer 200; b_consume 0)"
# No hold buffer at all while broken.
seed null-hold-broken $NULL_HOLD 5 250 0 0 \
	"$(b_set_index 1 100000; g_write 10; g_timer 200; b_set_index 9 0; g_timer 200
	   g_write 10; b_consume 0)"
# stall_ms 0: a full ring stalls at once.
seed stall-zero $HYP 9 0 0 0 \
	"$(g_write 2048; g_write 100; g_printk 100; b_consume 0; g_timer 200; b_consume 0)"
# A backend that moves out_cons and out_prod together during each yield:
# the printk path must still give up after stall_ms.
seed lockstep-stall $((HYP | C_YIELD)) 6 1 0 0 \
	"$(g_write 2048; g_printk 10; b_consume 0)" \
	"$(for _ in $(seq 20); do b_shift_out 1; done)"
# The backend corrupts the indices while the policy reports: the ring
# write right after the report finds them corrupt (in flush, in write).
seed report-race-flush $((HYP | C_REPORT)) 13 250 9 0 \
	"$(b_set_index 0 2147483648; g_write 10; b_set_index 8 0; g_write 10; b_consume 0)" \
	"$(b_set_conn 0; b_set_index 0 2147483648; b_set_conn 0)"
seed report-race-write $((HYP | C_REPORT)) 1 250 9 0 \
	"$(b_set_conn 1; g_write 10; b_set_conn 0; g_write 5; b_consume 0)" \
	"$(b_set_index 0 2147483648; b_set_conn 0)"
# The backend puts the indices right while the policy reports an unknown
# flag, between the look that found them corrupt and the BROKEN report:
# the report must carry the corrupt pair that was checked.
seed report-race-refresh $((HYP | C_REPORT)) 13 250 9 0 \
	"$(b_set_index 0 2147483648; b_set_conn 9; g_write 10; b_set_conn 0; g_timer 200
	   b_consume 0)" \
	"$(b_set_index 8 0)"
# A lossless object (a secondary console): disconnected, then a silent
# ring, a stall and broken indices; writes fill the hold buffer and are
# then refused, nothing is dropped, and everything flows once served.
seed lossless $((HYP | C_YIELD)) $((LOSSLESS | 7)) 2 0 0 \
	"$(b_set_conn 1; g_write 3000; g_write 10; g_printk 500; b_set_conn 0; g_timer 200
	   g_write 3000; g_advance 20000000; g_write 2000; g_write 10; b_consume 0; g_timer 200
	   b_set_index 0 2147483648; g_write 100; g_timer 200; b_set_index 8 0; g_timer 200
	   b_consume 0; g_write 100; g_set_hold 5; b_consume 0)"
# A backend that takes one byte per yield: each wait of the printk call
# gains a byte of room, and the call must still end within stall_ms.
seed trickle $((HYP | C_YIELD)) 5 10 8 0 \
	"$(g_write 2048; g_write 16; g_printk 400; g_write 400; b_consume 0; g_timer 200; b_consume 0)" \
	"$(for _ in $(seq 40); do b_consume 1; done)"

# hexseed NAME HEX: an input kept as make fuzz found it.
hexseed() {
	printf '%b' "$(printf '%s' "$2" | sed 's/../\\x&/g')" >"$out/$1"
}
# make fuzz found it: a lossless console printed to, whose backend, from
# inside report(), moves out_cons back and forth, so that the ring turns
# STALLED and usable again; each recovery restarted the wait of the
# printk call, which never ended.
hexseed flapping-stall 41ff0921fa0900130002002c2c2c2c2f2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c000000002c2c2c250bc8000000000700000002
