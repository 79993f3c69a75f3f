// SPDX-License-Identifier: GPL-2.0
/*
 * Xen console output policy.
 *
 * The backend tells us through the page's connection byte whether it
 * services the out ring; old backends never write the byte and leave 0,
 * which means connected.  Output therefore goes:
 *
 * - CONNECTED: into the ring, behind any held bytes, never reordered.
 *   When the ring is full the caller gets back what fit (possibly 0) and
 *   retries; the hold buffer does not drop while the backend is alive.
 * - DISCONNECTED, STALLED or BROKEN: never into the ring.  Bytes go to
 *   the hypervisor console (if Xen allows it) and into the hold buffer,
 *   which drops its oldest bytes on overflow and counts them.  Writes
 *   are accepted in full, so nothing spins.  A poll (arm_poll) re-reads
 *   the page until the held bytes are in the ring, because a backend
 *   that connects sends no event.
 *
 * STALLED is entered when the ring has been full, taking no byte, for
 * stall_ns; BROKEN when the out indices are corrupt.  Both
 * end as soon as the page looks usable again.
 *
 * Where bytes were lost, a marker line in the stream itself says how many
 * ("[hvc_xen: N bytes lost]"), in front of the first byte after them, so
 * that the loss shows in the backend's log whatever the guest's log level.
 *
 * A lossless object (a secondary console, whose tty writers can wait)
 * does not drop and never calls hyp_write: outside CONNECTED, writes take
 * what fits in the hold buffer and leave the rest to the caller, as a
 * full ring does.  Only the printk path, should it print there, gets the
 * lossy path (see xencons_out_wants_wait()).
 *
 * Concurrency: no locking here; see xencons_out.h.  All shared-page
 * access goes through xencons_ring.c, which owns the barriers.
 */

#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "xencons_out.h"
#include "xencons_ring.h"

static u32 xencons_out_hold_room(const struct xencons_out *o)
{
	return o->hold_size - o->hold_len;
}

/* Forget the @n oldest held bytes. */
static void xencons_out_hold_consume(struct xencons_out *o, u32 n)
{
	o->hold_len -= n;
	o->hold_head = o->hold_len ? (o->hold_head + n) % o->hold_size : 0;
}

/* Append @n bytes; the caller made room. */
static void xencons_out_hold_append(struct xencons_out *o, const char *buf,
				    u32 n)
{
	u32 tail, first;

	if (!n)
		return;
	tail = (o->hold_head + o->hold_len) % o->hold_size;
	first = min(n, o->hold_size - tail);
	memcpy(o->hold + tail, buf, first);
	memcpy(o->hold, buf + first, n - first);
	o->hold_len += n;
}

/* Append @n bytes, dropping the oldest ones (held or new) on overflow. */
static void xencons_out_hold_append_lossy(struct xencons_out *o,
					  const char *buf, u32 n)
{
	if (n > o->hold_size) {
		o->dropped += o->hold_len + (n - o->hold_size);
		o->unmarked += o->hold_len + (n - o->hold_size);
		o->hold_len = 0;
		o->hold_head = 0;
		buf += n - o->hold_size;
		n = o->hold_size;
	}
	if (n > xencons_out_hold_room(o)) {
		u32 excess = n - xencons_out_hold_room(o);

		xencons_out_hold_consume(o, excess);
		o->dropped += excess;
		o->unmarked += excess;
	}
	xencons_out_hold_append(o, buf, n);
}

/* Enter BROKEN for the corrupt pair @cons, @prod; report it once. */
static void xencons_out_set_broken(struct xencons_out *o, u32 cons, u32 prod)
{
	if (o->state == XENCONS_OUT_BROKEN)
		return;
	o->state = XENCONS_OUT_BROKEN;
	o->ops->report(o->ctx, XENCONS_EV_BROKEN, cons, prod);
}

/*
 * xencons_ring_write() found the out indices corrupt after our last look
 * had found them sane.  Look again: enter BROKEN on what this look finds,
 * or, if the pair is sane again, return false and let the caller treat
 * the write as one the full ring refused.
 */
static bool xencons_out_write_failed(struct xencons_out *o)
{
	u32 cons, prod;

	if (xencons_ring_out_indices(o->intf, &cons, &prod) >= 0)
		return false;
	xencons_out_set_broken(o, cons, prod);
	return true;
}

/*
 * Enter STALLED if the ring has made no progress for stall_ns.  The clock
 * (local_clock()) may step back a little between CPUs: a negative interval
 * is no time at all, not a huge one.
 */
