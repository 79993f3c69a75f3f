// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the Xen console ring core (xencons_ring), the output
 * policy (xencons_out) and the glue's device-id parsing (hvc_xen).
 *
 * The shared page is an ordinary allocation of exactly
 * sizeof(struct xencons_interface), so KASAN reports any access outside
 * it.  The backend, the clock and the hypercalls are fakes reached
 * through struct xencons_out_ops; their state lives in test->priv.
 * Tests run in one thread, so the fakes need no locking.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/irq_work.h>
#include <linux/irqflags.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "hvc_xen.h"
#include "xencons_out.h"
#include "xencons_ring.h"

#define XCT_HOLD	16384
#define XCT_STALL_MS	1000
#define XCT_CAP		(256 * 1024)

struct xct {
	struct xencons_interface *intf;
	struct xencons_out out;
	char *hold;
	u64 now;
	u64 yield_ns;
	unsigned int notifies;
	unsigned int yields;
	unsigned int arm_polls;
	unsigned int clock_reads;
	unsigned int reports[XENCONS_EV_SUPPRESSED + 1];
	u64 report_a[XENCONS_EV_SUPPRESSED + 1];
	u64 report_b[XENCONS_EV_SUPPRESSED + 1];
	char *hyp;		/* what CONSOLEIO_write received */
	u32 hyp_len;
	char *sink;		/* what the fake backend consumed */
	u32 sink_len;
	u32 rng;
	bool repair_in_report;	/* report() puts the out indices right */
	bool trickle;		/* each yield, the backend takes one byte */
	bool flap;		/* each yield, the backend flips the flag */
};

static int xct_hyp_write(void *ctx, const char *buf, unsigned int len)
{
	struct xct *x = ctx;
	u32 n = min_t(u32, len, XCT_CAP - x->hyp_len);

	memcpy(x->hyp + x->hyp_len, buf, n);
	x->hyp_len += n;
	return len;
}

static void xct_notify(void *ctx)
{
	((struct xct *)ctx)->notifies++;
}

static void xct_yield(void *ctx)
{
	struct xct *x = ctx;

	x->yields++;
	x->now += x->yield_ns;
	if (x->trickle && x->intf->out_cons != x->intf->out_prod)
		x->intf->out_cons++;
	if (x->flap)
		x->intf->connection ^= XENCONSOLE_DISCONNECTED;
}

static u64 xct_now_ns(void *ctx)
{
	struct xct *x = ctx;

	x->clock_reads++;
	return x->now;
}

static void xct_arm_poll(void *ctx)
{
	((struct xct *)ctx)->arm_polls++;
}

static void xct_report(void *ctx, enum xencons_out_event ev, u64 a, u64 b)
{
	struct xct *x = ctx;

	x->reports[ev]++;
	x->report_a[ev] = a;
	x->report_b[ev] = b;
	if (x->repair_in_report)
		x->intf->out_prod = x->intf->out_cons;
}

static const struct xencons_out_ops xct_ops = {
	.hyp_write = xct_hyp_write,
	.notify = xct_notify,
	.yield = xct_yield,
	.now_ns = xct_now_ns,
	.arm_poll = xct_arm_poll,
	.report = xct_report,
};

static const struct xencons_out_ops xct_ops_nohyp = {
	.notify = xct_notify,
	.yield = xct_yield,
	.now_ns = xct_now_ns,
	.arm_poll = xct_arm_poll,
	.report = xct_report,
};

static int xct_init(struct kunit *test)
{
	struct xct *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->intf = kunit_kzalloc(test, sizeof(*x->intf), GFP_KERNEL);
	x->hold = kunit_kzalloc(test, XCT_HOLD, GFP_KERNEL);
	x->hyp = kunit_kzalloc(test, XCT_CAP, GFP_KERNEL);
	x->sink = kunit_kzalloc(test, XCT_CAP, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x->intf);
	KUNIT_ASSERT_NOT_NULL(test, x->hold);
	KUNIT_ASSERT_NOT_NULL(test, x->hyp);
	KUNIT_ASSERT_NOT_NULL(test, x->sink);
	x->now = 1000 * NSEC_PER_SEC;
	x->rng = 0x12345678;
	xencons_out_init(&x->out, x->intf, &xct_ops, x, x->hold, XCT_HOLD,
			 XCT_STALL_MS);
	test->priv = x;
	return 0;
}

/* Deterministic pseudo-random numbers, so failures reproduce. */
static u32 xct_rand(struct xct *x)
{
	x->rng = x->rng * 1664525 + 1013904223;
	return x->rng >> 8;
}

/* The fake backend consumes up to @max bytes of the out ring. */
static u32 xct_consume(struct xct *x, u32 max)
{
	u32 cons = x->intf->out_cons, prod = x->intf->out_prod;
	u32 n = min(prod - cons, max), i;

	for (i = 0; i < n && x->sink_len < XCT_CAP; i++)
		x->sink[x->sink_len++] = x->intf->out[(cons + i) % XENCONS_RING_OUT_SIZE];
	x->intf->out_cons = cons + n;
	return n;
}

static void xct_pattern(char *buf, u32 len, u32 start)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = (char)((start + i) * 7 + 3);
}

/* ---- xencons_ring ---- */

/* The fake backend consumed exactly bytes 0..@written - 1 of the pattern. */
static void xct_expect_pattern(struct kunit *test, struct xct *x, u32 written)
{
	u32 i;

	KUNIT_ASSERT_EQ(test, x->sink_len, written);
	for (i = 0; i < written; i++) {
		char c;

		xct_pattern(&c, 1, i);
		KUNIT_ASSERT_EQ_MSG(test, x->sink[i], c, "byte %u", i);
	}
}

static void xencons_ring_write_wraps_at_every_offset(struct kunit *test)
{
	struct xct *x = test->priv;
	char buf[100], got[100];
	u32 off, i;

	xct_pattern(buf, sizeof(buf), 0);
	for (off = 0; off < XENCONS_RING_OUT_SIZE; off++) {
		/* High base: the u32 indices wrap too for some offsets. */
		u32 idx = 0xfffff800u + off;

		memset(x->intf, 0, sizeof(*x->intf));
		x->intf->out_cons = idx;
		x->intf->out_prod = idx;
		KUNIT_ASSERT_EQ(test, xencons_ring_write(x->intf, buf, sizeof(buf)),
				(int)sizeof(buf));
		KUNIT_ASSERT_EQ(test, x->intf->out_prod, idx + (u32)sizeof(buf));
		for (i = 0; i < sizeof(buf); i++)
			got[i] = x->intf->out[(idx + i) % XENCONS_RING_OUT_SIZE];
		KUNIT_ASSERT_EQ(test, memcmp(got, buf, sizeof(buf)), 0);
	}
}

static void xencons_ring_write_stops_when_full(struct kunit *test)
{
	const unsigned int size = XENCONS_RING_OUT_SIZE + 10;
	struct xct *x = test->priv;
	char *buf = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, 'a', size);
	x->intf->out_cons = 5;
	x->intf->out_prod = 5;
	KUNIT_EXPECT_EQ(test, xencons_ring_write(x->intf, buf, size),
			(int)XENCONS_RING_OUT_SIZE);
	KUNIT_EXPECT_EQ(test, xencons_ring_out_space(x->intf), 0);
	KUNIT_EXPECT_EQ(test, xencons_ring_write(x->intf, buf, 1), 0);
	x->intf->out_cons += 10;
	KUNIT_EXPECT_EQ(test, xencons_ring_write(x->intf, buf, size), 10);
	KUNIT_EXPECT_EQ(test, xencons_ring_out_pending(x->intf),
			(int)XENCONS_RING_OUT_SIZE);
}

