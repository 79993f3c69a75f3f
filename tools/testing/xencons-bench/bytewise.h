/* SPDX-License-Identifier: GPL-2.0 */
/* The byte-at-a-time reference ring write of xencons-ringbench. */
#ifndef _XENCONS_BENCH_BYTEWISE_H
#define _XENCONS_BENCH_BYTEWISE_H

#include <xen/interface/io/console.h>

int bench_bytewise_write(struct xencons_interface *intf, const char *buf,
			 unsigned int len);

#endif /* _XENCONS_BENCH_BYTEWISE_H */