static bool xencons_out_check_stall(struct xencons_out *o, u64 now)
{
	if ((s64)(now - o->progress_ns) < (s64)o->stall_ns)
		return false;
	o->state = XENCONS_OUT_STALLED;
	o->ops->report(o->ctx, XENCONS_EV_STALLED,
		       div_u64(o->stall_ns, NSEC_PER_MSEC), 0);
	return true;
}

/* "\r\n[hvc_xen: N bytes lost]\r\n" into @buf; returns its length. */
static u32 xencons_out_format_mark(char *buf, u64 n)
{
	static const char head[] = "\r\n[hvc_xen: ", tail[] = " bytes lost]\r\n";
	char digits[20];
	u32 nd = 0, len = sizeof(head) - 1, rem;

	do {
		n = div_u64_rem(n, 10, &rem);
		digits[nd++] = '0' + rem;
	} while (n);
	memcpy(buf, head, len);
	while (nd)
		buf[len++] = digits[--nd];
	memcpy(buf + len, tail, sizeof(tail) - 1);
	return len + sizeof(tail) - 1;
}

/*
 * Before the first byte that follows lost ones, put the loss marker into
 * the ring: the one in progress, then one for every byte lost since it
 * began.  A marker counts the bytes lost until its first byte is in the
 * ring; one the ring cannot take whole is continued on the next call.
 * Adds the bytes written to *@moved.  Returns true once no marker is due.
 */
static bool xencons_out_mark_loss(struct xencons_out *o, u32 *moved)
{
	char mark[XENCONS_OUT_MARK_MAX];
	u32 len;
	int n;

	for (;;) {
		if (!o->mark_count) {
			if (!o->unmarked)
				return true;
			o->mark_count = o->unmarked;
			o->mark_off = 0;
			o->unmarked = 0;
		}
		len = xencons_out_format_mark(mark, o->mark_count);
		n = xencons_ring_write(o->intf, mark + o->mark_off,
				       len - o->mark_off);
		if (n <= 0 && !o->mark_off) {
			/* Not begun: later losses still belong to it. */
			o->unmarked = o->mark_count;
			o->mark_count = 0;
		}
		if (n < 0)
			xencons_out_write_failed(o);
		if (n <= 0)
			return false;
		*moved += n;
		o->mark_off += n;
		if (o->mark_off < len)
			return false;
		o->mark_count = 0;
	}
}

/*
 * Move held bytes into the ring, oldest first, behind any loss marker.
 * At most two writes of held bytes, because the hold buffer wraps at most
 * once, after at most two of markers.
 */
static void xencons_out_flush_hold(struct xencons_out *o, u64 now)
{
	u32 moved = 0;

	while (xencons_out_mark_loss(o, &moved) && o->hold_len) {
		u32 chunk = min(o->hold_len, o->hold_size - o->hold_head);
		int n = xencons_ring_write(o->intf, o->hold + o->hold_head,
					   chunk);

		if (n < 0) {
			xencons_out_write_failed(o);
			break;
		}
		xencons_out_hold_consume(o, n);
		moved += n;
		if (n < chunk)
			break;
	}
	if (moved) {
		o->progress_ns = now;
		o->ops->notify(o->ctx);
	}

	if (o->state != XENCONS_OUT_CONNECTED)
		return;
	if (o->hold_len) {
		xencons_out_check_stall(o, now);
	} else if (o->dropped) {
		/*
		 * Report after the flush: the line is printed later (the
		 * op defers it), so it lands behind the bytes it describes.
		 */
		o->ops->report(o->ctx, XENCONS_EV_DROPPED, o->dropped, 0);
		o->dropped = 0;
	}
}

/*
 * Re-read the page and move between states; flush held bytes when the
 * ring is usable.  Returns the current time for the caller's checks.
 */
