/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/minmax.h>.  Like the kernel's, min() and
 * max() evaluate each argument once and refuse (with -Werror) arguments
 * of different types; min_t()/max_t() convert both to @type first.
 */
#ifndef _XENCONS_FUZZ_LINUX_MINMAX_H
#define _XENCONS_FUZZ_LINUX_MINMAX_H

#define __xf_pick(a, b, op) ({				\
	typeof(a) __xf_a = (a);				\
	typeof(b) __xf_b = (b);				\
	(void)(&__xf_a == &__xf_b);			\
	__xf_a op __xf_b ? __xf_a : __xf_b; })

#define min(a, b)		__xf_pick(a, b, <)
#define max(a, b)		__xf_pick(a, b, >)
#define min_t(type, a, b)	__xf_pick((type)(a), (type)(b), <)
#define max_t(type, a, b)	__xf_pick((type)(a), (type)(b), >)

#endif /* _XENCONS_FUZZ_LINUX_MINMAX_H */
