/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/string.h>: the C library's memcpy() etc. */
#ifndef _XENCONS_FUZZ_LINUX_STRING_H
#define _XENCONS_FUZZ_LINUX_STRING_H

#include <string.h>

#endif /* _XENCONS_FUZZ_LINUX_STRING_H */
