// SPDX-License-Identifier: GPL-2.0+
/*
 * Xen console frontend: Linux glue for hvc_console.
 *
 * (c) 2007 Gerd Hoffmann <kraxel@suse.de>
 *
 * Layers: xencons_ring.c copies bytes in and out of the shared page,
 * xencons_out.c decides where output goes (ring, hold buffer, hypervisor
 * console), and the glue wires both to hvc_console, event channels,
 * xenbus, grants, initcalls and the early console.  The glue is this
 * file (the primary console and what all consoles share),
 * hvc_xen_frontend.c (xenbus consoles) and hvc_xen_early.c (early
 * console, xen_raw_*()), with hvc_xen.h between them.
 *
 * Consoles:
 * - primary (hvc0, vtermno XENCONS_VTERMNO_BASE): dom0, or any domain
 *   booted with xen_console_io=1, uses the CONSOLEIO hypercalls and
 *   VIRQ_CONSOLE.  A domU otherwise uses the ring from start_info (PV) or
 *   from HVM_PARAM_CONSOLE_PFN/EVTCHN (HVM, PVH); without a ring it falls
 *   back to CONSOLEIO_write when Xen allows that domain to use it.
 * - secondary (hvc1.., vtermno base + N): device/console/N on xenbus,
 *   only with CONFIG_HVC_XEN_FRONTEND (hvc_xen_frontend.c).
 *
 * Concurrency:
 * - xencons_list_lock protects xencons_list, the vtermno lookup table
 *   used by the hv_ops callbacks.
 * - Each console's ->lock (irqsave: printk writes from any context)
 *   protects its policy object ->out and all guest-side access to its
 *   page, including the in ring and the event accounting fields.
 * - The primary console is statically allocated so the early console can use
 *   it before allocators and timers work; its poll timer is armed only
 *   once ->poll_ready is set, at early_initcall time.
 * - Nothing on the write path arms a timer or queues work: the policy's
 *   arm_poll queues ->poll_work (irq_work, lock-free), which arms the
 *   poll timer once the console lock is dropped.  A WARN raised under a
 *   timer base lock can therefore print through this console.
 */

#define pr_fmt(fmt) "hvc_xen: " fmt

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/hvc-console.h>
#include <xen/hvm.h>
#include <xen/interface/io/console.h>
#include <xen/interface/sched.h>
#include <xen/interface/xen.h>
#include <xen/page.h>
#include <xen/xen.h>

#include "hvc_console.h"
#include "hvc_xen.h"
#include "xencons_out.h"
#include "xencons_ring.h"

/* Hold buffer for output before kmalloc() works (early console). */
#define XENCONS_EARLY_HOLD	2048
#define XENCONS_HOLD_KIB_MAX	1024

static unsigned int hold_kib = 64;
module_param(hold_kib, uint, 0444);
MODULE_PARM_DESC(hold_kib, "KiB of output kept while the console ring is full or not serviced (0: none)");

/*
 * Until its ring is first serviced, the primary console keeps up to
 * boot_hold_kib KiB, so that a backend that attaches late (a domain built
 * before xenconsoled runs) still gets the boot log from its first line.
 * The default matches the default printk buffer (LOG_BUF_SHIFT 17).
 */
static unsigned int boot_hold_kib = 128;
module_param(boot_hold_kib, uint, 0444);
MODULE_PARM_DESC(boot_hold_kib, "KiB of output the primary console keeps until its ring is first serviced");

static unsigned int stall_ms = 1000;
module_param(stall_ms, uint, 0444);
MODULE_PARM_DESC(stall_ms, "ms printk waits for a full, unconsumed ring before holding output");

/* xen_console_io=<bool>: use the CONSOLEIO hypercalls; default: dom0 only. */
static int xen_console_io_opt __initdata = -1;
static bool xen_console_io;

static LIST_HEAD(xencons_list);
/* Protects xencons_list. */
static DEFINE_SPINLOCK(xencons_list_lock);

static char xencons_early_hold[XENCONS_EARLY_HOLD];
struct xencons xencons_primary = {
	.lock = __SPIN_LOCK_UNLOCKED(xencons_primary.lock),
	.vtermno = XENCONS_VTERMNO_BASE,
	.evtchn = -1,
	.irq = -1,
	.gref = INVALID_GRANT_REF,
};

