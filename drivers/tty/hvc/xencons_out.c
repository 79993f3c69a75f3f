// SPDX-License-Identifier: GPL-2.0
/*
 * Xen console output policy.
 *
 * The backend tells us through the page's connection byte whether it
 * services the out ring; old backends never write the byte and leave 0,
 * which means connected.  Output therefore goes:
 *
 * - CONNECTED: into the ring, and what the ring cannot take into the hold
 *   buffer behind it, never reordered and never dropped while the backend
 *   is alive.  The backend's events move held bytes into the ring as it
 *   drains it, so its next read finds the ring full without the writer
 *   running.  Only when the hold buffer is full too does the caller get
 *   back what fit (possibly 0) and retry.
 * - DISCONNECTED, STALLED or BROKEN: never into the ring.  Bytes go to
 *   the hypervisor console (if Xen allows it) and into the hold buffer,
 *   which drops its oldest bytes on overflow and counts them.  Writes
 *   are accepted in full, so nothing spins.  A poll (arm_poll) re-reads
 *   the page until the held bytes are in the ring, because a backend
 *   that connects sends no event; it backs off while nothing changes.
 *
 * The backend reads the ring once per event, at most 30 times per 200 ms
 * (xenconsoled's rate limit), so each event should find as much as there
 * is.  We notify after adding bytes only if no notify is outstanding,
 * that is one whose read has not yet brought out_cons up to where out_prod
 * was when we sent it: that read, or the event the backend sends after
 * it, covers the new bytes.  On that event xencons_out_event() refills
 * the ring from the hold buffer and notifies again if bytes are left, so
 * no byte waits in the ring without a notify that covers it.  The poll
 * notifies again if out_cons stands still, for a backend that lost one.
 *
 * STALLED is entered when ring and hold buffer have refused bytes for
 * stall_ns, the ring taking less than its size (2048 bytes) of ours
 * meanwhile, and ends once the ring is found empty; BROKEN when the out
 * indices are corrupt, until they are sane again.
 *
 * Where bytes were lost, a marker line in the stream itself says how many
 * ("[hvc_xen: N bytes lost]"), in front of the first byte after them, so
 * that the loss shows in the backend's log whatever the guest's log level.
 *
 * A lossless object (a secondary console, whose tty writers can wait)
 * does not drop and never calls hyp_write: outside CONNECTED, writes take
 * what fits in the hold buffer and leave the rest to the caller, as a
 * full ring does.  Only a forced write, which the printk path makes once
 * its call has waited stall_ns (see xencons_out_wait_more()), takes the
 * lossy path there.
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

static void xencons_out_arm_poll(struct xencons_out *o);

/*
 * Close the report window once it is over, first saying how many
 * reports it did not send (see %XENCONS_OUT_REPORT_BURST).
 */
static void xencons_out_report_window(struct xencons_out *o, u64 now)
{
	if (!o->reports || (s64)(now - o->report_ns) < XENCONS_OUT_REPORT_NS)
		return;
	if (o->reports_missed)
		o->ops->report(o->ctx, XENCONS_EV_SUPPRESSED, o->reports_missed,
			       o->state);
	o->reports = 0;
	o->reports_missed = 0;
}

/* May one more report be sent in this window?  Counts it if so. */
static bool xencons_out_may_report(struct xencons_out *o)
{
	u64 now = o->ops->now_ns(o->ctx);

	xencons_out_report_window(o, now);
	if (o->reports >= XENCONS_OUT_REPORT_BURST)
		return false;
	if (!o->reports++)
		o->report_ns = now;
	return true;
}

/* Report @ev, or count it for the line that ends the window. */
static void xencons_out_report(struct xencons_out *o,
			       enum xencons_out_event ev, u64 a, u64 b)
{
	if (xencons_out_may_report(o)) {
		o->ops->report(o->ctx, ev, a, b);
		return;
	}
	o->reports_missed++;
	/* The poll says it when the window ends. */
	xencons_out_arm_poll(o);
}

