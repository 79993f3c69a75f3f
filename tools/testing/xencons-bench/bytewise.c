// SPDX-License-Identifier: GPL-2.0
/*
 * The reference for xencons-ringbench: the out ring filled one byte per
 * iteration, the free-running index masked on every store, the way the
 * unmodified Debian 6.1 driver does it.  Its own file, so that it is never
 * inlined into the harness.
 */

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/barrier.h>

#include "bytewise.h"

/*
 * Same contract as xencons_ring_write(): copy what fits, publish the new
 * producer index, return the count (or -EIO on corrupt indices).
 */
int bench_bytewise_write(struct xencons_interface *intf, const char *buf,
			 unsigned int len)
{
	const u32 size = sizeof(intf->out);
	u32 cons = READ_ONCE(intf->out_cons);
	u32 prod = READ_ONCE(intf->out_prod);
	unsigned int done;

	/* Indices before the slots they free, as the base driver's mb(). */
	virt_mb();
	if (prod - cons > size)
		return -EIO;
	for (done = 0; done < len && prod - cons < size; done++)
		intf->out[prod++ & (size - 1)] = buf[done];
	/* Slots before the index that publishes them. */
	virt_wmb();
	WRITE_ONCE(intf->out_prod, prod);
	return done;
}
