// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the Xen console ring core (xencons_ring.c) and
 * output policy (xencons_out.c), built unchanged from drivers/tty/hvc/
 * against the userspace shims in include/.
 *
 * The input is a byte program.  A 7-byte header chooses the set-up:
 *
 *   [0] bit 0: hyp_write records bytes (else the op is NULL);
 *       bit 1: the hold buffer is passed as NULL with a non-zero size;
 *       bits 2-7: ops that let the backend act once, "concurrently",
 *       when the driver calls them (yield, notify, now_ns, arm_poll,
 *       report, hyp_write)
 *   [1] bits 0-6: hold buffer size (xf_hold_sizes[]); bit 7: lossless
 *       (xencons_out_set_lossless(), a secondary console)
 *   [2] stall_ms / 4
 *   [3] time one yield takes, ms - 1          [4] start of all indices
 *   [5..6] length of the main program (LE); the rest is the backend's
 *       concurrent program, read one action per concurrent op call.
 *
 * Each action is an opcode byte and fixed-size arguments (see xf_step()
 * and xf_backend()); bytes past the end read as 0.  Backend actions set
 * any index to any value, set the connection byte, scribble on either
 * ring, shift the out indices together, consume the out ring or produce
 * input as a well-behaved backend would.  Guest actions are what
 * hvc_xen.c does: tty writes, printk writes (write, and on 0 wait,
 * until all is accepted), ring reads, events (read, then
 * xencons_out_event()), poll-timer ticks, set_hold, resync, plus direct calls of
 * the ring core on a scratch page.  Guest output is one byte sequence
 * (hashed positions, period 64 KiB), each tty write offering its next
 * bytes in an allocation of exactly the offered length.  A work budget
 * (policy calls, bytes offered) ends long programs early; the final
 * checks (6.) always run.
 *
 * What is checked (abort() on a violation, so libFuzzer keeps the input):
 *
 * 1. Page ownership, at every op call and after every guest call: the
 *    policy changes only out_prod and the out[] slots of the window it
 *    publishes; the window never exceeds the free space seen at the last
 *    check (none while the indices are corrupt); ring reads change only
 *    in_cons.  The guest never writes out_cons, in_prod, in[] or the
 *    connection byte.
 * 2. Producer order, exact, whatever the backend did: the bytes the
 *    policy publishes are the next bytes of the guest sequence after
 *    the ones it counted as dropped (o->dropped, plus the counts
 *    reported with XENCONS_EV_DROPPED; a count that shrinks unreported
 *    is a violation).  Between two op calls the policy publishes before
 *    it drops (it drops only in its lossy path, after its last ring
 *    write), so drops are placed after the bytes published in the same
 *    stretch.  Where bytes were dropped, the first bytes published
 *    after them are a loss marker, "\r\n[hvc_xen: N bytes lost]\r\n"
 *    with N the bytes dropped since the last marker began, whole before
 *    any guest byte.  After every guest call the hold buffer holds
 *    exactly the accepted bytes not yet published or dropped, in order:
 *    published + dropped + held = accepted.
 * 3. Consumer order: a well-behaved backend checks every byte it
 *    consumes against what the policy published into that slot.  While
 *    the out ring is clean (no backend write to out_cons/out_prod/out[]
 *    since the consumer last found it empty) it must also get every
 *    published byte exactly once, in order: no duplicates, no gaps
 *    beyond the counted drops.  A hostile write makes the ring dirty;
 *    it is clean again once the consumer finds it empty, because from
 *    then on only the policy writes it.
 * 4. Input: xencons_ring_read() matches a reference model of the page
 *    always (-EIO and nothing touched when in_prod - in_cons > 1024,
 *    else min(len, pending) bytes from in_cons); while the in ring is
 *    clean (same rule as 3.) the bytes are exactly the produced ones.
 * 5. Bounds and contracts: write returns 0..len, a forced write len;
 *    hold_len <= hold size; xencons_out_wait() yields once, outside the
 *    policy call (the caller's lock dropped); a printk call (which asks
 *    xencons_out_wait_more() after each refused write, and forces its
 *    writes once that says no) never waits more than stall_ms / yield
 *    time + 3 times in all, whatever the backend does meanwhile (it may
 *    flip the page between states, or take a byte now and then); bytes
 *    published are followed
 *    by notify() in the same call, or an unanswered notify covers them
 *    (one sent at an out_prod that out_cons has not reached), or a poll
 *    is armed; while bytes are held, the ring is broken or
 *    such a notify is out a poll is armed; poll() returns a period of
 *    20..500 ms exactly then, else 0; reports are
 *    well formed (DROPPED > 0 with an empty hold, BROKEN only for
 *    corrupt indices and once per episode, RECOVERED only from the
 *    state it names (both unless reports went unsent since), BAD_FLAG
 *    once, for a value other than 0 and 1, STALLED with stall_ms);
 *    reports keep the budget, modelled from the clock alone (at most
 *    XENCONS_OUT_REPORT_BURST in a window of XENCONS_OUT_REPORT_SECS
 *    from its first, then one SUPPRESSED line once it is over, only
 *    for a full window); hyp_write gets only bytes of the current
 *    write, in order, never twice.  A lossless object never calls
 *    hyp_write and no write of it drops a byte (set_hold and forced
 *    writes still may).
 * 6. Liveness, at the end of every input: the backend turns
 *    well-behaved (connected, sane indices) and answers its last read
 *    with an event.  From then on it reads only when notified, all the
 *    ring holds, and answers each read with an event: with no poll at
 *    all, every held byte must reach it and the ring must end empty (a
 *    stream that stops leaves nothing behind).  Then the poll timer
 *    alone must keep it so, one further write must report any pending
 *    drop count, and all the accepted output must be published or
 *    reported dropped.
 * Sanitizers: ASan (the page, hold buffers, write and read buffers are
 * allocations of exactly their size) and UBSan, both fatal.
 *
 * FUZZ_SELFTEST plants a bug in the harness, to prove that it fails:
 * 1: every tty write after the first offers the previous byte again
 * (a duplicate); 2: a yield takes no time (a printk write that never
 * ends); 3: after each write one held byte vanishes uncounted (a loss);
 * 4: the printk path waits with the caller's lock held (issue 12);
 * 5: the backend's events never reach the policy (bytes it did not
 * notify for wait in the ring until a poll).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/time64.h>