static struct xencons *xencons_find(u32 vtermno)
{
	struct xencons *c, *found = NULL;
	unsigned long flags;

	if (vtermno == XENCONS_VTERMNO_BASE)
		return xencons_primary.ready ? &xencons_primary : NULL;

	spin_lock_irqsave(&xencons_list_lock, flags);
	list_for_each_entry(c, &xencons_list, list) {
		if (c->vtermno == vtermno) {
			found = c;
			break;
		}
	}
	spin_unlock_irqrestore(&xencons_list_lock, flags);
	return found;
}

int xencons_hypercall_write(const char *buf, unsigned int len)
{
	return HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)buf);
}

/*
 * A zero-length write succeeds iff Xen lets this domain use CONSOLEIO;
 * it prints nothing.  Probed once: the answer does not change.
 */
static bool xencons_hypercall_permitted(void)
{
	static int permitted = -1;

	if (permitted < 0)
		permitted = HYPERVISOR_console_io(CONSOLEIO_write, 0, NULL) == 0;
	return permitted;
}

/* ---- policy ops: called with c->lock held ---- */

static int xencons_op_hyp_write(void *ctx, const char *buf, unsigned int len)
{
	return xencons_hypercall_write(buf, len);
}

static void xencons_op_notify(void *ctx)
{
	struct xencons *c = ctx;

	if (c->evtchn >= 0)
		notify_remote_via_evtchn(c->evtchn);
}

