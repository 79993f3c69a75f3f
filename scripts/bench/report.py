#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw benchmark lines into results.json, table.md and chart.dat.

Inputs (written by scripts/bench.sh):
  runs.txt  "BENCH-RUN w=WORKLOAD k=KERNEL rep=N key=value..." per real-Xen
            run (scripts/bench/dom0.sh says what each value is);
  ring.txt  "IMPL MEMCPY LEN CALLS IR" per callgrind run.
Every number of the table is defined in METRICS below and in the notes
printed under the table.
"""

import argparse
import json
import statistics

TPUT_LINES = 65536
TPUT_LINE = 64            # bytes per payload line, as the guest writes it
TPUT_BYTES = TPUT_LINES * TPUT_LINE
TPUT_LOG_LINE = TPUT_LINE + 1   # the tty adds a CR
FLOOD_LINES = 20000
KERNELS = ("upstream", "ours")


def parse_runs(path):
    runs = []
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0] != "BENCH-RUN":
                continue
            run = {}
            for w in words[1:]:
                if "=" in w:
                    key, val = w.split("=", 1)
                    run[key] = val
            runs.append(run)
    return runs


def num(run, key):
    try:
        return float(run[key])
    except (KeyError, ValueError):
        return None


# Each function maps one run to the metric's value, or None (run failed or
# the value does not exist, e.g. no boot marker within the window).

def tput_log(run):
    """Payload bytes/s arriving in xenconsoled's log, first to last poll."""
    first, last = num(run, "first_ms"), num(run, "last_ms")
    size_first, end = num(run, "size_first"), num(run, "end_off")
    begin = num(run, "begin_off")
    if None in (first, last, size_first, end, begin) or last <= first:
        return None
    if end - begin != TPUT_LINES * TPUT_LOG_LINE or num(run, "count") != TPUT_LINES:
        return None   # bytes lost or extra: not a valid measurement
    log_rate = (end - size_first) / ((last - first) / 1000)
    return log_rate * TPUT_LINE / TPUT_LOG_LINE / 1024


def tput_guest(run):
    ms = num(run, "guest_ms")
    return TPUT_BYTES / 1024 / (ms / 1000) if ms else None


def flood_log(run):
    first, last = num(run, "first_ms"), num(run, "last_ms")
    if None in (first, last) or last <= first or num(run, "count") != FLOOD_LINES:
        return None
    return FLOOD_LINES / ((last - first) / 1000)


def flood_guest(run):
    ms = num(run, "guest_ms")
    return FLOOD_LINES / (ms / 1000) if ms else None


# The SMP flood's size, from the command line (main() sets it).
SMP = {"lines": 0}


def smp_log(run):
    """Lines/s arriving, counting those that arrived (printk may drop)."""
    first, last, count = num(run, "first_ms"), num(run, "last_ms"), num(run, "count")
    if None in (first, last, count) or last <= first or count <= 0:
        return None
    return count / ((last - first) / 1000)


def all_writers(fn):
    """FN, for an SMP run whose writers all finished; None for a run in which
    one died (the guest's failed= list): it measured a smaller flood."""
    def get(run):
        return fn(run) if run.get("failed", "none") == "none" else None
    return get


def smp_lines(run):
    count = num(run, "count")
    return count if count is not None and count >= 0 else None


def reads(run):
    """Ring reads xenconsoled made: one per event it took (its IRQs)."""
    n = num(run, "xcd_irqs")
    return n if n else None


def bytes_per_read(run):
    """Bytes of the stream in the log per ring read (the log's CRs included)."""
    n, begin, end = num(run, "xcd_irqs"), num(run, "begin_off"), num(run, "end_off")
    if not n or None in (begin, end) or end <= begin:
        return None
    return (end - begin) / n


def sent(run):
    """Event channel hypercalls the guest made (traced runs); None when Xen
    lost trace records or the trace failed."""
    n, lost = num(run, "sent"), num(run, "trace_lost")
    if n is None or n < 0 or lost != 0:
        return None
    return n


def sent_per_read(run):
    n, r = sent(run), num(run, "xcd_irqs")
    return n / r if n is not None and r else None


