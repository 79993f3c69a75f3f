// SPDX-License-Identifier: GPL-2.0
/*
 * Xen console ring core.
 *
 * The page holds two byte rings with free-running u32 indices that are
 * masked on use (like lib/kfifo.c): "out" (guest produces, backend
 * consumes) and "in" (backend produces, guest consumes).
 *
 * Concurrency rules for the whole file:
 * - No locks: the caller serialises the guest side of each ring.
 * - The backend writes out_cons, in_prod, the in[] data and the
 *   connection byte at any time, so each of them is read once with
 *   READ_ONCE() and checked (prod - cons <= ring size) before use;
 *   on a bad pair the operation returns -EIO and touches nothing.
 * - Masked offsets keep every access inside the arrays for any page
 *   content, so a corrupt page costs at most one bounded copy.
 * - Barriers follow include/xen/interface/io/ring.h; each names the
 *   backend barrier it pairs with (xenconsoled: tools/console/daemon/io.c).
 */

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/barrier.h>

#include "xencons_ring.h"

/*
 * Bytes between @cons and @prod of a ring of @size bytes, or -EIO when the
 * pair is corrupt (more than a ring apart).  Takes values, not the page:
 * each shared index is read once by the caller.
 */
static inline int xencons_ring_used(u32 cons, u32 prod, u32 size)
{
	return prod - cons > size ? -EIO : prod - cons;
}

/* Copy @n bytes from @ring (power-of-two @size) at free-running @idx. */
static void xencons_ring_copy_from(char *dst, const char *ring, u32 size,
				   u32 idx, u32 n)
{
	u32 off = idx & (size - 1);
	u32 first = min(n, size - off);

	memcpy(dst, ring + off, first);
	memcpy(dst + first, ring, n - first);
}

/*
 * Writes of up to this many bytes are copied one byte at a time: for them
 * a loop costs less than a memcpy() call (one byte is a tty's echo).
 */
#define XENCONS_RING_SHORT_WRITE	4

/* Before the out[] slots that out_cons freed are written. */
static inline void xencons_ring_before_copy(void)
{
	/*
	 * The backend read the slots we are about to overwrite before it
	 * advanced out_cons; order our stores after its loads.  Pairs with
	 * the full barrier xenconsoled issues before writing out_cons.
	 */
	virt_mb();
}

/* Hand the out[] slots up to @prod to the backend. */
static inline void xencons_ring_publish(struct xencons_interface *intf,
					u32 prod)
{
	/*
	 * Data before index.  Pairs with the read barrier the backend
	 * issues between loading out_prod and reading out[].
	 */
	virt_wmb();
	WRITE_ONCE(intf->out_prod, prod);
}

/*
 * The long writes of xencons_ring_write(): @n bytes that fit at
 * free-running @prod, with one memcpy() unless they wrap around the end.
 * Not inlined, so that the short writes need no registers saved.
 */
static noinline int xencons_ring_write_long(struct xencons_interface *intf,
					    u32 prod, const char *buf, u32 n)
{
	const u32 size = XENCONS_RING_OUT_SIZE;
	u32 off = prod & (size - 1);
	u32 first = size - off;

	xencons_ring_before_copy();
	if (n <= first) {
		memcpy(intf->out + off, buf, n);
	} else {
		memcpy(intf->out + off, buf, first);
		memcpy(intf->out, buf + first, n - first);
	}
	xencons_ring_publish(intf, prod + n);
	return n;
}

/**
 * xencons_ring_write() - copy bytes into the out ring and publish them
 * @intf: shared console page
 * @buf: bytes to send
 * @len: number of bytes in @buf
 *
 * Copies as many bytes as fit (possibly none) and advances out_prod.
 * Does not notify the backend: the caller does, if the result is > 0.
 *
 * Context: any context; the caller serialises out-ring producers.
 * Return: bytes copied (0 when the ring is full), or -EIO when the
 * out indices are corrupt (nothing is written then).
 */
int xencons_ring_write(struct xencons_interface *intf, const char *buf,
		       unsigned int len)
{
	const u32 size = XENCONS_RING_OUT_SIZE;
	u32 prod = READ_ONCE(intf->out_prod);
	u32 used = prod - READ_ONCE(intf->out_cons);
	u32 n, i;

	if (used > size)
		return -EIO;
	n = min_t(u32, len, size - used);
	if (!n)
		return 0;
	if (n > XENCONS_RING_SHORT_WRITE)
		return xencons_ring_write_long(intf, prod, buf, n);

	xencons_ring_before_copy();
	intf->out[prod & (size - 1)] = buf[0];
	for (i = 1; i < n; i++)
		intf->out[(prod + i) & (size - 1)] = buf[i];
	xencons_ring_publish(intf, prod + n);
	return n;
}

/**
 * xencons_ring_write_newest() - keep the newest bytes in an unread out ring
 * @intf: shared console page
 * @buf: bytes to send
 * @len: number of bytes in @buf
 *
 * For a panic while the ring is not serviced: a backend that attaches to
 * the crashed domain later reads the ring, which should then hold the
 * end of the panic.  What fits is added as by xencons_ring_write(); for
 * the rest the oldest unread bytes make room: the unread bytes that stay
 * move down to out_cons and @buf fills the ring behind them, so the ring
 * holds the newest bytes, in order.  Only out[] and out_prod are written,
 * never out_cons.  A backend reading meanwhile could see bytes move,
 * hence only for a ring that nobody services.
 *
 * Context: any context; the caller serialises out-ring producers.
 * Return: bytes of @buf in the ring (its last ones, at most the ring
 * size), or -EIO when the out indices are corrupt (nothing is written).
 */
