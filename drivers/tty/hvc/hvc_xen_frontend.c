// SPDX-License-Identifier: GPL-2.0+
/*
 * Xen console frontend: secondary consoles on xenbus (hvc1..,
 * device/console/N), built only with CONFIG_HVC_XEN_FRONTEND.
 *
 * Each console allocates and grants its own ring page, binds an event
 * channel with late EOI and publishes both in xenstore; the ring, policy,
 * poll timer and hv_ops are the ones of hvc_xen.c.  Locking: see
 * hvc_xen.c.
 */

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/types.h>

#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

#include "hvc_console.h"
#include "hvc_xen.h"
#include "xencons_out.h"

/* Undo xencons_connect_backend(); safe to call twice. */
static void xencons_disconnect_backend(struct xencons *c)
{
	if (c->hvc) {
		hvc_remove(c->hvc);
		c->hvc = NULL;
	}
	xencons_poll_disable(c);
	if (c->irq >= 0) {
		/* Also closes the event channel. */
		evtchn_put(c->evtchn);
		c->irq = -1;
		c->evtchn = -1;
	}
	if (c->evtchn >= 0) {
		xenbus_free_evtchn(c->xbdev, c->evtchn);
		c->evtchn = -1;
	}
	if (c->gref != INVALID_GRANT_REF) {
		/* Pins the page while the backend still maps it. */
		gnttab_end_foreign_access(c->gref, NULL);
		c->gref = INVALID_GRANT_REF;
	}
}

static int xencons_publish(struct xenbus_device *dev, struct xencons *c)
{
	struct xenbus_transaction xbt;
	int err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		return err;
	}
	err = xenbus_printf(xbt, dev->nodename, "ring-ref", "%u", c->gref);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, "port", "%d",
				    c->evtchn);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		xenbus_dev_fatal(dev, err, "writing xenstore");
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	if (err)
		xenbus_dev_fatal(dev, err, "completing transaction");
	return err;
}

/* Event channel, irq, grant, xenstore, hvc: undone by disconnect. */
static int xencons_connect_backend(struct xenbus_device *dev,
				   struct xencons *c)
{
	evtchn_port_t port;
	int err, ref;

	err = xenbus_alloc_evtchn(dev, &port);
	if (err)
		return err;
	c->evtchn = port;

	err = bind_evtchn_to_irq_lateeoi(port);
	if (err < 0)
		return err;
	c->irq = err;

	ref = gnttab_grant_foreign_access(dev->otherend_id,
					  virt_to_gfn(c->intf), 0);
	if (ref < 0)
		return ref;
	c->gref = ref;

	err = xencons_publish(dev, c);
	if (err)
		return err;

	c->hvc = hvc_alloc(c->vtermno, c->irq, &xencons_ring_hv_ops,
			   XENCONS_OUTBUF_SIZE);
	if (IS_ERR(c->hvc)) {
		err = PTR_ERR(c->hvc);
		c->hvc = NULL;
		return err;
	}
	xencons_poll_enable(c);
	return xenbus_switch_state(dev, XenbusStateInitialised);
}

static int xencons_probe(struct xenbus_device *dev,
			 const struct xenbus_device_id *id)
{
	int devid = xencons_frontend_devid(dev->nodename);
	struct xencons *c;
	int err;

	if (devid < 0)
		return devid;

	c = kzalloc_obj(*c);
	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->list);
	xencons_poll_init(c);
	c->vtermno = XENCONS_VTERMNO_BASE + devid;
	c->evtchn = -1;
	c->irq = -1;
	c->gref = INVALID_GRANT_REF;
	c->xbdev = dev;

	err = xencons_map_ring(c, XENCONS_PAGE_ALLOC, 0);
	if (err)
		goto err_free;
	xencons_policy_init(c, NULL, 0);
	xencons_hold_alloc(c);
	dev_set_drvdata(&dev->dev, c);
	/* Listed before hvc_alloc(): hv_ops may run as soon as it returns. */
	xencons_list_add(c);

	err = xencons_connect_backend(dev, c);
	if (err)
		goto err_disconnect;
	return 0;

err_disconnect:
	xencons_disconnect_backend(c);
	xencons_list_del(c);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(c->hold);
	xencons_unmap_ring(c);
err_free:
	kfree(c);
	if (err == -ENOMEM)
		xenbus_dev_fatal(dev, err, "allocating console");
	return err;
}

static void xencons_remove(struct xenbus_device *dev)
{
	struct xencons *c = dev_get_drvdata(&dev->dev);

	if (!c)
		return;
	xencons_disconnect_backend(c);
	xencons_list_del(c);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(c->hold);
	xencons_unmap_ring(c);
	kfree(c);
}

static int xencons_resume(struct xenbus_device *dev)
{
	struct xencons *c = dev_get_drvdata(&dev->dev);
	unsigned long flags;

	xencons_disconnect_backend(c);
	/* A fresh page for the new backend; held output survives. */
	spin_lock_irqsave(&c->lock, flags);
	memset(c->intf, 0, XEN_PAGE_SIZE);
	xencons_out_resync(&c->out);
	spin_unlock_irqrestore(&c->lock, flags);
	return xencons_connect_backend(dev, c);
}

static void xencons_backend_changed(struct xenbus_device *dev,
				    enum xenbus_state backend_state)
{
	struct xencons *c = dev_get_drvdata(&dev->dev);

	switch (backend_state) {
	case XenbusStateConnected:
		if (dev->state != XenbusStateConnected)
			xenbus_switch_state(dev, XenbusStateConnected);
		break;
	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		fallthrough;	/* missed Closing */
	case XenbusStateClosing:
		/*
		 * Stop the tty before letting the backend go; the event
		 * channel and grant stay until remove, as the backend may
		 * still use them.
		 */
		if (c && c->hvc) {
			hvc_remove(c->hvc);
			c->hvc = NULL;
		}
		xenbus_frontend_closed(dev);
		break;
	default:
		break;
	}
}

static const struct xenbus_device_id xencons_ids[] = {
	{ "console" },
	{ "" }
};

/* Registered by xen_hvc_init(), see xencons_frontend_register(). */
struct xenbus_driver xencons_driver = {
	.name = "xenconsole",
	.ids = xencons_ids,
	.probe = xencons_probe,
	.remove = xencons_remove,
	.resume = xencons_resume,
	.otherend_changed = xencons_backend_changed,
	.not_essential = true,
};