def scaled(key, unit):
    """The run's KEY divided by UNIT; None where missing or negative."""
    def get(run):
        v = num(run, key)
        return v / unit if v is not None and v >= 0 else None
    return get


def seconds(key):
    return scaled(key, 1000)


def micro(key):
    return scaled(key, 1e6)


def after_console(run):
    """s from the console driver's first call to /init (guest's clock)."""
    pre, init = micro("pre_us")(run), micro("init_us")(run)
    if pre is None or init is None or init < pre:
        return None
    return round(init - pre, 6)   # the stamps are whole µs


# CPU s between the polls that saw the first and the last line.
cpu_stream = seconds("cpu_stream_ms")


def idle_share(run):
    """CPU share (%) while the serviced guest sleeps after the marker."""
    cpu, span = num(run, "cpu_idle_ms"), num(run, "idle_ms")
    if cpu is None or cpu < 0 or not span:
        return None
    return 100 * cpu / span


def unserviced_idle_share(run):
    """CPU share (%) from the marker to the end of the unserviced window."""
    boot, boot_cpu = num(run, "boot_ms"), num(run, "cpu_boot_ms")
    win, win_cpu = num(run, "window_ms"), num(run, "cpu_window_ms")
    if None in (boot, boot_cpu, win, win_cpu) or boot < 0 or win_cpu < 0 or win <= boot:
        return None
    return 100 * (win_cpu - boot_cpu) / (win - boot)


SERVICED = ("serviced",)
# id, workloads, what, unit, better, value function
METRICS = [
    ("tput_log", ("tput",), "throughput: 4 MiB to /dev/hvc0, arrival in xenconsoled's log",
     "KiB/s", "higher", tput_log),
    ("tput_guest", ("tput",), "throughput: guest's write() time for the 4 MiB",
     "KiB/s", "higher", tput_guest),
    ("tput_cpu", ("tput",), "throughput: guest CPU time, first to last line in the log",
     "s", "lower", cpu_stream),
    ("tput_reads", ("tput",), "throughput: ring reads by xenconsoled (events it took)",
     "reads", "lower", reads),
    ("tput_per_read", ("tput",), "throughput: bytes per ring read",
     "bytes", "higher", bytes_per_read),
    ("tput_sent", ("tput_traced",), "throughput: events the guest sent (traced run)",
     "events", "lower", sent),
    ("tput_sent_per_read", ("tput_traced",), "throughput: events sent per ring read (traced run)",
     "events", "lower", sent_per_read),
    ("flood_log", ("flood",), "printk flood: 20,000 lines, arrival in the log",
     "lines/s", "higher", flood_log),
    ("flood_guest", ("flood",), "printk flood: guest's /dev/kmsg writer time",
     "lines/s", "higher", flood_guest),
    ("flood_cpu", ("flood",), "printk flood: guest CPU time, first to last line in the log",
     "s", "lower", cpu_stream),
    ("flood_reads", ("flood",), "printk flood: ring reads by xenconsoled",
     "reads", "lower", reads),
    ("flood_per_read", ("flood",), "printk flood: bytes per ring read",
     "bytes", "higher", bytes_per_read),
    ("flood_sent", ("flood_traced",), "printk flood: events the guest sent (traced run)",
     "events", "lower", sent),
    ("flood_sent_per_read", ("flood_traced",),
     "printk flood: events sent per ring read (traced run)", "events", "lower", sent_per_read),
    ("smp_log", ("smp",), "SMP printk flood: SMPDESC, arrival in the log",
     "lines/s", "higher", all_writers(smp_log)),
    ("smp_lines", ("smp",), "SMP printk flood: lines that arrived (printk drops the rest)",
     "lines", "higher", smp_lines),
    ("smp_cpu", ("smp",), "SMP printk flood: guest CPU time, first to last line in the log",
     "s", "lower", all_writers(cpu_stream)),
    ("smp_reads", ("smp",), "SMP printk flood: ring reads by xenconsoled",
     "reads", "lower", all_writers(reads)),
    ("smp_per_read", ("smp",), "SMP printk flood: bytes per ring read",
     "bytes", "higher", all_writers(bytes_per_read)),
    ("boot", SERVICED, "serviced boot: unpause to userspace marker",
     "s", "lower", seconds("boot_ms")),
    ("boot_init", SERVICED, "serviced boot: kernel start to /init (guest's printk clock)",
     "s", "lower", micro("init_us")),
    ("boot_pre", SERVICED,
     "serviced boot: kernel start to the console driver's first call (same code in both: a control)",
     "s", "lower", micro("pre_us")),
    ("boot_post", SERVICED, "serviced boot: console driver's first call to /init",
     "s", "lower", after_console),
    ("silent", ("silent",), "serviced boot, console silent (loglevel=1): unpause to userspace marker",
     "s", "lower", seconds("boot_ms")),
    ("boot_cpu", SERVICED, "serviced boot: guest CPU time to the marker",
     "s", "lower", seconds("cpu_boot_ms")),
    ("boot_reads", SERVICED, "serviced boot: ring reads by xenconsoled, to the marker and 2.5 s on",
     "reads", "lower", reads),
    ("boot_sent", ("serviced_traced",),
     "serviced boot: events the guest sent, to the marker and 2.5 s on (traced run)",
     "events", "lower", sent),
    ("idle_cpu", SERVICED, "serviced, asleep after the marker: guest CPU share",
     "%", "lower", idle_share),
    ("unserviced", ("unserviced",), "unserviced boot: unpause to userspace marker",
     "s", "lower", seconds("boot_ms")),
    ("unserviced_cpu", ("unserviced",), "unserviced: guest CPU time in the window",
     "s", "lower", seconds("cpu_window_ms")),
    ("unserviced_boot_cpu", ("unserviced",), "unserviced boot: guest CPU time to the marker",
     "s", "lower", seconds("cpu_boot_ms")),
    ("unserviced_idle_cpu", ("unserviced",), "unserviced, asleep after the marker: guest CPU share",
     "%", "lower", unserviced_idle_share),
    ("flagged", ("flagged",), "DISCONNECTED flag: unpause to userspace marker",
     "s", "lower", seconds("boot_ms")),
    ("flagged_cpu", ("flagged",), "DISCONNECTED flag: guest CPU time to the marker",
     "s", "lower", seconds("cpu_boot_ms")),
]


