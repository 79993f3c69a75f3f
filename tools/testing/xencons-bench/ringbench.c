// SPDX-License-Identifier: GPL-2.0
/*
 * xencons-ringbench: the console ring write path, for instruction counts
 * with callgrind (scripts/bench.sh runs it, "make bench").
 *
 * Two ways to put LEN bytes into the out ring of a struct
 * xencons_interface:
 *   ring      xencons_ring_write() of drivers/tty/hvc/xencons_ring.c,
 *             compiled unchanged in userspace against the header shims;
 *   bytewise  the reference, bench_bytewise_write() of bytewise.c: one
 *             byte per iteration, the free-running index masked on every
 *             store, the way the unmodified Debian 6.1 driver fills the
 *             ring.
 *
 * usage: xencons-ringbench ring|bytewise LEN COUNT
 *
 * Makes COUNT writes of LEN (1..2048) bytes.  Before each one the ring is
 * empty and its indices start at a new offset (i * 37 mod 2048), so long
 * writes wrap around the end of the ring in a fixed, repeatable share of
 * the calls.  Every write is checked (count and bytes) outside the
 * measured function; the program prints one line and exits 0 only if all
 * were right.  Count one implementation with
 *   valgrind --tool=callgrind --toggle-collect=xencons_ring_write ...
 *   valgrind --tool=callgrind --toggle-collect=bench_bytewise_write ...
 * which collects the instructions executed inside that function and its
 * callees (memcpy) only.
 *
 * Built with the kernel's code generation flags (see the Makefile), so
 * the compiler may not use vector registers here either.  With
 * BENCH_KERNEL_MEMCPY the program also carries its own memcpy(), modelled
 * on the kernel's x86_64 one for CPUs with fast string moves: 8-byte
 * string moves, then the tail.  Without it, the C library's is used.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "xencons_ring.h"
#include "bytewise.h"

#define BENCH_OFFSET_STEP	37

#ifdef BENCH_KERNEL_MEMCPY
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t words = n >> 3;
	size_t tail = n & 7;

	asm volatile("rep movsq"
		     : "+D" (dst), "+S" (src), "+c" (words) : : "memory");
	asm volatile("rep movsb"
		     : "+D" (dst), "+S" (src), "+c" (tail) : : "memory");
	return ret;
}
#endif

/* The ring must hold @buf at free-running index @start. */
static int bench_check(const struct xencons_interface *intf, u32 start,
		       const char *buf, unsigned int len)
{
	const u32 size = sizeof(intf->out);
	unsigned int i;

	if (intf->out_prod != start + len)
		return -1;
	for (i = 0; i < len; i++)
		if (intf->out[(start + i) & (size - 1)] != buf[i])
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct xencons_interface intf;
	static char buf[sizeof(intf.out)];
	unsigned long count, i;
	unsigned int len;
	int bytewise;

	if (argc != 4 || (strcmp(argv[1], "ring") && strcmp(argv[1], "bytewise"))) {
		fprintf(stderr, "usage: %s ring|bytewise LEN COUNT\n", argv[0]);
		return 2;
	}
	bytewise = !strcmp(argv[1], "bytewise");
	len = strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	if (!len || len > sizeof(intf.out) || !count) {
		fprintf(stderr, "LEN must be 1..%zu, COUNT > 0\n", sizeof(intf.out));
		return 2;
	}
	for (i = 0; i < len; i++)
		buf[i] = 'a' + i % 26;

	for (i = 0; i < count; i++) {
		/* A drained ring, at a new offset; high bits set too. */
		u32 start = 0xfff00000u + i * BENCH_OFFSET_STEP % sizeof(intf.out);
		int n;

		intf.out_cons = start;
		intf.out_prod = start;
		if (bytewise)
			n = bench_bytewise_write(&intf, buf, len);
		else
			n = xencons_ring_write(&intf, buf, len);
		if (n != (int)len || bench_check(&intf, start, buf, len)) {
			fprintf(stderr, "%s: write %lu of %u bytes at %u: got %d\n",
				argv[1], i, len, start, n);
			return 1;
		}
	}
	printf("ok %s len=%u count=%lu\n", argv[1], len, count);
	return 0;
}
