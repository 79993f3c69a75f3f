#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the two "island" diffs of each base's series.

The commit of group 0005 rebuilds the primary console on the ring core and
the output policy, but keeps the xenbus consoles and the early console as
they were in the base tree: their code, moved as it is into our hvc_xen.c
("islands"), with the old helpers they use.  The next groups replace each
island by our file (hvc_xen_frontend.c, hvc_xen_early.c), so that every
commit is a step a reviewer can follow and every commit works.

Both diffs are made from our files and the base tree's own hvc_xen.c, so
they are rewritten, not edited, whenever either changes:

  scripts/series-islands.py            every base with a tree in build/
  scripts/series-islands.py 6.1 ...    those bases

Per base (patches/ for mainline, patches/<base>/ otherwise):
  hvc-xen-early-island.diff     our hvc_xen.c before group 0015 -> the same
                                plus the base's early console and the old
                                write path it uses
  hvc-xen-frontend-island.diff  -> plus the base's xenbus consoles
Group 0005 applies both; group 0014 reverts the frontend one, 0016 the
early one.  Needs the base trees (scripts/base-tree.sh) for the pristine
hvc_xen.c.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
HVC = "drivers/tty/hvc"
FILE = HVC + "/hvc_xen.c"
# Our features that later groups add, reverted in this order (the reverse
# of the order the series applies them) to get hvc_xen.c as group 0005
# leaves it, before the islands.
LATER = ["hvc-xen-lossless-secondaries.diff", "hvc-xen-boot-hold.diff",
         "hvc-xen-consoleio.diff"]
# The base's console id fix, applied before group 0005.
DEVID_FIX = "0011-hvc-xen-take-the-xenbus-console-id-from-the-whole-no.patch"


def die(msg):
    sys.exit("series-islands: error: " + msg)


def run(args, cwd=None, stdin=None):
    r = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True,
                       text=True)
    if r.returncode != 0:
        die("%s failed: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def region(text, start, end, what):
    """text[start .. end], both included; each must occur once."""
    if text.count(start) != 1:
        die("%s: %r found %d times" % (what, start, text.count(start)))
    i = text.index(start)
    j = text.index(end, i) + len(end)
    return text[i:j]


def our_file_before_islands():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, HVC))
        for f in ("hvc_xen.c", "hvc_xen.h", "hvc_xen_early.c"):
            with open(os.path.join(ROOT, HVC, f)) as src, \
                    open(os.path.join(tmp, HVC, f), "w") as dst:
                dst.write(src.read())
        for d in LATER:
            run(["git", "apply", "-R", os.path.join(ROOT, "patches", d)],
                cwd=tmp)
        with open(os.path.join(tmp, FILE)) as f:
            return f.read()


def base_file(base):
    tree = os.path.join(BUILD, "kernel", base, "linux")
    if not os.path.isdir(tree):
        die("no tree for %s at %s: run KERNEL=%s scripts/base-tree.sh"
            % (base, tree, base))
    old = run(["git", "-C", tree, "show", "base:" + FILE])
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, HVC))
        with open(os.path.join(tmp, FILE), "w") as f:
            f.write(old)
        run(["git", "apply", os.path.join(ROOT, "patches", DEVID_FIX)],
            cwd=tmp)
        with open(os.path.join(tmp, FILE)) as f:
            return f.read()


