/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console ring page (Xen public io/console.h) for userspace: the
 * one definition of its layout that our tools use (tools/xen/xencons-ctl
 * in dom0, and the xencons-fuzz build of the ring core and policy).  Two
 * byte rings with free-running 32-bit indices, then the backend's
 * connection byte, which Xen 4.21 added and which Debian's Xen 4.17
 * headers (libxen-dev) lack.  The asserts pin the offsets Xen's header
 * and the kernel's copy give.
 */
#ifndef _XENCONS_TOOLS_XEN_IO_CONSOLE_H
#define _XENCONS_TOOLS_XEN_IO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Values of the connection byte; a zeroed page reads as connected. */
#define XENCONSOLE_CONNECTED	0
#define XENCONSOLE_DISCONNECTED	1

struct xencons_interface {
	char in[1024];
	char out[2048];
	uint32_t in_cons;
	uint32_t in_prod;
	uint32_t out_cons;
	uint32_t out_prod;
	uint8_t connection;
};

_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084,
	       "xencons_interface: indices after in[1024] and out[2048]");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088,
	       "xencons_interface: connection byte right after out_prod");

#endif /* _XENCONS_TOOLS_XEN_IO_CONSOLE_H */
