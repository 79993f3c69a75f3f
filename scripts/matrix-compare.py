#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the tables of several "make matrix" runs side by side.

    scripts/matrix-compare.py [LABEL=]TABLE...

Each TABLE is a build/matrix/table-*.md that scripts/matrix.sh wrote (its
first line names the kernel and the Xen); LABEL heads its column (default
"run N").  Prints one Markdown table: a row per matrix row, a column per
run with its result and wall seconds ("–" where that run did not have the
row), then each run's heading and totals.
"""
import os
import sys


def read_table(path):
    with open(path) as f:
        lines = f.read().splitlines()
    heading = lines[0] if lines else path
    rows = {}
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or cells[0] in ("row", "---"):
            continue
        rows[cells[0]] = {"what": cells[1], "result": cells[2], "wall": cells[3]}
    return heading, rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip())
    labels, paths = [], []
    for i, arg in enumerate(sys.argv[1:]):
        label, sep, path = arg.partition("=")
        labels.append(label if sep else "run %d" % (i + 1))
        paths.append(path if sep else arg)
    runs = [read_table(p) for p in paths]
    # The order of scripts/matrix.rows, then any row it does not list.
    order = []
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "matrix.rows")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                order.append(line.split("|")[0].strip())
    order = [r for r in order if any(r in rows for _, rows in runs)]
    for _, rows in runs:
        order += [r for r in rows if r not in order]
    print("| row | what | " + " | ".join(labels) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in runs) + " |")
    for r in order:
        what = next(rows[r]["what"] for _, rows in runs if r in rows)
        cells = []
        for _, rows in runs:
            c = rows.get(r)
            cells.append("%s (%s s)" % (c["result"], c["wall"]) if c else "–")
        print("| %s | %s | %s |" % (r, what, " | ".join(cells)))
    print()
    for i, (heading, rows) in enumerate(runs):
        counts = {}
        for c in rows.values():
            counts[c["result"]] = counts.get(c["result"], 0) + 1
        total = ", ".join("%d %s" % (n, res) for res, n in sorted(counts.items()))
        print("- %s: %s: %s" % (labels[i], heading, total))


if __name__ == "__main__":
    main()