/* Enter BROKEN for the corrupt pair @cons, @prod; report it once. */
static void xencons_out_set_broken(struct xencons_out *o, u32 cons, u32 prod)
{
	if (o->state == XENCONS_OUT_BROKEN)
		return;
	o->state = XENCONS_OUT_BROKEN;
	xencons_out_report(o, XENCONS_EV_BROKEN, cons, prod);
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
 * Bytes wait for a full ring (refused, or held in CONNECTED): enter
 * STALLED once they have waited stall_ns while the ring took less than
 * its size of our bytes.  A backend that keeps up takes a ring's worth
 * well within that and restarts the clock; one that trickles does not,
 * however often it takes a byte.  The clock is read only here and for
 * reports, not on every write.  It (local_clock()) may step back a little between CPUs:
 * a negative interval is no time at all, not a huge one.
 */
static bool xencons_out_check_stall(struct xencons_out *o)
{
	u64 now = o->ops->now_ns(o->ctx);

	if (!o->waiting ||
	    o->published - o->wait_published >= XENCONS_RING_OUT_SIZE) {
		o->waiting = true;
		o->wait_ns = now;
		o->wait_published = o->published;
		return false;
	}
	if ((s64)(now - o->wait_ns) < (s64)o->stall_ns)
		return false;
	o->state = XENCONS_OUT_STALLED;
	xencons_out_report(o, XENCONS_EV_STALLED,
			   div_u64(o->stall_ns, NSEC_PER_MSEC), 0);
	return true;
}

/* Make sure a poll comes, without an op call per write. */
static void xencons_out_arm_poll(struct xencons_out *o)
{
	if (o->poll_armed)
		return;
	o->poll_armed = true;
	o->ops->arm_poll(o->ctx);
}

/*
 * Bytes are in the ring: notify the backend, unless a notify it has not
 * answered yet covers them (see the top of this file).  Then the poll
 * stands by, should the backend not answer.
 */
static void xencons_out_kick(struct xencons_out *o)
{
	u32 cons, prod;
	int room = xencons_ring_out_indices(o->intf, &cons, &prod);

	if (room < 0 || room == XENCONS_RING_OUT_SIZE) {
		o->unread = false;
		return;
	}
	o->unread = true;
	/* Unanswered: out_cons is short of it (and it is one of ours). */
	if (!o->kick_out || (s32)(o->kick_prod - cons) <= 0 ||
	    (s32)(prod - o->kick_prod) < 0) {
		o->kick_out = true;
		o->kick_prod = prod;
		o->kick_cons = cons;
		o->ops->notify(o->ctx);
	}
	xencons_out_arm_poll(o);
}

/**
 * xencons_out_poll_wanted() - does output wait for a poll?
 * @o: policy object
 *
 * Held bytes, a corrupt ring, or bytes we put in the ring that may be
 * unread, behind a notify the backend has not answered yet or while it
 * is not serviced (a backend that connects sends no event, and then
 * needs a notify for them).
 *
 * Context: caller's lock held.
 * Return: true if xencons_out_poll() should run.
 */
bool xencons_out_poll_wanted(const struct xencons_out *o)
{
	return o->hold_len || o->state == XENCONS_OUT_BROKEN ||
	       (o->unread && (o->kick_out || o->state != XENCONS_OUT_CONNECTED)) ||
	       (o->reports >= XENCONS_OUT_REPORT_BURST &&
		(o->reports_missed || o->dropped));
}

/* Forget @unread once the ring is seen empty (or corrupt). */
static void xencons_out_check_unread(struct xencons_out *o)
{
	if (o->unread && xencons_ring_out_pending(o->intf) <= 0)
		o->unread = false;
}

/* @n bytes entered the ring. */
static void xencons_out_moved(struct xencons_out *o, u32 n)
{
	o->published += n;
	xencons_out_kick(o);
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
static void xencons_out_flush_hold(struct xencons_out *o)
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
	if (moved)
		xencons_out_moved(o, moved);
	/* Nothing waits for the ring any more. */
	if (moved && !o->hold_len)
		o->waiting = false;

	/*
	 * Report after the flush: the line is printed later (the op defers
	 * it), so it lands behind the bytes it describes.  Past this
	 * window's reports, the count waits for the next one.
	 */
	if (o->state == XENCONS_OUT_CONNECTED && !o->hold_len && o->dropped) {
		if (xencons_out_may_report(o)) {
			o->ops->report(o->ctx, XENCONS_EV_DROPPED, o->dropped, 0);
			o->dropped = 0;
		} else {
			xencons_out_arm_poll(o);
		}
	}
}

/* Re-read the page and move between states; flush held bytes when usable. */
static void xencons_out_refresh(struct xencons_out *o)
{
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
		return;
	}

	if (o->state == XENCONS_OUT_BROKEN) {
		xencons_out_report(o, XENCONS_EV_RECOVERED, 1, 0);
		o->state = XENCONS_OUT_DISCONNECTED;
		o->waiting = false;
	}

	if (!serviced) {
		o->state = XENCONS_OUT_DISCONNECTED;
		return;
	}
	/* Stalled until the backend has taken all we gave it. */
	if (o->state == XENCONS_OUT_STALLED) {
		if (space < XENCONS_RING_OUT_SIZE)
			return;
		xencons_out_report(o, XENCONS_EV_RECOVERED, 0, 0);
		o->waiting = false;
	}
	o->state = XENCONS_OUT_CONNECTED;
	xencons_out_flush_hold(o);
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
	if (xencons_out_poll_wanted(o))
		xencons_out_arm_poll(o);
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
	o->waiting = false;
	o->kick_out = false;
	o->unread = xencons_ring_out_pending(o->intf) > 0;
	o->poll_armed = false;
	o->poll_ms = 0;
	if (xencons_out_poll_wanted(o))
		xencons_out_arm_poll(o);
}