#include "xencons_out.h"
#include "xencons_ring.h"

#ifndef FUZZ_SELFTEST
#define FUZZ_SELFTEST 0
#endif

#define XF_OUT		((u32)XENCONS_RING_OUT_SIZE)
#define XF_IN		((u32)XENCONS_RING_IN_SIZE)
#define XF_HDR		7
#define XF_MAX_STEPS	4096
#define XF_MAX_CALLS	10000		/* policy calls per input */
#define XF_MAX_BYTES	2000000		/* bytes offered to writes per input */
#define XF_MAX_WRITE	20000
#define XF_SEQ		65536		/* period of the guest output */
#define XF_SEQ_SLACK	32768		/* readable past any start in xf_seq */
#define XF_DRAIN_ROUNDS	64
#define XF_POLL_NS	(20 * NSEC_PER_MSEC)

/* Header byte 0. */
#define XF_F_HYP	0x01
#define XF_F_NULL_HOLD	0x02
/* Header byte 1. */
#define XF_H_LOSSLESS	0x80
#define XF_C_YIELD	0x04
#define XF_C_NOTIFY	0x08
#define XF_C_NOW	0x10
#define XF_C_ARM	0x20
#define XF_C_REPORT	0x40
#define XF_C_HYP	0x80

enum xf_op {
	/* Backend actions: main and concurrent program. */
	XF_B_CONSUME,		/* u16 n (0: all) */
	XF_B_PRODUCE,		/* u16 n */
	XF_B_SET_INDEX,		/* u8 sel, u32 v: see xf_set_index() */
	XF_B_SET_CONN,		/* u8 v */
	XF_B_SCRIBBLE_OUT,	/* u16 off, u16 len, u8 seed */
	XF_B_SCRIBBLE_IN,	/* u16 off, u16 len, u8 seed */
	XF_B_SHIFT_OUT,		/* u32 d: out_cons and out_prod += d */
	XF_NR_BACKEND,
	/* Guest actions: main program only. */
	XF_G_WRITE = XF_NR_BACKEND,	/* u16 len */
	XF_G_PRINTK,		/* u16 len */
	XF_G_READ,		/* u16 len */
	XF_G_EVENT,		/* u16 len */
	XF_G_TIMER,		/* u16 time to advance, 100 us units */
	XF_G_TIME,		/* u32 ns to advance */
	XF_G_WAIT,
	XF_G_SET_HOLD,		/* u8 size selector, bit 7: NULL */
	XF_G_RESYNC,
	XF_G_QUERY,
	XF_G_CORE,		/* u8 read?, u32 cons, u32 prod, u16 len */
	XF_NR_OPS,
};

static const u32 xf_hold_sizes[] = {
	0, 1, 2, 3, 7, 16, 100, 1000, 2047, 2048, 2049, 4096, 5000, 16384,
};

struct xf_stream {
	const u8 *p;
	size_t len;
	size_t pos;
};

struct xf {
	struct xf_stream prog;		/* main program */
	struct xf_stream conc;		/* concurrent backend program */
	u8 conc_mask;
	unsigned int step;

	struct xencons_interface *intf;
	struct xencons_interface snap;	/* the page at the last check */
	struct xencons_interface *scratch;
	struct xencons_out out;
	struct xencons_out_ops ops;	/* xf_ops, maybe without hyp_write */
	char *hold;
	u32 hold_size;			/* effective size, 0 without buffer */
	unsigned int stall_ms;
	bool lossless;			/* xencons_out_set_lossless() */
	u64 now;
	u64 yield_ns;
	bool armed;			/* the poll timer is pending */
	bool in_call;			/* a policy call is running */
	unsigned int calls;		/* policy calls so far */
	u64 offered;			/* bytes offered to writes so far */

	/* Guest output. */
	u64 written;			/* bytes accepted by writes */
	u64 ring_pos;			/* sequence number of the next published byte */
	u64 drops_seen;			/* reported + o->dropped at the last check */
	u64 reported;			/* sum of XENCONS_EV_DROPPED counts */
	u64 entries;			/* bytes published so far */
	u64 unnotified;			/* published since the last notify() */
	u32 kick_prod;			/* out_prod at the last notify() */
	bool kick_out;			/* a notify() was made */
	unsigned int notifies;
	const char *chunk;		/* buffer of the running tty write */
	u64 chunk_pos;
	unsigned int chunk_len;
	u64 hyp_next;			/* hyp_write never goes back before this */
	unsigned int yields;
	bool in_wait;			/* in xencons_out_wait(), unlocked */
	bool broken_open;		/* BROKEN reported, RECOVERED(1) not yet */
	bool unpaired;			/* reports were left unsent since */
	u32 missed_seen;		/* o->reports_missed at the last report */
	u64 win_start;			/* the report window, modelled apart */
	u32 win_sent;			/* reports sent in it */
	bool win_said;			/* its SUPPRESSED line came */
	bool bad_flag_seen;

	/* The hold buffer as xf_leave() last verified it. */
	const char *held_buf;
	u32 held_size;
	u32 held_head;			/* its hold_head */
	u64 held_pos;			/* ring_pos then */
	u64 held_to;			/* written then */

	/* Out ring as published: entry number + 1 (0: not ours), position. */
	u64 slot_entry[XF_OUT];
	u64 slot_pos[XF_OUT];
	char slot_byte[XF_OUT];		/* the byte published there */

	/* Loss markers: drops covered by markers so far, the one being sent. */
	u64 marked;
	char mark[64];
	u32 mark_len;
	u32 mark_off;
	bool out_dirty;
	u64 next_entry;			/* what the consumer must get next */