static void xencons_ring_hostile_indices_stay_in_bounds(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[4096];
	char in_copy[XENCONS_RING_IN_SIZE];
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		u32 oc = xct_rand(x) << 8 ^ xct_rand(x);
		u32 op = (xct_rand(x) & 1) ? oc + (xct_rand(x) % 4200) : xct_rand(x) << 8;
		u32 ic = xct_rand(x) << 8 ^ xct_rand(x);
		u32 ip = (xct_rand(x) & 1) ? ic + (xct_rand(x) % 2100) : xct_rand(x) << 8;
		u32 len = xct_rand(x) % sizeof(buf);
		int n;

		x->intf->out_cons = oc;
		x->intf->out_prod = op;
		x->intf->in_cons = ic;
		x->intf->in_prod = ip;
		memset(x->intf->in, 0x5a, sizeof(x->intf->in));
		memcpy(in_copy, x->intf->in, sizeof(in_copy));

		n = xencons_ring_write(x->intf, buf, len);
		if (op - oc > XENCONS_RING_OUT_SIZE) {
			KUNIT_ASSERT_EQ(test, n, -EIO);
			KUNIT_ASSERT_EQ(test, x->intf->out_prod, op);
		} else {
			u32 room = XENCONS_RING_OUT_SIZE - (op - oc);

			KUNIT_ASSERT_EQ(test, n, (int)min(len, room));
			KUNIT_ASSERT_EQ(test, x->intf->out_prod, op + n);
		}
		/* Writing out[] never touches in[] or the in indices. */
		KUNIT_ASSERT_EQ(test, memcmp(in_copy, x->intf->in, sizeof(in_copy)), 0);
		KUNIT_ASSERT_EQ(test, x->intf->in_prod, ip);

		n = xencons_ring_read(x->intf, buf, len);
		if (ip - ic > XENCONS_RING_IN_SIZE) {
			KUNIT_ASSERT_EQ(test, n, -EIO);
			KUNIT_ASSERT_EQ(test, x->intf->in_cons, ic);
		} else {
			KUNIT_ASSERT_EQ(test, n, (int)min(len, ip - ic));
			KUNIT_ASSERT_EQ(test, x->intf->in_cons, ic + n);
		}
	}
}

struct xct_read_case {
	const char *name;
	u32 cons, prod;
	int expect;
};

static const struct xct_read_case xct_read_cases[] = {
	{ "empty", 0, 0, 0 },
	{ "one byte", 0, 1, 1 },
	{ "full", 0, 1024, 1024 },
	{ "one past full", 0, 1025, -EIO },
	{ "consumer ahead", 1, 0, -EIO },
	{ "u32 wrap", 0xfffffffbu, 5, 10 },
	{ "u32 wrap full", 0xfffffe00u, 0x200, 1024 },
	{ "far apart", 0, 0x80000000u, -EIO },
	{ "max apart", 0, 0xffffffffu, -EIO },
};

static void xct_read_desc(const struct xct_read_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xct_read, xct_read_cases, xct_read_desc);

static void xencons_ring_read_hostile_in_indices(struct kunit *test)
{
	const struct xct_read_case *c = test->param_value;
	const unsigned int size = 2 * XENCONS_RING_IN_SIZE;
	struct xct *x = test->priv;
	char *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	int i, n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (i = 0; i < XENCONS_RING_IN_SIZE; i++)
		x->intf->in[i] = (char)i;
	x->intf->in_cons = c->cons;
	x->intf->in_prod = c->prod;
	n = xencons_ring_read(x->intf, buf, size);
	KUNIT_EXPECT_EQ(test, n, c->expect);
	KUNIT_EXPECT_EQ(test, xencons_ring_in_pending(x->intf),
			c->expect < 0 ? -EIO : 0);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, buf[i],
				(char)((c->cons + i) % XENCONS_RING_IN_SIZE));
	KUNIT_EXPECT_EQ(test, x->intf->in_cons, c->cons + (n > 0 ? n : 0));
}

static void xencons_ring_reads_connection_byte(struct kunit *test)
{
	struct xct *x = test->priv;

	KUNIT_EXPECT_EQ(test, xencons_ring_connection(x->intf), XENCONSOLE_CONNECTED);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_ring_connection(x->intf), XENCONSOLE_DISCONNECTED);
	x->intf->connection = 0xa5;
	KUNIT_EXPECT_EQ(test, xencons_ring_connection(x->intf), 0xa5);
}

/*
 * A panic while nobody services the ring: the ring ends with the newest
 * bytes, in order, and out_cons is never written.
 */
static void xencons_ring_write_newest_keeps_the_end(struct kunit *test)
{
	struct xct *x = test->priv;
	static char a[XENCONS_RING_OUT_SIZE], b[3000];
	const u32 start = 0xfffffff0;

	xct_pattern(a, sizeof(a), 0);
	xct_pattern(b, sizeof(b), 5000);
	x->intf->out_cons = start;
	x->intf->out_prod = start;
	KUNIT_ASSERT_EQ(test, xencons_ring_write(x->intf, a, 1500), 1500);
	/* 548 bytes fit; 100 more push out the 100 oldest. */
	KUNIT_EXPECT_EQ(test, xencons_ring_write_newest(x->intf, b, 648), 648);
	KUNIT_EXPECT_EQ(test, x->intf->out_cons, start);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod - start, (u32)XENCONS_RING_OUT_SIZE);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, a + 100, 1400), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink + 1400, b, 648), 0);

	/* More than a ring: its last ring's worth. */
	KUNIT_EXPECT_EQ(test, xencons_ring_write_newest(x->intf, b, sizeof(b)),
			(int)XENCONS_RING_OUT_SIZE);
	x->sink_len = 0;
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)XENCONS_RING_OUT_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, b + sizeof(b) - XENCONS_RING_OUT_SIZE,
				     XENCONS_RING_OUT_SIZE), 0);

	/* Corrupt indices: nothing written. */
	x->intf->out_prod = x->intf->out_cons + 5000;
	KUNIT_EXPECT_EQ(test, xencons_ring_write_newest(x->intf, b, 10), -EIO);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod - x->intf->out_cons, 5000u);
}

static struct kunit_case xencons_ring_cases[] = {
	KUNIT_CASE(xencons_ring_write_wraps_at_every_offset),
	KUNIT_CASE(xencons_ring_write_stops_when_full),
	KUNIT_CASE(xencons_ring_hostile_indices_stay_in_bounds),
	KUNIT_CASE_PARAM(xencons_ring_read_hostile_in_indices, xct_read_gen_params),
	KUNIT_CASE(xencons_ring_reads_connection_byte),
	KUNIT_CASE(xencons_ring_write_newest_keeps_the_end),
	{}
};

static struct kunit_suite xencons_ring_suite = {
	.name = "xencons_ring",
	.init = xct_init,
	.test_cases = xencons_ring_cases,
};

/* ---- xencons_out ---- */

struct xct_flag_case {
	const char *name;
	u8 flag;
	bool to_ring;
	unsigned int bad_flag_reports;
};

static const struct xct_flag_case xct_flag_cases[] = {
	{ "0 connected (and old Xen)", 0, true, 0 },
	{ "1 disconnected", 1, false, 0 },
	{ "2 unknown", 2, false, 1 },
	{ "0x80 unknown", 0x80, false, 1 },
	{ "0xff unknown", 0xff, false, 1 },
};

static void xct_flag_desc(const struct xct_flag_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xct_flag, xct_flag_cases, xct_flag_desc);

static void xencons_out_flag_values(struct kunit *test)
{
	const struct xct_flag_case *c = test->param_value;
	struct xct *x = test->priv;

	x->intf->connection = c->flag;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "hello", 5, false), 5);
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "world", 5, false), 5);
	if (c->to_ring) {
		KUNIT_EXPECT_EQ(test, x->intf->out_prod, 10u);
		KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
		KUNIT_EXPECT_EQ(test, x->hyp_len, 0u);
		KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	} else {
		/* Nothing enters an unserviced ring; hypercall and hold get it. */
		KUNIT_EXPECT_EQ(test, x->intf->out_prod, 0u);
		KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 10u);
		KUNIT_EXPECT_EQ(test, x->hyp_len, 10u);
		KUNIT_EXPECT_EQ(test, memcmp(x->hyp, "helloworld", 10), 0);
		KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_DISCONNECTED);
		KUNIT_EXPECT_GT(test, x->arm_polls, 0u);
	}
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_BAD_FLAG], c->bad_flag_reports);
	if (c->bad_flag_reports)
		KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_BAD_FLAG], (u64)c->flag);
}

static void xencons_out_disconnected_without_hypercall(struct kunit *test)
{
	struct xct *x = test->priv;

	xencons_out_init(&x->out, x->intf, &xct_ops_nohyp, x, x->hold,
			 XCT_HOLD, XCT_STALL_MS);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "abc", 3, false), 3);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 3u);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 0u);
}

static void xencons_out_flip_mid_stream_keeps_order(struct kunit *test)
{
	struct xct *x = test->priv;

	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "one ", 4, false);
	xencons_out_write(&x->out, "two ", 4, false);
	x->intf->connection = XENCONSOLE_CONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "three", 5, false), 5);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, 13u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, "one two three", 13), 0);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 0u);
}

