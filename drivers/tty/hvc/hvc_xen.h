/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen console frontend: what the glue files share.
 *
 * hvc_xen.c has the primary console and everything common (the console
 * list, policy ops, poll timer, ring mapping, hv_ops); hvc_xen_frontend.c
 * the xenbus consoles, built only with CONFIG_HVC_XEN_FRONTEND;
 * hvc_xen_early.c the early console and xen_raw_*().  Locking: see
 * hvc_xen.c.
 */
#ifndef _HVC_XEN_H
#define _HVC_XEN_H

#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>

#include "hvc_console.h"
#include "xencons_out.h"

#define XENCONS_VTERMNO_BASE	0x58656e	/* "Xen" */
#define XENCONS_OUTBUF_SIZE	256

enum xencons_page {
	XENCONS_PAGE_NONE,
	XENCONS_PAGE_START_INFO,	/* PV domU: part of our memory */
	XENCONS_PAGE_REMAP,		/* HVM/PVH: memremap()ed guest frame */
	XENCONS_PAGE_ALLOC,		/* xenbus: our page, granted */
};

/*
 * Who writes: a task, and whether it runs in hard or soft interrupt or
 * NMI context.  The printk call in progress is told apart from the
 * other writers of a console by this.
 */
struct xencons_caller {
	const void *task;
	unsigned long ctx;
};

/* The printk call that is waiting for a console (see xencons_ring_flush()). */
struct xencons_printk {
	struct xencons_caller caller;	/* .task NULL: none */
	struct xencons_out_waiter wait;
	bool force;			/* its wait is over: force its writes */
};

struct xencons {
	struct list_head list;
	u32 vtermno;
	/* Protects ->out, guest access to ->intf and the eoi_* fields. */
	spinlock_t lock;
	struct xencons_out out;
	struct xencons_interface *intf;
	enum xencons_page page;
	int evtchn;			/* -1: none */
	int irq;			/* -1: none */
	grant_ref_t gref;		/* INVALID_GRANT_REF: none */
	struct hvc_struct *hvc;
	struct xenbus_device *xbdev;
	const struct hv_ops *hv_ops;
	char *hold;			/* kmalloc()ed hold buffer, or NULL */
	struct timer_list poll_timer;
	struct irq_work poll_work;	/* arms ->poll_timer */
	bool poll_ready;		/* under ->lock; read by ->poll_work */
	bool ready;			/* primary only: set up */
	bool boot_hold;			/* primary only: ->hold is the boot hold; under ->lock */
	u32 boot_cons;			/* primary only: out_cons when it was allocated */
	u32 eoi_cons;			/* out_cons at the last event */
	unsigned int eoi_idle;		/* events in a row that brought nothing */
	bool in_broken;			/* input indices corrupt; under ->lock */
	struct xencons_caller refused;	/* whose last write took nothing; under ->lock */
	struct xencons_printk printk;	/* under ->lock */
};

/* hvc_xen.c */
extern struct xencons xencons_primary;
extern const struct hv_ops xencons_ring_hv_ops;

int xencons_hypercall_write(const char *buf, unsigned int len);
void xencons_list_add(struct xencons *c);
void xencons_list_del(struct xencons *c);
void xencons_poll_init(struct xencons *c);
void xencons_policy_init(struct xencons *c, char *hold, u32 size);
void xencons_poll_enable(struct xencons *c);
void xencons_poll_disable(struct xencons *c);
void xencons_hold_alloc(struct xencons *c);
int xencons_hold_set(struct xencons *c, u32 size);
int xencons_map_ring(struct xencons *c, enum xencons_page kind, u64 frame);
void xencons_unmap_ring(struct xencons *c);
int xencons_primary_ring_init(void);

/* hvc_xen.c, hvc_xen_early.c; also called by KUnit */
void xencons_write_oops(struct xencons *c, const char *buf, unsigned int len,
			bool panic);
void xencons_write_all(struct xencons *c, const char *buf, unsigned int len);

/* Always built, so that KUnit can reach them without the frontend. */
int xencons_devid_parse(const char *nodename, unsigned int *devid);
int xencons_frontend_devid(const char *nodename);

/* hvc_xen_frontend.c */
#if IS_ENABLED(CONFIG_HVC_XEN_FRONTEND)
extern struct xenbus_driver xencons_driver;
/*
 * A macro, so that the driver is registered from hvc_xen.c with its
 * KBUILD_MODNAME: the driver stays under /sys/module/hvc_xen/.
 */
#define xencons_frontend_register() xenbus_register_frontend(&xencons_driver)
#else
static inline int xencons_frontend_register(void)
{
	return 0;
}
#endif

#endif /* _HVC_XEN_H */
