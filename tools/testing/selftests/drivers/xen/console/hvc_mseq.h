/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Several numbered streams on one console, for SMP tests: writers on
 * different CPUs, some through printk (/dev/kmsg) and some through the
 * tty, write at the same time, and the console may interleave them at any
 * byte (the hvc core sends printk records and tty output in chunks, and
 * nothing orders one path against the other).
 *
 * So that any interleaving can be taken apart, writer W (1..MSEQ_MAX)
 * writes only letters of its own: seven of "a-zA-Z" starting at 7 * (W - 1),
 * six for base-6 digits and one that ends a line.  A line of W is
 *
 *	SEQ (8 digits) CRC (13 digits) PAYLOAD (24..72 digits) END
 *
 * where CRC is the CRC32 of "W SEQ PAYLOAD" (PAYLOAD as digits '0'-'5')
 * and PAYLOAD is derived from W and SEQ.  The checker reads the text
 * between the markers MSEQ_BEGIN and MSEQ_END, ignores every byte that is
 * not a letter (CR, LF, spaces, digits: what the tty and printk add), and
 * gives each letter to its writer.  Per writer, lines must be intact and
 * numbered 1..N in order.  Writers of one group (printk, or tty) must not
 * tear each other's lines: between the first and the last letter of a line,
 * no letter of another writer of the same group may appear.  A letter of no
 * writer being checked is foreign (a kernel message during the streams).
 */
#ifndef HVC_MSEQ_H
#define HVC_MSEQ_H

#include "hvc_seq.h"

#define MSEQ_MAX	7
#define MSEQ_BEGIN	"@@HVCSEQ-BEGIN@@"
#define MSEQ_END	"@@HVCSEQ-END@@"
#define MSEQ_SEQ_DIGITS	8
#define MSEQ_CRC_DIGITS	13
#define MSEQ_LINE_MAX	(MSEQ_SEQ_DIGITS + MSEQ_CRC_DIGITS + 72 + 1)