static void xencons_out_poll_flushes_without_writes(struct kunit *test)
{
	struct xct *x = test->priv;

	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "early boot\n", 11, false);
	KUNIT_EXPECT_GT(test, x->arm_polls, 0u);
	KUNIT_EXPECT_TRUE(test, xencons_out_poll(&x->out));
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 0u);

	/* The backend connects and sends no event: only the poll sees it. */
	x->intf->connection = XENCONSOLE_CONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), XENCONS_OUT_POLL_MIN_MS);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 11u);
	KUNIT_EXPECT_EQ(test, x->notifies, 1u);
	/* The poll stands by until the backend has read them. */
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), 0u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, "early boot\n", 11), 0);
}

#define XCT_MARK_3616		"\r\n[hvc_xen: 3616 bytes lost]\r\n"
#define XCT_MARK_3616_LEN	(sizeof(XCT_MARK_3616) - 1)

static void xencons_out_hold_overflow_counts_dropped(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[20000];
	u32 i;

	xct_pattern(buf, sizeof(buf), 0);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	for (i = 0; i < sizeof(buf); i += 100)
		KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf + i, 100, false), 100);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), (u32)XCT_HOLD);
	KUNIT_EXPECT_EQ(test, x->out.dropped, (u64)(sizeof(buf) - XCT_HOLD));
	KUNIT_EXPECT_EQ(test, x->hyp_len, (u32)sizeof(buf));

	x->intf->connection = XENCONSOLE_CONNECTED;
	for (i = 0; i < 100 && xencons_out_poll(&x->out); i++)
		xct_consume(x, ~0u);
	xct_consume(x, ~0u);
	/*
	 * A marker where the bytes were lost, then the newest bytes, in
	 * order; the loss is also reported once.
	 */
	KUNIT_ASSERT_EQ(test, x->sink_len, (u32)(XCT_MARK_3616_LEN + XCT_HOLD));
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, XCT_MARK_3616, XCT_MARK_3616_LEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink + XCT_MARK_3616_LEN,
				     buf + sizeof(buf) - XCT_HOLD, XCT_HOLD), 0);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED],
			(u64)(sizeof(buf) - XCT_HOLD));
}

static void xencons_out_hold_disabled_counts_everything(struct kunit *test)
{
	struct xct *x = test->priv;

	xencons_out_init(&x->out, x->intf, &xct_ops, x, NULL, 0, XCT_STALL_MS);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "lost", 4, false), 4);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 4u);
	x->intf->connection = XENCONSOLE_CONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "ok", 2, false), 2);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED], 4u);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, 29u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, "\r\n[hvc_xen: 4 bytes lost]\r\nok", 29), 0);
}

static void xencons_out_connected_hold_never_drops(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[XCT_HOLD];
	int n;

	xct_pattern(buf, sizeof(buf), 0);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, buf, 3000, false);
	x->intf->connection = XENCONSOLE_CONNECTED;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 3000u - XENCONS_RING_OUT_SIZE);

	/* Backend alive but behind: new bytes queue behind, nothing is lost. */
	n = xencons_out_write(&x->out, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, n, (int)(XCT_HOLD - (3000 - XENCONS_RING_OUT_SIZE)));
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, buf, 1, false), 0);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
}

/* Fill ring and hold buffer of a connected console nobody drains. */
static void xct_fill(struct kunit *test, struct xct *x)
{
	static char buf[XENCONS_RING_OUT_SIZE + XCT_HOLD];

	KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf, sizeof(buf), false),
			(int)sizeof(buf));
	KUNIT_ASSERT_EQ(test, xencons_out_held(&x->out), (u32)XCT_HOLD);
	KUNIT_ASSERT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
}

static void xencons_out_tty_path_declares_stall_without_waiting(struct kunit *test)
{
	struct xct *x = test->priv;

	xct_fill(test, x);
	/* Both full, backend silent: retries get 0 until stall_ms passed. */
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "x", 1, false), 0);
	x->now += (XCT_STALL_MS - 20) * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "x", 1, false), 0);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	x->now += 20 * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "y", 1, false), 1);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_STALLED], 1u);
	KUNIT_EXPECT_EQ(test, x->yields, 0u);
	/* Lossy now: the oldest held byte made room for the new one. */
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), (u32)XCT_HOLD);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 1u);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 1u);
}

/*
 * A backend that takes a byte every 100 ms keeps no one waiting: it
 * counts as stalled after stall_ms, and stays so until it has emptied
 * the ring.
 */
static void xencons_out_trickle_is_a_stall(struct kunit *test)
{
	struct xct *x = test->priv;
	unsigned int i, refused = 0;

	xct_fill(test, x);
	for (i = 0; i < 2 * XCT_STALL_MS / 100; i++) {
		x->intf->out_cons++;
		x->now += 100 * NSEC_PER_MSEC;
		xencons_out_event(&x->out);
		if (xencons_out_state(&x->out) == XENCONS_OUT_STALLED)
			break;
		/* A byte of room in the hold buffer: the writer waits. */
		if (xencons_out_write(&x->out, "xxxx", 4, false) < 4)
			refused++;
	}
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_STALLED], 1u);
	KUNIT_EXPECT_LE(test, i, XCT_STALL_MS / 100 + 1);
	KUNIT_EXPECT_GT(test, refused, 0u);

	/* Room, but not an empty ring: still stalled, writes taken. */
	x->intf->out_cons += 100;
	x->now += XENCONS_OUT_POLL_MIN_MS * NSEC_PER_MSEC;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "y", 1, false), 1);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_RECOVERED], 0u);

	x->intf->out_cons = x->intf->out_prod;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_RECOVERED], 1u);
}

/*
 * An oops write holds nothing new while the ring is serviced: held bytes
 * go first, then as much as fits, and the caller waits for the rest;
 * past the stall time the ring counts as stalled and the rest is taken
 * the lossy way.
 */
static void xencons_out_write_now_holds_nothing(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[XENCONS_RING_OUT_SIZE + 100];

	xct_pattern(buf, sizeof(buf), 0);
	KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf, sizeof(buf), false),
			(int)sizeof(buf));
	KUNIT_ASSERT_EQ(test, xencons_out_held(&x->out), 100u);
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, "oops", 4, false, false), 0);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 100u);

	xct_consume(x, 1000);
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, "oops", 4, false, false), 4);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)sizeof(buf) + 4);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink + sizeof(buf), "oops", 4), 0);

	/* Full again, nobody drains: refused until stall_ms, then taken. */
	KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf, XENCONS_RING_OUT_SIZE, false),
			(int)XENCONS_RING_OUT_SIZE);
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, "oops", 4, false, false), 0);
	x->now += (XCT_STALL_MS + 1) * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, "oops", 4, false, false), 4);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 4u);
}

/*
 * A panic while not serviced: the hypervisor console gets the bytes,
 * and the ring ends with the newest of them for a backend that attaches
 * to the crashed domain.
 */
static void xencons_out_panic_unserviced_keeps_the_end(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[5000];

	xct_pattern(buf, sizeof(buf), 0);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, buf, 1000, false, true), 1000);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 1000u);
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, buf + 1000, 4000, false, true),
			4000);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 5000u);
	KUNIT_EXPECT_EQ(test, memcmp(x->hyp, buf, 5000), 0);
	KUNIT_EXPECT_EQ(test, x->intf->out_cons, 0u);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)XENCONS_RING_OUT_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf + 5000 - XENCONS_RING_OUT_SIZE,
				     XENCONS_RING_OUT_SIZE), 0);

	/* An oops that is no panic leaves the ring alone while disconnected. */
	x->intf->out_prod = 0;
	x->intf->out_cons = 0;
	KUNIT_EXPECT_EQ(test, xencons_out_write_now(&x->out, buf, 100, false, false), 100);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 0u);
}

/* A clock that steps back (another CPU's local_clock()) is no stall. */
static void xencons_out_clock_step_back_is_no_stall(struct kunit *test)
{
	struct xct *x = test->priv;

	xct_fill(test, x);
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "x", 1, false), 0);
	x->now -= 5 * NSEC_PER_USEC;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "x", 1, false), 0);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_STALLED], 0u);
	/* Time still runs from the first refusal. */
	x->now += (XCT_STALL_MS + 1) * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "y", 1, false), 1);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
}

