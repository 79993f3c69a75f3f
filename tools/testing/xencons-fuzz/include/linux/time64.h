/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/time64.h>: the unit constants. */
#ifndef _XENCONS_FUZZ_LINUX_TIME64_H
#define _XENCONS_FUZZ_LINUX_TIME64_H

#include <linux/math64.h>

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L

#endif /* _XENCONS_FUZZ_LINUX_TIME64_H */
