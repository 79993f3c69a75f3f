// SPDX-License-Identifier: GPL-2.0
/*
 * xencons-benchd: dom0's measuring tool for scripts/bench.sh.
 *
 *   xencons-benchd boot DOMID NODE TIMEOUT_MS WINDOW_MS [IDLE_MS]
 *	Unpause the (paused) domain DOMID and wait up to TIMEOUT_MS for
 *	its xenstore node NODE (relative to /local/domain/DOMID, written by
 *	the guest's userspace) to exist; with IDLE_MS > 0, then wait IDLE_MS
 *	more; with WINDOW_MS > 0, keep going until WINDOW_MS after the
 *	unpause.  Prints one line:
 *	  boot_ms=B cpu_boot_ms=C cpu_idle_ms=I idle_ms=N cpu_window_ms=W
 *	B: milliseconds from the unpause hypercall to the xenstore watch
 *	event that showed NODE (-1: not within TIMEOUT_MS);
 *	C: the domain's CPU time (Xen's cpu_time, what "xl list" shows as
 *	Time(s)) used between the unpause and that event (-1: no event);
 *	I: CPU time used in the N = IDLE_MS ms after that event (-1: none);
 *	W: CPU time used between the unpause and the end of the window
 *	(-1 without a window).
 *	  busy0_ms=P
 *	P: how long physical CPU 0 (dom0's) was not idle from the unpause
 *	to that event (-1: no event).
 *
 *   xencons-benchd cpu DOMID
 *	Prints cpu_ms=C: the CPU time domain DOMID has used so far.
 *
 *   xencons-benchd watch FILE BEGIN END COUNT TIMEOUT_MS DOMID
 *	Follow FILE (xenconsoled's log of domain DOMID; it need not exist
 *	yet) by polling its size every 10 ms, until the string END has
 *	arrived after the first BEGIN, or TIMEOUT_MS.  Prints one line:
 *	  first_ms=F last_ms=L size_first=S begin_off=O end_off=E count=N
 *	  cpu_stream_ms=C
 *	F: time (ms since the tool started) of the first poll that saw
 *	BEGIN, S: the file size then, O: where BEGIN starts;
 *	L: time of the first poll that saw END (after BEGIN), E: offset just
 *	after END; N: occurrences of COUNT from O to E (-1 values: not seen).
 *	So (E - S) bytes arrived in (L - F) ms, and E - O is the length of
 *	the whole stream in the log.  C: the CPU time DOMID used between
 *	those two polls.  Strings may hold \r and \n escapes.
 *
 *   xencons-benchd sent FILE CPU
 *	Read FILE, a trace of Xen's PV entry events written by xentrace,
 *	and count the event channel hypercalls made on physical CPU CPU.
 *	Prints one line:
 *	  sent=N trace_lost=L
 *	N: EVTCHNOP hypercalls (Xen's trace records the hypercall, not its
 *	sub-command: sends, and the unmask a guest asks for when it unmasks
 *	a pending port); L: records Xen said it lost (N is exact only when
 *	L is 0).  Exit status 1 if FILE cannot be read or ends inside a
 *	record.
 *
 * Needs Debian's libxen-dev (libxenctrl, libxenstore).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstore.h>

#define POLL_NS		10000000L	/* log polling period: 10 ms */

static void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xencons-benchd: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long ms_between(int64_t from, int64_t to)
{
	return (to - from) / 1000000;
}

/* Xen's count of the CPU time domain @domid has used, in ns. */
static int64_t cpu_ns(xc_interface *xch, uint32_t domid)
{
	xc_dominfo_t info;

	if (xc_domain_getinfo(xch, domid, 1, &info) != 1 || info.domid != domid)
		fatal("no domain %u", domid);
	return info.cpu_time;
}

/*
 * Xen's count of the time physical CPU 0 (dom0's; benchmark domUs run on
 * CPU 1) has spent idle, in ns.  Under QEMU TCG each physical CPU is a
 * host thread: time it is not idle is host CPU taken from the others.
 */
static int64_t idle0_ns(xc_interface *xch)
{
	xc_cpuinfo_t info[2];
	int nr = 0;

	if (xc_getcpuinfo(xch, 2, info, &nr) || nr < 1)
		fatal("cannot read the physical CPUs' idle time");
	return info[0].idletime;
}

/* Whether xenstore @path exists. */
static int xs_exists(struct xs_handle *xs, const char *path)
{
	unsigned int len;
	void *val = xs_read(xs, XBT_NULL, path, &len);
	int found = !!val;

	free(val);
	return found;
}

