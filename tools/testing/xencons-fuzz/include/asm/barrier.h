/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <asm/barrier.h>: each barrier as a C11 fence at
 * least as strong as the kernel's (tools/include lacks the virt_*() ones).
 * The fuzz target runs guest and backend in one thread, so the fences
 * only keep the compiler from moving accesses across them.
 */
#ifndef _XENCONS_FUZZ_ASM_BARRIER_H
#define _XENCONS_FUZZ_ASM_BARRIER_H

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)	/* full */
#define rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)	/* loads */
#define wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)	/* stores */
#define smp_mb()	mb()	/* full */
#define smp_rmb()	rmb()	/* loads */
#define smp_wmb()	wmb()	/* stores */
#define virt_mb()	mb()	/* full, also against another domain */
#define virt_rmb()	rmb()	/* loads, also against another domain */
#define virt_wmb()	wmb()	/* stores, also against another domain */

#endif /* _XENCONS_FUZZ_ASM_BARRIER_H */
