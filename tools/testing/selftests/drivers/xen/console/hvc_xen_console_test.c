// SPDX-License-Identifier: GPL-2.0
/*
 * hvc_xen_console_test - kselftest for the Xen console frontend, run inside
 * a Xen guest (TAP output).
 *
 * What a guest can check on its own side:
 *  - the checker of numbered lines (hvc_seq.h) accepts an intact stream and
 *    counts a missing, a duplicated and a damaged line;
 *  - /dev/hvc0 accepts numbered lines without blocking forever (the other
 *    end, e.g. xenconsoled's log, is checked from dom0 with "hvc_seq check");
 *  - device/console/0 is never a xenbus frontend device;
 *  - /dev/hvc1 opens exactly when a xenbus console-1 device exists, and
 *    never without the xenbus console driver (CONFIG_HVC_XEN_FRONTEND).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <termios.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../../../kselftest.h"
#include "hvc_seq.h"

#define HVC0_LINES	200
#define WRITE_TIMEOUT_S	60

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool is_xen_guest(void)
{
	char type[16] = "";
	FILE *f = fopen("/sys/hypervisor/type", "r");

	if (!f)
		return false;
	if (!fgets(type, sizeof(type), f))
		type[0] = '\0';
	fclose(f);
	return strncmp(type, "xen", 3) == 0;
}

/*
 * Write lines 1..N to F with noise in between, leaving out line SKIP
 * (0: none) and repeating line TWICE (0: none); line BAD (0: none) gets a
 * wrong CRC.
 */
static void make_stream(FILE *f, unsigned long n, unsigned long skip,
			unsigned long twice, unsigned long bad)
{
	char line[160];

	for (unsigned long seq = 1; seq <= n; seq++) {
		if (seq == skip)
			continue;
		format_line(seq, line, sizeof(line));
		if (seq == bad)
			line[16] = line[16] == '0' ? '1' : '0';
		fprintf(f, "noise %lu\r\n%s\r\n", seq, line);
		if (seq == twice)
			fprintf(f, "%s\n", line);
	}
}

/* Run hvcseq_check() over a generated stream; return its exit status. */
static int check_stream(unsigned long skip, unsigned long twice, unsigned long bad)
{
	char path[] = "/tmp/hvcseq-XXXXXX";
	int fd = mkstemp(path), out, err, null, ret;
	FILE *f;

	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	make_stream(f, 50, skip, twice, bad);
	fclose(f);
	/*
	 * The checker reports on stdout and stderr: keep TAP clean, and keep
	 * the damaged sample line off the console, where a dom0 check of
	 * numbered lines would count it.
	 */
	fflush(stdout);
	fflush(stderr);
	out = dup(1);
	err = dup(2);
	null = open("/dev/null", O_WRONLY);
	ret = -1;
	if (out >= 0 && err >= 0 && null >= 0 && dup2(null, 1) == 1 && dup2(null, 2) == 2)
		ret = hvcseq_check(50, path);
	fflush(stdout);
	fflush(stderr);
	if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		ret = -1;
	close(out);
	close(err);
	close(null);
	unlink(path);
	return ret;
}

static void test_checker(void)
{
	bool ok = check_stream(0, 0, 0) == 0 && check_stream(17, 0, 0) == 1 &&
		  check_stream(0, 23, 0) == 1 && check_stream(0, 0, 31) == 1;

	ksft_test_result(ok, "checker accepts intact, rejects missing/dup/damaged lines\n");
}

static void alarm_handler(int sig)
{
	(void)sig;
}

/*
 * Marker lines, not "hvcseq" lines, so a dom0 check of numbered lines
 * written by another program is not disturbed.
 */
static void test_hvc0_write(void)
{
	struct sigaction sa = { .sa_handler = alarm_handler };
	char line[64];
	int fd, i;

	fd = open("/dev/hvc0", O_WRONLY | O_NOCTTY);
	if (fd < 0) {
		ksft_test_result_fail("open /dev/hvc0: %s\n", strerror(errno));
		return;
	}
	sigaction(SIGALRM, &sa, NULL);
	alarm(WRITE_TIMEOUT_S);
	for (i = 1; i <= HVC0_LINES; i++) {
		int len = snprintf(line, sizeof(line), "ksft-hvc0 %d of %d\n", i, HVC0_LINES);

		if (write(fd, line, len) != len)
			break;
	}
	if (i > HVC0_LINES)
		tcdrain(fd);
	alarm(0);
	close(fd);
	ksft_test_result(i > HVC0_LINES, "/dev/hvc0 took %d lines within %d s\n",
			 i - 1, WRITE_TIMEOUT_S);
}

static void test_console0_not_probed(void)
{
	ksft_test_result(!exists("/sys/bus/xen/devices/console-0"),
			 "device/console/0 is not a xenbus frontend device\n");
}

static void test_hvc1(void)
{
	bool driver = exists("/sys/bus/xen/drivers/xenconsole");
	bool device = exists("/sys/bus/xen/devices/console-1");
	int fd = open("/dev/hvc1", O_WRONLY | O_NOCTTY | O_NONBLOCK);
	bool opens = fd >= 0;

	if (fd >= 0)
		close(fd);
	if (!driver) {
		ksft_test_result(!opens && !device,
				 "no xenconsole driver: /dev/hvc1 refuses\n");
		return;
	}
	ksft_test_result(opens == device,
			 "/dev/hvc1 opens (%s) iff console-1 exists (%s)\n",
			 opens ? "yes" : "no", device ? "yes" : "no");
}

int main(void)
{
	ksft_print_header();
	if (!is_xen_guest())
		ksft_exit_skip("not a Xen guest (/sys/hypervisor/type)\n");
	crc_init();
	ksft_set_plan(4);
	test_checker();
	test_hvc0_write();
	test_console0_not_probed();
	test_hvc1();
	ksft_finished();
}
