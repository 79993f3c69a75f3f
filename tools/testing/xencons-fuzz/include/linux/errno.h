/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/errno.h>.  Values only: the C library's
 * <errno.h> itself includes <linux/errno.h>, so this must not include it.
 */
#ifndef _XENCONS_FUZZ_LINUX_ERRNO_H
#define _XENCONS_FUZZ_LINUX_ERRNO_H

#define EIO		5
#define EAGAIN		11
#define ENODEV		19
#define EINVAL		22

#endif /* _XENCONS_FUZZ_LINUX_ERRNO_H */