static void xencons_op_yield(void *ctx)
{
	struct xencons *c = ctx;

	/* Other CPUs would spin on the lock while we give our CPU away. */
	lockdep_assert_not_held(&c->lock);
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static u64 xencons_op_now_ns(void *ctx)
{
	return local_clock();
}

/*
 * Under c->lock, possibly inside printk with a timer base lock held by
 * this CPU: queue the arming, never arm here.  irq_work raises an IPI,
 * whose event channel a PV guest binds only when it prepares SMP, hence
 * ->poll_ready from early_initcall on (see xencons_primary_poll_start()).
 */
static void xencons_op_arm_poll(void *ctx)
{
	struct xencons *c = ctx;

	if (c->poll_ready)
		irq_work_queue(&c->poll_work);
}

static void xencons_poll_arm_fn(struct irq_work *work)
{
	struct xencons *c = container_of(work, struct xencons, poll_work);

	lockdep_assert_not_held(&c->lock);
	if (READ_ONCE(c->poll_ready) && !timer_pending(&c->poll_timer))
		mod_timer(&c->poll_timer,
			  jiffies + msecs_to_jiffies(XENCONS_OUT_POLL_MIN_MS));
}

/*
 * Report lines are produced under c->lock, possibly inside a console
 * write: printk_deferred() only stores the record, which is printed
 * later, after the bytes that were just flushed.
 */
#define xencons_log_deferred(level, fmt, ...) \
	printk_deferred(level pr_fmt(fmt), ##__VA_ARGS__)

static const char *xencons_state_name(enum xencons_out_state state)
{
	switch (state) {
	case XENCONS_OUT_CONNECTED:
		return "connected";
	case XENCONS_OUT_DISCONNECTED:
		return "disconnected";
	case XENCONS_OUT_STALLED:
		return "stalled";
	case XENCONS_OUT_BROKEN:
		return "corrupt";
	}
	return "unknown";
}

static void xencons_op_report(void *ctx, enum xencons_out_event ev,
			      u64 a, u64 b)
{
	struct xencons *c = ctx;
	u32 n = c->vtermno - XENCONS_VTERMNO_BASE;

	switch (ev) {
	case XENCONS_EV_DROPPED:
		xencons_log_deferred(KERN_WARNING,
				     "console %u: %llu bytes lost while the ring was not serviced\n",
				     n, a);
		break;
	case XENCONS_EV_BROKEN:
		xencons_log_deferred(KERN_ERR,
				     "console %u: corrupt ring indices (out_cons %llu, out_prod %llu), holding output\n",
				     n, a, b);
		break;
	case XENCONS_EV_STALLED:
		xencons_log_deferred(KERN_WARNING,
				     "console %u: ring full for %llu ms, holding output\n",
				     n, a);
		break;
	case XENCONS_EV_RECOVERED:
		xencons_log_deferred(KERN_INFO,
				     "console %u: %s ring usable again\n",
				     n, a ? "corrupt" : "stalled");
		break;
	case XENCONS_EV_BAD_FLAG:
		xencons_log_deferred(KERN_WARNING,
				     "console %u: unknown connection value %llu, treated as disconnected\n",
				     n, a);
		break;
	case XENCONS_EV_IN_BROKEN:
		xencons_log_deferred(KERN_WARNING,
				     "console %u: corrupt input ring indices, ignoring input\n",
				     n);
		break;
	case XENCONS_EV_IN_RECOVERED:
		xencons_log_deferred(KERN_INFO,
				     "console %u: input ring usable again\n", n);
		break;
	case XENCONS_EV_SUPPRESSED:
		xencons_log_deferred(KERN_WARNING,
				     "console %u: %llu more ring reports not printed in %d s, ring %s, input %s\n",
				     n, a, XENCONS_OUT_REPORT_SECS,
				     xencons_state_name(b),
				     c->in_broken ? "ignored" : "read");
		break;
	}
}

static const struct xencons_out_ops xencons_ops_hyp = {
	.hyp_write = xencons_op_hyp_write,
	.notify = xencons_op_notify,
	.yield = xencons_op_yield,
	.now_ns = xencons_op_now_ns,
	.arm_poll = xencons_op_arm_poll,
	.report = xencons_op_report,
};

/* Same, for domains that Xen refuses CONSOLEIO_write. */
static const struct xencons_out_ops xencons_ops_nohyp = {
	.notify = xencons_op_notify,
	.yield = xencons_op_yield,
	.now_ns = xencons_op_now_ns,
	.arm_poll = xencons_op_arm_poll,
	.report = xencons_op_report,
};

static void xencons_boot_hold_release(struct work_struct *work);
static DECLARE_WORK(xencons_boot_hold_work, xencons_boot_hold_release);

/*
 * The backend has consumed output since boot, and everything held has
 * reached the ring, which is serviced: the boot hold may go.
 */
static bool xencons_boot_hold_done(struct xencons *c)
{
	u32 cons, prod;

	lockdep_assert_held(&c->lock);
	if (!c->boot_hold || xencons_out_held(&c->out) ||
	    xencons_out_state(&c->out) != XENCONS_OUT_CONNECTED)
		return false;
	xencons_ring_out_indices(c->intf, &cons, &prod);
	return cons != c->boot_cons;
}

static void xencons_poll_fn(struct timer_list *t)
{
	struct xencons *c = timer_container_of(c, t, poll_timer);
	unsigned int next_ms;
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&c->lock, flags);
	next_ms = c->poll_ready ? xencons_out_poll(&c->out) : 0;
	done = xencons_boot_hold_done(c);
	spin_unlock_irqrestore(&c->lock, flags);
	if (next_ms)
		mod_timer(&c->poll_timer, jiffies + msecs_to_jiffies(next_ms));
	if (done)
		schedule_work(&xencons_boot_hold_work);
}

/*
 * Start the policy on c->intf.  The primary console may fall back to
 * CONSOLEIO_write (probed once, quietly).  A secondary console carries a
 * data channel and has no printk path (hvc_console prints only to the
 * console hvc_instantiate() registered): its output never goes to Xen's
 * console, and its writers wait instead of losing bytes.
 */
void xencons_policy_init(struct xencons *c, char *hold, u32 size)
{
	bool primary = c == &xencons_primary;
	const struct xencons_out_ops *ops =
		primary && xencons_hypercall_permitted() ?
		&xencons_ops_hyp : &xencons_ops_nohyp;

	xencons_out_init(&c->out, c->intf, ops, c, hold, size, stall_ms);
	if (!primary)
		xencons_out_set_lossless(&c->out);
}

/* Set up a console's poll timer and the irq_work that arms it. */
void xencons_poll_init(struct xencons *c)
{
	timer_setup(&c->poll_timer, xencons_poll_fn, 0);
	c->poll_work = IRQ_WORK_INIT_HARD(xencons_poll_arm_fn);
}

/*
 * Enable the poll timer once timers and irq_work work, and start it if
 * output is already held (e.g. by the early console).
 */
void xencons_poll_enable(struct xencons *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->poll_ready = true;
	if (xencons_out_poll_wanted(&c->out))
		xencons_op_arm_poll(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

void xencons_poll_disable(struct xencons *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->poll_ready = false;
	spin_unlock_irqrestore(&c->lock, flags);
	/* No arming is queued from now on; wait for the last one. */
	irq_work_sync(&c->poll_work);
	timer_delete_sync(&c->poll_timer);
}

/**
 * xencons_hold_set() - give a console a new hold buffer
 * @c: console
 * @size: bytes (0: none)
 *
 * Moves the held bytes into a new buffer of @size bytes and frees the
 * previous one if it was allocated here.  Never drops: fails if more
 * than @size bytes are held.
 *
 * Context: process context; takes @c->lock.
 * Return: 0, -ENOMEM, or -EBUSY if more than @size bytes are held.
 */
int xencons_hold_set(struct xencons *c, u32 size)
{
	char *hold = size ? kmalloc(size, GFP_KERNEL) : NULL;
	unsigned long flags;
	char *old = NULL;
	int err = 0;

	if (size && !hold)
		return -ENOMEM;
	spin_lock_irqsave(&c->lock, flags);
	if (xencons_out_held(&c->out) > size) {
		err = -EBUSY;
	} else {
		xencons_out_set_hold(&c->out, hold, size);
		old = c->hold;
		c->hold = hold;
		c->boot_hold = false;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	kfree(err ? hold : old);
	return err;
}

/* Replace the hold buffer by one of hold_kib KiB, if that allocates. */
void xencons_hold_alloc(struct xencons *c)
{
	xencons_hold_set(c, min(hold_kib, XENCONS_HOLD_KIB_MAX) * 1024);
}

/* The primary's boot hold: the larger of boot_hold_kib and hold_kib. */
static u32 xencons_boot_hold_kib(void)
{
	return min(max(boot_hold_kib, hold_kib), XENCONS_HOLD_KIB_MAX);
}

static void __init xencons_boot_hold_alloc(struct xencons *c)
{
	u32 kib = xencons_boot_hold_kib();
	unsigned long flags;
	u32 prod;

	if (kib <= hold_kib || xencons_hold_set(c, kib * 1024)) {
		xencons_hold_alloc(c);
		return;
	}
	spin_lock_irqsave(&c->lock, flags);
	c->boot_hold = true;
	xencons_ring_out_indices(c->intf, &c->boot_cons, &prod);
	spin_unlock_irqrestore(&c->lock, flags);
}

/* Trade the boot hold for a hold_kib one once it has done its job. */
static void xencons_boot_hold_release(struct work_struct *work)
{
	struct xencons *c = &xencons_primary;
	u32 kib = min(hold_kib, XENCONS_HOLD_KIB_MAX);
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&c->lock, flags);
	done = xencons_boot_hold_done(c);
	spin_unlock_irqrestore(&c->lock, flags);
	/* Held bytes again meanwhile: the poll that flushes them retries. */
	if (done && !xencons_hold_set(c, kib * 1024))
		pr_info("console 0: ring serviced, boot hold of %u KiB released, %u KiB kept\n",
			xencons_boot_hold_kib(), kib);
}

/*
 * A ring serviced from the start may never need the poll: look here, and
 * on the backend's events (xencons_ring_get_chars()).
 */
static int __init xencons_boot_hold_check(void)
{
	struct xencons *c = &xencons_primary;
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&c->lock, flags);
	done = xencons_boot_hold_done(c);
	spin_unlock_irqrestore(&c->lock, flags);
	if (done)
		schedule_work(&xencons_boot_hold_work);
	return 0;
}
late_initcall(xencons_boot_hold_check);

/* ---- ring page: the one owner of mapping and unmapping ---- */

int xencons_map_ring(struct xencons *c, enum xencons_page kind, u64 frame)
{
	switch (kind) {
	case XENCONS_PAGE_START_INFO:
		/* PV: the frame is an MFN, and GFN == MFN. */
		c->intf = gfn_to_virt(frame);
		break;
	case XENCONS_PAGE_REMAP:
		c->intf = memremap(frame << XEN_PAGE_SHIFT, XEN_PAGE_SIZE,
				   MEMREMAP_WB);
		break;
	case XENCONS_PAGE_ALLOC:
		c->intf = (void *)get_zeroed_page(GFP_KERNEL);
		break;
	case XENCONS_PAGE_NONE:
		c->intf = NULL;
		break;
	}
	if (!c->intf)
		return -ENOMEM;
	c->page = kind;
	return 0;
}

/* Undo xencons_map_ring(); safe on a console without a page. */
void xencons_unmap_ring(struct xencons *c)
{
	switch (c->page) {
	case XENCONS_PAGE_REMAP:
		memunmap(c->intf);
		break;
	case XENCONS_PAGE_ALLOC:
		/* A still-granted page is pinned by the grant code until released. */
		free_page((unsigned long)c->intf);
		break;
	case XENCONS_PAGE_START_INFO:
	case XENCONS_PAGE_NONE:
		break;
	}
	c->intf = NULL;
	c->page = XENCONS_PAGE_NONE;
}

/* ---- hv_ops for ring consoles ---- */

/*
 * During an oops the holder of c->lock may be this CPU (an oops inside a
 * console write) or, during a panic, a CPU that panic() stopped.  Try it
 * for a millisecond (its holders never wait), then go on without it, as
 * serial drivers do during an oops.  Interrupts are off either way.
 */
static bool xencons_oops_lock(struct xencons *c, unsigned long *flags)
{
	unsigned int us;

	for (us = 0; us < 1000; us++) {
		if (spin_trylock_irqsave(&c->lock, *flags))
			return true;
		udelay(1);
	}
	local_irq_save(*flags);
	return false;
}

/**
 * xencons_write_oops() - write during an oops or panic
 * @c: console
 * @buf: bytes
 * @len: number of bytes
 * @panic: a panic is in progress
 *
 * No later write, event or timer may come, and a stopped CPU may hold
 * what we would wait for: held bytes and then @buf go into the ring
 * before this returns, waiting for the backend (SCHEDOP_yield, after a
 * notify) at most stall_ms in all; what is left then is taken as while
 * the ring is not serviced (see xencons_out_write_now()).  No timer, work
 * item, allocation or sleeping lock on the way.
 *
 * Context: any context, with oops_in_progress set; tries @c->lock.
 */
void xencons_write_oops(struct xencons *c, const char *buf, unsigned int len,
			bool panic)
{
	struct xencons_out_waiter w = {};
	unsigned long flags;
	bool force = false;
	bool locked;
	int n;

	while (len) {
		locked = xencons_oops_lock(c, &flags);
		n = xencons_out_write_now(&c->out, buf, len, force, panic);
		if (locked)
			spin_unlock_irqrestore(&c->lock, flags);
		else
			local_irq_restore(flags);
		buf += n;
		len -= n;
		if (!len)
			break;
		if (xencons_out_wait_more(&c->out, &w)) {
			/* Through the policy's ops: a notify may have been lost. */
			c->out.ops->notify(c->out.ctx);
			xencons_out_wait(&c->out);
		} else {
			force = true;
		}
	}
}

static void xencons_caller_get(struct xencons_caller *id)
{
	id->task = current;
	id->ctx = preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET);
}

static bool xencons_caller_eq(const struct xencons_caller *a,
			      const struct xencons_caller *b)
{
	return a->task == b->task && a->ctx == b->ctx;
}

static ssize_t xencons_ring_put_chars(u32 vtermno, const u8 *buf,
				      size_t count)
{
	struct xencons *c = xencons_find(vtermno);
	struct xencons_caller me;
	unsigned long flags;
	bool force;
	int n;

	if (!c)
		return -ENODEV;
	count = min_t(size_t, count, INT_MAX);
	if (unlikely(oops_in_progress)) {
		xencons_write_oops(c, (const char *)buf, count,
				   panic_in_progress());
		return count;
	}
	xencons_caller_get(&me);
	spin_lock_irqsave(&c->lock, flags);
	force = c->printk.force && xencons_caller_eq(&c->printk.caller, &me);
	n = xencons_out_write(&c->out, (const char *)buf, count, force);
	if (!n)
		c->refused = me;
	else if (xencons_caller_eq(&c->refused, &me))
		c->refused.task = NULL;
	spin_unlock_irqrestore(&c->lock, flags);

	/*
	 * -EAGAIN: the tty path retries later, the printk path calls
	 * ->flush(false) and retries.
	 */
	return n ? n : -EAGAIN;
}

/*
 * Only the printk path (hvc_console_print()) flushes with !wait: after a
 * write that took nothing, and once at the end of its call.  In between
 * it writes nothing else, so the caller of a refused write that flushes
 * is a printk call waiting for ring space, and a flush by any other
 * caller ends that call.  The call's wait is bounded by
 * xencons_out_wait_more(); past the bound its writes are forced.  Writers
 * of the tty never flush with !wait, and never get a printk call's force.
 */
static int xencons_ring_flush(u32 vtermno, bool wait)
{
	struct xencons *c = xencons_find(vtermno);
	struct xencons_printk *p;
	struct xencons_caller me;
	unsigned long flags;
	bool more = false;

	/* Never block the tty path. */
	if (!c || wait)
		return 0;
	xencons_caller_get(&me);
	spin_lock_irqsave(&c->lock, flags);
	p = &c->printk;
	if (xencons_caller_eq(&c->refused, &me)) {
		c->refused.task = NULL;
		if (!xencons_caller_eq(&p->caller, &me)) {
			memset(p, 0, sizeof(*p));
			p->caller = me;
		}
		more = xencons_out_wait_more(&c->out, &p->wait);
		p->force = !more;
	} else if (xencons_caller_eq(&p->caller, &me)) {
		memset(p, 0, sizeof(*p));
	}
	spin_unlock_irqrestore(&c->lock, flags);
	/* Wait unlocked: other CPUs keep writing meanwhile. */
	if (more)
		xencons_out_wait(&c->out);
	return 0;
}

static ssize_t xencons_ring_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	struct xencons *c = xencons_find(vtermno);
	unsigned int eoi_flags = 0;
	unsigned long flags;
	bool was_broken, done;
	u32 cons, prod;
	int n;

	if (!c)
		return -ENODEV;

	spin_lock_irqsave(&c->lock, flags);
	n = xencons_ring_read(c->intf, (char *)buf,
			      min_t(size_t, count, INT_MAX));
	if (n > 0)
		xencons_op_notify(c);
	was_broken = c->in_broken;
	c->in_broken = n < 0;
	/* One line per episode, however often the hvc core polls. */
	if (c->in_broken != was_broken)
		xencons_out_note_input(&c->out, c->in_broken);
	/* An event may also mean "output consumed": refill the ring. */
	xencons_out_event(&c->out);

	/*
	 * Late EOI: an event that brought no input and no output progress
	 * is spurious, and Xen then delays the next one, so an event storm
	 * cannot pin a vCPU.  One empty round is tolerated because an event
	 * may race with our previous look at out_cons.
	 */
	xencons_ring_out_indices(c->intf, &cons, &prod);
	if (n > 0 || cons != c->eoi_cons)
		c->eoi_idle = 0;
	else if (c->eoi_idle < 2)
		c->eoi_idle++;
	c->eoi_cons = cons;
	if (c->eoi_idle >= 2)
		eoi_flags = XEN_EOI_FLAG_SPURIOUS;
	done = xencons_boot_hold_done(c);
	spin_unlock_irqrestore(&c->lock, flags);
	if (done)
		schedule_work(&xencons_boot_hold_work);

	if (c->irq > 0)
		xen_irq_lateeoi(c->irq, eoi_flags);
	return n < 0 ? 0 : n;
}