int xencons_ring_write_newest(struct xencons_interface *intf,
			      const char *buf, unsigned int len)
{
	const u32 size = XENCONS_RING_OUT_SIZE, mask = size - 1;
	u32 cons = READ_ONCE(intf->out_cons);
	int used = xencons_ring_used(cons, READ_ONCE(intf->out_prod), size);
	u32 keep, drop, i;

	if (used < 0)
		return -EIO;
	if (len > size) {
		buf += len - size;
		len = size;
	}
	keep = min_t(u32, used, size - len);
	drop = used - keep;
	xencons_ring_before_copy();
	for (i = 0; i < keep && drop; i++)
		intf->out[(cons + i) & mask] = intf->out[(cons + drop + i) & mask];
	for (i = 0; i < len; i++)
		intf->out[(cons + keep + i) & mask] = buf[i];
	/* Never back: cons + keep + len >= the out_prod read above. */
	xencons_ring_publish(intf, cons + keep + len);
	return len;
}

/**
 * xencons_ring_read() - copy bytes out of the in ring and release them
 * @intf: shared console page
 * @buf: destination
 * @len: room in @buf
 *
 * Copies up to @len pending input bytes and advances in_cons.  The
 * caller notifies the backend if the result is > 0.
 *
 * Context: any context; the caller serialises in-ring consumers.
 * Return: bytes copied (0 when nothing is pending), or -EIO when the
 * in indices are corrupt (nothing is read or published then).
 */
int xencons_ring_read(struct xencons_interface *intf, char *buf,
		      unsigned int len)
{
	const u32 size = XENCONS_RING_IN_SIZE;
	u32 cons = READ_ONCE(intf->in_cons);
	int used = xencons_ring_used(cons, READ_ONCE(intf->in_prod), size);
	u32 n;

	if (used < 0)
		return used;
	n = min_t(u32, len, used);
	if (!n)
		return 0;

	/*
	 * Index before data.  Pairs with the write barrier the backend
	 * issues between filling in[] and publishing in_prod.
	 */
	virt_rmb();
	xencons_ring_copy_from(buf, intf->in, size, cons, n);

	/*
	 * Finish reading the slots before handing them back.  Pairs with
	 * the barrier the backend issues between loading in_cons and
	 * writing in[].
	 */
	virt_mb();
	WRITE_ONCE(intf->in_cons, cons + n);

	return n;
}

/**
 * xencons_ring_out_pending() - bytes the backend has not consumed yet
 * @intf: shared console page
 *
 * Context: any context.
 * Return: out_prod - out_cons, or -EIO when the out indices are corrupt.
 */
int xencons_ring_out_pending(const struct xencons_interface *intf)
{
	return xencons_ring_used(READ_ONCE(intf->out_cons),
				 READ_ONCE(intf->out_prod), XENCONS_RING_OUT_SIZE);
}

/**
 * xencons_ring_out_space() - free room in the out ring
 * @intf: shared console page
 *
 * Context: any context.
 * Return: bytes that xencons_ring_write() would accept now, or -EIO
 * when the out indices are corrupt.
 */
int xencons_ring_out_space(const struct xencons_interface *intf)
{
	u32 cons, prod;

	return xencons_ring_out_indices(intf, &cons, &prod);
}

/**
 * xencons_ring_in_pending() - input bytes waiting to be read
 * @intf: shared console page
 *
 * Context: any context.
 * Return: in_prod - in_cons, or -EIO when the in indices are corrupt.
 */
int xencons_ring_in_pending(const struct xencons_interface *intf)
{
	return xencons_ring_used(READ_ONCE(intf->in_cons),
				 READ_ONCE(intf->in_prod), XENCONS_RING_IN_SIZE);
}

/**
 * xencons_ring_out_indices() - snapshot and check the out indices
 * @intf: shared console page
 * @cons: returns out_cons
 * @prod: returns out_prod
 *
 * Reads each index once, so a caller that reports a corrupt pair reports
 * the values that were checked, not a later look at the page.
 *
 * Context: any context.
 * Return: free room in the out ring for this pair, or -EIO when the
 * pair is corrupt.
 */
int xencons_ring_out_indices(const struct xencons_interface *intf,
			     u32 *cons, u32 *prod)
{
	int used;

	*cons = READ_ONCE(intf->out_cons);
	*prod = READ_ONCE(intf->out_prod);
	used = xencons_ring_used(*cons, *prod, XENCONS_RING_OUT_SIZE);
	return used < 0 ? used : XENCONS_RING_OUT_SIZE - used;
}

/**
 * xencons_ring_connection() - read the backend's connection byte
 * @intf: shared console page
 *
 * XENCONSOLE_CONNECTED (0) is also what a backend that predates the
 * flag leaves in the zeroed page.  No barrier: the flag is a hint about
 * whether the ring will be serviced, not a guard for ring contents.
 *
 * Context: any context.
 * Return: the raw byte; values other than 0 and 1 are not interpreted.
 */
u8 xencons_ring_connection(const struct xencons_interface *intf)
{
	return READ_ONCE(intf->connection);
}
