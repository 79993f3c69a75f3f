/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen console output policy: decides where guest console output goes
 * when the ring is connected, disconnected, stalled or corrupt.
 *
 * Concurrency: a struct xencons_out has no lock of its own.  Every
 * xencons_out_*() call on one object but xencons_out_wait_more() and
 * xencons_out_wait() must be serialised by the caller (hvc_xen.c holds
 * the console's spinlock with interrupts off, because printk may write
 * from any context).  The ops but yield() are called with that lock
 * held, so they must not sleep, wait or yield, and must not print
 * through the console they belong to (report() defers its printk).
 * xencons_out_wait(), the one call that waits, is made without the
 * lock: the printk path drops it after a write that took nothing, asks
 * xencons_out_wait_more(), then waits or forces its next write.
 */
#ifndef _XENCONS_OUT_H
#define _XENCONS_OUT_H

#include <linux/types.h>
#include <xen/interface/io/console.h>

/* Longest loss marker: "\r\n[hvc_xen: " + 20 digits + " bytes lost]\r\n". */
#define XENCONS_OUT_MARK_MAX	48

/*
 * Poll period while output waits (see xencons_out_poll()): the shortest,
 * doubled while the page does not change, up to the longest.  A backend
 * that connects sends no event, so the longest period bounds how late held
 * output starts; half a second leaves the backend the other half of a
 * second to read it.
 */
#define XENCONS_OUT_POLL_MIN_MS	20
#define XENCONS_OUT_POLL_MAX_MS	500

/*
 * A backend decides when the ring turns stalled, corrupt or usable again,
 * and each report is a line printed through the console it describes: at
 * most XENCONS_OUT_REPORT_BURST reports in a window of
 * XENCONS_OUT_REPORT_SECS from the first, then one line when it ends that
 * counts the ones not sent and gives the state.
 */
#define XENCONS_OUT_REPORT_BURST	5
#define XENCONS_OUT_REPORT_SECS		60
#define XENCONS_OUT_REPORT_NS		((s64)XENCONS_OUT_REPORT_SECS * NSEC_PER_SEC)

/**
 * enum xencons_out_state - where output goes
 * @XENCONS_OUT_CONNECTED: the ring is serviced; bytes go to the ring,
 *	behind any held bytes, and what it cannot take is held.
 * @XENCONS_OUT_DISCONNECTED: the backend flags the ring as unserviced
 *	(or writes a value we do not know); nothing enters the ring.
 * @XENCONS_OUT_STALLED: flagged connected but bytes waited for a full
 *	ring for the stall timeout, while it took less than its size;
 *	handled like disconnected until the ring is found empty.
 * @XENCONS_OUT_BROKEN: the out indices are corrupt; handled like stalled
 *	until they are sane again.
 */
enum xencons_out_state {
	XENCONS_OUT_CONNECTED,
	XENCONS_OUT_DISCONNECTED,
	XENCONS_OUT_STALLED,
	XENCONS_OUT_BROKEN,
};

/**
 * enum xencons_out_event - what report() is told about
 * @XENCONS_EV_DROPPED: held bytes were flushed; @a bytes had been lost
 *	to hold-buffer overflow (only sent when @a > 0).
 * @XENCONS_EV_BROKEN: the out indices are corrupt: @a = out_cons,
 *	@b = out_prod.  Sent once per episode.
 * @XENCONS_EV_STALLED: the ring stayed full for @a milliseconds.
 * @XENCONS_EV_RECOVERED: a stalled (@a = 0) or broken (@a = 1) ring is
 *	usable again.
 * @XENCONS_EV_BAD_FLAG: the connection byte holds the unknown value @a.
 *	Sent once per object.
 * @XENCONS_EV_IN_BROKEN: the caller found the input indices corrupt
 *	(sent through xencons_out_note_input()).
 * @XENCONS_EV_IN_RECOVERED: they are sane again (the same).
 * @XENCONS_EV_SUPPRESSED: @a reports, input ones included, were not sent
 *	in the report window that ends; @b is the &enum xencons_out_state
 *	when this is sent.
 *
 * Every event but %XENCONS_EV_BAD_FLAG and %XENCONS_EV_SUPPRESSED counts
 * against %XENCONS_OUT_REPORT_BURST.
 */
enum xencons_out_event {
	XENCONS_EV_DROPPED,
	XENCONS_EV_BROKEN,
	XENCONS_EV_STALLED,
	XENCONS_EV_RECOVERED,
	XENCONS_EV_BAD_FLAG,
	XENCONS_EV_IN_BROKEN,
	XENCONS_EV_IN_RECOVERED,
	XENCONS_EV_SUPPRESSED,
};

/**
 * struct xencons_out_ops - everything the policy needs from outside
 * @hyp_write: write @len bytes of @buf to the hypervisor console
 *	(CONSOLEIO_write).  NULL when Xen refuses the hypercall to this
 *	domain.  Context: caller's lock held.  Return: ignored.
 * @notify: kick the backend's event channel after bytes were added to
 *	the ring.  Context: caller's lock held.
 * @yield: give the CPU to the backend once (SCHEDOP_yield) while the
 *	printk path waits for ring space.  Context: any; called only from
 *	xencons_out_wait(), without the caller's lock.
 * @now_ns: monotonic time in nanoseconds, used for stall detection.
 *	Context: any.  Return: current time.
 * @arm_poll: make sure xencons_out_poll() runs within
 *	%XENCONS_OUT_POLL_MIN_MS, because a backend that connects sends no
 *	event; later polls come after the delay xencons_out_poll() returns.
 *	Called once until that poll.  Context: caller's lock held; must not
 *	wait for a running poll.
 * @report: log @ev with values @a and @b (see &enum xencons_out_event)
 *	as one line.  Context: caller's lock held; must defer the actual
 *	console output.
 */