/*
 * The printk path, as hvc_xen.c: write; after a refusal ask
 * xencons_out_wait_more() and yield, or force the next write.  Bounded
 * here too, so that a policy that waits forever fails the test instead
 * of hanging it.
 */
static void xct_printk_write(struct kunit *test, struct xct *x,
			     const char *buf, u32 len)
{
	struct xencons_out_waiter w = {};
	unsigned int tries = 0;
	bool force = false;

	while (len) {
		int n = xencons_out_write(&x->out, buf, len, force);

		if (!n && xencons_out_wait_more(&x->out, &w))
			xencons_out_wait(&x->out);
		else if (!n)
			force = true;
		buf += n;
		len -= n;
		KUNIT_ASSERT_LT(test, ++tries, 100000u);
	}
}

static void xencons_out_printk_path_wait_is_bounded(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[2 * XENCONS_RING_OUT_SIZE + XCT_HOLD];

	x->yield_ns = NSEC_PER_MSEC;
	xct_printk_write(test, x, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_GE(test, x->yields, (unsigned int)XCT_STALL_MS);
	KUNIT_EXPECT_LE(test, x->yields, (unsigned int)XCT_STALL_MS + 1);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), (u32)XCT_HOLD);
	KUNIT_EXPECT_EQ(test, x->out.dropped, (u64)XENCONS_RING_OUT_SIZE);

	/* Stalled: further printk output no longer waits at all. */
	x->yields = 0;
	xct_printk_write(test, x, buf, 100);
	KUNIT_EXPECT_EQ(test, x->yields, 0u);
}

/*
 * A backend that takes a byte now and then, or flips the connection
 * byte, while a printk call waits: the call still ends within stall_ms
 * of its first refusal (one yield more at most), because the bound
 * belongs to the call.
 */
static void xct_printk_wait_bounded(struct kunit *test, bool flap)
{
	struct xct *x = test->priv;
	static char buf[XENCONS_RING_OUT_SIZE];
	u32 yield_ms = 100;

	if (flap)
		xencons_out_set_lossless(&x->out);
	xct_fill(test, x);
	x->yield_ns = yield_ms * NSEC_PER_MSEC;
	x->trickle = !flap;
	x->flap = flap;
	xct_printk_write(test, x, buf, sizeof(buf));
	KUNIT_EXPECT_LE(test, x->yields, XCT_STALL_MS / yield_ms + 1);
	KUNIT_EXPECT_GT(test, x->yields, 0u);
}

static void xencons_out_printk_wait_bounded_under_trickle(struct kunit *test)
{
	xct_printk_wait_bounded(test, false);
}

static void xencons_out_printk_wait_bounded_under_flapping(struct kunit *test)
{
	xct_printk_wait_bounded(test, true);
}

/*
 * Whether a write may drop is the caller's: a printk call past its wait
 * forces its write on a lossless console, and a tty write made between
 * its retries, or after it, is still refused and drops nothing.
 */
static void xencons_out_force_belongs_to_the_caller(struct kunit *test)
{
	struct xct *x = test->priv;
	struct xencons_out_waiter w = {};
	static char buf[XCT_HOLD];

	xencons_out_set_lossless(&x->out);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf, sizeof(buf), false),
			(int)sizeof(buf));
	x->yield_ns = 300 * NSEC_PER_MSEC;

	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "p", 1, false), 0);
	KUNIT_EXPECT_TRUE(test, xencons_out_wait_more(&x->out, &w));
	xencons_out_wait(&x->out);
	/* A tty writer meanwhile: refused, nothing dropped. */
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "t", 1, false), 0);
	while (xencons_out_wait_more(&x->out, &w)) {
		KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "p", 1, false), 0);
		xencons_out_wait(&x->out);
		KUNIT_ASSERT_LT(test, x->yields, 10u);
	}
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, x->yields, (XCT_STALL_MS + 299) / 300u);

	/* The printk call forces: one held byte makes room. */
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "p", 1, true), 1);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 1u);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 0u);
	/* The next tty writer gets no share of it. */
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "t", 1, false), 0);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 1u);
}

static void xencons_out_recovers_when_backend_consumes(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[XENCONS_RING_OUT_SIZE + XCT_HOLD + 500];
	u32 i;

	xct_pattern(buf, sizeof(buf), 0);
	x->yield_ns = NSEC_PER_MSEC;
	xct_printk_write(test, x, buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_TRUE(test, xencons_out_poll(&x->out));

	for (i = 0; i < 20; i++) {
		xct_consume(x, ~0u);
		xencons_out_poll(&x->out);
	}
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_RECOVERED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_RECOVERED], 0u);
	/* The 500 bytes that waited longest were dropped, and marked. */
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED], 500u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf, XENCONS_RING_OUT_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink + x->sink_len - XCT_HOLD,
				     buf + sizeof(buf) - XCT_HOLD, XCT_HOLD), 0);
}

static void xencons_out_broken_reported_once_then_recovers(struct kunit *test)
{
	struct xct *x = test->priv;
	int i;

	x->intf->out_cons = 100;
	x->intf->out_prod = 100 + XENCONS_RING_OUT_SIZE + 1;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "abc", 3, false), 3);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_BROKEN);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_BROKEN], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_BROKEN], 100u);
	KUNIT_EXPECT_EQ(test, x->report_b[XENCONS_EV_BROKEN],
			(u64)(100 + XENCONS_RING_OUT_SIZE + 1));
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 15u);
	KUNIT_EXPECT_TRUE(test, xencons_out_poll(&x->out));
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_BROKEN], 1u);

	x->intf->out_prod = 100;
	KUNIT_EXPECT_TRUE(test, xencons_out_poll(&x->out));
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_RECOVERED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_RECOVERED], 1u);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 115u);
}

/* The backend repairs the page while we report: BROKEN names what we saw. */
static void xencons_out_broken_reports_the_checked_pair(struct kunit *test)
{
	struct xct *x = test->priv;

	x->intf->out_cons = 100;
	x->intf->out_prod = 100 + XENCONS_RING_OUT_SIZE + 1;
	x->intf->connection = 9;
	x->repair_in_report = true;
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "abc", 3, false), 3);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_BAD_FLAG], 1u);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_BROKEN], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_BROKEN], 100u);
	KUNIT_EXPECT_EQ(test, x->report_b[XENCONS_EV_BROKEN],
			(u64)(100 + XENCONS_RING_OUT_SIZE + 1));
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_BROKEN);
}

/* Reports the policy sent that count against the burst. */
static unsigned int xct_counted_reports(const struct xct *x)
{
	return x->reports[XENCONS_EV_DROPPED] + x->reports[XENCONS_EV_BROKEN] +
	       x->reports[XENCONS_EV_STALLED] + x->reports[XENCONS_EV_RECOVERED] +
	       x->reports[XENCONS_EV_IN_BROKEN] +
	       x->reports[XENCONS_EV_IN_RECOVERED];
}

/* The backend makes the out indices corrupt and sane again, @n times. */
static void xct_toggle_indices(struct xct *x, unsigned int n)
{
	u32 cons = x->intf->out_cons;

	while (n--) {
		x->intf->out_cons = cons + XENCONS_RING_OUT_SIZE + 5000;
		xencons_out_event(&x->out);
		x->now += NSEC_PER_MSEC;
		x->intf->out_cons = cons;
		xencons_out_event(&x->out);
		x->now += NSEC_PER_MSEC;
	}
}

/*
 * 1,000 toggles of the indices in two seconds: the burst, then nothing
 * until the window ends, then one line that counts what was not sent.
 */
static void xencons_out_toggling_backend_is_ratelimited(struct kunit *test)
{
	struct xct *x = test->priv;
	u64 end;

	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "abc", 3, false), 3);
	xct_consume(x, ~0u);
	end = x->now + XENCONS_OUT_REPORT_NS;
	xct_toggle_indices(x, 1000);
	KUNIT_EXPECT_EQ(test, xct_counted_reports(x),
			(unsigned int)XENCONS_OUT_REPORT_BURST);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	/* The window owes a line: the poll stays until it is said. */
	KUNIT_EXPECT_TRUE(test, xencons_out_poll_wanted(&x->out));
	x->now = end - 1;
	KUNIT_EXPECT_GT(test, xencons_out_poll(&x->out), 0u);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 0u);

	x->now = end;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_SUPPRESSED],
			(u64)(2000 - XENCONS_OUT_REPORT_BURST));
	KUNIT_EXPECT_EQ(test, x->report_b[XENCONS_EV_SUPPRESSED],
			(u64)XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_FALSE(test, xencons_out_poll_wanted(&x->out));

	/* A new window: the next episode is reported again. */
	xct_toggle_indices(x, 1);
	KUNIT_EXPECT_EQ(test, xct_counted_reports(x),
			(unsigned int)XENCONS_OUT_REPORT_BURST + 2);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 1u);
}