const struct hv_ops xencons_ring_hv_ops = {
	.get_chars = xencons_ring_get_chars,
	.put_chars = xencons_ring_put_chars,
	.flush = xencons_ring_flush,
	.notifier_add = notifier_add_irq,
	.notifier_del = notifier_del_irq,
	.notifier_hangup = notifier_hangup_irq,
};

/* ---- hv_ops for the hypercall console (dom0, xen_console_io=1) ---- */

static ssize_t xencons_hyp_put_chars(u32 vtermno, const u8 *buf,
				     size_t count)
{
	unsigned int n = min_t(size_t, count, INT_MAX);
	int rc = xencons_hypercall_write((const char *)buf, n);

	return rc < 0 ? rc : n;
}

static ssize_t xencons_hyp_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	/*
	 * Xen queues serial input for CONSOLEIO_read only while dom0 has the
	 * input focus: a domU that may use the hypercall (dom0less) would take
	 * dom0's input.
	 */
	if (!xen_initial_domain())
		return 0;
	return HYPERVISOR_console_io(CONSOLEIO_read, count, buf);
}

static const struct hv_ops xencons_hyp_hv_ops = {
	.get_chars = xencons_hyp_get_chars,
	.put_chars = xencons_hyp_put_chars,
	.notifier_add = notifier_add_irq,
	.notifier_del = notifier_del_irq,
	.notifier_hangup = notifier_hangup_irq,
};

