/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen console ring core: copies bytes in and out of the shared
 * struct xencons_interface page.
 *
 * Concurrency: every function here is lock-free and touches only the
 * shared page.  The caller serialises all producers of the out ring and
 * all consumers of the in ring of one page (hvc_xen.c uses one spinlock
 * per console).  The other end of each ring is the backend, which may be
 * hostile: each shared index is read exactly once per call, validated,
 * and never used to compute an address outside the ring arrays.
 */
#ifndef _XENCONS_RING_H
#define _XENCONS_RING_H

#include <linux/stddef.h>
#include <linux/types.h>
#include <xen/interface/io/console.h>

/* Sizes of the two rings, from the ABI structure; both are powers of two. */
#define XENCONS_RING_OUT_SIZE	sizeof_field(struct xencons_interface, out)
#define XENCONS_RING_IN_SIZE	sizeof_field(struct xencons_interface, in)

int xencons_ring_write(struct xencons_interface *intf, const char *buf,
		       unsigned int len);
int xencons_ring_write_newest(struct xencons_interface *intf,
			      const char *buf, unsigned int len);
int xencons_ring_read(struct xencons_interface *intf, char *buf,
		      unsigned int len);
int xencons_ring_out_space(const struct xencons_interface *intf);
int xencons_ring_out_pending(const struct xencons_interface *intf);
int xencons_ring_in_pending(const struct xencons_interface *intf);
int xencons_ring_out_indices(const struct xencons_interface *intf,
			     u32 *cons, u32 *prod);
u8 xencons_ring_connection(const struct xencons_interface *intf);

#endif /* _XENCONS_RING_H */
