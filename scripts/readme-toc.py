#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""README.md's table of contents: its "## " headings, in order.

  scripts/readme-toc.py           print the table
  scripts/readme-toc.py --write   put it between README.md's toc markers
  scripts/readme-toc.py --check   exit 1 unless the markers hold it
"""
import os
import re
import sys

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")
BEGIN, END = "<!-- toc:begin -->", "<!-- toc:end -->"


def anchor(title):
    """GitHub's anchor for a heading."""
    t = title.replace("`", "").lower()
    t = re.sub(r"[^\w\- ]", "", t)
    return t.replace(" ", "-")


def toc(text):
    out = []
    fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("## "):
            title = line[3:].strip()
            if title == "Contents":
                continue
            out.append("- [%s](#%s)" % (title, anchor(title)))
    return "\n".join(out) + "\n"


def main():
    text = open(README).read()
    want = toc(text)
    if sys.argv[1:] == ["--write"]:
        a, b = text.index(BEGIN) + len(BEGIN), text.index(END)
        open(README, "w").write(text[:a] + "\n" + want + text[b:])
    elif sys.argv[1:] == ["--check"]:
        m = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, re.S)
        if not m or m.group(1) != want:
            sys.exit("FAIL: README.md's table of contents is not its headings "
                     "(scripts/readme-toc.py --write)")
        print("PASS: README.md's table of contents lists its %d sections" % want.count("\n"))
    else:
        sys.stdout.write(want)


main()
