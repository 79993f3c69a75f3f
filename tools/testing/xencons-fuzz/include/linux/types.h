/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/types.h>: the kernel's fixed-size types. */
#ifndef _XENCONS_FUZZ_LINUX_TYPES_H
#define _XENCONS_FUZZ_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

#endif /* _XENCONS_FUZZ_LINUX_TYPES_H */
