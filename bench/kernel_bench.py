#!/usr/bin/python3
"""Kernel benchmark: java-gpu against ipykernel, side by side (not a test).

    /usr/bin/python3 bench/kernel_bench.py [--kernel java-gpu] [--reference python3] [--starts 5]
                                           [--cells 200] [--pipelined 500] [--lines 10000] [--session 2000]
                                           [--install [--java PATH]] [--json FILE]

Measures, through jupyter_client and the real protocol:
  first      launch to the first execute_result of `1+1`, sent as soon as kernel_info is answered, as a front end
             does: what a user waits for after opening a notebook or restarting (median of --starts fresh kernels)
  start      launch to the first kernel_info reply (same kernels)
  restart    a restart as a front end asks it, to the execute_result of `1+1` in the new process (median of
             --starts restarts, each of a kernel that has run one cell)
  tutorial   launch to the end of the first cell of the tutorial notebook 01, `%gpu info` (this kernel only; its
             starts take turns with the others)
  rtt        trivial cell round trip (execute_request to reply + idle), median and p99 over --cells cells, and
             the kernel process's CPU per cell over them (user + system: unlike wall time, not inflated when the
             host takes CPU away from this machine)
  object     a cell whose value is an object (a list), round trip median over --cells cells
  pipelined  --pipelined cells sent at once, cells/s until the last reply and idle
  lines      one cell printing --lines lines: time to idle, and how many lines arrived
  session    --session trivial cells more: the median per 200 cells, and the kernel's CPU per cell over each 200,
             which must not grow over a long session (the second half's blocks against the first half's, medians,
             alone and relative to the reference kernel's blocks run beside these: growth must show both ways)
  rss        peak resident set of the kernel process (VmHWM in /proc/<pid>/status) at the end
  steal      share of this machine's CPU time that its VM host took while the kernel was measured (/proc/stat):
             above a few percent, wall-clock figures of that column are inflated

The kernels take turns, so that a machine whose speed drifts over minutes weighs on both alike: the fresh starts
alternate between them, both stay running for the cell phases, and each phase runs on one and then the other before
the next phase begins (the long session in alternating blocks of 200 cells).

Uses the installed java-gpu kernelspec; with --install the current checkout's jar is installed into a temporary
prefix first (install.py --prefix TMP --no-build), which is what you want when benchmarking a fresh build.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from queue import Empty

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from jupyter_client import KernelManager  # noqa: E402

from kernel_client import KernelHandle  # noqa: E402

CODE = {
    "java": {"trivial": ["1", "1+1"], "object": "List.of(1, 2, 3)",
             "lines": 'for (int i = 0; i < %d; i++) System.out.println("line " + i);'},
    "python": {"trivial": ["1", "1+1"], "object": "[1, 2, 3]",
               "lines": "for i in range(%d): print('line', i)"},
}

# The first cell of notebooks/01-how-java-reaches-the-gpu.ipynb: the first result a tutorial's reader waits for.
TUTORIAL_FIRST_CELL = "%gpu info"

JJAVA = {"start_ms": 1122, "rtt_median_ms": 68, "rtt_p99_ms": None, "pipelined_cells_s": 13,
         "lines_ms": 977, "lines_received": "lost", "rss_mb": 560}

# Absolute targets; those without a limit are compared with the reference kernel's figure.
TARGETS = {"first_result_ms": ("<=", None), "restart_first_result_ms": ("<=", None), "start_ms": ("<=", 500), "rtt_median_ms": ("<=", 10),
           "rtt_p99_ms": ("<=", 25), "pipelined_cells_s": (">=", None), "lines_ms": ("<=", 100), "rss_mb": ("<=", 130)}


def peak_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def host_cpu_ticks():
    """(stolen, all) CPU ticks of the machine so far (/proc/stat): a VM's host taking CPU away shows as steal."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[7] if len(fields) > 7 else 0, sum(fields[:8])


