/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbered, checksummed console lines, shared by the hvc_seq tool and the
 * hvc_xen_console kselftest.
 *
 * Each line is "hvcseq SEQ CRC PAYLOAD" where SEQ is a six-digit decimal
 * number, PAYLOAD is deterministic text derived from SEQ and CRC is the
 * CRC32 (IEEE 802.3) of "SEQ PAYLOAD".  hvcseq_check() accepts foreign lines
 * in between (kernel messages, CR characters) but not a damaged, missing,
 * duplicated or reordered numbered line.  Its summary ends in a digest over
 * every good line, so a test can compare it to the one computed elsewhere:
 * only the working path produces that exact line.
 */
#ifndef HVC_SEQ_H
#define HVC_SEQ_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32_update(uint32_t crc, const char *p, size_t len)
{
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ (uint8_t)*p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Deterministic payload: 24..72 printable characters chosen by SEQ. */
static size_t payload(unsigned long seq, char *buf)
{
	uint32_t x = (uint32_t)seq * 2654435761u + 12345;
	size_t len = 24 + x % 49;

	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345;
		buf[i] = 'a' + (x >> 16) % 26;
	}
	buf[len] = '\0';
	return len;
}

/* Format line SEQ (without newline) into buf; return its length. */
static int format_line(unsigned long seq, char *buf, size_t size)
{
	char body[128], pl[80];
	int n;

	payload(seq, pl);
	n = snprintf(body, sizeof(body), "%06lu %s", seq, pl);
	return snprintf(buf, size, "hvcseq %06lu %08x %s", seq,
			crc32_update(0, body, n), pl);
}

static void summary(unsigned long want, unsigned long good, unsigned long first,
		    unsigned long last, unsigned long missing, unsigned long bad,
		    unsigned long dup, uint32_t digest)
{
	printf("hvcseq-check want=%lu good=%lu first=%lu last=%lu ",
	       want, good, first, last);
	printf("missing=%lu bad=%lu dup=%lu digest=%08x\n", missing, bad, dup, digest);
}

/* Parse one candidate line; return its SEQ if intact, 0 if damaged. */
static unsigned long parse_line(char *s)
{
	char want[160], *end;
	unsigned long seq;

	seq = strtoul(s + 7, &end, 10);
	if (end == s + 7 || seq == 0)
		return 0;
	format_line(seq, want, sizeof(want));
	return strcmp(s, want) == 0 ? seq : 0;
}

static int hvcseq_check(unsigned long n, const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *s, *p;
	size_t cap = 0;
	unsigned long expect = 1, good = 0, bad = 0, dup = 0, missing = 0;
	unsigned long first = 0, last = 0;
	uint32_t digest = 0;

	if (!f) {
		fprintf(stderr, "hvc_seq: open %s: %s\n", path, strerror(errno));
		return 2;
	}
	while (getline(&buf, &cap, f) > 0) {
		unsigned long seq;

		/* Strip CR/LF: ttys turn "\n" into "\r\n". */
		for (p = buf + strlen(buf); p > buf && (p[-1] == '\n' || p[-1] == '\r');)
			*--p = '\0';
		s = strstr(buf, "hvcseq ");
		if (!s)
			continue;
		seq = parse_line(s);
		if (!seq) {
			bad++;
			fprintf(stderr, "hvc_seq: damaged line after %lu: %.100s\n", expect - 1, s);
			continue;
		}
		if (seq < expect) {
			dup++;
			fprintf(stderr, "hvc_seq: line %lu again or out of order (expected %lu)\n",
				seq, expect);
			continue;
		}
		if (seq > expect) {
			missing += seq - expect;
			fprintf(stderr, "hvc_seq: lines %lu..%lu missing\n", expect, seq - 1);
		}
		if (!first)
			first = seq;
		last = seq;
		expect = seq + 1;
		good++;
		digest = crc32_update(digest, s, strlen(s));
	}
	fclose(f);
	free(buf);
	if (expect <= n)
		missing += n + 1 - expect;
	summary(n, good, first, last, missing, bad, dup, digest);
	return (good == n && !missing && !bad && !dup && last == n) ? 0 : 1;
}

#endif /* HVC_SEQ_H */
