/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/stddef.h>. */
#ifndef _XENCONS_FUZZ_LINUX_STDDEF_H
#define _XENCONS_FUZZ_LINUX_STDDEF_H

#include <stddef.h>

/* Size of @member of @type, without an object of that type. */
#define sizeof_field(type, member)	sizeof(((type *)NULL)[0].member)

#endif /* _XENCONS_FUZZ_LINUX_STDDEF_H */