struct xencons_out_ops {
	int (*hyp_write)(void *ctx, const char *buf, unsigned int len);
	void (*notify)(void *ctx);
	void (*yield)(void *ctx);
	u64 (*now_ns)(void *ctx);
	void (*arm_poll)(void *ctx);
	void (*report)(void *ctx, enum xencons_out_event ev, u64 a, u64 b);
};

/**
 * struct xencons_out - output policy for one console ring
 * @intf: the shared page
 * @ops: external services
 * @ctx: first argument of every op
 * @state: current &enum xencons_out_state
 * @hold: circular hold buffer, @hold_size bytes (may be 0)
 * @hold_size: capacity of @hold
 * @hold_head: offset of the oldest held byte
 * @hold_len: number of held bytes
 * @dropped: bytes lost to overflow since the last %XENCONS_EV_DROPPED
 * @unmarked: bytes lost since the last loss marker was started
 * @mark_count: count in the loss marker being written (0: none)
 * @mark_off: bytes of that marker already in the ring
 * @stall_ns: how long bytes may wait for a full ring that takes none,
 *	and how long one printk call may wait in all
 * @wait_ns: when they began to wait (valid if @waiting)
 * @published: bytes we have put in the ring, ever
 * @wait_published: @published when the clock of @wait_ns started
 * @kick_prod: out_prod when the backend was last notified
 * @kick_cons: out_cons when the backend was last notified
 * @poll_ms: the last poll period returned, 0 if none
 * @poll_cons: out_cons at the last poll
 * @poll_flag: the connection byte at the last poll
 * @waiting: bytes wait for a full ring (see @wait_ns)
 * @kick_out: the notify sent at @kick_prod is not answered yet
 * @unread: bytes we put in the ring may be unread (not seen empty since)
 * @poll_armed: arm_poll was called and its poll has not run yet
 * @report_ns: when the current report window began
 * @reports: reports sent in that window
 * @reports_missed: reports not sent in it (a %XENCONS_EV_DROPPED not
 *	sent is owed instead: @dropped keeps counting)
 * @bad_flag_reported: %XENCONS_EV_BAD_FLAG was sent
 * @lossless: push back instead of dropping (see xencons_out_set_lossless())
 */
struct xencons_out {
	struct xencons_interface *intf;
	const struct xencons_out_ops *ops;
	void *ctx;
	enum xencons_out_state state;
	char *hold;
	u32 hold_size;
	u32 hold_head;
	u32 hold_len;
	u64 dropped;
	u64 unmarked;
	u64 mark_count;
	u32 mark_off;
	u64 stall_ns;
	u64 wait_ns;
	u64 published;
	u64 wait_published;
	u32 kick_prod;
	u32 kick_cons;
	u32 poll_ms;
	u32 poll_cons;
	u8 poll_flag;
	u64 report_ns;
	u32 reports;
	u32 reports_missed;
	bool waiting;
	bool kick_out;
	bool unread;
	bool poll_armed;
	bool bad_flag_reported;
	bool lossless;
};

/**
 * struct xencons_out_waiter - how long one printk call has waited
 * @since: when a write of the call was first refused (valid if @waiting)
 * @waiting: a write of the call was refused
 *
 * Owned by the caller, one per printk call, zeroed when the call
 * starts: the bound on the wait belongs to the call, not to the object
 * that other writers share.
 */
struct xencons_out_waiter {
	u64 since;
	bool waiting;
};

void xencons_out_init(struct xencons_out *o, struct xencons_interface *intf,
		      const struct xencons_out_ops *ops, void *ctx,
		      char *hold, u32 hold_size, unsigned int stall_ms);
char *xencons_out_set_hold(struct xencons_out *o, char *hold, u32 hold_size);
void xencons_out_resync(struct xencons_out *o);
int xencons_out_write(struct xencons_out *o, const char *buf,
		      unsigned int len, bool force);
int xencons_out_write_now(struct xencons_out *o, const char *buf,
			  unsigned int len, bool force, bool panic);
void xencons_out_event(struct xencons_out *o);
void xencons_out_note_input(struct xencons_out *o, bool broken);
unsigned int xencons_out_poll(struct xencons_out *o);
bool xencons_out_poll_wanted(const struct xencons_out *o);
bool xencons_out_wait_more(const struct xencons_out *o,
			   struct xencons_out_waiter *w);
void xencons_out_wait(const struct xencons_out *o);

/**
 * xencons_out_set_lossless() - push back instead of dropping
 * @o: policy object
 *
 * For a console that carries a data channel, such as a secondary
 * console: while the ring is not usable, writes fill the hold buffer and
 * then accept nothing, so the caller retries (a tty writer sleeps), and
 * nothing goes to the hypervisor console.  Only xencons_out_set_hold()
 * with a smaller buffer, and a forced write (the printk path should the
 * console be the kernel console, see xencons_out_wait_more()), can
 * still drop bytes.
 *
 * Context: caller's lock held, or before @o is shared.
 */
static inline void xencons_out_set_lossless(struct xencons_out *o)
{
	o->lossless = true;
}

/**
 * xencons_out_held() - bytes waiting in the hold buffer
 * @o: policy object
 *
 * Context: caller's lock held.
 * Return: number of held bytes.
 */
static inline u32 xencons_out_held(const struct xencons_out *o)
{
	return o->hold_len;
}

/**
 * xencons_out_state() - current state
 * @o: policy object
 *
 * Context: caller's lock held.
 * Return: the &enum xencons_out_state of @o.
 */
static inline enum xencons_out_state xencons_out_state(const struct xencons_out *o)
{
	return o->state;
}

#endif /* _XENCONS_OUT_H */
