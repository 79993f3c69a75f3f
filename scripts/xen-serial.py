#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a Xen serial log as the harness writes it (scripts/xenboot.sh: each
line "[ SECONDS] TEXT") and print one stream of it, without the timestamps.

  xen-serial.py dom0 FILE     what dom0 (the hardware domain) wrote, with
                              Xen's own messages that landed inside one of
                              its lines taken out and the two halves joined
  xen-serial.py domain N FILE what domain N wrote through CONSOLEIO_write
                              (Xen prints each of its lines whole, after
                              "(dN) "), one line per line

Xen writes dom0's bytes to the serial line as they come, while its own
printk starts "(XEN) " on a line of its own only when its last message
ended; so a message of Xen's (such as "uart interrupt taking more than 4ms,
switched to polling") can land in the middle of one of dom0's lines:
"hvcseq 000123 ab(XEN) uart ...\\n" and then "cd...\\n".  Such a message is
not dom0's output: "dom0" removes it (up to its newline) and joins dom0's
text before it to the next line.  Nothing else is changed, so a byte of
dom0's that is missing or wrong stays so, and the checker still sees it.
On stderr: each message taken out ("xen-serial: ignored: (XEN) ..."),
then one line saying how many.
"""
import re
import sys

STAMP = re.compile(r'^\[ *[0-9]+\.[0-9]+\] ')
XEN = '(XEN) '


def lines_of(path):
    with open(path, 'rb') as f:
        for raw in f:
            line = raw.decode('utf-8', 'surrogateescape').rstrip('\n')
            yield STAMP.sub('', line, count=1)


def dom0(path, out):
    inserted = 0
    pending = ''
    for line in lines_of(path):
        line = pending + line
        pending = ''
        at = line.find(XEN)
        if at > 0:
            # Xen's message runs to the end of this serial line; dom0's
            # text before it goes on at the start of the next one.
            inserted += 1
            pending = line[:at]
            sys.stderr.write('xen-serial: ignored: %s\n' % line[at:])
            continue
        out.write(line + '\n')
    if pending:
        out.write(pending + '\n')
    return inserted


def domain(domid, path, out):
    prefix = '(d%d) ' % domid
    n = 0
    for line in lines_of(path):
        if line.startswith(prefix):
            out.write(line[len(prefix):] + '\n')
            n += 1
    return n


def main(argv):
    # Bytes that are not UTF-8 go out as they came in, whatever the locale.
    sys.stdout.reconfigure(errors='surrogateescape')
    sys.stderr.reconfigure(errors='surrogateescape')
    out = sys.stdout
    if len(argv) == 3 and argv[1] == 'dom0':
        n = dom0(argv[2], out)
        sys.stderr.write('xen-serial: %d Xen message%s inside dom0 lines ignored\n'
                         % (n, '' if n == 1 else 's'))
        return 0
    if len(argv) == 4 and argv[1] == 'domain' and argv[2].isdigit():
        n = domain(int(argv[2]), argv[3], out)
        sys.stderr.write('xen-serial: %d lines of (d%s)\n' % (n, argv[2]))
        return 0
    sys.stderr.write('usage: xen-serial.py dom0 FILE | domain N FILE\n')
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