	/* Input. */
	u64 in_seq;			/* next input byte number to produce */
	u64 in_slot[XF_IN];		/* sequence number + 1, 0: not ours */
	bool in_dirty;
	u64 in_next;			/* what the guest must read next */
};

static void xf_fail(const struct xf *x, const char *what, int line)
{
	fprintf(stderr,
		"xencons-fuzz: VIOLATION (line %d): %s\n"
		"  step %u; out cons %u prod %u, in cons %u prod %u, conn %u; state %d held %u\n"
		"  notify at %u%s, unread %d, poll armed %d (policy %d)\n",
		line, what, x->step, x->intf->out_cons, x->intf->out_prod,
		x->intf->in_cons, x->intf->in_prod, x->intf->connection,
		x->out.state, x->out.hold_len, x->out.kick_prod,
		x->out.kick_out ? " unanswered" : "", x->out.unread, x->armed,
		x->out.poll_armed);
	abort();
}

#define xf_check(x, ok, what) \
	do { if (!(ok)) xf_fail(x, what, __LINE__); } while (0)

/* @size zeroed bytes (1 for 0): ASan flags any access past them. */
static void *xf_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		abort();
	return p;
}

/*
 * Hot loops of the harness itself: no coverage feedback (its compares
 * would cost more than the code under test and guide nothing).
 */
#define __xf_nocov	__attribute__((no_sanitize("coverage")))

/*
 * The guest's output, byte @pos at xf_seq[pos % XF_SEQ]: hashed positions,
 * so that a byte repeated, skipped or moved shows; every start is
 * followed by XF_SEQ_SLACK readable bytes.
 */
static char xf_seq[XF_SEQ + XF_SEQ_SLACK];

static __xf_nocov void xf_seq_init(void)
{
	static bool done;
	u64 v;
	u32 i;

	if (done)
		return;
	done = true;
	for (i = 0; i < sizeof(xf_seq); i++) {
		v = ((i % XF_SEQ) + 1) * 0x9e3779b97f4a7c15ULL;
		v ^= v >> 31;
		v *= 0xbf58476d1ce4e5b9ULL;
		xf_seq[i] = (char)(v >> 56);
	}
}

static const char *xf_out_at(u64 pos)
{
	return xf_seq + pos % XF_SEQ;
}

static char xf_out_byte(u64 pos)
{
	return *xf_out_at(pos);
}

/* Byte @seq of the backend's input to the guest. */
static char xf_in_byte(u64 seq)
{
	return xf_out_byte(seq + XF_SEQ / 3);
}

/* Copy @n bytes into a ring of @size at free-running @idx. */
static void xf_ring_put(char *ring, u32 size, u32 idx, const char *src, u32 n)
{
	u32 off = idx & (size - 1), first = min(n, size - off);

	memcpy(ring + off, src, first);
	memcpy(ring, src + first, n - first);
}

/* Copy @n bytes out of a ring of @size from free-running @idx. */
static void xf_ring_get(char *dst, const char *ring, u32 size, u32 idx, u32 n)
{
	u32 off = idx & (size - 1), first = min(n, size - off);

	memcpy(dst, ring + off, first);
	memcpy(dst + first, ring, n - first);
}

/* Number @n slots of a ring of @size from @idx with @val, @val + 1, ... */
static __xf_nocov void xf_slots_set(u64 *slot, u32 size, u32 idx, u64 val, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		slot[(idx + i) & (size - 1)] = val + i;
}

static u32 xf_get(struct xf_stream *s, unsigned int bytes)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++, s->pos++)
		if (s->pos < s->len)
			v |= (u32)s->p[s->pos] << (8 * i);
	return v;
}

static void xf_snapshot(struct xf *x)
{
	x->snap = *x->intf;
}

/* The loss marker the policy must send for @n bytes lost. */
static u32 xf_format_mark(char *buf, u64 n)
{
	return snprintf(buf, 64, "\r\n[hvc_xen: %llu bytes lost]\r\n", (unsigned long long)n);
}

/* Fail on the first slot of out[] that is not @want, from out_prod on. */
static void xf_out_differs(const struct xf *x, const char *want, u32 added)
{
	u32 i, k;

	for (i = 0; i < XF_OUT; i++) {
		k = (x->snap.out_prod + i) & (XF_OUT - 1);
		if (x->intf->out[k] != want[k])
			break;
	}
	xf_check(x, i >= added,
		 "published bytes are not the next guest bytes (after a loss marker where bytes were lost): reordered, repeated or lost uncounted");
	xf_check(x, false, "out[] changed outside the published window");
}

/*
 * Check 1 and 2: compare the page with the last snapshot, account for
 * the bytes the policy published since (then for drops: within one
 * stretch without op calls the policy publishes before it drops), and
 * take a new snapshot.
 */
static void xf_checkpoint(struct xf *x)
{
	const struct xencons_interface *p = x->intf, *s = &x->snap;
	u32 pending = s->out_prod - s->out_cons;
	u32 room = pending <= XF_OUT ? XF_OUT - pending : 0;
	u32 added = p->out_prod - s->out_prod;
	char want[XF_OUT], exp[XF_OUT];
	u32 m = 0;
	u64 drops;

	if (!memcmp(p, s, sizeof(*p)))
		goto drops;
	xf_check(x, p->out_cons == s->out_cons && p->in_prod == s->in_prod &&
		 p->in_cons == s->in_cons && p->connection == s->connection &&
		 !memcmp(p->in, s->in, XF_IN),
		 "the guest wrote a field the backend owns, or in_cons outside a read");
	xf_check(x, added <= room, "published beyond the free space (or with corrupt indices)");
	/*
	 * What must have been published: the rest of a loss marker, one for
	 * every byte lost since the last if any were, then guest bytes.
	 */
	while (m < added) {
		u32 k;

		if (x->mark_off == x->mark_len && x->drops_seen > x->marked) {
			x->mark_len = xf_format_mark(x->mark, x->drops_seen - x->marked);
			x->mark_off = 0;
			x->marked = x->drops_seen;
		}
		k = min(added - m, x->mark_len - x->mark_off);
		if (!k)
			break;
		memcpy(exp + m, x->mark + x->mark_off, k);
		x->mark_off += k;
		m += k;
	}
	memcpy(exp + m, xf_out_at(x->ring_pos), added - m);
	memcpy(want, s->out, XF_OUT);
	xf_ring_put(want, XF_OUT, s->out_prod, exp, added);
	if (memcmp(want, p->out, XF_OUT))
		xf_out_differs(x, want, added);
	xf_slots_set(x->slot_entry, XF_OUT, s->out_prod, x->entries + 1, added);
	xf_slots_set(x->slot_pos, XF_OUT, s->out_prod, x->ring_pos, added);
	xf_ring_put(x->slot_byte, XF_OUT, s->out_prod, exp, added);
	x->ring_pos += added - m;
	x->entries += added;
	x->unnotified += added;
	xf_snapshot(x);

drops:
	drops = x->reported + x->out.dropped;
	xf_check(x, drops >= x->drops_seen, "the drop count shrank without a report");
	x->ring_pos += drops - x->drops_seen;
	x->drops_seen = drops;
}

