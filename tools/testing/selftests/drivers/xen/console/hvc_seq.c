// SPDX-License-Identifier: GPL-2.0
/*
 * hvc_seq - numbered, checksummed console lines for Xen console tests.
 *
 *   hvc_seq write N [DEV] [FIRST]  write lines FIRST..FIRST+N-1 to DEV (stdout)
 *   hvc_seq check N FILE           verify that FILE holds lines 1..N in order
 *   hvc_seq expect N               print the summary "check" gives on success
 *
 * The line format and the checker are in hvc_seq.h.
 */
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "hvc_seq.h"

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

static void usage_exit(void)
{
	fprintf(stderr, "usage: hvc_seq write N [DEV] [FIRST] | check N FILE | expect N\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n;

	crc_init();
	if (argc < 3)
		usage_exit();
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
