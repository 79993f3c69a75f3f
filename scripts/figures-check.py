#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every figure our texts state about sizes, times and defaults is the code's.

  scripts/figures-check.py TREE [COVER]     check base..series of TREE
  scripts/figures-check.py TREE --text FILE check FILE against the head

Checked: each commit message of the series against the code of that
commit; the head's Documentation/driver-api/tty/hvc_xen.rst, its
hvc_xen.* entries of Documentation/admin-guide/kernel-parameters.txt, the cover
letter (patches/cover-letter.txt, or COVER) and README.md against the
head.  The code's
values are read from the tree: the module parameters' defaults in
hvc_xen.c (hold_kib, boot_hold_kib, stall_ms), XENCONS_HOLD_KIB_MAX, the
early buffer (XENCONS_EARLY_HOLD), the poll interval bounds
(XENCONS_OUT_POLL_MIN_MS, XENCONS_OUT_POLL_MAX_MS) and the report budget
(XENCONS_OUT_REPORT_BURST, XENCONS_OUT_REPORT_SECS).  A text states a
figure in one of the forms below; a form that gives a cost the checker
cannot derive ("costs N KiB more") fails too.  Exit status 1 on any
mismatch, each named with its text and the code's value.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = "Documentation/driver-api/tty/hvc_xen.rst"
PARAMS = "Documentation/admin-guide/kernel-parameters.txt"