static u64 xencons_out_refresh(struct xencons_out *o)
{
	u64 now = o->ops->now_ns(o->ctx);
	u8 flag = xencons_ring_connection(o->intf);
	bool serviced = flag == XENCONSOLE_CONNECTED;
	u32 cons, prod;
	int space = xencons_ring_out_indices(o->intf, &cons, &prod);

	if (flag != XENCONSOLE_CONNECTED && flag != XENCONSOLE_DISCONNECTED &&
	    !o->bad_flag_reported) {
		o->bad_flag_reported = true;
		o->ops->report(o->ctx, XENCONS_EV_BAD_FLAG, flag, 0);
	}

	if (space < 0) {
		xencons_out_set_broken(o, cons, prod);
		return now;
	}

	if (o->state == XENCONS_OUT_BROKEN) {
		o->ops->report(o->ctx, XENCONS_EV_RECOVERED, 1, 0);
		o->state = XENCONS_OUT_DISCONNECTED;
		o->progress_ns = now;
	}

	/*
	 * Room in the ring is progress, and so is each byte the ring takes.
	 * out_cons moving is not: a backend that moved out_prod along with
	 * it would put the stall off forever.
	 */
	if (space)
		o->progress_ns = now;

	if (!serviced) {
		o->state = XENCONS_OUT_DISCONNECTED;
		return now;
	}
	if (o->state == XENCONS_OUT_STALLED) {
		if (!space)
			return now;
		o->ops->report(o->ctx, XENCONS_EV_RECOVERED, 0, 0);
	}
	o->state = XENCONS_OUT_CONNECTED;
	xencons_out_flush_hold(o, now);
	return now;
}

/*
 * The lossless path: hold what fits of @buf after its first @done bytes
 * and leave the rest to the caller, which retries.
 */
static int xencons_out_write_held(struct xencons_out *o, const char *buf,
				  unsigned int done, unsigned int len)
{
	u32 n = min(len - done, xencons_out_hold_room(o));

	xencons_out_hold_append(o, buf + done, n);
	if (o->hold_len || o->state == XENCONS_OUT_BROKEN)
		o->ops->arm_poll(o->ctx);
	o->want_wait = !(done + n);
	return done + n;
}

/**
 * xencons_out_init() - set up a policy object
 * @o: object to initialise
 * @intf: shared console page, mapped for the lifetime of @o
 * @ops: external services; @ops->hyp_write may be NULL
 * @ctx: passed to every op
 * @hold: hold buffer, or NULL
 * @hold_size: size of @hold in bytes (0 disables holding)
 * @stall_ms: how long the printk path waits for a full ring
 *
 * Context: any; @o must not be in use yet.
 */
void xencons_out_init(struct xencons_out *o, struct xencons_interface *intf,
		      const struct xencons_out_ops *ops, void *ctx,
		      char *hold, u32 hold_size, unsigned int stall_ms)
{
	memset(o, 0, sizeof(*o));
	o->intf = intf;
	o->ops = ops;
	o->ctx = ctx;
	o->hold = hold;
	o->hold_size = hold ? hold_size : 0;
	o->stall_ns = (u64)stall_ms * NSEC_PER_MSEC;
	/* Decided on first use; DISCONNECTED so that nothing is assumed. */
	o->state = XENCONS_OUT_DISCONNECTED;
	xencons_out_resync(o);
}

/**
 * xencons_out_set_hold() - replace the hold buffer
 * @o: policy object
 * @hold: new buffer, or NULL
 * @hold_size: size of @hold (0 disables holding)
 *
 * Moves the held bytes into @hold, keeping the newest ones and counting
 * the rest as dropped when @hold is smaller.  Used to switch from the
 * static early buffer to an allocated one.
 *
 * Context: caller's lock held.
 * Return: the previous buffer, for the caller to release.
 */
char *xencons_out_set_hold(struct xencons_out *o, char *hold, u32 hold_size)
{
	char *old = o->hold;
	u32 keep, skip, first;

	if (!hold)
		hold_size = 0;
	keep = min(o->hold_len, hold_size);
	skip = o->hold_len - keep;
	xencons_out_hold_consume(o, skip);
	o->dropped += skip;
	o->unmarked += skip;

	/* Linearise the newest @keep bytes into @hold. */
	first = keep ? min(keep, o->hold_size - o->hold_head) : 0;
	if (keep) {
		memcpy(hold, o->hold + o->hold_head, first);
		memcpy(hold + first, o->hold, keep - first);
	}

	o->hold = hold;
	o->hold_size = hold_size;
	o->hold_head = 0;
	o->hold_len = keep;
	return old;
}

/**
 * xencons_out_resync() - forget what was learnt from the page
 * @o: policy object
 *
 * For boot and resume: the backend may have changed (a restored domain
 * starts with a disconnected ring again), so restart stall timing and
 * let the next write or poll decide the state.  Held bytes are kept.
 *
 * Context: caller's lock held.
 */
void xencons_out_resync(struct xencons_out *o)
{
	if (o->state != XENCONS_OUT_BROKEN)
		o->state = XENCONS_OUT_DISCONNECTED;
	o->progress_ns = o->ops->now_ns(o->ctx);
	o->want_wait = false;
	o->printk_lossy = false;
	if (o->hold_len)
		o->ops->arm_poll(o->ctx);
}