/* Well-behaved backend: consume up to @max (0: all) out bytes, checking. */
static __xf_nocov void xf_consume(struct xf *x, u32 max)
{
	struct xencons_interface *p = x->intf;
	u32 cons = p->out_cons, prod = p->out_prod, n, i;

	if (prod - cons > XF_OUT)
		return;
	n = prod - cons;
	if (max && max < n)
		n = max;
	for (i = 0; i < n; i++) {
		u32 k = (cons + i) & (XF_OUT - 1);

		if (x->slot_entry[k])
			xf_check(x, p->out[k] == x->slot_byte[k],
				 "consumer: a published byte changed in the ring");
		if (x->out_dirty)
			continue;
		xf_check(x, x->slot_entry[k] == x->next_entry + 1,
			 "consumer: byte missing, duplicated or out of order");
		x->next_entry++;
	}
	WRITE_ONCE(p->out_cons, cons + n);
	if (cons + n == prod) {
		x->out_dirty = false;
		x->next_entry = x->entries;
	}
}

/* Well-behaved backend: produce up to @n input bytes. */
static void xf_produce(struct xf *x, u32 n)
{
	struct xencons_interface *p = x->intf;
	u32 cons = p->in_cons, prod = p->in_prod;

	if (prod - cons > XF_IN)
		return;
	n = min(n, XF_IN - (prod - cons));
	xf_ring_put(p->in, XF_IN, prod, xf_out_at(x->in_seq + XF_SEQ / 3), n);
	xf_slots_set(x->in_slot, XF_IN, prod, x->in_seq + 1, n);
	x->in_seq += n;
	WRITE_ONCE(p->in_prod, prod + n);
}

/*
 * Set one index.  @sel bits 0-1: out_cons, out_prod, in_cons, in_prod;
 * bits 2-3: @v itself, the index + @v, the other index of the ring + @v,
 * or the other index +/- the ring size (bit 4) + (s8)@v.
 */
static void xf_set_index(struct xf *x, u8 sel, u32 v)
{
	struct xencons_interface *p = x->intf;
	u32 *idx[] = { &p->out_cons, &p->out_prod, &p->in_cons, &p->in_prod };
	u32 *self = idx[sel & 3], *peer = idx[(sel & 3) ^ 1];
	u32 size = (sel & 2) ? XF_IN : XF_OUT;

	switch ((sel >> 2) & 3) {
	case 0:
		*self = v;
		break;
	case 1:
		*self += v;
		break;
	case 2:
		*self = *peer + v;
		break;
	default:
		*self = *peer + ((sel & 0x10) ? size : -size) + (s8)v;
		break;
	}
	if (sel & 2)
		x->in_dirty = true;
	else
		x->out_dirty = true;
}

/* Hostile backend: write @len bytes from @off of a ring (args from @s). */
static void xf_scribble(struct xf_stream *s, char *ring, u32 size,
			u64 *slot_seq, u64 *slot_pos)
{
	u32 off = xf_get(s, 2), len = xf_get(s, 2) % (size + 1);
	u8 seed = xf_get(s, 1);
	u32 i;

	for (i = 0; i < len; i++) {
		u32 k = (off + i) & (size - 1);

		ring[k] = (char)(seed + i * 37);
		slot_seq[k] = 0;
		if (slot_pos)
			slot_pos[k] = 0;
	}
}

/* One backend action from @s (the main or the concurrent program). */
static void xf_backend(struct xf *x, struct xf_stream *s, u8 op)
{
	struct xencons_interface *p = x->intf;
	u32 v;

	switch (op) {
	case XF_B_CONSUME:
		xf_consume(x, xf_get(s, 2));
		break;
	case XF_B_PRODUCE:
		xf_produce(x, xf_get(s, 2));
		break;
	case XF_B_SET_INDEX:
		v = xf_get(s, 1);
		xf_set_index(x, v, xf_get(s, 4));
		break;
	case XF_B_SET_CONN:
		WRITE_ONCE(p->connection, xf_get(s, 1));
		break;
	case XF_B_SCRIBBLE_OUT:
		xf_scribble(s, p->out, XF_OUT, x->slot_entry, x->slot_pos);
		x->out_dirty = true;
		break;
	case XF_B_SCRIBBLE_IN:
		xf_scribble(s, p->in, XF_IN, x->in_slot, NULL);
		x->in_dirty = true;
		break;
	case XF_B_SHIFT_OUT:
		v = xf_get(s, 4);
		WRITE_ONCE(p->out_cons, p->out_cons + v);
		WRITE_ONCE(p->out_prod, p->out_prod + v);
		x->out_dirty = true;
		break;
	}
}

/*
 * An op was called from inside a policy call: check the page, then let
 * the backend act once if this op is enabled for that.
 */
static void xf_op_called(struct xf *x, u8 which)
{
	xf_check(x, x->in_call, "an op was called outside a policy call");
	xf_checkpoint(x);
	if (!(x->conc_mask & which) || x->conc.pos >= x->conc.len)
		return;
	xf_backend(x, &x->conc, xf_get(&x->conc, 1) % XF_NR_BACKEND);
	xf_snapshot(x);
}