/* ---- primary console ---- */

/* Where the primary ring is: 0 and ~0 in HVM params mean "no ring". */
static int xencons_primary_ring(enum xencons_page *kind, u64 *frame,
				int *evtchn)
{
	u64 pfn = 0, port = 0;

	if (xen_initial_domain())
		return -ENODEV;
	if (xen_pv_domain()) {
		if (!xen_start_info->console.domU.evtchn)
			return -ENODEV;
		*kind = XENCONS_PAGE_START_INFO;
		*frame = xen_start_info->console.domU.mfn;
		*evtchn = xen_start_info->console.domU.evtchn;
		return 0;
	}
	if (!xen_hvm_domain())
		return -ENODEV;
	if (hvm_get_parameter(HVM_PARAM_CONSOLE_EVTCHN, &port) < 0 ||
	    !port || port == ~0ULL || port > INT_MAX)
		return -ENODEV;
	if (hvm_get_parameter(HVM_PARAM_CONSOLE_PFN, &pfn) < 0 ||
	    !pfn || pfn == ~0ULL)
		return -ENODEV;
	*kind = XENCONS_PAGE_REMAP;
	*frame = pfn;
	*evtchn = port;
	return 0;
}

/* Map the primary ring and start its policy with the static hold. */
int xencons_primary_ring_init(void)
{
	struct xencons *c = &xencons_primary;
	enum xencons_page kind;
	u64 frame;
	int evtchn, err;

	err = xencons_primary_ring(&kind, &frame, &evtchn);
	if (err)
		return err;
	err = xencons_map_ring(c, kind, frame);
	if (err)
		return err;
	c->evtchn = evtchn;
	xencons_policy_init(c, xencons_early_hold, sizeof(xencons_early_hold));
	c->hv_ops = &xencons_ring_hv_ops;
	return 0;
}

