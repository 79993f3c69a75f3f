#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Figures of a base's applied series (base..series in its tree).

  scripts/series-stats.py TREE

Per commit: lines added and deleted in files that existed before it (the
review cost the issue tracker caps at 300 a commit), lines of new files,
the lines it adds that a later commit of the series deletes or rewrites
(git blame of the series head, following moves and copies), and whether
it carries a Fixes: tag.  Then the totals, the fixes (commits with a
Fixes: tag, which must come first), and the driver's size: non-test lines
of our files in drivers/tty/hvc at the head against the base's hvc_xen.c.
Exit status 0; the figures are for reading and for make check's log.
"""
import collections
import re
import subprocess
import sys

if len(sys.argv) != 2:
    sys.exit("usage: series-stats.py TREE")
TREE = sys.argv[1]
HVC = "drivers/tty/hvc/"
# Our driver's files (not the KUnit file, not the docs).
DRIVER = re.compile(r"^drivers/tty/hvc/(hvc_xen[^/]*|xencons_(?!test)[^/]*)\.[ch]$")


def git(*args):
    return subprocess.run(["git", "-C", TREE] + list(args), check=True,
                          capture_output=True, text=True).stdout


commits = git("rev-list", "--reverse", "base..series").split()
index = {c: i for i, c in enumerate(commits)}
rows = []
for c in commits:
    subj = git("log", "-1", "--format=%s", c).strip()
    body = git("log", "-1", "--format=%B", c)
    fixes = bool(re.search(r"^Fixes: [0-9a-f]{12,} \(\"", body, re.M))
    old_add = old_del = new_add = 0
    # --no-renames: a moved file counts as deleted and added (a move is
    # reviewed as one, in a commit of its own).
    for line in git("diff", "--numstat", "--no-renames", c + "^", c).splitlines():
        a, d, path = line.split("\t", 2)
        if a == "-":
            continue
        existed = subprocess.run(["git", "-C", TREE, "cat-file", "-e",
                                  "%s^:%s" % (c, path)],
                                 capture_output=True).returncode == 0
        if existed:
            old_add += int(a)
            old_del += int(d)
        else:
            new_add += int(a)
    rows.append({"c": c, "subj": subj, "fixes": fixes, "old_add": old_add,
                 "old_del": old_del, "new_add": new_add})

# Lines of the head attributed to each commit: what survives of it.
surviving = collections.Counter()
changed = git("diff", "--name-only", "base", "series").split()
head_files = set(git("ls-tree", "-r", "--name-only", "series").split())
for path in changed:
    if path not in head_files:
        continue
    out = git("blame", "-M", "-C", "--line-porcelain", "base..series", "--", path)
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]{40}) \d+ \d+", line)
        if m and m.group(1) in index:
            surviving[m.group(1)] += 1

print("%-3s %-62s %9s %6s %9s %5s" % ("#", "commit", "existing", "new", "added-del", "Fixes"))
tot = collections.Counter()
for i, r in enumerate(rows, 1):
    added = r["old_add"] + r["new_add"]
    lost = max(added - surviving[r["c"]], 0)
    r["lost"] = lost
    flag = " >300" if r["old_add"] + r["old_del"] > 300 else ""
    print("%-3d %-62.62s %+5d/-%-4d %6d %9d %5s%s" % (
        i, r["subj"], r["old_add"], r["old_del"], r["new_add"], lost,
        "yes" if r["fixes"] else "", flag))
    for k in ("old_add", "old_del", "new_add", "lost"):
        tot[k] += r[k]
print("series: %d commits; existing files +%d/-%d, new files %d lines; "
      "lines added then deleted or rewritten by a later commit: %d" % (
          len(rows), tot["old_add"], tot["old_del"], tot["new_add"], tot["lost"]))
big = [str(i) for i, r in enumerate(rows, 1) if r["old_add"] + r["old_del"] > 300]
print("commits changing more than 300 lines of existing files: %s" % (", ".join(big) or "none"))
nfix = sum(r["fixes"] for r in rows)
first_other = next((i for i, r in enumerate(rows) if not r["fixes"]), len(rows))
late = [str(i + 1) for i, r in enumerate(rows) if r["fixes"] and i > first_other]
print("fixes (Fixes: tag): %d, %s" % (nfix, "all before the other commits" if not late
                                      else "after other commits: " + ", ".join(late)))


def driver_lines(rev):
    n = 0
    for path in git("ls-tree", "-r", "--name-only", rev, "--", HVC).split():
        if DRIVER.match(path):
            n += git("show", "%s:%s" % (rev, path)).count("\n")
    return n


print("driver (our files in %s, KUnit file apart): %d lines at the head, %d in the base" % (
    HVC, driver_lines("series"), driver_lines("base")))