/**
 * xencons_out_write() - send console output according to the state
 * @o: policy object
 * @buf: bytes to write
 * @len: number of bytes
 *
 * Never waits.  When connected, bytes the ring (or, behind held bytes,
 * the hold buffer) cannot take are left to the caller; when the ring is
 * full and out_cons has not moved for the stall timeout, the object
 * turns STALLED and the remainder is accepted.  Otherwise everything is
 * accepted: written to the hypervisor console if possible and held.  A
 * lossless object instead accepts only what the hold buffer can take.
 *
 * Context: caller's lock held; any context.
 * Return: bytes accepted, 0..@len.  On 0 the caller should retry later;
 * the printk path calls xencons_out_wait() first.
 */
int xencons_out_write(struct xencons_out *o, const char *buf,
		      unsigned int len)
{
	bool printk_lossy = o->printk_lossy;
	unsigned int done = 0;
	u64 now;
	int n;

	o->want_wait = false;
	o->printk_lossy = false;
	if (!len)
		return 0;
	now = xencons_out_refresh(o);

	if (o->state == XENCONS_OUT_CONNECTED) {
		if (o->hold_len) {
			/* Behind held bytes: the ring is full, keep order. */
			n = min(len, xencons_out_hold_room(o));
			xencons_out_hold_append(o, buf, n);
			o->ops->arm_poll(o->ctx);
		} else {
			u32 marked = 0;

			n = 0;
			if (xencons_out_mark_loss(o, &marked)) {
				n = xencons_ring_write(o->intf, buf, len);
				if (n < 0 && xencons_out_write_failed(o))
					goto lossy;
				n = max(n, 0);
			} else if (o->state == XENCONS_OUT_BROKEN) {
				goto lossy;
			}
			if (n || marked) {
				o->progress_ns = now;
				o->ops->notify(o->ctx);
			}
		}
		if (n == len || !xencons_out_check_stall(o, now)) {
			o->want_wait = !n;
			return n;
		}
		done = n;
	}

lossy:
	if (o->lossless && !printk_lossy)
		return xencons_out_write_held(o, buf, done, len);
	if (o->ops->hyp_write && !o->lossless)
		o->ops->hyp_write(o->ctx, buf + done, len - done);
	xencons_out_hold_append_lossy(o, buf + done, len - done);
	if (o->hold_len || o->state == XENCONS_OUT_BROKEN)
		o->ops->arm_poll(o->ctx);
	return len;
}

/**
 * xencons_out_poll() - periodic re-check while output is pending
 * @o: policy object
 *
 * Re-reads the connection byte and the indices, flushes held bytes into
 * the ring once it is serviced and has room, and notifies the backend.
 *
 * Context: caller's lock held; any context.
 * Return: true if the caller should poll again after a period.
 */
bool xencons_out_poll(struct xencons_out *o)
{
	xencons_out_refresh(o);
	return o->hold_len || o->state == XENCONS_OUT_BROKEN;
}

/**
 * xencons_out_wants_wait() - should the printk path wait before retrying?
 * @o: policy object
 *
 * The printk path asks this after each write; the tty path never does.
 * On true the caller drops its lock and then calls xencons_out_wait().
 * The waits are bounded because xencons_out_write() turns STALLED after
 * the stall timeout and then accepts everything.  A lossless object
 * outside CONNECTED would refuse forever, and a lossless console can
 * still be the kernel console (console=hvc1): there the printk path does
 * not wait, and its next write takes the lossy path once.
 *
 * Context: caller's lock held; any context.
 * Return: true, once, after a write that accepted nothing.
 */
bool xencons_out_wants_wait(struct xencons_out *o)
{
	bool want = o->want_wait;

	o->want_wait = false;
	if (want && o->lossless && o->state != XENCONS_OUT_CONNECTED) {
		o->printk_lossy = true;
		return false;
	}
	return want;
}

/**
 * xencons_out_wait() - give the backend the CPU once
 * @o: policy object
 *
 * Waiting with the caller's lock held would leave every other CPU that
 * writes to this console spinning, interrupts off, while the holder has
 * given its CPU away.  Only @o->ops and @o->ctx are read; they are set
 * by xencons_out_init() before the object is shared.
 *
 * Context: any context, without the caller's lock.
 */
void xencons_out_wait(const struct xencons_out *o)
{
	o->ops->yield(o->ctx);
}