/*
 * A clock that steps back does not end the window; a report after its
 * end says what it owes first, without waiting for the poll.
 */
static void xencons_out_report_window_ends_once(struct kunit *test)
{
	struct xct *x = test->priv;
	u64 start = x->now;

	xct_toggle_indices(x, 3);
	KUNIT_EXPECT_EQ(test, xct_counted_reports(x),
			(unsigned int)XENCONS_OUT_REPORT_BURST);
	x->now = start - 5 * NSEC_PER_USEC;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 0u);

	x->now = start + XENCONS_OUT_REPORT_NS;
	xct_toggle_indices(x, 1);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_SUPPRESSED], 1ull);
	KUNIT_EXPECT_EQ(test, xct_counted_reports(x),
			(unsigned int)XENCONS_OUT_REPORT_BURST + 2);
}

/* Overflow the hold buffer by @excess bytes while disconnected, then drain. */
static void xct_lose_and_drain(struct kunit *test, struct xct *x, u32 excess)
{
	static char buf[XCT_HOLD + 1000];
	unsigned int i;

	KUNIT_ASSERT_LE(test, excess, 1000u);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xct_pattern(buf, XCT_HOLD + excess, 0);
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, buf, XCT_HOLD + excess,
						false), (int)(XCT_HOLD + excess));
	x->intf->connection = XENCONSOLE_CONNECTED;
	for (i = 0; i < 20 && xencons_out_held(&x->out); i++) {
		xencons_out_poll(&x->out);
		xct_consume(x, ~0u);
	}
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
}

/* A loss count past the burst is owed, not forgotten: it keeps counting. */
static void xencons_out_ratelimited_loss_is_said_later(struct kunit *test)
{
	struct xct *x = test->priv;

	xct_toggle_indices(x, XENCONS_OUT_REPORT_BURST);
	xct_lose_and_drain(test, x, 1000);
	xct_lose_and_drain(test, x, 500);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 0u);
	KUNIT_EXPECT_TRUE(test, xencons_out_poll_wanted(&x->out));

	x->now += XENCONS_OUT_REPORT_NS;
	xencons_out_poll(&x->out);
	/* The loss was owed, not counted as a report not sent. */
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_SUPPRESSED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_SUPPRESSED],
			(u64)XENCONS_OUT_REPORT_BURST);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED], 1500ull);
	KUNIT_EXPECT_FALSE(test, xencons_out_poll_wanted(&x->out));
}

/* Input episodes the caller finds share the policy's budget. */
static void xencons_out_note_input_shares_the_budget(struct kunit *test)
{
	struct xct *x = test->priv;

	xct_toggle_indices(x, 2);
	xencons_out_note_input(&x->out, true);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_IN_BROKEN], 1u);
	xencons_out_note_input(&x->out, false);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_IN_RECOVERED], 0u);
	KUNIT_EXPECT_TRUE(test, xencons_out_poll_wanted(&x->out));
	x->now += XENCONS_OUT_REPORT_NS;
	xencons_out_poll(&x->out);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_SUPPRESSED], 1ull);
}

static void xencons_out_set_hold_keeps_newest_in_order(struct kunit *test)
{
	struct xct *x = test->priv;
	char *small = kunit_kzalloc(test, 8, GFP_KERNEL);
	char *old;

	KUNIT_ASSERT_NOT_NULL(test, small);
	xencons_out_init(&x->out, x->intf, &xct_ops, x, small, 8, XCT_STALL_MS);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "0123456789", 10, false);	/* wraps, drops 2 */
	old = xencons_out_set_hold(&x->out, x->hold, XCT_HOLD);
	KUNIT_EXPECT_PTR_EQ(test, old, small);
	xencons_out_write(&x->out, "ab", 2, false);
	x->intf->connection = XENCONSOLE_CONNECTED;
	xencons_out_poll(&x->out);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, 37u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, "\r\n[hvc_xen: 2 bytes lost]\r\n23456789ab", 37), 0);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED], 2u);
}

/*
 * A loss marker goes out whole before the bytes after the loss, even when
 * the ring takes it in pieces; losses while it is in progress get one of
 * their own, before those bytes.
 */
static void xencons_out_loss_marker_in_pieces(struct kunit *test)
{
	static const char want[] = "\r\n[hvc_xen: 6 bytes lost]\r\n"
				   "\r\n[hvc_xen: 8 bytes lost]\r\nefgh";
	struct xct *x = test->priv;
	char *small = kunit_kzalloc(test, 4, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, small);
	xencons_out_init(&x->out, x->intf, &xct_ops_nohyp, x, small, 4, XCT_STALL_MS);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "0123456789", 10, false);	/* 6 lost, "6789" held */

	/* Serviced, 10 bytes of room: the first 10 bytes of the marker. */
	x->intf->out_prod = XENCONS_RING_OUT_SIZE - 10;
	x->intf->connection = XENCONSOLE_CONNECTED;
	KUNIT_EXPECT_TRUE(test, xencons_out_poll(&x->out));
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, (u32)XENCONS_RING_OUT_SIZE);
	x->intf->out_cons = XENCONS_RING_OUT_SIZE - 10;

	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "abcdefgh", 8, false);	/* "6789abcd" lost */
	x->intf->connection = XENCONSOLE_CONNECTED;
	for (i = 0; i < 10 && xencons_out_poll(&x->out); i++)
		xct_consume(x, ~0u);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)(sizeof(want) - 1));
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, want, sizeof(want) - 1), 0);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 1u);
	KUNIT_EXPECT_EQ(test, x->report_a[XENCONS_EV_DROPPED], 14u);
}

/*
 * A lossless object (a secondary console) writes @len bytes of @buf the way
 * the tty path does while the backend is away: retries take nothing once
 * the hold buffer is full.  Returns the bytes accepted.
 */
static u32 xct_write_until_refused(struct kunit *test, struct xct *x,
				   const char *buf, u32 len)
{
	u32 done = 0;
	int n;

	do {
		n = xencons_out_write(&x->out, buf + done, min(len - done, 100u), false);
		KUNIT_ASSERT_GE(test, n, 0);
		done += n;
	} while (n && done < len);
	return done;
}

/* Deliver everything: the backend drains, the poll and the writer retry. */
static void xct_deliver(struct kunit *test, struct xct *x, const char *buf,
			u32 done, u32 len)
{
	unsigned int rounds = 0;

	while (done < len || xencons_out_held(&x->out)) {
		xct_consume(x, ~0u);
		xencons_out_poll(&x->out);
		if (done < len)
			done += xencons_out_write(&x->out, buf + done,
						  min(len - done, 100u), false);
		KUNIT_ASSERT_LT(test, ++rounds, 100000u);
	}
	xct_consume(x, ~0u);
}

static void xencons_out_lossless_pushes_back_while_disconnected(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[20000];
	u32 done;

	xct_pattern(buf, sizeof(buf), 0);
	xencons_out_set_lossless(&x->out);
	x->intf->connection = XENCONSOLE_DISCONNECTED;
	done = xct_write_until_refused(test, x, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, done, (u32)XCT_HOLD);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 0u);
	KUNIT_EXPECT_EQ(test, x->intf->out_prod, 0u);
	KUNIT_EXPECT_GT(test, x->arm_polls, 0u);

	x->intf->connection = XENCONSOLE_CONNECTED;
	xct_deliver(test, x, buf, done, sizeof(buf));
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)sizeof(buf));
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 0u);
}

static void xencons_out_lossless_stalled_ring_pushes_back(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[XENCONS_RING_OUT_SIZE + XCT_HOLD + 1000];
	u32 done;

	xct_pattern(buf, sizeof(buf), 1);
	xencons_out_set_lossless(&x->out);
	done = xct_write_until_refused(test, x, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, done, (u32)(XENCONS_RING_OUT_SIZE + XCT_HOLD));
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);

	/* Silent backend: STALLED after stall_ms, still nothing dropped. */
	x->now += (XCT_STALL_MS + 1) * NSEC_PER_MSEC;
	done += xct_write_until_refused(test, x, buf + done, sizeof(buf) - done);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_EQ(test, done, (u32)(XENCONS_RING_OUT_SIZE + XCT_HOLD));
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, buf + done, 1, false), 0);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, x->hyp_len, 0u);

	xct_deliver(test, x, buf, done, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xencons_out_state(&x->out), XENCONS_OUT_CONNECTED);
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)sizeof(buf));
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_DROPPED], 0u);
}