/* Pick the primary console's source; idempotent. */
static int xencons_primary_init(void)
{
	struct xencons *c = &xencons_primary;

	if (c->ready)
		return 0;
	if (xen_console_io) {
		c->hv_ops = &xencons_hyp_hv_ops;
	} else if (!c->intf && xencons_primary_ring_init()) {
		/* No ring (e.g. dom0less before init): hypercall, if allowed. */
		if (xen_initial_domain() || !xencons_hypercall_permitted())
			return -ENODEV;
		c->hv_ops = &xencons_hyp_hv_ops;
	}
	xencons_poll_init(c);
	c->ready = true;
	return 0;
}

static int __init xen_console_io_setup(char *arg)
{
	bool val;
	int err = kstrtobool(arg, &val);

	if (!err)
		xen_console_io_opt = val;
	return err;
}
early_param("xen_console_io", xen_console_io_setup);

static int __init xen_cons_init(void)
{
	struct xencons *c = &xencons_primary;

	if (!xen_domain())
		return 0;
	xen_console_io = xen_console_io_opt >= 0 ? xen_console_io_opt :
						   xen_initial_domain();
	if (xencons_primary_init())
		return 0;
	if (c->intf)
		xencons_boot_hold_alloc(c);
	hvc_instantiate(c->vtermno, 0, c->hv_ops);
	return 0;
}
console_initcall(xen_cons_init);