static int xf_hyp_write(void *ctx, const char *buf, unsigned int len)
{
	struct xf *x = ctx;
	u64 pos;

	xf_check(x, !x->lossless, "hyp_write from a lossless object");
	xf_check(x, x->chunk && buf >= x->chunk &&
		 buf - x->chunk + (u64)len <= x->chunk_len,
		 "hyp_write outside the bytes of the running write");
	pos = x->chunk_pos + (buf - x->chunk);
	xf_check(x, pos >= x->hyp_next, "hyp_write repeated or reordered bytes");
	xf_check(x, !memcmp(buf, xf_out_at(pos), len), "hyp_write got bytes changed");
	x->hyp_next = pos + len;
	xf_op_called(x, XF_C_HYP);
	return len;
}

static void xf_notify(void *ctx)
{
	struct xf *x = ctx;

	xf_op_called(x, XF_C_NOTIFY);
	x->unnotified = 0;
	x->kick_out = true;
	x->kick_prod = READ_ONCE(x->intf->out_prod);
	x->notifies++;
}

static void xf_yield(void *ctx)
{
	struct xf *x = ctx;

	xf_check(x, x->in_wait && !x->in_call,
		 "yield() outside xencons_out_wait(), or with the caller's lock held");
	x->yields++;
	if (!(FUZZ_SELFTEST == 2))
		x->now += x->yield_ns;
	/* The backend may act while we wait, as in any op. */
	x->in_call = true;
	xf_op_called(x, XF_C_YIELD);
	x->in_call = false;
}

static u64 xf_now_ns(void *ctx)
{
	struct xf *x = ctx;

	xf_op_called(x, XF_C_NOW);
	return x->now;
}

static void xf_arm_poll(void *ctx)
{
	struct xf *x = ctx;

	x->armed = true;
	xf_op_called(x, XF_C_ARM);
}

static void xf_report(void *ctx, enum xencons_out_event ev, u64 a, u64 b)
{
	struct xf *x = ctx;
	const struct xencons_out *o = &x->out;

	/* Reports left unsent (the burst) leave the episode pairing open. */
	if (o->reports_missed != x->missed_seen)
		x->unpaired = true;
	x->missed_seen = o->reports_missed;
	/*
	 * The budget, from the clock alone: a window opens at the first
	 * report after the last one ended, lasts XENCONS_OUT_REPORT_NS and
	 * sends at most XENCONS_OUT_REPORT_BURST; its SUPPRESSED line comes
	 * once, after it is over, and only for a window that was full.
	 */
	if (ev == XENCONS_EV_SUPPRESSED) {
		xf_check(x, a > 0 && !x->win_said &&
			 x->win_sent == XENCONS_OUT_REPORT_BURST &&
			 (s64)(x->now - x->win_start) >= XENCONS_OUT_REPORT_NS,
			 "SUPPRESSED: twice, before its window ended, or for one not full");
		x->win_said = true;
	} else if (ev != XENCONS_EV_BAD_FLAG) {
		if (!x->win_sent ||
		    (s64)(x->now - x->win_start) >= XENCONS_OUT_REPORT_NS) {
			x->win_start = x->now;
			x->win_sent = 0;
			x->win_said = false;
		}
		xf_check(x, ++x->win_sent <= XENCONS_OUT_REPORT_BURST,
			 "more reports in a window than its burst");
	}
	switch (ev) {
	case XENCONS_EV_DROPPED:
		xf_check(x, a > 0 && a == o->dropped && !o->hold_len &&
			 o->state == XENCONS_OUT_CONNECTED,
			 "DROPPED: zero, not the count, or with bytes still held");
		break;
	case XENCONS_EV_BROKEN:
		xf_check(x, (x->unpaired || !x->broken_open) &&
			 o->state == XENCONS_OUT_BROKEN &&
			 a <= 0xffffffffULL && b <= 0xffffffffULL &&
			 (u32)(b - a) > XF_OUT,
			 "BROKEN: twice in one episode, or for sane indices");
		x->broken_open = true;
		x->unpaired = false;
		break;
	case XENCONS_EV_STALLED:
		xf_check(x, a == x->stall_ms && o->state == XENCONS_OUT_STALLED,
			 "STALLED: wrong time or state");
		break;
	case XENCONS_EV_RECOVERED:
		xf_check(x, a == 1 ? (x->unpaired || x->broken_open) &&
			 o->state == XENCONS_OUT_BROKEN :
			 a == 0 && o->state == XENCONS_OUT_STALLED,
			 "RECOVERED: from a state we were not in");
		if (a == 1) {
			x->broken_open = false;
			x->unpaired = false;
		}
		break;
	case XENCONS_EV_SUPPRESSED:
		xf_check(x, b == o->state, "SUPPRESSED: not the current state");
		/* The policy clears the count when this returns. */
		x->missed_seen = 0;
		x->unpaired = true;
		break;
	case XENCONS_EV_BAD_FLAG:
		xf_check(x, !x->bad_flag_seen && a > XENCONSOLE_DISCONNECTED &&
			 a == x->intf->connection,
			 "BAD_FLAG: twice, or for a known value");
		x->bad_flag_seen = true;
		break;
	default:
		xf_check(x, false, "report: unknown event");
	}
	/*
	 * Account for the published bytes while the count is still in
	 * o->dropped; the policy clears it when this returns.
	 */
	xf_op_called(x, XF_C_REPORT);
	if (ev == XENCONS_EV_DROPPED)
		x->reported += a;
}

static const struct xencons_out_ops xf_ops = {
	.hyp_write = xf_hyp_write,
	.notify = xf_notify,
	.yield = xf_yield,
	.now_ns = xf_now_ns,
	.arm_poll = xf_arm_poll,
	.report = xf_report,
};

static void xf_enter(struct xf *x)
{
	x->in_call = true;
	x->yields = 0;
	x->calls++;
}