/*
 * 10,000 random steps of flag flips, writes of random size with hvc-style
 * retries, backend consumption and polls; what the backend consumed must
 * be exactly what was written, in order.
 */
static void xencons_out_many_flips_byte_exact(struct kunit *test)
{
	struct xct *x = test->priv;
	char *hold = kunit_kzalloc(test, XCT_CAP, GFP_KERNEL);
	u32 written = 0, pending = 0, i;
	char buf[64];
	int n;

	KUNIT_ASSERT_NOT_NULL(test, hold);
	/* Big enough never to drop, so the output must be complete. */
	xencons_out_init(&x->out, x->intf, &xct_ops, x, hold, XCT_CAP,
			 XCT_STALL_MS);
	for (i = 0; i < 10000; i++) {
		u32 r = xct_rand(x);

		if (r % 3 == 0)
			x->intf->connection = (r >> 4) & 1;
		if (!pending)
			pending = 1 + (r >> 8) % 24;
		xct_pattern(buf, pending, written);
		n = xencons_out_write(&x->out, buf, pending, false);
		written += n;
		pending -= n;
		if (r % 5 == 0)
			xct_consume(x, (r >> 12) % 300);
		if (r % 7 == 0)
			xencons_out_poll(&x->out);
		x->now += NSEC_PER_MSEC;
	}
	x->intf->connection = XENCONSOLE_CONNECTED;
	for (i = 0; i < 1000 && (xencons_out_poll(&x->out) || xct_consume(x, ~0u)); i++)
		xct_consume(x, ~0u);
	xct_consume(x, ~0u);

	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, x->reports[XENCONS_EV_STALLED], 0u);
	xct_expect_pattern(test, x, written);
}

/* One-byte writes into a ring with room: no clock, one notify. */
static void xencons_out_byte_writes_cost_one_notify(struct kunit *test)
{
	struct xct *x = test->priv;
	unsigned int i;

	for (i = 0; i < 100; i++)
		KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, "x", 1, false), 1);
	KUNIT_EXPECT_EQ(test, x->notifies, 1u);
	KUNIT_EXPECT_EQ(test, x->arm_polls, 1u);
	KUNIT_EXPECT_EQ(test, x->clock_reads, 0u);

	/* The backend read them all and says so: nothing to notify. */
	xct_consume(x, ~0u);
	xencons_out_event(&x->out);
	KUNIT_EXPECT_EQ(test, x->notifies, 1u);
	KUNIT_EXPECT_EQ(test, xencons_out_write(&x->out, "y", 1, false), 1);
	KUNIT_EXPECT_EQ(test, x->notifies, 2u);
	KUNIT_EXPECT_EQ(test, x->clock_reads, 0u);
}

/* The backend's event refills the ring from the hold buffer. */
static void xencons_out_event_refills_ring(struct kunit *test)
{
	struct xct *x = test->priv;
	static char buf[3 * XENCONS_RING_OUT_SIZE];
	unsigned int i;

	xct_pattern(buf, sizeof(buf), 3);
	KUNIT_ASSERT_EQ(test, xencons_out_write(&x->out, buf, sizeof(buf), false),
			(int)sizeof(buf));
	KUNIT_EXPECT_EQ(test, x->notifies, 1u);
	for (i = 1; i <= 3; i++) {
		xct_consume(x, ~0u);
		xencons_out_event(&x->out);
		KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out),
				(u32)(i < 2 ? XENCONS_RING_OUT_SIZE : 0));
		KUNIT_EXPECT_EQ(test, x->intf->out_prod - x->intf->out_cons,
				(u32)(i < 3 ? XENCONS_RING_OUT_SIZE : 0));
		KUNIT_EXPECT_EQ(test, x->notifies, min(i + 1, 3u));
	}
	KUNIT_EXPECT_EQ(test, x->sink_len, (u32)sizeof(buf));
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, x->yields, 0u);
}

/*
 * A backend like xenconsoled: it reads only after a notify, all the ring
 * holds, in two steps (out_prod first, then the bytes and out_cons, with
 * guest writes possibly in between), and answers each read that found
 * bytes with an event.  A notify during a read is kept for the next one.
 * The event reaches the guest later, as a step of its own: guest writes
 * and the next read may come first.
 */
struct xct_backend {
	unsigned int seen;	/* notifies it has started a read for */
	bool reading;
	u32 read_prod;
	unsigned int reads;
	unsigned int events;	/* sent, not yet delivered */
};

static void xct_backend_step(struct xct *x, struct xct_backend *b)
{
	u32 n;

	if (!b->reading) {
		if (b->seen == x->notifies)
			return;
		b->seen = x->notifies;
		b->reading = true;
		b->read_prod = x->intf->out_prod;
		return;
	}
	b->reading = false;
	n = b->read_prod - x->intf->out_cons;
	if (!n)
		return;
	xct_consume(x, n);
	b->reads++;
	b->events++;
}

/* Event channels coalesce: one delivery answers all sent since the last. */
static void xct_backend_deliver(struct xct *x, struct xct_backend *b)
{
	if (!b->events)
		return;
	b->events = 0;
	xencons_out_event(&x->out);
}

static bool xct_backend_busy(const struct xct *x, const struct xct_backend *b)
{
	return b->reading || b->events || b->seen != x->notifies;
}

/*
 * A stream that stops leaves nothing in the ring: with that backend and
 * no poll at all, every byte written reaches it, and the guest sends at
 * most one notify per read (plus the first).
 */
static void xencons_out_stream_leaves_nothing_unnoticed(struct kunit *test)
{
	struct xct *x = test->priv;
	struct xct_backend b = {};
	u32 written = 0, pending = 0, i;
	static char buf[300];
	int n;

	for (i = 0; i < 1500 || pending; i++) {
		u32 r = xct_rand(x);

		if (r % 3 == 0) {
			xct_backend_step(x, &b);
			continue;
		}
		if (r % 3 == 1 && (r >> 2) % 2) {
			xct_backend_deliver(x, &b);
			continue;
		}
		if (!pending && i < 1500)
			pending = 1 + (r >> 8) % sizeof(buf);
		if (!pending)
			continue;
		xct_pattern(buf, pending, written);
		n = xencons_out_write(&x->out, buf, pending, false);
		KUNIT_ASSERT_GE(test, n, 0);
		written += n;
		pending -= n;
		KUNIT_ASSERT_LT(test, i, 200000u);
	}
	/* The writer has stopped: only the backend acts now. */
	for (i = 0; i < 1000 && xct_backend_busy(x, &b); i++) {
		xct_backend_step(x, &b);
		xct_backend_deliver(x, &b);
	}

	KUNIT_EXPECT_EQ(test, x->intf->out_prod, x->intf->out_cons);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&x->out), 0u);
	KUNIT_EXPECT_LE(test, x->notifies, b.reads + 1);
	KUNIT_EXPECT_EQ(test, x->out.dropped, 0u);
	xct_expect_pattern(test, x, written);
}

/* While nothing changes, the poll waits twice as long each time. */
static void xencons_out_poll_backs_off(struct kunit *test)
{
	unsigned int want = XENCONS_OUT_POLL_MIN_MS;
	struct xct *x = test->priv;
	unsigned int i;

	x->intf->connection = XENCONSOLE_DISCONNECTED;
	xencons_out_write(&x->out, "held", 4, false);
	/* Doubling from the floor reaches the cap, then stays there. */
	for (i = 0; i < 16; i++) {
		KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), want);
		want = min_t(unsigned int, 2 * want, XENCONS_OUT_POLL_MAX_MS);
	}
	KUNIT_EXPECT_EQ(test, want, XENCONS_OUT_POLL_MAX_MS);
	/* A change, here the backend connecting, starts over. */
	x->intf->connection = XENCONSOLE_CONNECTED;
	KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), XENCONS_OUT_POLL_MIN_MS);
	KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), 2 * XENCONS_OUT_POLL_MIN_MS);
	/* A backend that lost the notify gets another while out_cons stands. */
	KUNIT_EXPECT_EQ(test, x->notifies, 2u);
	xct_consume(x, ~0u);
	KUNIT_EXPECT_EQ(test, xencons_out_poll(&x->out), 0u);
	KUNIT_EXPECT_EQ(test, memcmp(x->sink, "held", 4), 0);
}