def process_cpu_s(pid):
    """CPU seconds the process has used (user + system): unlike wall time, not inflated while the host steals CPU."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cold_start(kernel_name, code="1+1"):
    """(ms to the first kernel_info reply, ms to the execute_result of `code` sent once the kernel is ready, or for a
    cell without a value, such as a magic's, to the end of the cell: its outputs come before)."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        return ready_then_run(km, kc, t0, code)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def restart_start(kernel_name):
    """ms from a restart, as a front end's "Restart Kernel" asks it (shutdown_request with restart, the process ends,
    a new one starts on the same ports), to the execute_result of 1+1 in the new process."""
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        ready_then_run(km, kc, time.perf_counter(), "1+1")
        t0 = time.perf_counter()
        km.restart_kernel(now=False)
        return ready_then_run(km, kc, t0, "1+1")[1]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def ready_then_run(km, kc, t0, code):
    """cold_start's figures, from t0, for a kernel that is starting."""
    info_ms = None
    deadline = time.monotonic() + 60
    # As jupyter_client's wait_for_ready does: kernel_info until a reply AND an iopub message for it arrive, so
    # that iopub is known to be connected (a result published before that would be lost to the client).
    while True:
        if time.monotonic() > deadline or not km.is_alive():
            raise RuntimeError("kernel %s did not become ready" % km.kernel_name)
        msg_id = kc.kernel_info()
        try:
            # replies to earlier requests (the cell run before a restart) are passed over
            while kc.get_shell_msg(timeout=1)["parent_header"].get("msg_id") != msg_id:
                pass
        except Empty:
            continue
        if info_ms is None:
            info_ms = (time.perf_counter() - t0) * 1000.0
        try:
            while kc.get_iopub_msg(timeout=0.2)["parent_header"].get("msg_id") != msg_id:
                pass
            break
        except Empty:
            continue
    cell = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != cell:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError("%s failed in kernel %s: %s" % (code, km.kernel_name, msg["content"]["evalue"]))
        if msg["msg_type"] == "execute_result" or (
                msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"):
            return info_ms, (time.perf_counter() - t0) * 1000.0


def cold_start_retried(kernel_name, code="1+1"):
    """cold_start, tried once more when a start fails (a port taken between jupyter_client's pick and the bind, as
    seen once with ipykernel); the failure is reported, and a second one ends the benchmark."""
    try:
        return cold_start(kernel_name, code)
    except RuntimeError as e:
        print("start failed, trying once more: %s" % e, file=sys.stderr, flush=True)
        return cold_start(kernel_name, code)


def percentile(values, p):
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def round_trips_ms(h, cells):
    """Each cell's round trip (execute_request to reply and idle) in ms; every cell must succeed."""
    times = []
    for cell in cells:
        t0 = time.perf_counter()
        r = h.execute(cell)
        times.append((time.perf_counter() - t0) * 1000.0)
        assert r.status == "ok", r
    return times


class Measured:
    """One kernel under measurement: its figures, and the host's CPU ticks (all, stolen) during its own phases."""

    def __init__(self, name):
        self.name = name
        self.res = {}
        self.ticks = [0, 0]
        self.handle = None
        self.failed = None

    def timed(self, action):
        """Runs action(), counting the host's ticks while it runs as this kernel's."""
        before = host_cpu_ticks()
        try:
            return action()
        finally:
            after = host_cpu_ticks()
            if before is not None and after is not None:
                self.ticks[0] += after[0] - before[0]
                self.ticks[1] += after[1] - before[1]

    def open(self):
        km = KernelManager(kernel_name=self.name)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        self.handle = KernelHandle(km, kc)
        self.handle.drain(0.05)
        lang = self.handle.kernel_info()["language_info"]["name"]
        self.code = CODE.get(lang, CODE["java"])

    def trivial(self, n):
        return [self.code["trivial"][i % 2] for i in range(n)]


def phase_rtt(m, args):
    cpu_before = process_cpu_s(m.handle.pid)
    rtts = round_trips_ms(m.handle, m.trivial(args.cells))
    m.res["rtt_cpu_ms"] = (process_cpu_s(m.handle.pid) - cpu_before) * 1000.0 / args.cells
    m.res["rtt_median_ms"] = statistics.median(rtts)
    m.res["rtt_p99_ms"] = percentile(rtts, 99)


def phase_object(m, args):
    m.res["object_rtt_median_ms"] = statistics.median(round_trips_ms(m.handle, [m.code["object"]] * args.cells))


def phase_pipelined(m, args):
    kc = m.handle.client
    t0 = time.perf_counter()
    ids = [kc.execute(cell) for cell in m.trivial(args.pipelined)]
    pending = set(ids)
    while pending:
        msg = kc.get_shell_msg(timeout=120)
        pending.discard(msg["parent_header"].get("msg_id"))
    last = ids[-1]
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if (msg["parent_header"].get("msg_id") == last and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    m.res["pipelined_cells_s"] = args.pipelined / (time.perf_counter() - t0)


def phase_lines(m, args):
    m.handle.execute(m.code["lines"] % 100)  # warm the printing path once
    t0 = time.perf_counter()
    r = m.handle.execute(m.code["lines"] % args.lines, timeout=300)
    m.res["lines_ms"] = (time.perf_counter() - t0) * 1000.0
    got = r.stdout.splitlines()
    m.res["lines_received"] = len(got)
    m.res["lines_in_order"] = got == ["line %d" % i for i in range(args.lines)]


def session_block(m, cells):
    """One block of the long session: the trivial cell's median over it, and the kernel process's CPU per cell."""
    cpu_before = process_cpu_s(m.handle.pid)
    m.res.setdefault("session_medians_ms", []).append(statistics.median(round_trips_ms(m.handle, m.trivial(cells))))
    m.res.setdefault("session_cpu_ms", []).append((process_cpu_s(m.handle.pid) - cpu_before) * 1000.0 / cells)


def bench_all(kernels, args):
    """Measures the kernels side by side, taking turns: the starts alternate between them, and each phase runs on
    every kernel before the next begins (the long session in alternating blocks of 200 cells), so that a machine whose
    speed drifts over minutes weighs on all of them alike. A reference kernel that fails leaves its column empty."""
    measured = [Measured(name) for name in kernels]

    def each(label, action):
        for m in measured:
            if m.failed:
                continue
            print("  %s: %s" % (m.name, label), file=sys.stderr, flush=True)
            try:
                m.timed(lambda: action(m))
            except (RuntimeError, AssertionError, Empty) as e:
                if m is measured[0]:
                    raise
                m.failed = e
                print("the reference kernel failed, its column is empty: %r" % e, file=sys.stderr, flush=True)
                if m.handle is not None:
                    m.handle.stop(now=True)

    starts = {m.name: [] for m in measured}
    tutorial_starts = []

    def start(m):
        starts[m.name].append(cold_start_retried(m.name))
        if m is measured[0]:
            tutorial_starts.append(cold_start_retried(m.name, TUTORIAL_FIRST_CELL)[1])

    for i in range(args.starts):
        each("start %d" % (i + 1), start)
    for m in measured:
        if starts[m.name]:
            m.res["start_ms"] = statistics.median(info for info, _ in starts[m.name])
            m.res["first_result_ms"] = statistics.median(first for _, first in starts[m.name])
    if tutorial_starts:
        measured[0].res["tutorial_first_cell_ms"] = statistics.median(tutorial_starts)
    restarts = {m.name: [] for m in measured}
    for i in range(args.starts):
        each("restart %d" % (i + 1), lambda m: restarts[m.name].append(restart_start(m.name)))
    for m in measured:
        if restarts[m.name]:
            m.res["restart_first_result_ms"] = statistics.median(restarts[m.name])

    def warm_up(m):
        m.open()
        for cell in m.trivial(10):
            m.handle.execute(cell)

    try:
        each("warm-up", warm_up)
        each("round trips", lambda m: phase_rtt(m, args))
        each("object round trips", lambda m: phase_object(m, args))
        each("pipelined cells", lambda m: phase_pipelined(m, args))
        each("printed lines", lambda m: phase_lines(m, args))
        for done in range(0, args.session, 200):
            cells = min(200, args.session - done)
            each("session, cells %d-%d" % (done + 1, done + cells), lambda m: session_block(m, cells))
        each("peak RSS", lambda m: m.res.__setitem__("rss_mb", peak_rss_mb(m.handle.pid)))
    finally:
        for m in measured:
            if m.handle is not None and not m.failed:
                m.handle.stop()
    for m in measured:
        if m.ticks[1] > 0:
            m.res["stolen_pct"] = 100.0 * m.ticks[0] / m.ticks[1]
    return {m.name: ({} if m.failed else m.res) for m in measured}


def fmt(key, value):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join("%.1f" % v for v in value) if value else "-"
    if key == "lines_received":
        return "%d" % value
    if key == "pipelined_cells_s":
        return "%.0f/s" % value
    if key == "rss_mb":
        return "%.0f MB" % value
    if key == "stolen_pct":
        return "%.1f%%" % value
    return "%.1f ms" % value if value < 100 else "%.0f ms" % value


def session_flat(medians, cpu, reference=None, reference_cpu=None):
    """No growth: the kernel's CPU per cell over the second half's blocks (their median) at most 10% above the first
    half's, or, when it is more, no more than 10% above it relative to the reference kernel's CPU per cell in the
    blocks run beside these. Growth must show both ways: the machine slowing down for a few minutes raises both
    kernels' CPU per cell (cache contention, the host's share), and a reference that is noisier than this kernel moves
    the ratio alone (judged by the wall clock relative to the reference, the eighth session's rule, a bench read as
    growth while this kernel's own blocks got faster, as the machine sped up for the reference more). The wall-clock
    halves are shown beside it."""
    if len(medians) < 2 or len(cpu) != len(medians):
        return ""
    half = len(medians) // 2
    first, second = statistics.median(cpu[:half]), statistics.median(cpu[half:])
    grew = second > 1.1 * first
    text = "kernel CPU per cell, first half %.1f ms, second half %.1f ms" % (first, second)
    if reference_cpu and len(reference_cpu) == len(cpu):
        ratios = [c / r for c, r in zip(cpu, reference_cpu)]
        first_ratio, second_ratio = statistics.median(ratios[:half]), statistics.median(ratios[half:])
        grew = grew and second_ratio > 1.1 * first_ratio
        text += ", %.2fx -> %.2fx the reference's" % (first_ratio, second_ratio)
    text += "; wall clock %.1f -> %.1f ms" % (statistics.median(medians[:half]), statistics.median(medians[half:]))
    if reference and len(reference) == len(medians):
        text += ", the reference's %.1f -> %.1f ms" % (statistics.median(reference[:half]), statistics.median(reference[half:]))
    return ("MISS " if grew else "ok ") + "(flat, at most +10%%: %s)" % text


def verdict(key, value, reference, results=None, reference_results=None):
    if key == "session_medians_ms":
        return session_flat(value or [], (results or {}).get("session_cpu_ms", []), reference,
                            (reference_results or {}).get("session_cpu_ms"))
    if key not in TARGETS or value is None:
        return ""
    op, limit = TARGETS[key]
    if limit is None:
        if reference is None:
            return ""
        limit, label = reference, "reference"
    else:
        label = str(limit)
    ok = value <= limit if op == "<=" else value >= limit
    return ("ok " if ok else "MISS ") + "(%s %s)" % (op, label)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", default="java-gpu")
    p.add_argument("--reference", default="python3", help="kernel to compare with ('' for none)")
    p.add_argument("--starts", type=int, default=5)
    p.add_argument("--cells", type=int, default=200)
    p.add_argument("--pipelined", type=int, default=500)
    p.add_argument("--lines", type=int, default=10000)
    p.add_argument("--session", type=int, default=2000, help="cells of the long-session check (0: skip)")
    p.add_argument("--java", help="with --install: the java the kernel runs on (e.g. a JDK 25)")
    p.add_argument("--install", action="store_true", help="install this checkout's jar into a temporary prefix")
    p.add_argument("--json", help="also write the numbers to this file")
    args = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="java-gpu-bench-") if args.install else None
    results = {}
    try:
        if tmp:
            subprocess.run([sys.executable, os.path.join(ROOT, "install.py"), "--prefix", tmp, "--no-build"]
                           + (["--java", args.java] if args.java else []), check=True, capture_output=True)
            os.environ["JUPYTER_PATH"] = os.path.join(tmp, "share", "jupyter") + (
                os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else "")
        kernels = [args.kernel] + ([args.reference] if args.reference else [])
        print("benchmarking %s, taking turns ..." % " and ".join(kernels), file=sys.stderr, flush=True)
        results = bench_all(kernels, args)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    rows = [("launch -> first result (1+1)", "first_result_ms"),
            ("launch -> notebook 01's first cell (%s) done" % TUTORIAL_FIRST_CELL, "tutorial_first_cell_ms"),
            ("launch -> kernel_info", "start_ms"),
            ("restart -> first result (1+1)", "restart_first_result_ms"),
            ("trivial cell rtt, median", "rtt_median_ms"),
            ("trivial cell rtt, p99", "rtt_p99_ms"),
            ("  kernel CPU per trivial cell", "rtt_cpu_ms"),
            ("object-valued cell rtt, median", "object_rtt_median_ms"),
            ("%d pipelined cells" % args.pipelined, "pipelined_cells_s"),
            ("%d-line print cell" % args.lines, "lines_ms"),
            ("  lines received", "lines_received"),
            ("%d-cell session, median per 200" % args.session, "session_medians_ms"),
            ("  kernel CPU per cell, per 200", "session_cpu_ms"),
            ("peak RSS (VmHWM)", "rss_mb"),
            ("CPU the VM's host took (steal)", "stolen_pct")]
    cols = list(results) + ["JJava (reported)"]
    header = ["metric"] + cols + ["target (%s)" % args.kernel]
    table = []
    for label, key in rows:
        line = [label]
        for name in results:
            v = results[name].get(key)
            if key == "lines_received" and v is not None and not results[name].get("lines_in_order", True):
                v = "%d (out of order)" % v
            line.append(fmt(key, v))
        line.append(fmt(key, JJAVA.get(key)))
        reference = results[args.reference].get(key) if args.reference else None
        line.append(verdict(key, results[args.kernel].get(key), reference, results[args.kernel],
                            results[args.reference] if args.reference else None) if key != "lines_received" else
                    ("ok (none lost)" if results[args.kernel].get("lines_received") == args.lines
                     and results[args.kernel].get("lines_in_order") else "MISS (lines lost)"))
        table.append(line)
    widths = [max(len(str(r[i])) for r in [header] + table) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths]] + table:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print("\nJJava figures as reported (not measured here). Machine: %d CPUs, %s" % (
        os.cpu_count(), " ".join(os.uname()[2:3])))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "jjava_reported": JJAVA, "targets": TARGETS}, f, indent=2)


if __name__ == "__main__":
    main()
