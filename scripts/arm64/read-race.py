#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show on the host why dom0's old wait_word lost the first character.

Busybox sh reads lines from a pty, as dom0-arm64.sh does from /dev/hvc0,
while this script types numbered lines at random moments.  "window" is
the old loop (a "read -t" of a short, fixed window, again and again);
"budget" is wait_word's loop now (each read gets what is left of one
budget).  Prints how many lines arrived without their first characters;
exits 1 when any did.

    scripts/arm64/read-race.py window 0.02 500   # loses some
    scripts/arm64/read-race.py budget 60 500     # loses none
"""
import os
import pty
import random
import subprocess
import sys
import time

LOOPS = {
    "window": 'while :; do if read -t {t} -r line <&5; then '
              'echo "GOT <$line>"; [ "$line" = end ] && exit; fi; done',
    "budget": 't_end=$(($(date +%s) + {t}))\n'
              'while left=$((t_end - $(date +%s))); [ "$left" -gt 0 ]; do '
              'if read -t "$left" -r line <&5; then '
              'echo "GOT <$line>"; [ "$line" = end ] && exit; fi; done',
}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in LOOPS:
        sys.exit(f"usage: {sys.argv[0]} window|budget SECONDS LINES")
    mode, secs, lines = sys.argv[1], sys.argv[2], int(sys.argv[3])
    master, slave = pty.openpty()
    script = "exec 5<$TTY\n" + LOOPS[mode].format(t=secs)
    sh = subprocess.Popen(["busybox", "sh", "-c", script], text=True,
                          env={"TTY": os.ttyname(slave), "PATH": "/usr/bin:/bin"},
                          stdout=subprocess.PIPE)
    time.sleep(0.3)
    for i in range(lines):
        os.write(master, b"abcdef%04d\n" % i)
        time.sleep(random.uniform(0.005, 0.06))
    os.write(master, b"end\n")
    got = sh.communicate(timeout=120)[0].splitlines()
    cut = [g for g in got if not g.startswith(("GOT <abcdef", "GOT <end>"))]
    print(f"{mode} {secs} s: {len(got) - 1} of {lines} lines read, "
          f"{len(cut)} without their first characters {cut[:3]}")
    sys.exit(1 if cut or len(got) != lines + 1 else 0)


if __name__ == "__main__":
    main()