/*
 * CONNECTED, nothing held, no loss marker due: straight into the ring.
 * The common case, with no clock read and no op call but the notify.
 * Returns the bytes the ring took, or -1 when the slow path must decide.
 */
static int xencons_out_write_fast(struct xencons_out *o, const char *buf,
				  unsigned int len)
{
	int n;

	if (o->state != XENCONS_OUT_CONNECTED || o->hold_len ||
	    o->unmarked || o->mark_count ||
	    xencons_ring_connection(o->intf) != XENCONSOLE_CONNECTED)
		return -1;
	n = xencons_ring_write(o->intf, buf, len);
	if (n <= 0)
		return -1;
	xencons_out_moved(o, n);
	if (n == len)
		o->waiting = false;
	return n;
}

/**
 * xencons_out_write() - send console output according to the state
 * @o: policy object
 * @buf: bytes to write
 * @len: number of bytes
 * @force: the caller cannot wait any longer: accept everything
 *
 * Never waits.  When connected, bytes go into the ring and what it cannot
 * take into the hold buffer behind it; bytes neither can take are left to
 * the caller, until they have waited for the stall timeout: then the
 * object turns STALLED and the remainder is accepted.  Otherwise
 * everything is accepted: written to the hypervisor console if possible
 * and held.  A lossless object instead accepts only what the hold buffer
 * can take.  With @force, what would be left to the caller is accepted
 * as outside CONNECTED, by a lossless object too: written to the
 * hypervisor console if possible (not by a lossless object) and held,
 * dropping the oldest held bytes on overflow.
 *
 * Context: caller's lock held; any context.
 * Return: bytes accepted, 0..@len (@len with @force).  On 0 the caller
 * should retry later; the printk path asks xencons_out_wait_more() first.
 */
