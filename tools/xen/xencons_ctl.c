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
 *   toggle COUNT PERIOD_US  makes out_cons and in_prod corrupt and sane
 *                        again COUNT times, one toggle per PERIOD_US, with
 *                        an event after each change
 *   trickle PERIOD_US SECS  takes one byte of output every PERIOD_US for
 *                        SECS and prints what it took
 *   input TEXT           queues TEXT (plus a newline) as console input
 *   serve DEVID [stall]  plays the backend of the xenbus console DEVID (see
 *                        serve() below): output to stdout, stdin as input;
 *                        "stall": never consume output; SIGUSR1: unplug
 *
 * Except in serve it plays a backend only as far as a test needs: it does
 * not consume output.  notify and input bind the event channel, which is
 * possible only while no other backend (xenconsoled) has bound it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
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

/*
 * The ring page as the guest sees it, with the "connection" byte that
 * Xen 4.17's headers do not have yet: the one copy our tools share.
 */
#include <xen/interface/io/console.h>

#define CONSOLE_GREF	0	/* GNTTAB_RESERVED_CONSOLE */
#define PAGE_SZ		4096

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

static struct xencons_interface *map_ring(void)
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

static void show(struct xencons_interface *r)
{
	uint32_t oc = LOAD(r->out_cons), op = LOAD(r->out_prod);
	uint32_t ic = LOAD(r->in_cons), ip = LOAD(r->in_prod);

	printf("XENCONS dom=%u out_cons=%u out_prod=%u out_pending=%u ", domid, oc, op, op - oc);
	printf("in_cons=%u in_prod=%u connection=%u\n", ic, ip, LOAD(r->connection));
}

static void set_flag(struct xencons_interface *r, unsigned int v)
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
	      "       flap PERIOD_US SECONDS | notify [COUNT [INTERVAL_US]] | input TEXT |\n"
	      "       toggle COUNT PERIOD_US | trickle PERIOD_US SECONDS |\n"
	      "       serve DEVID [stall]\n",
	      stderr);
	exit(2);
}

/* ---- serve: the backend of a secondary (xenbus) console ---- */

/* xenbus states (xen/include/public/io/xenbus.h) */
enum {
	XB_INITIALISED = 3,
	XB_CONNECTED = 4,
	XB_CLOSING = 5,
	XB_CLOSED = 6,
};

/* Set by SIGTERM/SIGINT, and by SIGUSR1; atomics instead of volatile. */
static int stop, unplug;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		STORE(unplug, 1);
	else
		STORE(stop, 1);
}

/* The value of DIR/LEAF as a number, or -1 if it cannot be read. */
static long node_num(const char *dir, const char *leaf)
{
	char path[128], *val, *end;
	unsigned int len;
	long v;

	snprintf(path, sizeof(path), "%s/%s", dir, leaf);
	val = xs_read(xs, XBT_NULL, path, &len);
	if (!val)
		return -1;
	v = strtol(val, &end, 10);
	if (end == val || *end)
		v = -1;
	free(val);
	return v;
}

static void node_put(xs_transaction_t t, const char *dir, const char *leaf,
		     const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, leaf);
	if (!xs_write(xs, t, path, val, strlen(val)))
		fatal(path);
}

static void set_state(const char *dir, int state)
{
	char val[4];

	snprintf(val, sizeof(val), "%d", state);
	node_put(XBT_NULL, dir, "state", val);
}

/*
 * Both halves of the device, in one transaction so the frontend's watch
 * sees a complete device: the frontend directory owned by the domain (it
 * writes ring-ref, port and state there), the backend directory owned by
 * dom0 and readable by the domain.
 */
static void publish_device(const char *fe, const char *be)
{
	struct xs_permissions fe_perms[] = {
		{ .id = domid, .perms = XS_PERM_NONE },
	};
	struct xs_permissions be_perms[] = {
		{ .id = 0, .perms = XS_PERM_NONE },
		{ .id = domid, .perms = XS_PERM_READ },
	};
	char num[16];
	xs_transaction_t t;

	for (;;) {
		t = xs_transaction_start(xs);
		if (t == XBT_NULL)
			fatal("xs_transaction_start");
		if (!xs_mkdir(xs, t, be) || !xs_set_permissions(xs, t, be, be_perms, 2) ||
		    !xs_mkdir(xs, t, fe) || !xs_set_permissions(xs, t, fe, fe_perms, 1))
			fatal("creating the device directories");
		snprintf(num, sizeof(num), "%u", domid);
		node_put(t, be, "frontend", fe);
		node_put(t, be, "frontend-id", num);
		node_put(t, be, "state", "1");
		node_put(t, fe, "backend", be);
		node_put(t, fe, "backend-id", "0");
		node_put(t, fe, "state", "1");
		if (xs_transaction_end(xs, t, false))
			return;
		if (errno != EAGAIN)
			fatal("xs_transaction_end");
	}
}

