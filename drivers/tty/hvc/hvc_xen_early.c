// SPDX-License-Identifier: GPL-2.0+
/*
 * Xen console frontend: early console and raw output.
 *
 * earlyprintk=xen (xenboot_console), earlycon=xenboot and the
 * xen_raw_console_write()/xen_raw_printk() interfaces, built whenever
 * CONFIG_HVC_XEN is.  A PV domU's early output goes through the primary
 * console of hvc_xen.c; everything else writes straight to Xen.
 */

#include <linux/console.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/serial_core.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>

#include <asm/xen/hypervisor.h>

#include <xen/hvc-console.h>
#include <xen/xen.h>

#include "hvc_xen.h"
#include "xencons_out.h"

/* Xen's debug port, x86 only (the symbols are arch-specific). */
#ifdef CONFIG_X86
static void xen_hvm_early_write(const char *str, unsigned int len)
{
	if (xen_cpuid_base())
		outsb(0xe9, str, len);
}
#else
static void xen_hvm_early_write(const char *str, unsigned int len) { }
#endif

/**
 * xencons_write_all() - printk-path write of a whole buffer
 * @c: console
 * @buf: bytes
 * @len: number of bytes
 *
 * Waits, without @c->lock, at most hvc_xen.stall_ms in all for a full
 * ring; then forces the rest.  During an oops, xencons_write_oops().
 *
 * Context: any context; takes @c->lock.
 */
void xencons_write_all(struct xencons *c, const char *buf, unsigned int len)
{
	struct xencons_out_waiter w = {};
	unsigned long flags;
	bool force = false;
	int n;

	if (unlikely(oops_in_progress)) {
		xencons_write_oops(c, buf, len, panic_in_progress());
		return;
	}
	while (len) {
		spin_lock_irqsave(&c->lock, flags);
		n = xencons_out_write(&c->out, buf, len, force);
		spin_unlock_irqrestore(&c->lock, flags);
		if (!n && xencons_out_wait_more(&c->out, &w))
			xencons_out_wait(&c->out);
		else if (!n)
			force = true;
		buf += n;
		len -= n;
	}
}

/* LF -> CRLF on a length-bounded buffer; no NUL terminator assumed. */
static void xencons_write_crlf(struct xencons *c, const char *s,
			       unsigned int len)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		unsigned int seg = nl ? nl - s : len;

		xencons_write_all(c, s, seg);
		if (!nl)
			break;
		xencons_write_all(c, "\r\n", 2);
		s += seg + 1;
		len -= seg + 1;
	}
}

/*
 * earlyprintk=xen, registered by arch code (CONFIG_EARLY_PRINTK).  A PV
 * domU writes to its start_info ring through the primary console's
 * policy object, with the static early hold buffer: while the ring is
 * not serviced, the policy holds output and flushes it once the poll
 * timer runs (console_initcall onwards).
 * Everyone else uses CONSOLEIO_write, or port 0xe9 on HVM.
 */
static int __init xenboot_console_setup(struct console *console, char *string)
{
	struct xencons *c = &xencons_primary;

	/* Without a ring, writes fall back to the hypercall. */
	if (!xen_initial_domain() && xen_pv_domain() && !c->intf)
		xencons_primary_ring_init();
	return 0;
}

static void xenboot_write_console(struct console *console, const char *string,
				  unsigned int len)
{
	struct xencons *c = &xencons_primary;

	if (c->intf && c->hv_ops == &xencons_ring_hv_ops) {
		xencons_write_all(c, "(early) ", 8);
		xencons_write_crlf(c, string, len);
		return;
	}
	if (xencons_hypercall_write(string, len) >= 0)
		return;
	if (!xen_pv_domain())
		xen_hvm_early_write(string, len);
}

struct console xenboot_console = {
	.name		= "xenboot",
	.write		= xenboot_write_console,
	.setup		= xenboot_console_setup,
	.flags		= CON_PRINTBUFFER | CON_BOOT | CON_ANYTIME,
	.index		= -1,
};

/**
 * xen_raw_console_write() - write a string straight to Xen
 * @str: NUL-terminated string
 *
 * For the earliest boot code: CONSOLEIO_write, or Xen's debug port on
 * HVM when the hypercall fails.
 *
 * Context: any.
 */
void xen_raw_console_write(const char *str)
{
	size_t len = strlen(str);

	/* HVM domains that may not use the hypercall still have port 0xe9. */
	if (xen_domain() && (xencons_hypercall_write(str, len) >= 0 ||
			     !xen_hvm_domain()))
		return;
	xen_hvm_early_write(str, len);
}

/**
 * xen_raw_printk() - format and write a message straight to Xen
 * @fmt: printf format
 *
 * Formats on the stack, so concurrent callers cannot garble each other;
 * output longer than 256 bytes is truncated.
 *
 * Context: any.
 */
void xen_raw_printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	xen_raw_console_write(buf);
}

static void xenboot_earlycon_write(struct console *console,
				   const char *string, unsigned int len)
{
	xencons_hypercall_write(string, len);
}

static int __init xenboot_earlycon_setup(struct earlycon_device *device,
					 const char *opt)
{
	device->con->write = xenboot_earlycon_write;
	return 0;
}

EARLYCON_DECLARE(xenboot, xenboot_earlycon_setup);