int xencons_out_write(struct xencons_out *o, const char *buf,
		      unsigned int len, bool force)
{
	unsigned int done = 0;
	u32 n;

	if (!len)
		return 0;
	n = max(xencons_out_write_fast(o, buf, len), 0);
	if (n == len)
		return n;
	done = n;

	xencons_out_refresh(o);
	if (o->state == XENCONS_OUT_CONNECTED) {
		u32 marked = 0;
		int r = 0;

		/* Behind held bytes or a loss marker, the ring must wait. */
		if (!o->hold_len && xencons_out_mark_loss(o, &marked)) {
			r = xencons_ring_write(o->intf, buf + done, len - done);
			if (r < 0 && xencons_out_write_failed(o))
				goto lossy;
			r = max(r, 0);
		} else if (o->state == XENCONS_OUT_BROKEN) {
			goto lossy;
		}
		if (r || marked)
			xencons_out_moved(o, r + marked);
		done += r;

		/* The ring is full: behind it, the hold buffer. */
		n = min(len - done, xencons_out_hold_room(o));
		xencons_out_hold_append(o, buf + done, n);
		done += n;
		if (o->hold_len)
			xencons_out_arm_poll(o);
		if (done == len) {
			if (!o->hold_len)
				o->waiting = false;
			return done;
		}
		if (!xencons_out_check_stall(o) && !force)
			return done;
	}

lossy:
	if (o->lossless && !force)
		return xencons_out_write_held(o, buf, done, len);
	if (o->ops->hyp_write && !o->lossless)
		o->ops->hyp_write(o->ctx, buf + done, len - done);
	xencons_out_hold_append_lossy(o, buf + done, len - done);
	if (xencons_out_poll_wanted(o))
		xencons_out_arm_poll(o);
	return len;
}

/**
 * xencons_out_write_now() - an oops or panic write: nothing left for later
 * @o: policy object
 * @buf: bytes to write
 * @len: number of bytes
 * @force: the caller cannot wait any longer: accept everything
 * @panic: a panic is in progress
 *
 * During an oops or panic no later write, event or timer may come to
 * move held bytes, so while the ring is serviced nothing new is held:
 * held bytes go into the ring first, then @buf as far as it fits, and
 * the caller waits for the backend and retries.  Bytes that have waited
 * for the stall timeout turn the object STALLED as in
 * xencons_out_write().  When the ring is not serviced, or with @force,
 * the bytes are taken as by a forced xencons_out_write() (the hypervisor
 * console, the hold buffer); during a panic they also go into the ring
 * with xencons_ring_write_newest(), so that a backend that attaches to
 * the crashed domain reads the end of the panic.
 *
 * Context: caller's lock held, or the caller runs alone (a panic).
 * Return: bytes accepted, 0..@len; on fewer than @len the caller should
 * wait (xencons_out_wait_more(), xencons_out_wait()) and retry.
 */
int xencons_out_write_now(struct xencons_out *o, const char *buf,
			  unsigned int len, bool force, bool panic)
{
	u32 marked = 0;
	int n = 0;

	if (!len)
		return 0;
	xencons_out_refresh(o);
	if (o->state == XENCONS_OUT_CONNECTED && !force) {
		if (!o->hold_len && xencons_out_mark_loss(o, &marked)) {
			n = xencons_ring_write(o->intf, buf, len);
			if (n < 0)
				xencons_out_write_failed(o);
			n = max(n, 0);
		}
		if (n || marked)
			xencons_out_moved(o, n + marked);
		if (n == len) {
			if (!o->hold_len)
				o->waiting = false;
			return n;
		}
		/* Room may come: wait, unless the ring broke or stalled. */
		if (o->state == XENCONS_OUT_CONNECTED &&
		    !xencons_out_check_stall(o))
			return n;
	}
	xencons_out_write(o, buf + n, len - n, true);
	if (panic && o->state != XENCONS_OUT_CONNECTED)
		xencons_ring_write_newest(o->intf, buf + n, len - n);
	return len;
}

/**
 * xencons_out_event() - the backend sent an event
 * @o: policy object
 *
 * The backend notifies after each read of the out ring (and when it
 * writes input): move held bytes into the room it made and notify it
 * again if bytes are left in the ring, so that its next read finds as
 * many as there are.  The hvc core also calls in without an event (its
 * poll thread): while out_cons has not moved that costs no notify.
 *
 * Context: caller's lock held; any context.
 */
void xencons_out_event(struct xencons_out *o)
{
	u32 cons, prod;

	/*
	 * out_cons moved since the last notify: the backend has read since,
	 * and the notify is answered or lost; this also ends a stale one
	 * after the backend rewrote the indices.  A read that moved it only
	 * before the notify answered an earlier one: this event is for that
	 * read, and the notify is still to be answered.
	 */
	xencons_ring_out_indices(o->intf, &cons, &prod);
	if (cons != o->kick_cons)
		o->kick_out = false;
	xencons_out_refresh(o);
	if (o->state == XENCONS_OUT_CONNECTED)
		xencons_out_kick(o);
	else
		xencons_out_check_unread(o);
	if (xencons_out_poll_wanted(o))
		xencons_out_arm_poll(o);
}