NOTES = [
    "Each run is a fresh PV domU (256 MiB, 1 vCPU, console=hvc0, on pCPU 1; dom0's "
    "one vCPU on pCPU 0) created paused; "
    "dom0's `xencons-benchd` unpauses it with the hypercall and times everything "
    "on dom0's monotonic clock. The boot marker is the guest's first userspace "
    "action, a xenstore write (`data/bench-up`), seen through a xenstore watch.",
    "Throughput: the guest writes 65,536 lines of 64 bytes (4 MiB) with one `cat` "
    "to /dev/hvc0. Dom0 polls the size of xenconsoled's log every 10 ms: the rate "
    "is the bytes that arrived between the poll that first saw line 0 and the poll "
    "that saw the whole last line, over the time between those polls, counted in "
    "guest bytes (the log has a CR more per line). A run counts only if the log "
    "holds all 65,536 lines, byte-exact in length. The guest's own figure is 4 MiB "
    "over the time its `cat` took (/proc/uptime, 10 ms).",
    "printk flood: 20,000 records of 52 characters, one write() each to /dev/kmsg "
    "at KERN_WARNING (console loglevel 5, devkmsg rate limit off), each printed on "
    "hvc0 by printk; lines/s from the first to the last line in the log, as above, "
    "and over the guest writer's run time.",
    "SMP printk flood: a PV domU with SMPVCPUS vCPUs (all on pCPU 1), one /dev/kmsg "
    "writer pinned to each once all are online, SMPLINES records "
    "each, all at once, then an end record; lines/s of those that arrived, from the "
    "first to the end record in the log. A console slower than the writers makes "
    "printk drop records when its buffer overflows: those never arrive. A run in "
    "which a writer died (the guest reports it; seen with both kernels) ran a "
    "smaller flood: it counts in the lines row only.",
    "Ring reads: the events xenconsoled took on its event channels in dom0 "
    "(/proc/interrupts) while the stream arrived; it reads the ring once per event, "
    "at most 30 times per 200 ms, all the ring holds (at most 2,048 bytes): the "
    "bound is 300 KiB/s. Bytes per read: the stream's bytes in the log over them.",
    "Events the guest sent: one more serviced run per kernel (traced, not timed: "
    "tracing costs Xen time per hypercall), where the guest waits for dom0's go "
    "before each stream and dom0 runs xentrace (PV entry events of pCPU 1, the "
    "domU's; dom0 is on pCPU 0) from just before the go to the stream's last line "
    "in the log, and over the boot (from before the unpause to the marker and the "
    "2.5 s after it). The count is the guest's event channel hypercalls: Xen's trace "
    "names the hypercall, not the sub-command, so an unmask the guest asks for is "
    "counted too, and the guest's xenstore calls around the stream (its poll for "
    "the go, its report after) add a few; at boot the kernel's own event channel "
    "set-up adds the same for both kernels. A read takes every event sent since the "
    "last one: events sent per ring read over 1 are events the backend never "
    "needed.",
    "CPU times are Xen's per-domain cpu_time (what `xl list` shows as Time(s)), "
    "read with libxenctrl; for the streams, between the polls that saw the first and "
    "the last line.",
    "Serviced runs: unpause to the marker, and the guest's own time stamp on its "
    "\"Run /init\" line (the kernel's part of the boot); the guest then sleeps 3 s "
    "and dom0 takes its CPU share over 2.5 s of that (the idle cost of the kernel "
    "itself: HZ=250, no tick when idle, as in Debian's kernels); then the throughput "
    "stream, then, once dom0 has seen its last line and says go (xenstore), the printk flood, in the same domU. The kernel's part "
    "is split at the time stamp of the last line logged before hvc0 registers: up to "
    "there both kernels run the same code (the console driver's first call comes "
    "after it), so that part tells how fast the guest ran in that run, not which "
    "driver it had.",
    "Unserviced: xenconsoled is killed after the paused domain was created (the "
    "ring's connection flag stays 0, as on a Xen without the flag) and stays away "
    "for WINDOW s after the unpause; boot time = unpause to marker within that "
    "window (timeout WINDOW s); CPU = guest CPU time over the whole window, and its "
    "share from the marker to the end of the window. Busy-wait CPU = median window "
    "CPU minus what the same kernel uses serviced over as long: median serviced-boot "
    "CPU + median serviced idle share × (WINDOW s − median serviced boot time).",
    "Console silent: a serviced boot with `loglevel=1` on the guest's command line, "
    "so that the kernel prints (almost) nothing on hvc0 before the marker (and "
    "without dom0's follower of the log, which has nothing to follow); the "
    "serviced boot's median less this one's is what the console costs that kernel's "
    "boot. A kernel whose console costs nothing can be faster than upstream by "
    "upstream's cost at most.",
    "DISCONNECTED flag: dom0 sets the flag (`xencons-ctl DOMID flag 1`) before the "
    "unpause; xenconsoled keeps running (it does not know the flag). Only ours is "
    "run: upstream does not read the flag (it writes to the ring, so its boot is "
    "the serviced one).",
    "Ring write: `valgrind --tool=callgrind --toggle-collect=FUNCTION` counts the "
    "instructions executed in `xencons_ring_write()` (drivers/tty/hvc/xencons_ring.c "
    "built unchanged in userspace with the kernel's code generation flags) and in "
    "a byte-at-a-time loop (tools/testing/xencons-bench/bytewise.c, the loop the "
    "base driver's `__write_console()` runs), including their memcpy() calls, over "
    "1,000 writes into an empty ring at changing offsets. Kernel-style memcpy: "
    "`rep movsq` + `rep movsb`, which callgrind counts once per repetition (8 bytes, "
    "1 byte).",
]