/* The poll, once irq_work can raise its IPI (see xencons_op_arm_poll()). */
static int __init xencons_primary_poll_start(void)
{
	struct xencons *c = &xencons_primary;

	if (c->ready && c->intf)
		xencons_poll_enable(c);
	return 0;
}
early_initcall(xencons_primary_poll_start);

static int xencons_primary_bind_irq(struct xencons *c)
{
	if (c->hv_ops == &xencons_hyp_hv_ops)
		/* Only the console domain may bind VIRQ_CONSOLE; else poll. */
		return xen_initial_domain() ?
			bind_virq_to_irq(VIRQ_CONSOLE, 0, false) : -ENODEV;
	return bind_evtchn_to_irq_lateeoi(c->evtchn);
}

static int __init xencons_primary_register(void)
{
	struct xencons *c = &xencons_primary;
	struct hvc_struct *hvc;
	int irq;

	if (!c->ready)
		return -ENODEV;
	irq = xencons_primary_bind_irq(c);
	if (irq > 0) {
		c->irq = irq;
		irq_set_noprobe(irq);
	}
	hvc = hvc_alloc(c->vtermno, c->irq > 0 ? c->irq : 0, c->hv_ops,
			XENCONS_OUTBUF_SIZE);
	/*
	 * On failure the irq stays bound: unbinding would close the
	 * toolstack's event channel, which the printk path still notifies.
	 */
	if (IS_ERR(hvc))
		return PTR_ERR(hvc);
	c->hvc = hvc;
	return 0;
}