/* Work left for the program: keeps every input fast, whatever it asks. */
static bool xf_budget(const struct xf *x)
{
	return x->calls < XF_MAX_CALLS && x->offered < XF_MAX_BYTES;
}

/*
 * The last notify is unanswered: out_cons has not reached the out_prod it
 * was sent at, so the backend's read for it (or the event after that
 * read) is still to come and covers later bytes.
 */
static bool xf_kick_covers(const struct xf *x)
{
	return x->kick_out && (s32)(x->kick_prod - READ_ONCE(x->intf->out_cons)) > 0;
}

/* Bytes in the out ring, while its indices are sane. */
static u32 xf_out_pending(const struct xf *x)
{
	u32 pending = READ_ONCE(x->intf->out_prod) - READ_ONCE(x->intf->out_cons);

	return pending <= XF_OUT ? pending : 0;
}

/*
 * What must keep a poll coming: held bytes, a broken ring, or bytes the
 * policy put in the ring and may still be unread, behind an unanswered
 * notify or while the ring is not serviced.
 */
static bool xf_poll_due(const struct xf *x)
{
	const struct xencons_out *o = &x->out;

	return o->hold_len || o->state == XENCONS_OUT_BROKEN ||
	       (o->unread && (o->kick_out || o->state != XENCONS_OUT_CONNECTED)) ||
	       (o->reports >= XENCONS_OUT_REPORT_BURST &&
		(o->reports_missed || o->dropped));
}

/* After each policy call: checks 1, 2 and 5 on the resting state. */
static void xf_leave(struct xf *x)
{
	const struct xencons_out *o = &x->out;
	u32 i;

	xf_checkpoint(x);
	x->in_call = false;
	xf_check(x, !x->unnotified || x->out_dirty || !xf_out_pending(x) ||
		 xf_kick_covers(x) || x->armed,
		 "bytes published without notify(), no unanswered notify covering them, no poll armed");
	xf_check(x, o->state <= XENCONS_OUT_BROKEN, "state out of range");
	xf_check(x, o->hold == x->hold && o->hold_size == x->hold_size,
		 "hold buffer not the one given");
	xf_check(x, o->hold_len <= o->hold_size &&
		 (!o->hold_len || o->hold_head < o->hold_size),
		 "hold buffer length or head out of bounds");
	xf_check(x, x->ring_pos + o->hold_len == x->written,
		 "accepted bytes are neither published, dropped nor held");
	/*
	 * Held bytes stay where they are while the buffer is the same and
	 * its head moves with ring_pos: then check only the new ones (all
	 * of them reach the ring later, where they are checked again).
	 */
	i = 0;
	if (o->hold_len && o->hold == x->held_buf && o->hold_size == x->held_size &&
	    x->held_to > x->ring_pos &&
	    o->hold_head == (x->held_head + (x->ring_pos - x->held_pos)) % o->hold_size)
		i = x->held_to - x->ring_pos;
	if (i < o->hold_len) {
		u32 at = (o->hold_head + i) % o->hold_size;
		u32 first = min(o->hold_len - i, o->hold_size - at);
		const char *want = xf_out_at(x->ring_pos + i);

		xf_check(x, !memcmp(o->hold + at, want, first) &&
			 !memcmp(o->hold, want + first, o->hold_len - i - first),
			 "held bytes are not the next unpublished guest bytes");
	}
	x->held_buf = o->hold;
	x->held_size = o->hold_size;
	x->held_head = o->hold_head;
	x->held_pos = x->ring_pos;
	x->held_to = x->written;
	xf_check(x, x->armed || !xf_poll_due(x),
		 "bytes held, ring broken or a notify unanswered, and no poll armed");
}

/*
 * One write of the next @len guest bytes (@force: a printk call's, past
 * its wait); returns what was taken.
 */
static unsigned int xf_write(struct xf *x, unsigned int len, bool force)
{
	char *buf = xf_alloc(len);
	u64 drops = x->reported + x->out.dropped;
	bool may_drop = !x->lossless || force;
	int n;

	memcpy(buf, xf_out_at(x->written), len);
	x->offered += len;
	if (FUZZ_SELFTEST == 1 && len && x->written)
		buf[0] = xf_out_byte(x->written - 1);
	x->chunk = buf;
	x->chunk_pos = x->written;
	x->chunk_len = len;
	xf_enter(x);
	n = xencons_out_write(&x->out, buf, len, force);
	xf_check(x, n >= 0 && n <= (int)len, "write returned outside 0..len");
	xf_check(x, !force || n == (int)len, "a forced write did not take everything");
	xf_check(x, may_drop || x->reported + x->out.dropped == drops,
		 "a lossless write dropped bytes");
	x->written += n;
	if (FUZZ_SELFTEST == 3 && x->out.hold_len > 1) {
		x->out.hold_head = (x->out.hold_head + 1) % x->out.hold_size;
		x->out.hold_len--;
	}
	xf_leave(x);
	x->chunk = NULL;
	free(buf);
	return n;
}

static void xf_wait(struct xf *x)
{
	if (FUZZ_SELFTEST == 4) {
		xf_enter(x);
		x->in_wait = true;
		xencons_out_wait(&x->out);
		x->in_wait = false;
		xf_leave(x);
		return;
	}
	/* As hvc_xen.c: the caller's lock is dropped before the wait. */
	x->yields = 0;
	x->in_wait = true;
	xencons_out_wait(&x->out);
	x->in_wait = false;
	xf_check(x, x->yields == 1, "wait did not yield exactly once");
}

/*
 * The printk path (xencons_write_all(), and hvc_console_print() with
 * xencons_ring_flush()): on a refused write, ask xencons_out_wait_more()
 * and wait, else force the next write.  The call must end within the
 * stall time, counted from its first refusal, whatever the backend does.
 */