def busy_wait(m, k, window_s, win=None):
    """CPU s of the unserviced window (median, or @win) beyond what the
    same kernel uses in as long from the unpause when serviced: its boot
    to the marker, then asleep at the serviced idle share."""
    if win is None:
        win = m["unserviced_cpu"][k]["median"]
    boot, boot_cpu = m["boot"][k]["median"], m["boot_cpu"][k]["median"]
    idle = m["idle_cpu"][k]["median"]
    if None in (win, boot, boot_cpu, idle):
        return None
    return win - (boot_cpu + idle / 100 * (window_s - boot))


def summary(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return {"samples": values, "n": 0, "median": None, "min": None, "max": None}
    return {"samples": values, "n": len(vals), "median": statistics.median(vals),
            "min": min(vals), "max": max(vals)}


def fmt(v, unit):
    """V for a table cell or the target text; unit "x" is a ratio to three
    places, "+s" a signed difference in seconds."""
    if v is None:
        return "n/a"
    if unit == "s":
        return "%.2f" % v
    if unit == "x":
        return "%.3f" % v
    if unit == "+s":
        return "%+.2f s" % v
    if v >= 100:
        return "%.0f" % v
    return "%.3g" % v


def cell(s, unit, attempts):
    if not s["n"]:
        return "none of %d" % attempts
    text = "%s (%s–%s)" % (fmt(s["median"], unit), fmt(s["min"], unit), fmt(s["max"], unit))
    if s["n"] < attempts:
        text += " [%d of %d]" % (s["n"], attempts)
    return text


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def worst(entry, k):
    """The worst run of kernel k for this metric."""
    s = entry[k]
    if not s["n"]:
        return None
    return s["min"] if entry["better"] == "higher" else s["max"]


def self_floor(entry):
    """Upstream's worst run over its own median: what the worst-run rule
    gives a kernel identical to upstream, at this run's spread."""
    return ratio(worst(entry, "upstream"), entry["upstream"]["median"])


def console_cost(m, k):
    """Median serviced boot less median silent boot of kernel k (s)."""
    a, b = m["boot"][k]["median"], m["silent"][k]["median"]
    return None if a is None or b is None else a - b


def verdict(value, limit, better):
    """'met', 'missed' or 'n/a' (no value), for a value against its limit."""
    if value is None:
        return "n/a"
    if (better == "higher" and value >= limit) or (better == "lower" and value <= limit):
        return "met"
    return "missed"


def shortfall(value, limit):
    """How far a missed value is from its limit, as the table says it."""
    if not limit:
        return "by %.2f" % abs(value - limit)
    return "by %.1f%%" % (abs(value / limit - 1) * 100)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--ring", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--window-ms", type=int, required=True)
    ap.add_argument("--reps", type=int, required=True)
    ap.add_argument("--wall-s", type=int, required=True)
    ap.add_argument("--smp-vcpus", type=int, required=True)
    ap.add_argument("--smp-lines", type=int, required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--xen", required=True)
    ap.add_argument("--guest-args", default="")
    args = ap.parse_args()
    window_s = args.window_ms / 1000
    SMP["lines"] = args.smp_vcpus * args.smp_lines
    smpdesc = "%d vCPUs × %s lines" % (args.smp_vcpus, format(args.smp_lines, ","))

    runs = parse_runs(args.runs)
    results = {"window_s": window_s, "reps": args.reps, "wall_s": args.wall_s,
               "base": args.base, "xen": args.xen, "guest_args": args.guest_args,
               "smp_vcpus": args.smp_vcpus, "smp_lines": args.smp_lines,
               "metrics": {}, "ring": {},
               "runs": runs}
    for mid, works, what, unit, better, get in METRICS:
        entry = {"what": what.replace("SMPDESC", smpdesc), "unit": unit, "better": better}
        for k in KERNELS:
            rs = [r for r in runs if r.get("w") in works and r.get("k") == k]
            entry[k] = summary([get(r) for r in rs])
            entry[k]["attempts"] = len(rs)
        entry["ratio"] = ratio(entry["ours"]["median"], entry["upstream"]["median"])
        results["metrics"][mid] = entry

    ring = {}
    with open(args.ring) as f:
        for line in f:
            impl, memcpy, length, calls, ir = line.split()
            ring.setdefault(memcpy, {}).setdefault(int(length), {})[impl] = {
                "calls": int(calls), "ir": int(ir),
                "ir_per_call": int(ir) / int(calls),
                "ir_per_byte": int(ir) / int(calls) / int(length)}
    for memcpy, sizes in ring.items():
        for length, impls in sizes.items():
            impls["ratio"] = ratio(impls["ring"]["ir_per_byte"], impls["bytewise"]["ir_per_byte"])
    results["ring"] = ring

    m = results["metrics"]

    def med(mid, k):
        return m[mid][k]["median"]

    targets = []

    def target(name, value, limit, better, how):
        targets.append({"target": name, "value": value, "limit": limit,
                        "better": better, "how": how,
                        "verdict": verdict(value, limit, better)})

    def vs_up(mid):
        """ours' worst run over upstream's median."""
        return ratio(worst(m[mid], "ours"), med(mid, "upstream"))

    target("throughput ≥ 1.1× upstream", vs_up("tput_log"), 1.1, "higher",
           "ours' slowest run / upstream's median, KiB/s arriving in the log")
    target("throughput ≥ 270 KiB/s", worst(m["tput_log"], "ours"), 270, "higher",
           "ours' slowest run, KiB/s arriving in the log")
    target("throughput: guest CPU ≤ 0.5× upstream", vs_up("tput_cpu"), 0.5, "lower",
           "ours' costliest run / upstream's median, CPU s while the stream arrived")
    target("printk flood ≥ 1.2× upstream", vs_up("flood_log"), 1.2, "higher",
           "ours' slowest run / upstream's median, lines/s arriving in the log")
    target("SMP printk flood ≥ 1.0× upstream", vs_up("smp_log"), 1.0, "higher",
           "ours' slowest run / upstream's median, lines/s arriving in the log")
    target("serviced boot ≤ 1.0× upstream", vs_up("boot"), 1.0, "lower",
           "ours' slowest run / upstream's median, unpause to marker; the same rule "
           "applied to upstream's own runs: %s; what the console costs the boot "
           "(median serviced − median silent): upstream %s, ours %s" % (
               fmt(self_floor(m["boot"]), "x"),
               fmt(console_cost(m, "upstream"), "+s"),
               fmt(console_cost(m, "ours"), "+s")))
    target("unserviced boot ≤ 1.05× our serviced boot",
           ratio(worst(m["unserviced"], "ours"), med("boot", "ours")), 1.05, "lower",
           "ours' slowest unserviced run / our serviced median, unpause to marker")
    busy = {k: busy_wait(m, k, window_s) for k in KERNELS}
    busy_worst = busy_wait(m, "ours", window_s, worst(m["unserviced_cpu"], "ours"))
    results["busy_wait_s"] = busy
    target("busy-wait CPU in the unserviced window ≤ 0.1 s", busy_worst, 0.1, "lower",
           "ours' costliest run: CPU s in the %g s window beyond a serviced boot and "
           "sleep over as long; median: %s s, upstream's: %s s" % (
               window_s, "n/a" if busy["ours"] is None else "%.2f" % busy["ours"],
               "n/a" if busy["upstream"] is None else "%.2f" % busy["upstream"]))
    r1 = ring.get("kernel", {}).get(1, {}).get("ring", {}).get("ir_per_call")
    target("ring write, 1 byte ≤ 27 instructions", r1, 27, "lower",
           "callgrind, kernel-style memcpy; the byte loop's: %s" % (
               "%.0f" % ring["kernel"][1]["bytewise"]["ir_per_call"]
               if 1 in ring.get("kernel", {}) else "n/a"))
    r2k = ring.get("kernel", {}).get(2048, {}).get("ratio")
    target("ring write, 2 KiB ≤ 1/4 of the byte loop", r2k, 0.25, "lower",
           "callgrind, Ir/byte ours / byte loop, kernel-style memcpy")
    results["targets"] = targets

    with open(args.out + "/results.json", "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    write_table(args.out + "/table.md", results, window_s)
    write_chart(args.out + "/chart.dat", results)


def write_table(path, results, window_s):
    m = results["metrics"]
    unsv_up = m["unserviced"]["upstream"]
    lines = []
    out = lines.append
    out("Ours against the unmodified driver of the same base (upstream), %s, same "
        "config (the tests' with tickless idle, `kbuild.sh bench`), PV domUs on one Xen %s "
        "under QEMU TCG, dom0 running ours; each workload %d× per kernel, alternating upstream and ours (upstream first in odd repetitions, "
        "ours first in even ones). Cells: median (min–max). A target "
        "is met only when ours' worst run meets it against upstream's median. `make bench` "
        "took %d min %d s (set-up stages included)%s." % (
            results["base"], results["xen"], results["reps"],
            results["wall_s"] // 60, results["wall_s"] % 60,
            "; guest command line + `%s`" % results["guest_args"]
            if results["guest_args"] else ""))
    out("")
    out("| workload | unit | upstream | ours | ours/upstream |")
    out("| --- | --- | --- | --- | --- |")
    for mid, entry in m.items():
        up, ours = entry["upstream"], entry["ours"]
        if not up["attempts"] and not ours["attempts"]:
            continue
        up_cell = cell(up, entry["unit"], up["attempts"]) if up["attempts"] else "not run"
        if mid == "unserviced" and up["attempts"] and up["n"] < up["attempts"]:
            up_cell = "no marker within %g s in %d of %d" % (
                window_s, up["attempts"] - up["n"], up["attempts"])
            if up["n"]:
                up_cell += "; " + cell(up, entry["unit"], up["attempts"])
        r = entry["ratio"]
        out("| %s | %s | %s | %s | %s |" % (
            entry["what"], entry["unit"], up_cell,
            cell(ours, entry["unit"], ours["attempts"]),
            "%.2f" % r if r is not None else "–"))
    out("")
    out("| ring write, callgrind | bytes | byte-at-a-time Ir/byte | ours Ir/byte "
        "| ours/byte-at-a-time |")
    out("| --- | --- | --- | --- | --- |")
    for memcpy, label in (("kernel", "kernel-style memcpy"), ("libc", "C library memcpy")):
        for length, impls in sorted(results["ring"].get(memcpy, {}).items()):
            out("| %s | %d | %.3g (%.0f per call) | %.3g (%.0f per call) | %.3f |" % (
                label, length, impls["bytewise"]["ir_per_byte"], impls["bytewise"]["ir_per_call"],
                impls["ring"]["ir_per_byte"], impls["ring"]["ir_per_call"], impls["ratio"]))
    out("")
    out("| target | measured | verdict |")
    out("| --- | --- | --- |")
    for t in results["targets"]:
        v = t["value"]
        if v is None:
            shown = "n/a"
        elif "busy-wait" in t["target"]:
            shown = "%.2f s" % v
        elif t["limit"] >= 10:
            shown = "%.0f" % v
        else:
            shown = "%.3f" % v
        said = t["verdict"]
        if said == "missed":
            said += " " + shortfall(v, t["limit"])
        out("| %s | %s (%s) | %s |" % (t["target"], shown, t["how"], said))
    out("")
    out("What the numbers are (scripts/bench/dom0.sh, guest.sh, report.py; raw runs in "
        "`build/bench/results.json`):")
    out("")
    for note in NOTES:
        out("- " + note.replace("WINDOW", "%g" % window_s)
            .replace("SMPVCPUS", str(results["smp_vcpus"]))
            .replace("SMPLINES", format(results["smp_lines"], ",")))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_chart(path, results):
    """ours/upstream (or ours/reference) per metric, for chart.gp."""
    rows = []
    for mid, label in (("tput_log", "throughput"), ("flood_log", "printk flood"),
                       ("boot", "serviced boot time"),
                       ("unserviced_cpu", "CPU, unserviced window")):
        r = results["metrics"][mid]["ratio"]
        if r is not None:
            rows.append((label, r))
    for length, impls in sorted(results["ring"].get("kernel", {}).items()):
        rows.append(("ring Ir/byte, %d B" % length, impls["ratio"]))
    with open(path, "w") as f:
        for label, r in rows:
            f.write('"%s" %.4f\n' % (label, r))


if __name__ == "__main__":
    main()