/**
 * xen_console_resume() - reconnect the primary console after restore
 *
 * The event channel may have changed, and the restored ring may be
 * flagged disconnected again: the policy then holds output exactly as
 * at boot.
 *
 * Context: process context, from the suspend code.
 */
void xen_console_resume(void)
{
	struct xencons *c = &xencons_primary;
	enum xencons_page kind;
	unsigned long flags;
	u64 frame;
	int evtchn;

	if (!c->ready || !c->intf)
		return;
	if (!xencons_primary_ring(&kind, &frame, &evtchn)) {
		c->evtchn = evtchn;
		if (c->irq > 0)
			rebind_evtchn_irq(evtchn, c->irq);
	}
	spin_lock_irqsave(&c->lock, flags);
	xencons_out_resync(&c->out);
	spin_unlock_irqrestore(&c->lock, flags);
}

/* ---- for the xenbus consoles: device ids, console list ---- */

/*
 * Built with or without CONFIG_HVC_XEN_FRONTEND: KUnit tests the id
 * helpers, and xencons_list_lock stays private to this file.
 */

/**
 * xencons_devid_parse() - console id from a xenbus node name
 * @nodename: e.g. "device/console/11"
 * @devid: returns the id
 *
 * The id is the whole last path component, in canonical decimal: no
 * sign, no leading zero (except "0" itself), no trailing characters,
 * and small enough that XENCONS_VTERMNO_BASE + id fits in a vtermno.
 *
 * Context: any.
 * Return: 0 on success, -EINVAL if the component is not such a number.
 */
int xencons_devid_parse(const char *nodename, unsigned int *devid)
{
	const char *s = strrchr(nodename, '/');
	const char *p;
	unsigned int id;

	s = s ? s + 1 : nodename;
	if (!*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (p = s; *p; p++)
		if (!isdigit(*p))
			return -EINVAL;
	if (kstrtouint(s, 10, &id) || id >= U32_MAX - XENCONS_VTERMNO_BASE)
		return -EINVAL;
	*devid = id;
	return 0;
}

/**
 * xencons_frontend_devid() - id of a console the xenbus driver may take
 * @nodename: xenbus node name of the device
 *
 * Console 0 is the primary console, served from start_info or HVM
 * parameters; the xenbus core skips device/console/0, and this is the
 * driver's own guard in case it does not.
 *
 * Context: any.
 * Return: the id (>= 1), -ENODEV for console 0, -EINVAL for a bad name.
 */
int xencons_frontend_devid(const char *nodename)
{
	unsigned int id;
	int err = xencons_devid_parse(nodename, &id);

	if (err)
		return err;
	return id ? id : -ENODEV;
}

void xencons_list_add(struct xencons *c)
{
	unsigned long flags;

	spin_lock_irqsave(&xencons_list_lock, flags);
	list_add_tail(&c->list, &xencons_list);
	spin_unlock_irqrestore(&xencons_list_lock, flags);
}

void xencons_list_del(struct xencons *c)
{
	unsigned long flags;

	spin_lock_irqsave(&xencons_list_lock, flags);
	list_del_init(&c->list);
	spin_unlock_irqrestore(&xencons_list_lock, flags);
}

static int __init xen_hvc_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;

	err = xencons_primary_register();
	if (err && err != -ENODEV)
		pr_err("primary console: %d\n", err);

	return xencons_frontend_register();
}
device_initcall(xen_hvc_init);