/* Wait up to SECS for the frontend to publish its ring; 0 or -1. */
static int wait_frontend(const char *fe, unsigned int secs, uint32_t *ref,
			 evtchn_port_t *port)
{
	double end = now() + secs;
	long st, r, p;

	while (now() < end && !LOAD(stop)) {
		st = node_num(fe, "state");
		r = node_num(fe, "ring-ref");
		p = node_num(fe, "port");
		if (st >= XB_INITIALISED && st <= XB_CONNECTED && r >= 0 && p > 0) {
			*ref = r;
			*port = p;
			return 0;
		}
		sleep_us(50000);
	}
	return -1;
}

/* Copy the ring's pending output to stdout; the number of bytes. */
static size_t drain_output(struct xencons_interface *r)
{
	uint32_t cons = LOAD(r->out_cons), prod = LOAD(r->out_prod);
	size_t n = 0;

	/* The data behind prod, read after prod itself. */
	FENCE();
	if (prod - cons > sizeof(r->out)) {
		fprintf(stderr, "xencons-ctl: bad output indices cons=%u prod=%u\n", cons, prod);
		exit(1);
	}
	while (cons != prod) {
		uint32_t i = cons % sizeof(r->out);
		uint32_t chunk = sizeof(r->out) - i;

		if (chunk > prod - cons)
			chunk = prod - cons;
		if (fwrite(r->out + i, 1, chunk, stdout) != chunk)
			fatal("writing stdout");
		cons += chunk;
		n += chunk;
	}
	if (n) {
		fflush(stdout);
		/* Done with the data before the space is handed back. */
		FENCE();
		STORE(r->out_cons, cons);
	}
	return n;
}

/* Queue what fits of stdin's next read as input; -1 at end of file. */
static ssize_t feed_input(struct xencons_interface *r)
{
	uint32_t prod = LOAD(r->in_prod), cons = LOAD(r->in_cons);
	size_t room = sizeof(r->in) - (prod - cons), i;
	char buf[sizeof(r->in)];
	ssize_t n;

	if (!room || prod - cons > sizeof(r->in))
		return 0;
	n = read(0, buf, room);
	if (n <= 0)
		return n < 0 && errno == EINTR ? 0 : -1;
	for (i = 0; i < (size_t)n; i++)
		r->in[(prod + i) % sizeof(r->in)] = buf[i];
	FENCE();
	STORE(r->in_prod, prod + n);
	return n;
}

/*
 * Hot unplug, as a toolstack removes a device: Closing, up to 10 s for the
 * frontend to reach Closed, Closed, release the ring and the event
 * channel, remove both directories.  0 if the frontend closed in time.
 */
static int unplug_device(const char *fe, const char *be, xengnttab_handle *xgt,
			 struct xencons_interface *r)
{
	double t0 = now();
	long st = -1;

	set_state(be, XB_CLOSING);
	while (now() < t0 + 10) {
		st = node_num(fe, "state");
		if (st == XB_CLOSED || st < 0)
			break;
		sleep_us(10000);
	}
	fprintf(stderr, "XENCONS backend: unplug: frontend state %ld after %.0f ms\n",
		st, (now() - t0) * 1000);
	set_state(be, XB_CLOSED);
	xengnttab_unmap(xgt, r, 1);
	xenevtchn_unbind(xce, local_port);
	if (!xs_rm(xs, XBT_NULL, fe) || !xs_rm(xs, XBT_NULL, be))
		fatal("removing the device");
	fprintf(stderr, "XENCONS backend: unplug: removed %s and %s\n", fe, be);
	return st == XB_CLOSED ? 0 : 1;
}

/*
 * serve DEVID: write the frontend and backend nodes of console DEVID of the
 * domain, wait for the frontend's ring-ref and port, map the grant, bind the
 * interdomain event channel, switch to Connected; then relay the ring's
 * output to stdout and stdin to the ring's input until SIGTERM/SIGINT or
 * until the frontend closes or goes away.  The ring page is the one the
 * frontend allocated and granted: a fresh page, so connection = 0.  With
 * @stall, output is never consumed (the ring fills and stays full); on
 * SIGUSR1 the device is unplugged (unplug_device()).
 */