static struct kunit_case xencons_out_cases[] = {
	KUNIT_CASE_PARAM(xencons_out_flag_values, xct_flag_gen_params),
	KUNIT_CASE(xencons_out_disconnected_without_hypercall),
	KUNIT_CASE(xencons_out_flip_mid_stream_keeps_order),
	KUNIT_CASE(xencons_out_poll_flushes_without_writes),
	KUNIT_CASE(xencons_out_hold_overflow_counts_dropped),
	KUNIT_CASE(xencons_out_hold_disabled_counts_everything),
	KUNIT_CASE(xencons_out_connected_hold_never_drops),
	KUNIT_CASE(xencons_out_tty_path_declares_stall_without_waiting),
	KUNIT_CASE(xencons_out_write_now_holds_nothing),
	KUNIT_CASE(xencons_out_panic_unserviced_keeps_the_end),
	KUNIT_CASE(xencons_out_trickle_is_a_stall),
	KUNIT_CASE(xencons_out_printk_wait_bounded_under_trickle),
	KUNIT_CASE(xencons_out_printk_wait_bounded_under_flapping),
	KUNIT_CASE(xencons_out_force_belongs_to_the_caller),
	KUNIT_CASE(xencons_out_clock_step_back_is_no_stall),
	KUNIT_CASE(xencons_out_printk_path_wait_is_bounded),
	KUNIT_CASE(xencons_out_recovers_when_backend_consumes),
	KUNIT_CASE(xencons_out_broken_reported_once_then_recovers),
	KUNIT_CASE(xencons_out_broken_reports_the_checked_pair),
	KUNIT_CASE(xencons_out_toggling_backend_is_ratelimited),
	KUNIT_CASE(xencons_out_report_window_ends_once),
	KUNIT_CASE(xencons_out_ratelimited_loss_is_said_later),
	KUNIT_CASE(xencons_out_note_input_shares_the_budget),
	KUNIT_CASE(xencons_out_set_hold_keeps_newest_in_order),
	KUNIT_CASE(xencons_out_loss_marker_in_pieces),
	KUNIT_CASE(xencons_out_lossless_pushes_back_while_disconnected),
	KUNIT_CASE(xencons_out_lossless_stalled_ring_pushes_back),
	KUNIT_CASE(xencons_out_many_flips_byte_exact),
	KUNIT_CASE(xencons_out_byte_writes_cost_one_notify),
	KUNIT_CASE(xencons_out_event_refills_ring),
	KUNIT_CASE(xencons_out_stream_leaves_nothing_unnoticed),
	KUNIT_CASE(xencons_out_poll_backs_off),
	{}
};

static struct kunit_suite xencons_out_suite = {
	.name = "xencons_out",
	.init = xct_init,
	.test_cases = xencons_out_cases,
};

/* ---- hvc_xen: device ids ---- */

struct xct_devid_case {
	const char *node;
	int parse;		/* xencons_devid_parse() result */
	unsigned int id;
	int frontend;		/* xencons_frontend_devid() result */
};

static const struct xct_devid_case xct_devid_cases[] = {
	{ "device/console/0", 0, 0, -ENODEV },
	{ "device/console/1", 0, 1, 1 },
	{ "device/console/9", 0, 9, 9 },
	{ "device/console/10", 0, 10, 10 },
	{ "device/console/11", 0, 11, 11 },
	{ "device/console/99", 0, 99, 99 },
	{ "device/console/", -EINVAL, 0, -EINVAL },
	{ "device/console/1a", -EINVAL, 0, -EINVAL },
	{ "device/console/a1", -EINVAL, 0, -EINVAL },
	{ "device/console/01", -EINVAL, 0, -EINVAL },
	{ "device/console/+1", -EINVAL, 0, -EINVAL },
	{ "device/console/-1", -EINVAL, 0, -EINVAL },
	{ "device/console/1\n", -EINVAL, 0, -EINVAL },
	{ "device/console/4294967296", -EINVAL, 0, -EINVAL },
	{ "device/console/4294967295", -EINVAL, 0, -EINVAL },
	{ "device/console/99999999999999999999", -EINVAL, 0, -EINVAL },
};

static void xct_devid_desc(const struct xct_devid_case *c, char *desc)
{
	char *p;

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", c->node);
	/* Keep the KTAP line intact: show control characters as '?'. */
	for (p = desc; *p; p++)
		if (*p < ' ')
			*p = '?';
}

KUNIT_ARRAY_PARAM(xct_devid, xct_devid_cases, xct_devid_desc);

static void hvc_xen_devid_whole_last_component(struct kunit *test)
{
	const struct xct_devid_case *c = test->param_value;
	unsigned int id = 12345;

	KUNIT_EXPECT_EQ(test, xencons_devid_parse(c->node, &id), c->parse);
	if (!c->parse)
		KUNIT_EXPECT_EQ(test, id, c->id);
	else
		KUNIT_EXPECT_EQ(test, id, 12345u);
}

static void hvc_xen_probe_refuses_console_0(struct kunit *test)
{
	const struct xct_devid_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xencons_frontend_devid(c->node), c->frontend);
}

/* ---- hvc_xen: the printk path waits without the console's lock ---- */

/* A console of the glue whose ops are fakes; ->c.lock is the real lock. */
struct xcg {
	struct xencons c;
	u64 now;
	unsigned int yields;
	unsigned int yields_locked;	/* yield() ran with ->c.lock held */
	u32 drain;			/* bytes the backend takes per yield */
};

static int xcg_hyp_write(void *ctx, const char *buf, unsigned int len)
{
	return len;
}

static void xcg_nop(void *ctx)
{
}

/* The test runs in one thread: a failed trylock means the lock is held. */
static void xcg_yield(void *ctx)
{
	struct xcg *g = ctx;
	unsigned long flags;

	g->yields++;
	g->c.intf->out_cons += min(g->drain, g->c.intf->out_prod - g->c.intf->out_cons);
	if (spin_trylock_irqsave(&g->c.lock, flags))
		spin_unlock_irqrestore(&g->c.lock, flags);
	else
		g->yields_locked++;
	g->now += 10 * NSEC_PER_MSEC;
}

static u64 xcg_now_ns(void *ctx)
{
	return ((struct xcg *)ctx)->now;
}

static void xcg_report(void *ctx, enum xencons_out_event ev, u64 a, u64 b)
{
}

static const struct xencons_out_ops xcg_ops = {
	.hyp_write = xcg_hyp_write,
	.notify = xcg_nop,
	.yield = xcg_yield,
	.now_ns = xcg_now_ns,
	.arm_poll = xcg_nop,
	.report = xcg_report,
};

/* A connected console whose full ring nobody drains. */
static struct xcg *xcg_full(struct kunit *test)
{
	struct xcg *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->c.intf = kunit_kzalloc(test, sizeof(*g->c.intf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g->c.intf);
	g->c.intf->out_prod = XENCONS_RING_OUT_SIZE;
	g->c.vtermno = XENCONS_VTERMNO_BASE + 0x10000;	/* no real console */
	spin_lock_init(&g->c.lock);
	g->now = 1000 * NSEC_PER_SEC;
	xencons_out_init(&g->c.out, g->c.intf, &xcg_ops, g, NULL, 0, 100);
	return g;
}

/* Early console and xen_raw_*(): every wait for the full ring unlocked. */
static void hvc_xen_write_all_waits_unlocked(struct kunit *test)
{
	struct xcg *g = xcg_full(test);

	xencons_write_all(&g->c, "abc", 3);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&g->c.out), XENCONS_OUT_STALLED);
	KUNIT_EXPECT_GE(test, g->yields, 10u);
	KUNIT_EXPECT_EQ(test, g->yields_locked, 0u);
}