def git(tree, *args):
    r = subprocess.run(["git", "-C", tree] + list(args), capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def values(tree, rev):
    """The code's figures at rev; a name the code lacks there is absent."""
    v = {}
    src = (git(tree, "show", rev + ":drivers/tty/hvc/hvc_xen.c") or "") + \
        (git(tree, "show", rev + ":drivers/tty/hvc/xencons_out.h") or "")
    for name in ("hold_kib", "boot_hold_kib", "stall_ms"):
        m = re.search(r"^static unsigned int %s = (\d+);" % name, src, re.M)
        if m:
            v[name] = int(m.group(1))
    for name, define, div in (("hold_max", "XENCONS_HOLD_KIB_MAX", 1),
                              ("early_kib", "XENCONS_EARLY_HOLD", 1024),
                              ("poll_min_ms", "XENCONS_OUT_POLL_MIN_MS", 1),
                              ("poll_max_ms", "XENCONS_OUT_POLL_MAX_MS", 1),
                              ("report_burst", "XENCONS_OUT_REPORT_BURST", 1),
                              ("report_secs", "XENCONS_OUT_REPORT_SECS", 1)):
        m = re.search(r"^#define %s\s+(\d+)" % define, src, re.M)
        if m:
            v[name] = int(m.group(1)) // div
    return v


P = r"(?:hvc_xen\.)?"
# (form, the figures its groups give, in order); a figure is a value name
# or a sum "a+b".  The text is searched with its line breaks as spaces
# and without backquotes (rst ``x`` and Markdown `x` alike).
FORMS = [
    (r"(?<!boot_)" + P + r"hold_kib=?,? \((?:default )?(\d+)(?: KiB)?[,)]", ["hold_kib"]),
    (r"(?<!boot_)" + P + r"hold_kib\)?, default (\d+)", ["hold_kib"]),
    (P + r"boot_hold_kib=?,? \((?:default )?(\d+)(?: KiB)?[,)]", ["boot_hold_kib"]),
    (P + r"boot_hold_kib\)?, default (\d+)", ["boot_hold_kib"]),
    (P + r"boot_hold_kib KiB \(default (\d+)", ["boot_hold_kib"]),
    (P + r"stall_ms=?,? \((?:default )?(\d+)[,)]", ["stall_ms"]),
    (r"(?<!boot_)hold_kib= \(default \d+, read-only, at most (\d+)\)", ["hold_max"]),
    (r"boot_hold_kib= \(default \d+, read-only, at most (\d+)\)", ["hold_max"]),
    (r"static (\d+) KiB (?:early |hold )?buffer", ["early_kib"]),
    (r"(\d+) KiB static early buffer", ["early_kib"]),
    (r"the (\d+) KiB boot hold", ["boot_hold_kib"]),
    (r"boot hold of (\d+) KiB", ["boot_hold_kib"]),
    (r"boot_hold_kib \+ (\d+) KiB \((\d+) KiB\)", ["early_kib", "boot_hold_kib+early_kib"]),
    (r"(?<!boot_)hold_kib \+ (\d+) KiB \((\d+) KiB\)", ["early_kib", "hold_kib+early_kib"]),
    (r"(\d+) KiB and the (\d+) KiB after it", ["hold_kib", "early_kib"]),
    (r"(\d+) KiB per secondary console", ["hold_kib"]),
    (r"(\d+) KiB\) after it, and per secondary console", ["hold_kib"]),
    (r"(\d+) ms poll", ["poll_min_ms"]),
    (r"(\d+) ms after the first write", ["poll_min_ms"]),
    (r"up to half a second", ["=500:poll_max_ms"]),
    (r"XENCONS_OUT_REPORT_BURST \((\d+)\)", ["report_burst"]),
    (r"XENCONS_OUT_REPORT_SECS \((\d+)\)", ["report_secs"]),
    (r"at most (\d+) in a window of (\d+) s", ["report_burst", "report_secs"]),
    # kernel-parameters.txt
    (r"hvc_xen\.hold_kib= \[XEN\] Format: <unsigned int> \(at most (\d+)\).{0,200}?Default: (\d+)",
     ["hold_max", "hold_kib"]),
    (r"hvc_xen\.boot_hold_kib= \[XEN\] Format: <unsigned int> \(at most (\d+)\).{0,200}?Default: (\d+)",
     ["hold_max", "boot_hold_kib"]),
    (r"hvc_xen\.stall_ms= \[XEN\] Format: <unsigned int> .{0,200}?Default: (\d+)", ["stall_ms"]),
]
UNDERIVABLE = [r"costs \d+ KiB more"]


def check(text, vals, where):
    flat = re.sub(r"\s+", " ", text).replace("`", "")
    bad = []
    n = 0
    for form, figs in FORMS:
        for m in re.finditer(form, flat):
            for i, fig in enumerate(figs):
                if fig.startswith("="):
                    stated, fig = int(fig[1:].split(":")[0]), fig.split(":")[1]
                else:
                    stated = int(m.group(i + 1))
                names = fig.split("+")
                if any(x not in vals for x in names):
                    bad.append("%s: \"%s\" names %s, which the code there does not have"
                               % (where, m.group(0), fig))
                    continue
                want = sum(vals[x] for x in names)
                n += 1
                if stated != want:
                    bad.append("%s: \"%s\" says %d, the code's %s is %d"
                               % (where, m.group(0), stated, fig, want))
    for form in UNDERIVABLE:
        for m in re.finditer(form, flat):
            bad.append("%s: \"%s\": a cost the code does not state; give the parts"
                       % (where, m.group(0)))
    return n, bad


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    tree = args.pop(0)
    head = values(tree, "series")
    checked, bad = 0, []
    if args[:1] == ["--text"]:
        for f in args[1:]:
            n, b = check(open(f).read(), head, f)
            checked, bad = checked + n, bad + b
    else:
        cover = args[0] if args else os.path.join(ROOT, "patches", "cover-letter.txt")
        for c in git(tree, "rev-list", "--reverse", "base..series").split():
            msg = git(tree, "log", "-1", "--format=%B", c)
            n, b = check(msg, values(tree, c), "commit \"%s\"" % msg.splitlines()[0])
            checked, bad = checked + n, bad + b
        params = re.findall(r"^\thvc_xen\..*?(?=\n\n)", git(tree, "show", "series:" + PARAMS) or "",
                            re.M | re.S)
        for where, text in ((DOC, git(tree, "show", "series:" + DOC) or ""),
                            (PARAMS, "\n\n".join(params)),
                            (os.path.relpath(cover, ROOT), open(cover).read()),
                            ("README.md", open(os.path.join(ROOT, "README.md")).read())):
            n, b = check(text, head, where)
            checked, bad = checked + n, bad + b
    for b in bad:
        print("MISMATCH " + b)
    print("figures: %d checked against the code, %d wrong" % (checked, len(bad)))
    sys.exit(1 if bad else 0)


main()