/* Sleep until @until_ns on the monotonic clock. */
static void sleep_until(int64_t until_ns)
{
	struct timespec ts = {
		.tv_sec = until_ns / 1000000000LL,
		.tv_nsec = until_ns % 1000000000LL,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int cmd_boot(uint32_t domid, const char *node, long timeout_ms,
		    long window_ms, long idle_ms)
{
	long boot_ms = -1, cpu_boot_ms = -1, cpu_window_ms = -1;
	long cpu_idle_ms = -1, busy0_ms = -1;
	struct xs_handle *xs = xs_open(0);
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	int64_t t0, cpu0, idle0, deadline;
	char path[256];
	struct pollfd pfd;

	if (!xs || !xch)
		fatal("cannot open xenstore or xenctrl");
	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
	if (!xs_watch(xs, path, "bench"))
		fatal("cannot watch %s", path);
	pfd.fd = xs_fileno(xs);
	pfd.events = POLLIN;

	cpu0 = cpu_ns(xch, domid);
	idle0 = idle0_ns(xch);
	t0 = now_ns();
	if (xc_domain_unpause(xch, domid))
		fatal("cannot unpause domain %u", domid);

	/* The watch fires once when set, then on every change of path. */
	deadline = t0 + timeout_ms * 1000000LL;
	while (boot_ms < 0) {
		int64_t left = deadline - now_ns();
		unsigned int n;
		char **ev;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, left / 1000000 + 1) <= 0)
			continue;
		ev = xs_read_watch(xs, &n);
		free(ev);
		if (xs_exists(xs, path)) {
			int64_t t1 = now_ns();
			int64_t busy = (t1 - t0) - (idle0_ns(xch) - idle0);

			boot_ms = ms_between(t0, t1);
			cpu_boot_ms = ms_between(cpu0, cpu_ns(xch, domid));
			/* The idle count may run a little past the clock. */
			busy0_ms = busy > 0 ? busy / 1000000 : 0;
		}
	}
	if (boot_ms >= 0 && idle_ms > 0) {
		int64_t cpu1 = cpu_ns(xch, domid);

		sleep_until(now_ns() + idle_ms * 1000000LL);
		cpu_idle_ms = ms_between(cpu1, cpu_ns(xch, domid));
	}
	if (window_ms > 0) {
		sleep_until(t0 + window_ms * 1000000LL);
		cpu_window_ms = ms_between(cpu0, cpu_ns(xch, domid));
	}
	printf("boot_ms=%ld cpu_boot_ms=%ld cpu_idle_ms=%ld idle_ms=%ld cpu_window_ms=%ld",
	       boot_ms, cpu_boot_ms, cpu_idle_ms, idle_ms, cpu_window_ms);
	printf(" busy0_ms=%ld\n", busy0_ms);
	xs_close(xs);
	xc_interface_close(xch);
	return 0;
}

/* Turn \r and \n escapes of @s into bytes, in place. */
static size_t unescape(char *s)
{
	char *out = s;
	const char *in;

	for (in = s; *in; in++) {
		if (in[0] == '\\' && (in[1] == 'r' || in[1] == 'n')) {
			*out++ = in[1] == 'r' ? '\r' : '\n';
			in++;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return out - s;
}

struct stream {
	char *buf;		/* the file's bytes so far */
	size_t len, cap;
	size_t scanned;		/* searched for BEGIN/END up to here */
	long begin_off, end_off;
};

/* Append what FILE holds beyond s->len; returns the file's size. */
static size_t stream_read(struct stream *s, int fd)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st))
		fatal("fstat: %s", strerror(errno));
	while (s->len < (size_t)st.st_size) {
		if (s->cap < (size_t)st.st_size) {
			s->cap = st.st_size * 2;
			s->buf = realloc(s->buf, s->cap);
			if (!s->buf)
				fatal("out of memory");
		}
		n = pread(fd, s->buf + s->len, st.st_size - s->len, s->len);
		if (n <= 0)
			break;
		s->len += n;
	}
	return s->len;
}

/* Search the new bytes for @pat from @from; -1 if absent. */
static long find_from(const struct stream *s, size_t from, const char *pat,
		      size_t plen)
{
	const char *hit;

	if (s->len < from + plen)
		return -1;
	hit = memmem(s->buf + from, s->len - from, pat, plen);
	return hit ? hit - s->buf : -1;
}

static long count_between(const struct stream *s, long from, long to,
			  const char *pat, size_t plen)
{
	const char *p = s->buf + from, *end = s->buf + to;
	long n = 0;

	while ((p = memmem(p, end - p, pat, plen))) {
		n++;
		p += plen;
	}
	return n;
}