static void xf_printk(struct xf *x, unsigned int len)
{
	u64 limit = x->stall_ms * NSEC_PER_MSEC / x->yield_ns + 3;
	struct xencons_out_waiter w = {};
	bool force = false, more;
	u64 waits = 0;

	while (len && xf_budget(x)) {
		unsigned int n = xf_write(x, len, force);

		len -= n;
		if (n)
			continue;
		xf_enter(x);
		more = xencons_out_wait_more(&x->out, &w);
		xf_leave(x);
		if (!more) {
			force = true;
			continue;
		}
		xf_wait(x);
		xf_check(x, ++waits <= limit, "printk write still waiting after the stall time");
	}
}

/* A poll; @timer: from the poll timer, which re-arms itself on true. */
static void xf_poll(struct xf *x, bool timer)
{
	unsigned int ms;

	xf_enter(x);
	ms = xencons_out_poll(&x->out);
	xf_check(x, !!ms == xf_poll_due(x) &&
		 (!ms || (ms >= XENCONS_OUT_POLL_MIN_MS && ms <= XENCONS_OUT_POLL_MAX_MS)),
		 "poll() return value");
	if (ms && timer)
		x->armed = true;
	xf_leave(x);
}

/* The backend's event (a get_chars() call after the read). */
static void xf_event(struct xf *x)
{
	if (FUZZ_SELFTEST == 5)
		return;
	xf_enter(x);
	xencons_out_event(&x->out);
	xf_leave(x);
}

/* The poll timer fires after @ns if armed, and re-arms as hvc_xen.c does. */
static void xf_timer(struct xf *x, u64 ns)
{
	x->now += ns;
	if (!x->armed)
		return;
	x->armed = false;
	xf_poll(x, true);
}

/*
 * Reference model of xencons_ring_read(): on @page with @len bytes of
 * room; checks the result and that only in_cons moved.  Returns it.
 */
static int xf_read_checked(struct xf *x, struct xencons_interface *page,
			   char *buf, unsigned int len)
{
	struct xencons_interface before = *page;
	u32 cons = before.in_cons, pending = before.in_prod - cons;
	int want = pending > XF_IN ? -EIO : (int)min(len, pending);
	int n = xencons_ring_read(page, buf, len);
	char ref[XF_IN];

	xf_check(x, n == want, "ring_read: wrong count");
	if (n <= 0)
		xf_check(x, !memcmp(&before, page, sizeof(before)), "ring_read: touched the page");
	if (n <= 0)
		return n;
	before.in_cons += n;
	xf_check(x, !memcmp(&before, page, sizeof(before)),
		 "ring_read: changed more than in_cons");
	xf_ring_get(ref, before.in, XF_IN, cons, n);
	xf_check(x, !memcmp(buf, ref, n), "ring_read: wrong bytes");
	return n;
}

/* Reference model of xencons_ring_write() on the scratch page. */
static void xf_core_write(struct xf *x, struct xencons_interface *page,
			  unsigned int len)
{
	struct xencons_interface before = *page;
	u32 prod = before.out_prod, pending = prod - before.out_cons;
	int want = pending > XF_OUT ? -EIO : (int)min(len, XF_OUT - pending);
	char *buf = xf_alloc(len);
	int n;

	memcpy(buf, xf_out_at(prod), len);
	n = xencons_ring_write(page, buf, len);
	xf_check(x, n == want, "ring_write: wrong count");
	if (n > 0) {
		xf_ring_put(before.out, XF_OUT, prod, buf, n);
		before.out_prod += n;
	}
	xf_check(x, !memcmp(&before, page, sizeof(before)),
		 "ring_write: wrong bytes or fields touched");
	free(buf);
}

static void xf_query(struct xf *x, const struct xencons_interface *page)
{
	u32 out = page->out_prod - page->out_cons;
	u32 in = page->in_prod - page->in_cons;

	xf_check(x, xencons_ring_out_pending(page) == (out > XF_OUT ? -EIO : (int)out) &&
		 xencons_ring_out_space(page) ==
		 (out > XF_OUT ? -EIO : (int)(XF_OUT - out)) &&
		 xencons_ring_in_pending(page) == (in > XF_IN ? -EIO : (int)in),
		 "pending/space queries disagree with the indices");
}

/* Guest read (a get_chars() call); @event: then poll if bytes are held. */
static void xf_read(struct xf *x, unsigned int len, bool event)
{
	struct xencons_interface *p = x->intf;
	char *buf = xf_alloc(len);
	u32 cons = p->in_cons;
	int n, i;

	n = xf_read_checked(x, p, buf, len);
	for (i = 0; i < n && !x->in_dirty; i++) {
		u32 k = (cons + i) & (XF_IN - 1);

		xf_check(x, x->in_slot[k] == x->in_next + 1 &&
			 buf[i] == xf_in_byte(x->in_next),
			 "input bytes missing, duplicated or out of order");
		x->in_next++;
	}
	if (p->in_cons == p->in_prod) {
		x->in_dirty = false;
		x->in_next = x->in_seq;
	}
	free(buf);
	xf_snapshot(x);
	if (event)
		xf_event(x);
}

static void xf_set_hold(struct xf *x, u8 sel)
{
	u32 size = xf_hold_sizes[(sel & 0x7f) % ARRAY_SIZE(xf_hold_sizes)];
	char *hold = (sel & 0x80) ? NULL : xf_alloc(size);
	char *old;

	xf_enter(x);
	old = xencons_out_set_hold(&x->out, hold, size);
	xf_check(x, old == x->hold, "set_hold returned another buffer");
	free(old);
	x->held_buf = NULL;
	x->hold = hold;
	x->hold_size = hold ? size : 0;
	xf_leave(x);
}

static void xf_core(struct xf *x)
{
	struct xencons_interface *page = x->scratch;
	u8 which = xf_get(&x->prog, 1);
	u32 cons = xf_get(&x->prog, 4), prod = xf_get(&x->prog, 4);
	unsigned int len = xf_get(&x->prog, 2) % (XF_OUT * 2 + 1);
	char *buf;

	if (which & 1) {
		page->in_cons = cons;
		page->in_prod = prod;
		buf = xf_alloc(len);
		xf_read_checked(x, page, buf, len);
		free(buf);
	} else {
		page->out_cons = cons;
		page->out_prod = prod;
		xf_core_write(x, page, len);
	}
	xf_query(x, page);
}