static int serve(const char *devid, bool stall)
{
	char fe[96], be[96];
	unsigned long out_bytes = 0, in_bytes = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	xengnttab_handle *xgt;
	xenevtchn_port_or_error_t bound;
	struct pollfd pfd[2];
	evtchn_port_t remote;
	double next_check = 0;
	int stdin_open = 1;
	bool said_full = false;
	struct xencons_interface *r;
	uint32_t ref;
	size_t n;
	long st;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	snprintf(fe, sizeof(fe), "/local/domain/%u/device/console/%s", domid, devid);
	snprintf(be, sizeof(be), "/local/domain/0/backend/console/%u/%s", domid, devid);
	publish_device(fe, be);
	fprintf(stderr, "XENCONS backend: published %s\n", fe);
	if (wait_frontend(fe, 60, &ref, &remote)) {
		fprintf(stderr, "xencons-ctl: no ring-ref/port from %s within 60 s\n", fe);
		return 1;
	}
	xgt = xengnttab_open(NULL, 0);
	if (!xgt)
		fatal("xengnttab_open");
	r = xengnttab_map_grant_ref(xgt, domid, ref, PROT_READ | PROT_WRITE);
	if (!r)
		fatal("mapping the frontend's grant");
	xce = xenevtchn_open(NULL, 0);
	if (!xce)
		fatal("xenevtchn_open");
	bound = xenevtchn_bind_interdomain(xce, domid, remote);
	if (bound < 0)
		fatal("binding the frontend's event channel");
	local_port = bound;
	set_state(be, XB_CONNECTED);
	fprintf(stderr, "XENCONS backend: connected ring-ref=%u port=%u\n", ref, remote);

	pfd[0].fd = xenevtchn_fd(xce);
	pfd[0].events = POLLIN;
	pfd[1].fd = 0;
	pfd[1].events = POLLIN;
	while (!LOAD(stop) && !LOAD(unplug)) {
		bool kick;

		if (poll(pfd, stdin_open ? 2 : 1, 100) > 0 && (pfd[0].revents & POLLIN)) {
			xenevtchn_port_or_error_t p = xenevtchn_pending(xce);

			if (p >= 0)
				xenevtchn_unmask(xce, p);
		}
		n = stall ? 0 : drain_output(r);
		if (stall && !said_full &&
		    LOAD(r->out_prod) - LOAD(r->out_cons) == sizeof(r->out)) {
			fprintf(stderr, "XENCONS backend: stalled, ring full (%zu bytes)\n",
				sizeof(r->out));
			said_full = true;
		}
		out_bytes += n;
		kick = n > 0;
		if (stdin_open && (pfd[1].revents & (POLLIN | POLLHUP))) {
			ssize_t got = feed_input(r);

			if (got < 0)
				stdin_open = 0;
			else
				in_bytes += got;
			kick |= got > 0;
		}
		if (kick)
			xenevtchn_notify(xce, local_port);
		if (now() >= next_check) {
			st = node_num(fe, "state");
			if (st < 0 || st >= XB_CLOSING)
				break;
			next_check = now() + 0.5;
		}
	}
	if (LOAD(unplug))
		return unplug_device(fe, be, xgt, r);
	out_bytes += drain_output(r);
	set_state(be, XB_CLOSED);
	fprintf(stderr, "XENCONS backend: done out=%lu in=%lu\n", out_bytes, in_bytes);
	return 0;
}

int main(int argc, char **argv)
{
	struct xencons_interface *r;
	const char *cmd;

	if (argc < 3)
		usage_exit();
	domid = strtoul(argv[1], NULL, 10);
	cmd = argv[2];
	xs = xs_open(0);
	if (!xs)
		fatal("xs_open");
	if (!strcmp(cmd, "serve") && argc == 4)
		return serve(argv[3], false);
	if (!strcmp(cmd, "serve") && argc == 5 && !strcmp(argv[4], "stall"))
		return serve(argv[3], true);
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

		/*
		 * Spin to each deadline: a sleeping dom0 wakes only every few
		 * milliseconds under QEMU TCG, far too late for 1 ms flips.
		 */
		while (now() < end) {
			double next = now() + period / 1e6;

			set_flag(r, flips & 1 ? 0 : 1);
			flips++;
			while (now() < next)
				;
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
	} else if (!strcmp(cmd, "toggle") && argc == 5) {
		unsigned long count = strtoul(argv[3], NULL, 10);
		double half = strtoul(argv[4], NULL, 10) / 2e6, next = now();
		uint32_t oc = LOAD(r->out_cons), ip = LOAD(r->in_prod);
		unsigned long i;

		/* Past any ring size: both pairs corrupt, as a hostile backend. */
		bind_port();
		for (i = 0; i < 2 * count; i++) {
			FENCE();
			STORE(r->out_cons, i & 1 ? oc : oc + 7000);
			STORE(r->in_prod, i & 1 ? ip : ip + 100000);
			FENCE();
			if (xenevtchn_notify(xce, local_port) < 0)
				fatal("xenevtchn_notify");
			/* Spin, as flap does: TCG wakes a sleeper too late. */
			next += half;
			while (now() < next)
				;
		}
		printf("XENCONS toggles=%lu\n", count);
		show(r);
	} else if (!strcmp(cmd, "trickle") && argc == 5) {
		unsigned long period = strtoul(argv[3], NULL, 10), taken = 0;
		double end = now() + strtod(argv[4], NULL);
		char got[4096];

		while (now() < end && taken < sizeof(got)) {
			uint32_t cons = LOAD(r->out_cons);

			if (LOAD(r->out_prod) != cons) {
				char ch;

				FENCE();
				ch = r->out[cons % sizeof(r->out)];
				/* One line of evidence: controls shown as '.'. */
				got[taken++] = ch >= ' ' && ch < 127 ? ch : '.';
				FENCE();
				STORE(r->out_cons, cons + 1);
			}
			sleep_us(period);
		}
		printf("XENCONS trickled=%lu bytes: ", taken);
		fwrite(got, 1, taken, stdout);
		printf("\n");
		show(r);
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
