// SPDX-License-Identifier: GPL-2.0
/*
 * xencons-ctl - inspect and steer a domain's console ring from dom0.
 *
 * Debian's Xen 4.17 tools never set the ring's "connection" byte, and no
 * tool shows the ring indices.  This one maps the ring page of a running
 * domain (grant reference GNTTAB_RESERVED_CONSOLE, else the console/ring-ref
 * frame from xenstore) and
 *
 *   show                 prints the indices and the connection byte
 *   flag VALUE           sets the connection byte (0 connected, 1 disconnected)
 *   set FIELD VALUE      sets out_cons, out_prod, in_cons or in_prod
 *   flap PERIOD_US SECS  flips the flag 1/0 every PERIOD_US for SECS, ends at 0
 *   notify [COUNT [US]]  sends COUNT events on the console event channel
 *   input TEXT           queues TEXT (plus a newline) as console input
 *
 * It plays a backend only as far as a test needs: it does not consume
 * output.  notify and input bind the event channel, which is possible only
 * while no other backend (xenconsoled) has bound it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>

#define CONSOLE_GREF	0	/* GNTTAB_RESERVED_CONSOLE */
#define PAGE_SZ		4096

/*
 * The ring page as the guest sees it (xen/include/public/io/console.h),
 * including the "connection" byte that Xen 4.17's headers do not have yet.
 */
struct ring {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
	uint8_t connection;
};

_Static_assert(sizeof(((struct ring *)0)->in) == 1024, "in ring");
_Static_assert(__builtin_offsetof(struct ring, connection) == 3088, "connection byte");

/* READ_ONCE/WRITE_ONCE for a page the guest changes under our feet. */
#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define FENCE()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

static unsigned int domid;
static struct xs_handle *xs;

static void fatal(const char *what)
{
	fprintf(stderr, "xencons-ctl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long console_node(const char *leaf)
{
	char path[64], *val;
	unsigned int len;
	unsigned long v;

	snprintf(path, sizeof(path), "/local/domain/%u/console/%s", domid, leaf);
	val = xs_read(xs, XBT_NULL, path, &len);
	if (!val) {
		fprintf(stderr, "xencons-ctl: cannot read %s\n", path);
		exit(1);
	}
	v = strtoul(val, NULL, 10);
	free(val);
	return v;
}

static struct ring *map_ring(void)
{
	xengnttab_handle *xgt = xengnttab_open(NULL, 0);
	xenforeignmemory_handle *fmem;
	xen_pfn_t pfn;
	void *p = NULL;
	int err = 0;

	if (xgt)
		p = xengnttab_map_grant_ref(xgt, domid, CONSOLE_GREF, PROT_READ | PROT_WRITE);
	if (p)
		return p;
	fmem = xenforeignmemory_open(NULL, 0);
	if (!fmem)
		fatal("xenforeignmemory_open");
	pfn = console_node("ring-ref");
	p = xenforeignmemory_map(fmem, domid, PROT_READ | PROT_WRITE, 1, &pfn, &err);
	if (!p || err) {
		errno = err ? -err : errno;
		fatal("mapping the console ring");
	}
	return p;
}

static void show(struct ring *r)
{
	uint32_t oc = LOAD(r->out_cons), op = LOAD(r->out_prod);
	uint32_t ic = LOAD(r->in_cons), ip = LOAD(r->in_prod);

	printf("XENCONS dom=%u out_cons=%u out_prod=%u out_pending=%u ", domid, oc, op, op - oc);
	printf("in_cons=%u in_prod=%u connection=%u\n", ic, ip, LOAD(r->connection));
}

static void set_flag(struct ring *r, unsigned int v)
{
	FENCE();
	STORE(r->connection, (uint8_t)v);
	FENCE();
}

static void sleep_us(unsigned long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct xenevtchn_handle *xce;
static evtchn_port_t local_port;

static void bind_port(void)
{
	unsigned long remote = console_node("port");
	xenevtchn_port_or_error_t p;

	xce = xenevtchn_open(NULL, 0);
	if (!xce)
		fatal("xenevtchn_open");
	p = xenevtchn_bind_interdomain(xce, domid, remote);
	if (p < 0)
		fatal("binding the console event channel (is xenconsoled serving it?)");
	local_port = p;
}

static void usage_exit(void)
{
	fputs("usage: xencons-ctl DOMID show | flag VALUE | set FIELD VALUE |\n"
	      "       flap PERIOD_US SECONDS | notify [COUNT [INTERVAL_US]] | input TEXT\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct ring *r;
	const char *cmd;

	if (argc < 3)
		usage_exit();
	domid = strtoul(argv[1], NULL, 10);
	cmd = argv[2];
	xs = xs_open(0);
	if (!xs)
		fatal("xs_open");
	r = map_ring();

	if (!strcmp(cmd, "show")) {
		show(r);
	} else if (!strcmp(cmd, "flag") && argc == 4) {
		set_flag(r, strtoul(argv[3], NULL, 0));
		show(r);
	} else if (!strcmp(cmd, "set") && argc == 5) {
		uint32_t v = strtoul(argv[4], NULL, 0);

		FENCE();
		if (!strcmp(argv[3], "out_cons"))
			STORE(r->out_cons, v);
		else if (!strcmp(argv[3], "out_prod"))
			STORE(r->out_prod, v);
		else if (!strcmp(argv[3], "in_cons"))
			STORE(r->in_cons, v);
		else if (!strcmp(argv[3], "in_prod"))
			STORE(r->in_prod, v);
		else
			usage_exit();
		FENCE();
		show(r);
	} else if (!strcmp(cmd, "flap") && argc == 5) {
		unsigned long period = strtoul(argv[3], NULL, 10);
		double end = now() + strtod(argv[4], NULL);
		unsigned long flips = 0;

		while (now() < end) {
			set_flag(r, flips & 1 ? 0 : 1);
			flips++;
			sleep_us(period);
		}
		set_flag(r, 0);
		printf("XENCONS flips=%lu\n", flips);
		show(r);
	} else if (!strcmp(cmd, "notify")) {
		unsigned long count = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
		unsigned long gap = argc > 4 ? strtoul(argv[4], NULL, 10) : 0;
		unsigned long i;

		bind_port();
		for (i = 0; i < count; i++) {
			if (xenevtchn_notify(xce, local_port) < 0)
				fatal("xenevtchn_notify");
			if (gap)
				sleep_us(gap);
		}
		printf("XENCONS events=%lu\n", count);
	} else if (!strcmp(cmd, "input") && argc == 4) {
		size_t len = strlen(argv[3]), i;
		uint32_t prod = LOAD(r->in_prod);

		if (len + 1 > sizeof(r->in) - (prod - LOAD(r->in_cons))) {
			fprintf(stderr, "xencons-ctl: no room in the input ring\n");
			return 1;
		}
		for (i = 0; i <= len; i++)
			r->in[(prod + i) % sizeof(r->in)] = i < len ? argv[3][i] : '\n';
		/* Data before the producer index, as the ring protocol asks. */
		FENCE();
		STORE(r->in_prod, prod + len + 1);
		bind_port();
		if (xenevtchn_notify(xce, local_port) < 0)
			fatal("xenevtchn_notify");
		show(r);
	} else {
		usage_exit();
	}
	return 0;
}
