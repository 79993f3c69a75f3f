/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the parts of <linux/kernel.h> the harness uses. */
#ifndef _XENCONS_FUZZ_LINUX_KERNEL_H
#define _XENCONS_FUZZ_LINUX_KERNEL_H

#include <linux/minmax.h>
#include <linux/types.h>

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))

#endif /* _XENCONS_FUZZ_LINUX_KERNEL_H */