static const char mseq_letters[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Letter of base-6 digit @d (0..5), or of the line end (6), of writer @w. */
static char mseq_letter(int w, int d)
{
	return mseq_letters[7 * (w - 1) + d];
}

/* Writer and digit of byte @c: writer 0 if it is not a letter. */
static int mseq_decode(char c, int *digit)
{
	const char *p = c ? strchr(mseq_letters, c) : NULL;

	if (!p)
		return 0;
	*digit = (p - mseq_letters) % 7;
	return (p - mseq_letters) / 7 + 1;
}

/* Line @seq of writer @w as digits 0..6 (6: the end); return its length. */
static size_t mseq_digits(int w, unsigned long seq, unsigned char *out)
{
	uint32_t x = (uint32_t)seq * 2654435761u + 977u * w;
	size_t plen = 24 + x % 49, n = 0, i;
	unsigned char pl[72];
	char text[128];
	uint32_t crc;
	uint64_t v;
	int len;

	for (i = 0; i < plen; i++) {
		x = x * 1103515245u + 12345;
		pl[i] = (x >> 16) % 6;
	}
	len = snprintf(text, sizeof(text), "%d %lu ", w, seq);
	for (i = 0; i < plen; i++)
		text[len++] = '0' + pl[i];
	crc = crc32_update(0, text, len);
	for (v = seq, i = 0; i < MSEQ_SEQ_DIGITS; i++, v /= 6)
		out[n + MSEQ_SEQ_DIGITS - 1 - i] = v % 6;
	n += MSEQ_SEQ_DIGITS;
	for (v = crc, i = 0; i < MSEQ_CRC_DIGITS; i++, v /= 6)
		out[n + MSEQ_CRC_DIGITS - 1 - i] = v % 6;
	n += MSEQ_CRC_DIGITS;
	memcpy(out + n, pl, plen);
	n += plen;
	out[n++] = 6;
	return n;
}

/* Line @seq of writer @w as text, without newline; return its length. */
static size_t mseq_line(int w, unsigned long seq, char *buf)
{
	unsigned char d[MSEQ_LINE_MAX];
	size_t n = mseq_digits(w, seq, d), i;

	for (i = 0; i < n; i++)
		buf[i] = mseq_letter(w, d[i]);
	buf[n] = '\0';
	return n;
}

/* The sequence number a line's digits (without the end) claim. */
static unsigned long mseq_claimed(const unsigned char *d, size_t n)
{
	unsigned long seq = 0;
	size_t i;

	if (n < MSEQ_SEQ_DIGITS)
		return 0;
	for (i = 0; i < MSEQ_SEQ_DIGITS; i++)
		seq = seq * 6 + d[i];
	return seq;
}

struct mseq_writer {
	char group;			/* 'k' (printk) or 't' (tty) */
	unsigned long want;
	unsigned long expect, good, first, last, missing, bad, dup;
	unsigned char cur[MSEQ_LINE_MAX];
	size_t cur_len;			/* 0: no line open */
	uint32_t digest;
};

/* A line of @w ended (digits in w->cur, the end included). */
static void mseq_line_done(struct mseq_writer *w, int id)
{
	unsigned char d[MSEQ_LINE_MAX];
	unsigned long seq = mseq_claimed(w->cur, w->cur_len);
	size_t n = seq ? mseq_digits(id, seq, d) : 0;

	if (!seq || n != w->cur_len || memcmp(d, w->cur, n)) {
		w->bad++;
		fprintf(stderr, "hvc_seq: writer %d: damaged line after %lu\n",
			id, w->expect - 1);
		return;
	}
	if (seq < w->expect) {
		w->dup++;
		fprintf(stderr, "hvc_seq: writer %d: line %lu again or out of order",
			id, seq);
		fprintf(stderr, " (expected %lu)\n", w->expect);
		return;
	}
	if (seq > w->expect) {
		w->missing += seq - w->expect;
		fprintf(stderr, "hvc_seq: writer %d: lines %lu..%lu missing\n",
			id, w->expect, seq - 1);
	}
	if (!w->first)
		w->first = seq;
	w->last = seq;
	w->expect = seq + 1;
	w->good++;
	w->digest = crc32_update(w->digest, (const char *)d, n);
}

/* "W:G:N" (writer, group k or t, lines): fill @ws; return the writer. */
static int mseq_parse_spec(const char *spec, struct mseq_writer *ws)
{
	char g;
	int id;
	unsigned long n;

	if (sscanf(spec, "%d:%c:%lu", &id, &g, &n) != 3 || id < 1 ||
	    id > MSEQ_MAX || (g != 'k' && g != 't') || ws[id].want) {
		fprintf(stderr, "hvc_seq: bad writer spec '%s'", spec);
		fprintf(stderr, " (want W:k|t:N, W 1..%d, each W once)\n", MSEQ_MAX);
		exit(2);
	}
	ws[id].group = g;
	ws[id].want = n;
	ws[id].expect = 1;
	return id;
}

static void mseq_summary(const struct mseq_writer *ws, unsigned long foreign,
			 unsigned long torn, uint32_t digest)
{
	unsigned long missing = 0, bad = 0, dup = 0;
	int id;

	printf("hvcseq-mcheck");
	for (id = 1; id <= MSEQ_MAX; id++) {
		if (!ws[id].want)
			continue;
		printf(" w%d=%c:%lu/%lu", id, ws[id].group, ws[id].good, ws[id].want);
		missing += ws[id].missing;
		bad += ws[id].bad;
		dup += ws[id].dup;
	}
	printf(" missing=%lu bad=%lu dup=%lu torn=%lu foreign=%lu digest=%08x\n",
	       missing, bad, dup, torn, foreign, digest);
}

/* Digest over every writer's digest, in writer order. */
static uint32_t mseq_digest(const struct mseq_writer *ws)
{
	uint32_t digest = 0;
	int id;

	for (id = 1; id <= MSEQ_MAX; id++)
		if (ws[id].want)
			digest = crc32_update(digest, (const char *)&ws[id].digest,
					      sizeof(ws[id].digest));
	return digest;
}

/*
 * Check @len bytes of @text (the window between the markers) against the
 * writers @ws; print the summary; return 0 if every stream is whole.
 */
static int mseq_check_text(struct mseq_writer *ws, const char *text, size_t len)
{
	unsigned long foreign = 0, torn = 0;
	int open_in[2] = { 0, 0 };	/* writer with a line open, per group */
	uint32_t digest;
	size_t i;
	int id, ok = 1;

	for (i = 0; i < len; i++) {
		struct mseq_writer *w;
		int digit, g;

		id = mseq_decode(text[i], &digit);
		if (!id)
			continue;
		w = &ws[id];
		if (!w->want) {
			foreign++;
			continue;
		}
		g = w->group == 'k';
		if (!w->cur_len) {
			if (open_in[g] && open_in[g] != id) {
				torn++;
				fprintf(stderr, "hvc_seq: writer %d started a line",
					id);
				fprintf(stderr, " inside one of writer %d\n", open_in[g]);
			}
			open_in[g] = id;
		}
		if (w->cur_len == MSEQ_LINE_MAX) {
			w->bad++;
			w->cur_len = 0;
		}
		w->cur[w->cur_len++] = digit;
		if (digit == 6) {
			mseq_line_done(w, id);
			w->cur_len = 0;
			if (open_in[g] == id)
				open_in[g] = 0;
		}
	}
	for (id = 1; id <= MSEQ_MAX; id++) {
		struct mseq_writer *w = &ws[id];

		if (!w->want)
			continue;
		if (w->cur_len)
			w->bad++;
		if (w->expect <= w->want)
			w->missing += w->want + 1 - w->expect;
		if (w->good != w->want || w->missing || w->bad || w->dup ||
		    w->last != w->want)
			ok = 0;
	}
	digest = mseq_digest(ws);
	mseq_summary(ws, foreign, torn, digest);
	return ok && !torn && !foreign ? 0 : 1;
}

/* The summary mseq_check_text() prints when every stream is whole. */
static void mseq_expect(struct mseq_writer *ws)
{
	unsigned char d[MSEQ_LINE_MAX];
	unsigned long seq;
	int id;

	for (id = 1; id <= MSEQ_MAX; id++) {
		struct mseq_writer *w = &ws[id];

		for (seq = 1; seq <= w->want; seq++)
			w->digest = crc32_update(w->digest, (const char *)d,
						 mseq_digits(id, seq, d));
		w->good = w->want;
	}
	mseq_summary(ws, 0, 0, mseq_digest(ws));
}

#endif /* HVC_MSEQ_H */