/**
 * xencons_out_note_input() - report corrupt or sane input indices
 * @o: policy object
 * @broken: the caller found the input indices corrupt (else sane again)
 *
 * Sends %XENCONS_EV_IN_BROKEN or %XENCONS_EV_IN_RECOVERED through
 * report() within the budget of the policy's own reports
 * (%XENCONS_OUT_REPORT_BURST).
 *
 * Context: caller's lock held; any context.
 */
void xencons_out_note_input(struct xencons_out *o, bool broken)
{
	xencons_out_report(o, broken ? XENCONS_EV_IN_BROKEN :
			   XENCONS_EV_IN_RECOVERED, 0, 0);
}

/**
 * xencons_out_poll() - periodic re-check while output is pending
 * @o: policy object
 *
 * Re-reads the connection byte and the indices, flushes held bytes into
 * the ring once it is serviced and has room, and notifies the backend
 * again if out_cons has not moved since the last poll while bytes wait
 * in the ring.  Bytes held in a full ring that has not moved for the
 * stall timeout turn the object STALLED.
 *
 * Context: caller's lock held; any context.
 * Return: milliseconds until the next poll, 0 for none: the shortest
 * period after a change of the connection byte or out_cons, twice the
 * last one (up to the longest) while neither changes.
 */
unsigned int xencons_out_poll(struct xencons_out *o)
{
	u8 flag = xencons_ring_connection(o->intf);
	u32 cons, prod;
	bool changed;

	xencons_ring_out_indices(o->intf, &cons, &prod);
	changed = flag != o->poll_flag || cons != o->poll_cons;

	o->poll_flag = flag;
	o->poll_cons = cons;
	/* A full report window owes its line when it ends. */
	if (o->reports >= XENCONS_OUT_REPORT_BURST)
		xencons_out_report_window(o, o->ops->now_ns(o->ctx));
	xencons_out_refresh(o);
	if (o->state == XENCONS_OUT_CONNECTED) {
		if (!changed)
			o->kick_out = false;
		xencons_out_kick(o);
		if (o->hold_len)
			xencons_out_check_stall(o);
	} else {
		xencons_out_check_unread(o);
	}

	o->poll_armed = xencons_out_poll_wanted(o);
	if (!o->poll_armed)
		o->poll_ms = 0;
	else if (changed || !o->poll_ms)
		o->poll_ms = XENCONS_OUT_POLL_MIN_MS;
	else
		o->poll_ms = min_t(u32, 2 * o->poll_ms, XENCONS_OUT_POLL_MAX_MS);
	return o->poll_ms;
}

/**
 * xencons_out_wait_more() - may a refused printk call wait once more?
 * @o: policy object
 * @w: the call's own waiter, zeroed when the call started
 *
 * The printk path asks this after each write that accepted nothing: on
 * true it calls xencons_out_wait() and retries, on false its next write
 * must be forced.  A call waits at most stall_ns in all, counted from
 * its first refusal, whatever the ring takes meanwhile and whatever
 * state the object is in: the bound belongs to the call, so a backend
 * that flips the page between states, or other writers, cannot extend
 * it.  Only @o->ops, @o->ctx and @o->stall_ns are read; they are set by
 * xencons_out_init() before the object is shared.
 *
 * Context: any context, with or without the caller's lock.
 * Return: true if the caller may wait and retry.
 */
bool xencons_out_wait_more(const struct xencons_out *o,
			   struct xencons_out_waiter *w)
{
	u64 now = o->ops->now_ns(o->ctx);

	if (!w->waiting) {
		w->waiting = true;
		w->since = now;
		return true;
	}
	/* A clock that steps back between CPUs gives no time, not a lot. */
	return (s64)(now - w->since) < (s64)o->stall_ns;
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
