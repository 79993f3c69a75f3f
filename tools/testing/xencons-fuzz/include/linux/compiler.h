/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/compiler.h>: READ_ONCE()/WRITE_ONCE() as
 * relaxed atomic accesses, i.e. one untorn load or store that the
 * compiler may neither merge nor repeat.
 */
#ifndef _XENCONS_FUZZ_LINUX_COMPILER_H
#define _XENCONS_FUZZ_LINUX_COMPILER_H

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#endif /* _XENCONS_FUZZ_LINUX_COMPILER_H */