static int cmd_watch(const char *file, char *begin, char *end, char *count,
		     long timeout_ms, uint32_t domid)
{
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	int64_t cpu_first = 0, cpu_stream_ms = -1;
	size_t blen = unescape(begin), elen = unescape(end);
	size_t clen = unescape(count);
	struct stream s = { .begin_off = -1, .end_off = -1 };
	long first_ms = -1, last_ms = -1, size_first = -1, n = -1;
	struct timespec period = { .tv_nsec = POLL_NS };
	int64_t t0 = now_ns();
	int fd = -1;

	if (!blen || !elen || !clen)
		fatal("empty BEGIN, END or COUNT");
	if (!xch)
		fatal("cannot open xenctrl");
	while (ms_between(t0, now_ns()) < timeout_ms) {
		size_t size;
		long t;
		long hit;

		if (fd < 0)
			fd = open(file, O_RDONLY);
		if (fd < 0) {
			nanosleep(&period, NULL);
			continue;
		}
		size = stream_read(&s, fd);
		t = ms_between(t0, now_ns());
		if (s.begin_off < 0) {
			hit = find_from(&s, s.scanned, begin, blen);
			if (hit >= 0) {
				s.begin_off = hit;
				first_ms = t;
				cpu_first = cpu_ns(xch, domid);
				size_first = size;
				s.scanned = hit + blen;
			} else if (s.len >= blen) {
				s.scanned = s.len - blen + 1;
			}
		}
		if (s.begin_off >= 0) {
			hit = find_from(&s, s.scanned, end, elen);
			if (hit >= 0) {
				s.end_off = hit + elen;
				last_ms = t;
				cpu_stream_ms = (cpu_ns(xch, domid) - cpu_first) / 1000000;
				break;
			}
			if (s.len >= elen && s.len - elen + 1 > s.scanned)
				s.scanned = s.len - elen + 1;
		}
		nanosleep(&period, NULL);
	}
	if (s.end_off >= 0)
		n = count_between(&s, s.begin_off, s.end_off, count, clen);
	printf("first_ms=%ld last_ms=%ld size_first=%ld begin_off=%ld",
	       first_ms, last_ms, size_first, s.begin_off);
	printf(" end_off=%ld count=%ld cpu_stream_ms=%lld\n",
	       s.end_off, n, (long long)cpu_stream_ms);
	free(s.buf);
	xc_interface_close(xch);
	if (fd >= 0)
		close(fd);
	return s.end_off >= 0 ? 0 : 1;
}

/*
 * Xen's trace format (<xen/trace.h>): a 32-bit header (event id, the count
 * of 32-bit data words, a flag for a 64-bit TSC that follows), then the
 * TSC, then the data.  xentrace puts a CPU change record (data: the CPU,
 * the bytes that follow) before each stretch of one CPU's records.
 */
#define EVTCHN_OP_HYPERCALL	32	/* __HYPERVISOR_event_channel_op */

static int cmd_sent(const char *file, unsigned int want_cpu)
{
	FILE *f = fopen(file, "rb");
	unsigned long long sent = 0, lost = 0;
	unsigned int cpu = ~0u;
	uint32_t hdr, d[8];

	if (!f)
		fatal("%s: %s", file, strerror(errno));
	while (fread(&hdr, sizeof(hdr), 1, f) == 1) {
		uint32_t event = TRC_HD_TO_EVENT(hdr);
		unsigned int words = TRC_HD_EXTRA(hdr);

		if (TRC_HD_INCLUDES_CYCLE_COUNT(hdr) &&
		    fread(d, sizeof(uint32_t), 2, f) != 2)
			goto truncated;
		if (words && fread(d, sizeof(uint32_t), words, f) != words)
			goto truncated;
		if (event == TRC_TRACE_CPU_CHANGE && words >= 1)
			cpu = d[0];
		else if (event == TRC_LOST_RECORDS && words >= 1)
			lost += d[0];
		else if (event == TRC_PV_HYPERCALL_V2 && words >= 1 &&
			 cpu == want_cpu &&
			 (d[0] & ~TRC_PV_HYPERCALL_V2_ARG_MASK) ==
			 EVTCHN_OP_HYPERCALL)
			sent++;
	}
	if (ferror(f))
		fatal("%s: read error", file);
	fclose(f);
	printf("sent=%llu trace_lost=%llu\n", sent, lost);
	return 0;
truncated:
	fatal("%s: ends inside a record", file);
	return 1;
}

static int cmd_cpu(uint32_t domid)
{
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);

	if (!xch)
		fatal("cannot open xenctrl");
	printf("cpu_ms=%lld\n", (long long)(cpu_ns(xch, domid) / 1000000));
	xc_interface_close(xch);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "cpu"))
		return cmd_cpu(strtoul(argv[2], NULL, 10));
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "boot"))
		return cmd_boot(strtoul(argv[2], NULL, 10), argv[3],
				strtol(argv[4], NULL, 10),
				strtol(argv[5], NULL, 10),
				argc == 7 ? strtol(argv[6], NULL, 10) : 0);
	if (argc == 8 && !strcmp(argv[1], "watch"))
		return cmd_watch(argv[2], argv[3], argv[4], argv[5],
				 strtol(argv[6], NULL, 10),
				 strtoul(argv[7], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "sent"))
		return cmd_sent(argv[2], strtoul(argv[3], NULL, 10));
	fputs("usage: xencons-benchd boot DOMID NODE TIMEOUT_MS WINDOW_MS [IDLE_MS]\n"
	      "       xencons-benchd cpu DOMID\n"
	      "       xencons-benchd watch FILE BEGIN END COUNT TIMEOUT_MS DOMID\n"
	      "       xencons-benchd sent FILE CPU\n",
	      stderr);
	return 2;
}