def islands(old, base):
    w = "%s hvc_xen.c" % base
    # The old console list and struct, then the old write path; the read
    # path and hv_ops only the xenbus consoles use.
    types = region(old, "#define HVC_COOKIE",
                   "static DEFINE_SPINLOCK(xencons_lock);\n", w)
    devid = region(old, "static inline int xenbus_devid_to_vtermno",
                   "\n}\n", w)
    lookup = region(old, "static struct xencons_info *vtermno_to_xencons",
                    "\n}\n", w)
    notify = region(old, "static inline void notify_daemon", "\n}\n", w)
    write = region(old, "static ssize_t __write_console" if
                   "static ssize_t __write_console" in old else
                   "static int __write_console", "\n}\n", w)
    i = old.index("\n\nstatic ", old.index(write) + len(write) - 3) + 2
    domu_write = old[i:old.index("\n}\n", i) + 3]
    if "domU_write_console(" not in domu_write.split("\n")[0]:
        die("%s: domU_write_console() does not follow __write_console()" % w)
    read = region(old, "domU_read_console(", "\n}\n", w)
    read = old[old.rindex("\n", 0, old.index(read)) + 1:old.index(read)] + read
    ops = region(old, "static const struct hv_ops domU_hvc_ops = {",
                 "\n};\n", w)
    dom0_write = region(old, "dom0_write_console(uint32_t vtermno, const",
                        "\n}\n", w)
    dom0_write = old[old.rindex("\n", 0, old.index(dom0_write)) + 1:
                     old.index(dom0_write)] + dom0_write
    pv_init = region(old, "static int xencons_info_pv_init(", "\n}\n", w)
    frontend = region(old, "#ifdef CONFIG_HVC_XEN_FRONTEND\n"
                      "static void xencons_disconnect_backend",
                      "#endif /* CONFIG_HVC_XEN_FRONTEND */\n", w)
    early = old[old.index("#ifdef CONFIG_X86\n"
                          "static void xen_hvm_early_write"):]
    # Our hvc_xen.h registers the driver by its name, from xen_hvc_init().
    drv = "static struct xenbus_driver xencons_driver = {"
    if frontend.count(drv) != 1:
        die("%s: no %r" % (w, drv))
    frontend = frontend.replace(drv, drv[len("static "):])
    # xencons_info_pv_init() serves only earlyprintk=xen now.
    ep = "#ifdef CONFIG_EARLY_PRINTK\n"
    if early.count(ep) != 1:
        die("%s: no %r" % (w, ep))
    early = early.replace(ep, ep + pv_init + "\n")
    # In the base's order, so that the commit of group 0005 shows them as
    # unchanged lines.
    head_early = [types, lookup, notify, write, domu_write]
    head_frontend = ["#ifdef CONFIG_HVC_XEN_FRONTEND\n" + devid, read,
                     ops + "#endif /* CONFIG_HVC_XEN_FRONTEND */\n"]
    return head_early, head_frontend, [dom0_write], frontend, early


# Headers the early island needs that our hvc_xen.c does not include,
# each put before the first of ours that sorts after it.
EARLY_INCLUDES = ["#include <linux/console.h>\n",
                  "#include <linux/serial_core.h>\n"]


def add_includes(s, incs):
    for inc in incs:
        lines = s.split("\n")
        ours = [i for i, l in enumerate(lines) if l.startswith("#include <linux/")]
        if not ours:
            die("our hvc_xen.c has no #include <linux/...>")
        at = next((i for i in ours if lines[i] + "\n" > inc), ours[-1] + 1)
        lines.insert(at, inc.rstrip("\n"))
        s = "\n".join(lines)
    return s


def place(ours, head, frontend, early):
    anchor = '#include "xencons_ring.h"\n\n'
    anchor2 = "/* ---- for the xenbus consoles: device ids, console list ---- */"
    for a in (anchor, anchor2):
        if ours.count(a) != 1:
            die("our hvc_xen.c: %r found %d times" % (a, ours.count(a)))
    s = ours.replace(anchor, anchor + head)
    if frontend:
        s = s.replace(anchor2, frontend + "\n" + anchor2)
    return add_includes(s, EARLY_INCLUDES) + "\n" + early


def udiff(a, b, note):
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        with open(pa, "w") as f:
            f.write(a)
        with open(pb, "w") as f:
            f.write(b)
        r = subprocess.run(["diff", "-u", "--label", "a/" + FILE, "--label",
                            "b/" + FILE, pa, pb], capture_output=True,
                           text=True)
        if r.returncode != 1:
            die("diff failed")
        return (note + "\n\ndiff --git a/%s b/%s\n" % (FILE, FILE) +
                r.stdout)


def main():
    bases = sys.argv[1:] or [b for b in ("mainline", "6.12", "6.1") if
                             os.path.isdir(os.path.join(BUILD, "kernel", b,
                                                        "linux"))]
    s1 = our_file_before_islands()
    for base in bases:
        old = base_file(base)
        head_early, head_fe, tail, frontend, early = islands(old, base)
        t1 = place(s1, "\n".join(head_early + tail) + "\n", "", early)
        t0 = place(s1, "\n".join(head_early + head_fe + tail) + "\n",
                   frontend, early)
        out = os.path.join(ROOT, "patches") if base == "mainline" else \
            os.path.join(ROOT, "patches", base)
        gen = ("Made by scripts/series-islands.py from our hvc_xen.c and "
               "%s's;\nrerun it, do not edit.  " % base)
        with open(os.path.join(out, "hvc-xen-early-island.diff"), "w") as f:
            f.write(udiff(s1, t1, gen + "The early console of %s and the "
                          "old write path it uses,\nkept by group 0005, "
                          "replaced by group 0016." % base))
        with open(os.path.join(out, "hvc-xen-frontend-island.diff"),
                  "w") as f:
            f.write(udiff(t1, t0, gen + "The xenbus consoles of %s, kept "
                          "by group 0005,\nreplaced by group 0014." % base))
        print("series-islands: %s: wrote %s/hvc-xen-{early,frontend}-"
              "island.diff" % (base, os.path.relpath(out, ROOT)))


main()