/* One action of the main program. */
static void xf_step(struct xf *x)
{
	u8 op = xf_get(&x->prog, 1) % XF_NR_OPS;

	if (op < XF_NR_BACKEND) {
		xf_backend(x, &x->prog, op);
		xf_snapshot(x);
		return;
	}
	switch (op) {
	case XF_G_WRITE:
		xf_write(x, xf_get(&x->prog, 2) % (XF_MAX_WRITE + 1), false);
		break;
	case XF_G_PRINTK:
		xf_printk(x, xf_get(&x->prog, 2) % (XF_MAX_WRITE + 1));
		break;
	case XF_G_READ:
	case XF_G_EVENT:
		xf_read(x, xf_get(&x->prog, 2) % (XF_IN * 2 + 1), op == XF_G_EVENT);
		break;
	case XF_G_TIMER:
		xf_timer(x, (u64)xf_get(&x->prog, 2) * 100 * NSEC_PER_USEC);
		break;
	case XF_G_TIME:
		x->now += xf_get(&x->prog, 4);
		break;
	case XF_G_WAIT:
		xf_wait(x);
		break;
	case XF_G_SET_HOLD:
		xf_set_hold(x, xf_get(&x->prog, 1));
		break;
	case XF_G_RESYNC:
		xf_enter(x);
		xencons_out_resync(&x->out);
		xf_leave(x);
		break;
	case XF_G_QUERY:
		xf_query(x, x->intf);
		break;
	case XF_G_CORE:
		xf_core(x);
		break;
	}
}

/*
 * Check 6: a well-behaved backend from now on.  The poll timer alone
 * must move every held byte into the ring; one more write then reports
 * any drop count still pending; everything accepted is accounted for.
 */
static void xf_drain(struct xf *x)
{
	struct xencons_interface *p = x->intf;
	unsigned int round, seen;

	x->conc_mask = 0;
	WRITE_ONCE(p->connection, XENCONSOLE_CONNECTED);
	if (p->out_prod - p->out_cons > XF_OUT) {
		WRITE_ONCE(p->out_cons, p->out_prod);
		x->out_dirty = true;
	}
	xf_snapshot(x);
	/*
	 * The backend answers its last read, then reads only when notified,
	 * everything, and answers each read: no poll may be needed.
	 */
	xf_event(x);
	seen = x->notifies - 1;
	for (round = 0; round < XF_DRAIN_ROUNDS * 4 && seen != x->notifies; round++) {
		seen = x->notifies;
		xf_consume(x, 0);
		xf_snapshot(x);
		xf_event(x);
	}
	xf_check(x, !x->out.hold_len && READ_ONCE(p->out_prod) == READ_ONCE(p->out_cons),
		 "a stream that stopped left bytes behind with no notify for them");
	/* A report window the input filled ends; the poll says what it owes. */
	x->now += XENCONS_OUT_REPORT_SECS * NSEC_PER_SEC;
	for (round = 0; round < XF_DRAIN_ROUNDS; round++) {
		xf_consume(x, 0);
		xf_snapshot(x);
		if (!x->armed)
			break;
		xf_timer(x, XF_POLL_NS);
	}
	xf_check(x, !x->armed && !x->out.hold_len,
		 "held output never reached a serviced ring");
	x->now += XF_POLL_NS;
	xf_write(x, 1, false);
	xf_consume(x, 0);
	xf_check(x, !x->out.reports_missed, "reports left unsent and unsaid");
	xf_check(x, !x->out.dropped && x->out.state == XENCONS_OUT_CONNECTED &&
		 x->ring_pos == x->written && x->next_entry == x->entries,
		 "output lost without a report, or not delivered");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xf_stream hdr = { .p = data, .len = size };
	struct xf *x = xf_alloc(sizeof(*x));
	u8 flags = xf_get(&hdr, 1);
	u8 hold_sel = xf_get(&hdr, 1);
	u32 hold_size = xf_hold_sizes[(hold_sel & ~XF_H_LOSSLESS) % ARRAY_SIZE(xf_hold_sizes)];
	size_t body = size - min_t(size_t, size, XF_HDR);
	u32 base;

	xf_seq_init();
	x->stall_ms = xf_get(&hdr, 1) * 4;
	x->yield_ns = (xf_get(&hdr, 1) + 1) * NSEC_PER_MSEC;
	base = -(xf_get(&hdr, 1) * 64);
	x->prog.p = data + (size - body);
	x->prog.len = min_t(size_t, xf_get(&hdr, 2), body);
	x->conc.p = x->prog.p + x->prog.len;
	x->conc.len = body - x->prog.len;
	x->conc_mask = flags & ~(XF_F_HYP | XF_F_NULL_HOLD);

	x->intf = xf_alloc(sizeof(*x->intf));
	x->scratch = xf_alloc(sizeof(*x->scratch));
	memcpy(x->scratch, xf_seq, sizeof(*x->scratch));
	x->intf->out_cons = base;
	x->intf->out_prod = base;
	x->intf->in_cons = base / 2;
	x->intf->in_prod = base / 2;
	if (!(flags & XF_F_NULL_HOLD)) {
		x->hold = xf_alloc(hold_size);
		x->hold_size = hold_size;
	}
	x->now = 1000 * NSEC_PER_SEC;
	xf_snapshot(x);

	x->ops = xf_ops;
	if (!(flags & XF_F_HYP))
		x->ops.hyp_write = NULL;
	xf_enter(x);
	xencons_out_init(&x->out, x->intf, &x->ops, x, x->hold, hold_size, x->stall_ms);
	x->lossless = hold_sel & XF_H_LOSSLESS;
	if (x->lossless)
		xencons_out_set_lossless(&x->out);
	xf_leave(x);

	for (x->step = 0; x->prog.pos < x->prog.len && x->step < XF_MAX_STEPS &&
	     xf_budget(x); x->step++)
		xf_step(x);
	xf_drain(x);

	free(x->hold);
	free(x->scratch);
	free(x->intf);
	free(x);
	return 0;
}