/* hvc_console_print(): put_chars() says -EAGAIN, then ->flush() waits. */
static void hvc_xen_flush_waits_unlocked(struct kunit *test)
{
	struct xcg *g = xcg_full(test);
	const struct hv_ops *ops = &xencons_ring_hv_ops;
	u8 buf[] = "abc";

	xencons_list_add(&g->c);
	KUNIT_EXPECT_EQ(test, ops->put_chars(g->c.vtermno, buf, 3), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ops->flush(g->c.vtermno, false), 0);
	KUNIT_EXPECT_EQ(test, g->yields, 1u);
	/* No second wait without another refused write; none for the tty. */
	KUNIT_EXPECT_EQ(test, ops->flush(g->c.vtermno, false), 0);
	KUNIT_EXPECT_EQ(test, ops->put_chars(g->c.vtermno, buf, 3), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ops->flush(g->c.vtermno, true), 0);
	KUNIT_EXPECT_EQ(test, g->yields, 1u);
	KUNIT_EXPECT_EQ(test, g->yields_locked, 0u);
	xencons_list_del(&g->c);
}

/*
 * A lossless (secondary) console can still be the kernel console
 * (console=hvc1): hvc_console_print() must end on a ring nobody drains,
 * while the tty path keeps being refused.
 */
static void hvc_xen_printk_on_lossless_console_ends(struct kunit *test)
{
	struct xcg *g = xcg_full(test);
	const struct hv_ops *ops = &xencons_ring_hv_ops;
	u8 buf[] = "printk line\r\n";
	unsigned int tries, left = sizeof(buf) - 1;
	ssize_t n;

	xencons_out_set_lossless(&g->c.out);
	xencons_list_add(&g->c);
	/* As hvc_console_print(): on -EAGAIN, ->flush(false), then retry. */
	for (tries = 0; tries < 1000 && left; tries++) {
		n = ops->put_chars(g->c.vtermno, buf + sizeof(buf) - 1 - left, left);
		if (n > 0)
			left -= n;
		else if (n == -EAGAIN)
			ops->flush(g->c.vtermno, false);
		else
			break;
	}
	/* hvc_console_print()'s last flush ends the call and its force. */
	ops->flush(g->c.vtermno, false);
	KUNIT_EXPECT_EQ(test, left, 0u);
	KUNIT_EXPECT_EQ(test, g->yields_locked, 0u);
	KUNIT_EXPECT_EQ(test, ops->put_chars(g->c.vtermno, buf, 3), -EAGAIN);
	xencons_list_del(&g->c);
}

/*
 * The write path never arms the poll timer itself: under the console
 * lock it only queues the irq_work that does, so a WARN raised under a
 * timer base lock can print through this console.
 */
static void hvc_xen_write_never_arms_a_timer(struct kunit *test)
{
	struct xcg *g = xcg_full(test);
	const struct hv_ops *ops = &xencons_ring_hv_ops;
	struct xencons *c = &g->c;
	char *hold = kunit_kzalloc(test, 64, GFP_KERNEL);
	unsigned long flags;
	bool armed, queued;
	u8 buf[] = "abc";

	KUNIT_ASSERT_NOT_NULL(test, hold);
	c->intf->out_prod = 0;
	xencons_poll_init(c);
	xencons_policy_init(c, hold, 64);
	xencons_poll_enable(c);
	KUNIT_ASSERT_FALSE(test, timer_pending(&c->poll_timer));
	xencons_list_add(c);

	/* Not serviced: the bytes are held, and a poll is wanted. */
	c->intf->connection = XENCONSOLE_DISCONNECTED;
	local_irq_save(flags);
	KUNIT_EXPECT_EQ(test, ops->put_chars(c->vtermno, buf, 3), 3);
	armed = timer_pending(&c->poll_timer);
	queued = irq_work_is_pending(&c->poll_work);
	local_irq_restore(flags);
	irq_work_sync(&c->poll_work);
	KUNIT_EXPECT_FALSE(test, armed);
	KUNIT_EXPECT_TRUE(test, queued);
	KUNIT_EXPECT_TRUE(test, timer_pending(&c->poll_timer));

	xencons_list_del(c);
	xencons_poll_disable(c);
}

/*
 * An oops on a serviced but slow ring: when xencons_write_oops() returns,
 * the held bytes and the new ones are all in the ring, not held for a
 * poll that may never come; on a ring nobody drains it returns within
 * the stall time.  Every wait is made without the lock.
 */
static void hvc_xen_oops_write_leaves_nothing_held(struct kunit *test)
{
	struct xcg *g = xcg_full(test);
	char *hold = kunit_kzalloc(test, 4096, GFP_KERNEL);
	static char buf[3000];
	u32 prod;

	KUNIT_ASSERT_NOT_NULL(test, hold);
	xencons_out_set_hold(&g->c.out, hold, 4096);
	KUNIT_ASSERT_EQ(test, xencons_out_write(&g->c.out, buf, 1000, false), 1000);
	KUNIT_ASSERT_EQ(test, xencons_out_held(&g->c.out), 1000u);
	prod = g->c.intf->out_prod;
	g->drain = 512;
	xencons_write_oops(&g->c, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&g->c.out), 0u);
	KUNIT_EXPECT_EQ(test, g->c.intf->out_prod - prod, 4000u);
	KUNIT_EXPECT_GT(test, g->yields, 0u);
	KUNIT_EXPECT_EQ(test, g->yields_locked, 0u);
	KUNIT_EXPECT_EQ(test, g->c.out.dropped, 0u);

	/* Nobody drains: back within the stall time (100 ms, 10 ms a yield). */
	g->drain = 0;
	g->yields = 0;
	xencons_write_oops(&g->c, buf, sizeof(buf), false);
	KUNIT_EXPECT_LE(test, g->yields, 11u);
	KUNIT_EXPECT_EQ(test, xencons_out_state(&g->c.out), XENCONS_OUT_STALLED);
}

/* A new hold buffer never costs held bytes: a smaller one waits for room. */
static void hvc_xen_hold_set_never_drops(struct kunit *test)
{
	struct xcg *g = xcg_full(test);
	struct xencons_interface *intf = g->c.intf;
	static char buf[40 * 1024];
	unsigned int i;

	xct_pattern(buf, sizeof(buf), 5);
	intf->connection = XENCONSOLE_DISCONNECTED;
	KUNIT_ASSERT_EQ(test, xencons_hold_set(&g->c, 64 * 1024), 0);
	xencons_write_all(&g->c, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xencons_out_held(&g->c.out), (u32)sizeof(buf));
	KUNIT_EXPECT_EQ(test, xencons_hold_set(&g->c, 16 * 1024), -EBUSY);
	KUNIT_EXPECT_EQ(test, xencons_out_held(&g->c.out), (u32)sizeof(buf));
	KUNIT_EXPECT_EQ(test, g->c.out.dropped, 0u);

	/* Serviced: the backend drains, the poll flushes, then it fits. */
	intf->connection = XENCONSOLE_CONNECTED;
	for (i = 0; i < 100 && xencons_out_held(&g->c.out); i++) {
		intf->out_cons = intf->out_prod;
		xencons_out_poll(&g->c.out);
	}
	KUNIT_EXPECT_EQ(test, xencons_out_held(&g->c.out), 0u);
	KUNIT_EXPECT_EQ(test, xencons_hold_set(&g->c, 16 * 1024), 0);
	KUNIT_EXPECT_EQ(test, g->c.out.hold_size, 16u * 1024);
	KUNIT_EXPECT_PTR_EQ(test, g->c.out.hold, g->c.hold);
	KUNIT_EXPECT_EQ(test, g->c.out.dropped, 0u);
	KUNIT_EXPECT_EQ(test, xencons_hold_set(&g->c, 0), 0);
}

static struct kunit_case hvc_xen_cases[] = {
	KUNIT_CASE_PARAM(hvc_xen_devid_whole_last_component, xct_devid_gen_params),
	KUNIT_CASE_PARAM(hvc_xen_probe_refuses_console_0, xct_devid_gen_params),
	KUNIT_CASE(hvc_xen_write_all_waits_unlocked),
	KUNIT_CASE(hvc_xen_flush_waits_unlocked),
	KUNIT_CASE(hvc_xen_hold_set_never_drops),
	KUNIT_CASE(hvc_xen_write_never_arms_a_timer),
	KUNIT_CASE(hvc_xen_oops_write_leaves_nothing_held),
	KUNIT_CASE(hvc_xen_printk_on_lossless_console_ends),
	{}
};

static struct kunit_suite hvc_xen_suite = {
	.name = "hvc_xen",
	.test_cases = hvc_xen_cases,
};

kunit_test_suites(&xencons_ring_suite, &xencons_out_suite, &hvc_xen_suite);

MODULE_LICENSE("GPL");
