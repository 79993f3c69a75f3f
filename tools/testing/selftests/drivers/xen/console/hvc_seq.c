// SPDX-License-Identifier: GPL-2.0
/*
 * hvc_seq - numbered, checksummed console lines for Xen console tests.
 *
 *   hvc_seq write N [DEV] [FIRST]  write lines FIRST..FIRST+N-1 to DEV (stdout)
 *   hvc_seq check N FILE           verify that FILE holds lines 1..N in order
 *   hvc_seq expect N               print the summary "check" gives on success
 *
 * Several writers at once (SMP tests; the format is in hvc_mseq.h):
 *   hvc_seq mwrite W N DEV [CPU]   writer W writes its lines 1..N to DEV, each
 *                                  with one write(); DEV /dev/kmsg makes each
 *                                  line a printk record at level 0.  With
 *                                  CPU, runs pinned there.  Prints
 *                                  "hvcseq-writer W lines=N maxblock_us=T",
 *                                  T the longest single write()
 *   hvc_seq mcheck FILE W:G:N...   check writers W (group G: k printk, t tty)
 *                                  between the markers in FILE
 *   hvc_seq mexpect W:G:N...       the summary "mcheck" gives on success
 *   hvc_seq mark begin|end         print a marker line
 *
 * The line format and the checker are in hvc_seq.h.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "hvc_mseq.h"

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int do_write(unsigned long n, const char *dev, unsigned long first)
{
	int fd = 1;
	char line[160];

	if (dev && strcmp(dev, "-")) {
		fd = open(dev, O_WRONLY | O_NOCTTY);
		if (fd < 0) {
			fprintf(stderr, "hvc_seq: open %s: %s\n", dev, strerror(errno));
			return 2;
		}
	}
	for (unsigned long seq = first; seq < first + n; seq++) {
		int len = format_line(seq, line, sizeof(line) - 1);

		line[len++] = '\n';
		if (write_all(fd, line, len)) {
			fprintf(stderr, "hvc_seq: write line %lu: %s\n", seq, strerror(errno));
			return 2;
		}
	}
	if (isatty(fd))
		tcdrain(fd);
	else
		fsync(fd);
	return 0;
}

static int do_expect(unsigned long n)
{
	char line[160];
	uint32_t digest = 0;

	for (unsigned long seq = 1; seq <= n; seq++) {
		int len = format_line(seq, line, sizeof(line));

		digest = crc32_update(digest, line, len);
	}
	summary(n, n, n ? 1 : 0, n, 0, 0, 0, digest);
	return 0;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ull + ts.tv_nsec / 1000;
}

static int do_mwrite(int w, unsigned long n, const char *dev, const char *cpu)
{
	int kmsg = !!strstr(dev, "kmsg"), fd;
	char line[MSEQ_LINE_MAX + 8];
	uint64_t worst = 0;

	if (w < 1 || w > MSEQ_MAX) {
		fprintf(stderr, "hvc_seq: writer %d: want 1..%d\n", w, MSEQ_MAX);
		return 2;
	}
	if (cpu) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(cpu), &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "hvc_seq: pin to CPU %s: %s\n", cpu, strerror(errno));
			return 2;
		}
	}
	fd = open(dev, O_WRONLY | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "hvc_seq: open %s: %s\n", dev, strerror(errno));
		return 2;
	}
	for (unsigned long seq = 1; seq <= n; seq++) {
		size_t len = 0;
		uint64_t t0;

		if (kmsg) {
			memcpy(line, "<0>", 3);
			len = 3;
		}
		len += mseq_line(w, seq, line + len);
		line[len++] = '\n';
		t0 = now_us();
		if (write_all(fd, line, len)) {
			fprintf(stderr, "hvc_seq: writer %d line %lu: %s\n", w, seq,
				strerror(errno));
			return 2;
		}
		if (now_us() - t0 > worst)
			worst = now_us() - t0;
	}
	if (!kmsg)
		tcdrain(fd);
	close(fd);
	printf("hvcseq-writer %d lines=%lu maxblock_us=%llu\n", w, n,
	       (unsigned long long)worst);
	return 0;
}

/* The text between the first MSEQ_BEGIN and the MSEQ_END after it. */
static int do_mcheck(const char *path, int nspec, char **specs)
{
	struct mseq_writer ws[MSEQ_MAX + 1] = { 0 };
	char *buf = NULL, *begin, *end;
	size_t cap = 0, len = 0;
	FILE *f = fopen(path, "r");
	int i, rc;

	if (!f) {
		fprintf(stderr, "hvc_seq: open %s: %s\n", path, strerror(errno));
		return 2;
	}
	for (i = 0; i < nspec; i++)
		mseq_parse_spec(specs[i], ws);
	do {
		if (len + 65536 > cap) {
			cap = 2 * cap + 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				return 2;
		}
		len += fread(buf + len, 1, cap - len, f);
	} while (!feof(f) && !ferror(f));
	fclose(f);
	buf[len] = '\0';
	/* NUL bytes would end the searches early: nothing writes them. */
	for (size_t k = 0; k < len; k++)
		if (!buf[k])
			buf[k] = ' ';
	begin = strstr(buf, MSEQ_BEGIN);
	end = begin ? strstr(begin, MSEQ_END) : NULL;
	if (!end) {
		fprintf(stderr, "hvc_seq: %s: no %s ... %s window\n", path,
			MSEQ_BEGIN, MSEQ_END);
		begin = buf;
		end = buf;
	} else {
		begin += strlen(MSEQ_BEGIN);
	}
	rc = mseq_check_text(ws, begin, end - begin);
	free(buf);
	return end == buf ? 1 : rc;
}

static int do_mexpect(int nspec, char **specs)
{
	struct mseq_writer ws[MSEQ_MAX + 1] = { 0 };
	int i;

	for (i = 0; i < nspec; i++)
		mseq_parse_spec(specs[i], ws);
	mseq_expect(ws);
	return 0;
}

static void usage_exit(void)
{
	fprintf(stderr, "usage: hvc_seq write N [DEV] [FIRST] | check N FILE | expect N\n"
		"       hvc_seq mwrite W N DEV [CPU] | mcheck FILE W:G:N... |\n"
		"       hvc_seq mexpect W:G:N... | mark begin|end\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n;

	crc_init();
	if (argc < 3)
		usage_exit();
	if (!strcmp(argv[1], "mwrite") && (argc == 5 || argc == 6))
		return do_mwrite(atoi(argv[2]), strtoul(argv[3], NULL, 10), argv[4],
				 argc == 6 ? argv[5] : NULL);
	if (!strcmp(argv[1], "mcheck") && argc >= 4)
		return do_mcheck(argv[2], argc - 3, argv + 3);
	if (!strcmp(argv[1], "mexpect"))
		return do_mexpect(argc - 2, argv + 2);
	if (!strcmp(argv[1], "mark")) {
		printf("%s\n", !strcmp(argv[2], "begin") ? MSEQ_BEGIN : MSEQ_END);
		return 0;
	}
	n = strtoul(argv[2], NULL, 10);
	if (!strcmp(argv[1], "write"))
		return do_write(n, argc > 3 ? argv[3] : NULL,
				argc > 4 ? strtoul(argv[4], NULL, 10) : 1);
	if (!strcmp(argv[1], "check") && argc == 4)
		return hvcseq_check(n, argv[3]);
	if (!strcmp(argv[1], "expect"))
		return do_expect(n);
	usage_exit();
	return 2;
}
