/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console ring page (Xen public io/console.h) for the userspace
 * build, written out with the layout of the kernel's copy: two byte rings
 * with free-running 32-bit indices, then the backend's connection byte.
 */
#ifndef _XENCONS_FUZZ_XEN_IO_CONSOLE_H
#define _XENCONS_FUZZ_XEN_IO_CONSOLE_H

#include <linux/stddef.h>
#include <linux/types.h>

/* Values of the connection byte; a zeroed page reads as connected. */
#define XENCONSOLE_CONNECTED	0
#define XENCONSOLE_DISCONNECTED	1

struct xencons_interface {
	char in[1024];
	char out[2048];
	u32 in_cons;
	u32 in_prod;
	u32 out_cons;
	u32 out_prod;
	u8 connection;
};

_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084,
	       "xencons_interface: indices after in[1024] and out[2048]");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088,
	       "xencons_interface: connection byte right after out_prod");

#endif /* _XENCONS_FUZZ_XEN_IO_CONSOLE_H */
