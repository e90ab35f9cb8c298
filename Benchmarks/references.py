#!/usr/bin/env python3
"""The committed reference runs (results/reference*/, plots/reference*/) and the README and docs
blocks printed from them.

  references.py check               recompute every generated block from the committed files and
                                    fail (exit 1) when README.md or docs/ differ, when a committed
                                    gnuplot script reads a file that is not committed, when a
                                    committed file holds this machine's checkout path, or when
                                    results/ and plots/ exceed 250 files or 4 MB (MAX_BYTES)
  references.py write               rewrite the generated blocks in README.md and docs/ in place
  references.py print NAME          print one block (reference, nagle-trap, connect, ...)
  references.py compact [NAME...]   remove what a reference does not commit (see COMPACT below)
  references.py regenerate [--quick] [--keep DIR] [NAME...]
                                    re-run each reference's recorded command (run.json), compact it,
                                    move it into results/ and plots/, then `write`
  references.py rerender [NAME...]  draw each report.html and plots/NAME again from the committed
                                    data (after a change to how figures or reports are written;
                                    nothing is measured)
  references.py list                each reference: name, wall time, command

--root DIR (before the subcommand) works on another copy of the repository (a test's doctored
copy, or a --quick stage). Benchmarks/regenerate-references.sh builds and calls `regenerate`.

COMPACT. A reference keeps what a reader needs, once: measurements.csv, summary.csv, run.json,
report.html (every figure inlined), REPORT.md and claim*.csv / compare*.csv / knees.json where the
command wrote them, the gnuplot scripts of the images README.md or a docs page shows (`gnuplot
plots/NAME/FIGURE.gp` draws it again from the committed data; `sockbench plot results/NAME` draws
every figure of report.html again), the images that README.md or a docs page shows (SVG; a PNG
only where gnuplot drew no SVG; every image when there is no report.html), and the merged per-cell
histograms (.hgrm) that one of its figures reads (none, for a reference with neither report.html
nor plots/NAME: its tables come from summary.csv). Dropped: the per-repetition histograms
(histograms/*.repN.json, used only to re-summarize a run), the report's copy of its figures
(results/NAME/figures/), the images no page shows (they are in report.html) and the other merged
histograms.
"""
import csv, fnmatch, glob, json, os, re, shlex, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(HERE)
# Issue #26: at most 250 files and 4 MB. The reports inline their figures minified (InlineSVG), and a
# figure against size leaves out facets of a single size.
MAX_FILES, MAX_BYTES = 250, 4_000_000

# name: whether plots/NAME is part of it (made by `sockbench plot` unless the command writes it),
# and what it needs before its command runs.
REFERENCES = {
    "reference": {"plots": True},
    "reference-nagle-trap": {"plots": True},
    "reference-split-write": {"plots": False},
    "reference-floor": {"plots": False},
    "reference-connect": {"plots": True},
    "reference-connections": {"plots": True},
    "reference-sidecar": {"plots": False},
    "reference-modes": {"plots": True},
    "reference-batch": {"plots": False},
    "reference-load": {"plots": True},
    "reference-netns": {"plots": True, "netns": ["sbnet"]},
    "reference-netns-loopback": {"plots": False},
    "reference-io-uring": {"plots": False},
    "reference-busy-poll": {"plots": False},
    "reference-busy-poll-veth": {"plots": False, "netns": ["sbnet"]},
    "reference-busy-poll-gro": {"plots": False, "netns": ["sbgro", "gro"]},
    "reference-zerocopy": {"plots": False},
    "reference-keepalive": {"plots": False},
    "reference-burst": {"plots": False},
    "reference-threads": {"plots": False},
}

# Shorter measurements for `regenerate --quick`, which tests the pipeline into a stage directory.
QUICK = {
    "reproduce": [("--budget", "10s")],
    "run": [("--repetitions", "2"), ("--duration", "50ms"), ("--warmup", "10ms")],
    "load": [("--repetitions", "1"), ("--step-duration", "50ms"), ("--warmup", "10ms")],
}


# ---------------------------------------------------------------- reading a reference

def path(root, *parts):
    return os.path.join(root, *parts)


def rows(root, name, file="summary.csv"):
    with open(path(root, "results", name, file), newline="") as f:
        return list(csv.DictReader(f))


def metadata(root, name):
    with open(path(root, "results", name, "run.json")) as f:
        return json.load(f)


def command(meta):
    """The command as typed: the program by its name, then the recorded arguments."""
    return " ".join(["sockbench"] + [shlex.quote(a) for a in meta["commandLine"][1:]])


def made(meta):
    """'on the 2-core development VM on 2026-12-03 (commit ..., load average 0.86 at the start)'"""
    host = meta["host"]
    where = f"{host['cores']}-core development {'VM' if host.get('virtualMachine') else 'machine'}"
    load = meta.get("loadAverageBefore")
    load = f", load average {load:.2f} at the start" if load is not None else ""
    steal = meta.get("stealShare")
    steal = f", the hypervisor withheld {steal * 100:.0f}% of the CPUs' time (steal)" if steal is not None else ""
    return f"on the {where} on {meta['startTime'][:10]} (commit {meta.get('gitCommit') or 'unknown'}{load}{steal})"


def wall_seconds(meta):
    def t(s): return time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
    return t(meta["endTime"]) - t(meta["startTime"]) if meta.get("endTime") else None


def count(v):
    """A rate in whole units with a space every three digits: 1 517 788."""
    return f"{float(v):,.0f}".replace(",", " ") if v not in (None, "") else "–"


def one(v, digits=1):
    return f"{float(v):.{digits}f}" if v not in (None, "") else ""


def with_ci(r, metric):
    return f"{count(r[metric + '_median'])} ({count(r[metric + '_ci_low'])}–{count(r[metric + '_ci_high'])})"


def size_label(b):
    b = int(b)
    return f"{b // 1024}KiB" if b >= 1024 and b % 1024 == 0 else f"{b}B"


def table(header, body, align):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])


# ---------------------------------------------------------------- the blocks

def block_reference(root):
    """README: what reproduce found (claim.csv, REPORT.md's verdict, nagle-trap.csv)."""
    name = "reference"
    meta = metadata(root, name)
    claim = rows(root, name, "claim.csv")
    with open(path(root, "results", name, "REPORT.md")) as f:
        verdict = next(l for l in f if l.startswith("**Verdict")).strip()
    body = []
    for r in claim:
        # The interval the verdict reads: the run's own, widened by the spread between runs when
        # earlier runs were weighed in (claim.csv written before that column has only the run's own).
        low, high = r.get("verdict_low") or r["ratio_low"], r.get("verdict_high") or r["ratio_high"]
        ratio = f"{float(r['ratio']):.2f} ({float(low):.2f}–{float(high):.2f})" if r["ratio"] else "–"
        drift = f"±{float(r['ratio_drift']) * 100:.1f}%" if r.get("ratio_drift") else "–"
        body.append([r["short_label"], count(r["unix_msg_per_s"]), count(r["tcp_msg_per_s"]), ratio, drift, r["verdict"]])
    drifts = [float(r["ratio_drift"]) for r in claim if r.get("ratio_drift")]
    nagle = rows(root, name, "nagle-trap.csv")
    out = [
        "## What `reproduce` found on the development machine",
        "",
        f"Produced by `{command(meta)}`",
        f"{made(meta)}; the full write-up is",
        f"[results/{name}/REPORT.md](results/{name}/REPORT.md). This block is printed from the committed",
        "files by `python3 Benchmarks/references.py write` ([the references](docs/references.md)).",
        "",
        verdict,
        "",
        table(["condition", "AF_UNIX msg/s", "TCP msg/s", "AF_UNIX/TCP (95% CI)", "drift", "verdict"], body, "lrrrrl"),
        "",
        "\"drift\" is how far the ratio wandered between time blocks of the run; it is already inside the",
        "interval (see [statistics](docs/statistics.md)).",
    ]
    if drifts:
        out[-1] += f" In this run the ratio wandered by up to ±{max(drifts) * 100:.1f}% between time blocks."
    out += [
        "",
        f"![every slot's AF_UNIX/TCP ratio over the run](plots/{name}/claim-drift.svg)",
        "",
        "**Why TCP_NODELAY matters for request/response** (same run, `nagle-trap.csv`): a request written",
        f"as header + body waits for a delayed ACK when Nagle is on. {nagle[0]['transport']} ping-pong {size_label(nagle[0]['size_bytes'])}, one measurement each:",
        "",
        table(["TCP_NODELAY", "request writes", "reply writes", "split write", "quick ACK", "round-trip p50 µs", "p99 µs"],
              [[r["nodelay"], r["writes"], r.get("reply_writes") or "1", r.get("split_write") or "–", r.get("quickack") or "–",
                one(r["rtt_p50_us"]), one(r["rtt_p99_us"])] for r in nagle], "lrrllrr"),
    ]
    return "\n".join(out)


def block_nagle_trap(root):
    name = "reference-nagle-trap"
    meta = metadata(root, name)
    body = [[r["nodelay"], r["writes"], r.get("reply_writes") or "1", with_ci(r, "rtt_per_s"), one(r["rtt_merged_p50_us"]), one(r["rtt_merged_p99_us"])]
            for r in rows(root, name)]
    return "\n".join([
        f"`{command(meta)}`, {made(meta)};",
        f"committed in `results/{name}/`, figures in its `report.html` (`sockbench plot results/{name}` draws them again):",
        "",
        table(["TCP_NODELAY", "request writes", "reply writes", "round trips/s (95% CI)", "RTT p50 µs", "RTT p99 µs"], body, "lrrrrr"),
    ])


def block_split_write(root):
    name = "reference-split-write"
    meta = metadata(root, name)
    body = [[r["writes"], r.get("reply_writes") or "1", r["split_write"], r["quickack"], with_ci(r, "rtt_per_s"),
             one(r["rtt_merged_p50_us"]), one(r["rtt_merged_p99_us"])] for r in rows(root, name)]
    return "\n".join([
        f"`{command(meta)}`, {made(meta)};",
        f"committed in `results/{name}/` (its `report.html` holds the figures):",
        "",
        table(["request writes", "reply writes", "split write", "quick ACK", "round trips/s (95% CI)", "RTT p50 µs", "RTT p99 µs"],
              body, "rrllrrr"),
    ])


def block_floor(root):
    name = "reference-floor"
    meta = metadata(root, name)
    body = [[r["transport"], r["mode"], r["pattern"], size_label(r["size_bytes"]), with_ci(r, "msg_per_s"),
             one(r["rtt_merged_p50_us"]) if r["pattern"] == "pingpong" else "–"] for r in rows(root, name)]
    return "\n".join([
        f"`{command(meta)}`, {made(meta)};",
        f"committed in `results/{name}/` (its `report.html` holds the figures):",
        "",
        table(["transport", "mode", "pattern", "size", "msg/s (95% CI)", "RTT p50 µs"], body, "llllrr"),
    ])


def block_connect(root):
    name = "reference-connect"
    meta = metadata(root, name)
    body = [[r["transport"], with_ci(r, "msg_per_s"), one(r["rtt_merged_p50_us"]), one(r["rtt_merged_p99_us"]),
             one(r["connect_p50_us_median"]), one(r["cpu_us_per_msg_receiver_median"])] for r in rows(root, name)]
    return "\n".join([
        f"`{command(meta)}`, {made(meta)};",
        f"committed in `results/{name}/`, figures in its `report.html` (`sockbench plot results/{name}` draws them again):",
        "",
        table(["transport", "transactions/s (95% CI)", "transaction p50 µs", "p99 µs", "connect() p50 µs", "server CPU µs/transaction"],
              body, "lrrrrr"),
    ])


def block_connections(root):
    name = "reference-connections"
    meta = metadata(root, name)
    first = {(m["transport"], m["connections"]): m for m in rows(root, name, "measurements.csv") if m["repetition"] == "1"}
    body = []
    for r in rows(root, name):
        m = first.get((r["transport"], r["connections"]), {})
        fairness = "/".join(m.get(k, "") or "-" for k in ("conn_rtt_count_min", "conn_rtt_count_median", "conn_rtt_count_max"))
        body.append([r["transport"], r["connections"], with_ci(r, "msg_per_s"), one(r["rtt_merged_p50_us"]), one(r["rtt_merged_p99_us"]),
                     fairness, one(r["cpu_us_per_msg_receiver_median"])])
    failed = sum(int(r["failed"] or 0) for r in rows(root, name))
    return "\n".join([
        f"`{command(meta)}`, {made(meta)};",
        f"committed in `results/{name}/`, figures in its `report.html` (`sockbench plot results/{name}` draws them again); {'every row ok' if failed == 0 else f'{failed} failed measurements'}:",
        "",
        table(["transport", "connections", "msg/s (95% CI)", "RTT p50 µs", "RTT p99 µs",
               "round trips per connection, min/median/max (repetition 1)", "server CPU µs/msg"], body, "lrrrrlr"),
    ])


def block_sidecar(root):
    """The paired comparison as `run --compare` prints it, from compare.csv."""
    name = "reference-sidecar"
    meta = metadata(root, name)
    compare = rows(root, name, "compare.csv")
    a, b = compare[0]["a"], compare[0]["b"]
    lines = [["cell", "metric", "slots", f"{b}/{a} (95% CI)", f"{b} vs {a}"]]
    for r in compare:
        cell = r["label"][: -len(r["metric"])].strip() if r["label"].endswith(r["metric"]) else r["label"]
        lines.append([cell or "-", r["metric"], r["slots"], f"{float(r['ratio']):.3f} ({float(r['ratio_low']):.3f}–{float(r['ratio_high']):.3f})", r["reading"]])
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    text = "\n".join("  ".join([v.ljust(w) for v, w in zip(l[:-1], widths)] + [l[-1]]) for l in lines)
    return "\n".join([
        f"`{command(meta)}`, {made(meta)}; committed in `results/{name}/`, with its `report.html`:",
        "",
        "```",
        text,
        "```",
    ])


def block_modes(root):
    name = "reference-modes"
    meta = metadata(root, name)
    body = [[r["transport"], r["mode"], count(r["rtt_per_s_median"]), one(r["rtt_merged_p50_us"]),
             one(r["cpu_us_per_msg_sender_median"], 2), one(r["cpu_us_per_msg_receiver_median"], 2)]
            for r in rows(root, name) if r["pattern"] == "pingpong"]
    pingpong = [r for r in rows(root, name) if r["pattern"] == "pingpong"]
    sizes = sorted({int(r["size_bytes"]) for r in pingpong})
    placed = ", workers placed by the scheduler" if all(r["cpu"] == "none" for r in pingpong) else ""
    return "\n".join([
        f"`{command(meta)}` then `sockbench plot results/{name} --output plots/{name}`, {made(meta)}",
        f"(committed; figures `plots/{name}/io-modes-*.svg`). Ping-pong, {', '.join(size_label(s) for s in sizes)}{placed}, medians of {meta['repetitions']} repetitions:",
        "",
        table(["transport", "mode", "round trips/s", "RTT p50 µs (merged)", "CPU µs/msg client", "CPU µs/msg server"], body, "llrrrr"),
    ])


def block_batch(root):
    name = "reference-batch"
    meta = metadata(root, name)
    body = [[r["transport"], r["batch"], with_ci(r, "msg_per_s"), count(r["lost_median"])] for r in rows(root, name)]
    return "\n".join([
        f"`{command(meta)}`, {made(meta)}; committed in `results/{name}/`:",
        "",
        table(["transport", "batch", "received msg/s (95% CI)", "lost (median)"], body, "lrrr"),
    ])


def block_netns(root):
    veth, loop = "reference-netns", "reference-netns-loopback"
    meta, loop_meta = metadata(root, veth), metadata(root, loop)
    key = lambda r: (r["transport"], r["pattern"], r["size_bytes"])
    loopback = {key(r): r for r in rows(root, loop)}
    body = []
    for r in rows(root, veth):
        l = loopback.get(key(r))
        if l is None:
            continue
        body.append([f"{r['transport']} {r['pattern']} {size_label(r['size_bytes'])}", with_ci(r, "msg_per_s"), with_ci(l, "msg_per_s"),
                     one(r["rtt_merged_p50_us"]), one(l["rtt_merged_p50_us"])])
    return "\n".join([
        f"Across the veth pair: `{command(meta)}`, {made(meta)}.",
        "",
        f"On loopback: `{command(loop_meta)}`, {made(loop_meta)}.",
        "",
        f"Medians of {meta['repetitions']} repetitions (the unix cells were skipped: AF_UNIX is local to one host):",
        "",
        table(["cell", "veth msg/s (95% CI)", "loopback msg/s (95% CI)", "veth RTT p50 µs", "loopback RTT p50 µs"], body, "lrrrr"),
    ])


def block_load(root):
    name = "reference-load"
    meta = metadata(root, name)
    out = [f"`{command(meta)}`, {made(meta)}; committed in `results/{name}/`, its figures in `plots/{name}/` (load draws them; each `.gp` there draws its figure again).", ""]
    knees = path(root, "results", name, "knees.json")
    if os.path.exists(knees):
        with open(knees) as f:
            k = json.load(f)
        def knee(k):
            # 0 is "none at or above the lowest rate tried" (knees.json).
            return ("none" if k["rate"] == 0 else f"{count(k['rate'])} ({count(k['low'])}–{count(k['high'])})") + (" *" if k["wide"] else "")
        sweeps = f"{k['sweeps']} sweep{'s' if k['sweeps'] != 1 else ''}"
        body = []
        for t in k["transports"]:
            latency = t["latency"]
            if latency["verdict"] == "floor-limited" or latency.get("knee") is None:
                limited = f"limited by the machine's floor ({latency['floorLimitedSweeps']} of {sweeps})"
            else:
                limited = knee(latency["knee"])
            body.append([t["transport"], t["pattern"], size_label(t["sizeBytes"]), knee(t["saturation"]), limited])
        out += [f"Knees pooled from every try of {sweeps} (the highest rate passing in at least half of its tries), 95% interval in brackets; `*` marks an interval spanning more than 1.3×:", "",
                table(["transport", "pattern", "size", "saturation knee msg/s", f"latency knee msg/s ({k['objective']} beyond the floor)"], body, "lllrr")]
    else:
        # A run made before knees.json was written: every step's medians, from summary.csv.
        body = [[r["transport"], count(r["rate_offered"]), count(r["msg_per_s_median"]), one(r["owl_p50_us_median"]), one(r["owl_p99_us_median"]),
                 one(r["owl_p999_us_median"])]
                for r in sorted(rows(root, name), key=lambda r: (r["transport"] != "unix", r["transport"], int(r["rate_offered"] or 0)))]
        out += [f"This run predates knees.json (made before the floor and the saturation test), so its knees are not",
                f"restated here; every step, medians of {meta['repetitions']} sweeps (one-way latency from the intended send time):", "",
                table(["transport", "offered msg/s", "achieved msg/s", "p50 µs", "p99 µs", "p99.9 µs"], body, "lrrrrr")]
    return "\n".join(out)


def per_cell(root, name, column):
    """A measurements.csv column per cell: the median of its repetitions' values, '' when none."""
    values = {}
    for r in rows(root, name, "measurements.csv"):
        if r.get(column) not in (None, ""):
            values.setdefault(r["cell_id"], []).append(r[column])
    def middle(v):
        v = sorted(v, key=lambda x: (float(x) if re.fullmatch(r"-?[0-9.]+", x) else x))
        return v[len(v) // 2]
    return {cell: middle(v) for cell, v in values.items()}


def committed_line(root, name, note="committed in"):
    meta = metadata(root, name)
    return f"`{command(meta)}`, {made(meta)}; {note} `results/{name}/`:"


def block_io_uring(root):
    name = "reference-io-uring"
    body = [[r["transport"], r["pattern"], size_label(r["size_bytes"]), r["mode"], with_ci(r, "msg_per_s"),
             one(r["rtt_merged_p50_us"]) if r["pattern"] == "pingpong" else "–",
             one(r["cpu_us_per_msg_sender_median"], 2), one(r["cpu_us_per_msg_receiver_median"], 2)] for r in rows(root, name)]
    return "\n".join([committed_line(root, name), "",
        table(["transport", "pattern", "size", "mode", "msg/s (95% CI)", "RTT p50 µs", "CPU µs/msg sender", "CPU µs/msg receiver"],
              body, "llllrrrr")])


def block_busy_poll(root):
    paths = [("loopback", "reference-busy-poll"), ("veth", "reference-busy-poll-veth"), ("veth, GRO on", "reference-busy-poll-gro")]
    body, made_by = [], []
    for label, name in paths:
        accepted = per_cell(root, name, "busy_poll_accepted")
        effective = per_cell(root, name, "busy_poll_effective_us")
        for r in rows(root, name):
            body.append([label, r["transport"], r["busy_poll_us"], with_ci(r, "msg_per_s"), one(r["rtt_merged_p50_us"], 2),
                         one(r["rtt_merged_p99_us"], 2), f"{accepted.get(r['cell_id'], '')} {effective.get(r['cell_id'], '')}".strip()])
        made_by += [f"- {label}: {committed_line(root, name, 'in')[:-1]}"]
    return "\n".join(made_by + ["",
        table(["path", "transport", "busy-poll µs", "msg/s (95% CI)", "RTT p50 µs", "RTT p99 µs", "accepted, effective µs"], body, "lllrrrl")])


def block_zerocopy(root):
    name = "reference-zerocopy"
    copied = per_cell(root, name, "zerocopy_copied")
    body = [[size_label(r["size_bytes"]), r["zerocopy"], with_ci(r, "msg_per_s"), one(r["mb_per_s_median"]),
             one(r["cpu_us_per_msg_sender_median"], 2), one(r["cpu_us_per_msg_receiver_median"], 2), copied.get(r["cell_id"], "")]
            for r in rows(root, name)]
    return "\n".join([committed_line(root, name), "",
        table(["size", "zerocopy", "msg/s (95% CI)", "MB/s", "sender CPU µs/msg", "receiver CPU µs/msg", "zerocopy_copied"], body, "rlrrrrr")])


def block_keepalive(root):
    name = "reference-keepalive"
    body = [[r["pattern"], r["keepalive"], with_ci(r, "msg_per_s"), one(r["rtt_merged_p50_us"], 2) if r["pattern"] == "pingpong" else "–",
             one(r["cpu_us_per_msg_sender_median"], 2)] for r in rows(root, name)]
    return "\n".join([committed_line(root, name), "",
        table(["pattern", "keepalive", "msg/s (95% CI)", "RTT p50 µs", "sender CPU µs/msg"], body, "llrrr")])


def block_burst(root):
    name = "reference-burst"
    body = [[r["transport"], r["burst"], count(r["rate_offered"]), with_ci(r, "msg_per_s"), one(r["owl_p50_us_median"]),
             one(r["owl_p99_us_median"]), one(r["owl_p999_us_median"])] for r in rows(root, name)]
    return "\n".join([committed_line(root, name), "",
        table(["transport", "burst", "offered msg/s", "achieved msg/s (95% CI)", "one-way p50 µs", "p99 µs", "p99.9 µs"], body, "lrrrrrr")])


def block_threads(root):
    name = "reference-threads"
    by_cell = {}
    for m in rows(root, name, "measurements.csv"):
        by_cell.setdefault(m["cell_id"], []).append(m)
    def spread(cell, column):
        """Over the cell's repetitions: the lowest minimum, the median of medians, the highest maximum."""
        reps = [m for m in by_cell.get(cell, []) if m.get(f"{column}_min")]
        if not reps:
            return "–"
        medians = sorted(float(m[f"{column}_median"]) for m in reps)
        return "/".join(count(v) for v in (min(float(m[f"{column}_min"]) for m in reps), medians[len(medians) // 2],
                                          max(float(m[f"{column}_max"]) for m in reps)))
    body = [[r["transport"], r["threads"], with_ci(r, "msg_per_s"), one(r["rtt_merged_p50_us"]), one(r["cpu_us_per_msg_receiver_median"], 2),
             spread(r["cell_id"], "conn_rtt_count"), spread(r["cell_id"], "thread_msg_per_s"),
             next((m["placement"] for m in by_cell.get(r["cell_id"], []) if m.get("placement")), "")] for r in rows(root, name)]
    return "\n".join([committed_line(root, name), "",
        "Round trips per connection and msg/s per server thread: the lowest minimum, the median of the medians and the",
        "highest maximum over the repetitions.", "",
        table(["transport", "threads", "msg/s (95% CI)", "RTT p50 µs", "server CPU µs/msg", "round trips per connection",
               "msg/s per server thread", "placement"], body, "lrrrrlll")])


def block_references(root):
    """docs/references.md: every reference, how it was made and how long it took."""
    body, total = [], 0.0
    for name in REFERENCES:
        meta = metadata(root, name)
        seconds = wall_seconds(meta) or 0
        total += seconds
        body.append([f"`results/{name}/`", f"`{command(meta)}`", meta["startTime"][:10], f"{seconds:.0f} s"])
    return "\n".join([
        table(["reference", "made by", "on", "wall time"], body, "lllr"),
        "",
        f"The commands' wall times add up to {f'{total / 60:.0f} minutes' if total >= 90 else f'{total:.0f} seconds'} (from each run.json's start and end);",
        "`regenerate` adds the build, the plots and setting up the network namespaces.",
    ])


BLOCKS = {
    "reference": ("README.md", block_reference),
    "nagle-trap": ("docs/connections.md", block_nagle_trap),
    "split-write": ("docs/kernel-knobs.md", block_split_write),
    "floor": ("docs/matrix.md", block_floor),
    "connect": ("docs/connections.md", block_connect),
    "connections": ("docs/connections.md", block_connections),
    "sidecar": ("docs/matrix.md", block_sidecar),
    "modes": ("docs/findings/2026-11-25-overhead-io-modes-batching.md", block_modes),
    "batch": ("docs/findings/2026-11-25-overhead-io-modes-batching.md", block_batch),
    "netns": ("docs/across-hosts.md", block_netns),
    "load": ("docs/load.md", block_load),
    "io-uring": ("docs/kernel-knobs.md", block_io_uring),
    "busy-poll": ("docs/kernel-knobs.md", block_busy_poll),
    "zerocopy": ("docs/kernel-knobs.md", block_zerocopy),
    "keepalive": ("docs/kernel-knobs.md", block_keepalive),
    "burst": ("docs/scaling.md", block_burst),
    "threads": ("docs/scaling.md", block_threads),
    "references": ("docs/references.md", block_references),
}


def markers(name):
    return (f"<!-- generated by Benchmarks/references.py: {name} -->", f"<!-- end of generated {name} -->")


def blocks_in(root):
    """(file, name, text in the file, text recomputed) for every block."""
    for name, (file, make) in BLOCKS.items():
        with open(path(root, file)) as f:
            text = f.read()
        begin, end = markers(name)
        m = re.search(re.escape(begin) + r"\n(.*?)\n?" + re.escape(end), text, re.S)
        yield file, name, text, (m.group(1) if m else None), make(root)


def write_blocks(root):
    changed = []
    for file, name, text, found, fresh in blocks_in(root):
        if found is None:
            raise SystemExit(f"references: {file} has no block '{name}' (markers {markers(name)[0]})")
        if found != fresh:
            begin, end = markers(name)
            # By the block's span (an empty block has no line between its markers).
            m = re.search(re.escape(begin) + r"\n(.*?)\n?" + re.escape(end), text, re.S)
            text = text[:m.start()] + f"{begin}\n{fresh}\n{end}" + text[m.end():]
            with open(path(root, file), "w") as f:
                f.write(text)
            changed.append(f"{file}: {name}")
    return changed


# ---------------------------------------------------------------- committed files

def committed(root):
    """The files under results/ and plots/ that git tracks (outside a git checkout, the references'
    files and the two READMEs: a copy's scratch runs are not committed)."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "results", "plots"], capture_output=True, check=True).stdout
        files = [f for f in out.decode().split("\0") if f and os.path.exists(path(root, f))]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    return [os.path.relpath(os.path.join(d, f), root) for top in ("results", "plots") for ref in glob.glob(path(root, top, "reference*"))
            for d, _, fs in os.walk(ref) for f in fs] + [f"{top}/README.md" for top in ("results", "plots") if os.path.exists(path(root, top, "README.md"))]


def machine_paths(root):
    """Files under results/ and plots/ that name this checkout's directory (also as JSON writes it)."""
    needles = set()
    for p in {os.path.realpath(root), os.path.realpath(CHECKOUT), os.path.expanduser("~")}:
        if p != "/" and len(p) > 1:
            needles |= {p + "/", p.replace("/", "\\/") + "\\/"}
    found = []
    for f in committed(root):
        try:
            with open(path(root, f), errors="replace") as h:
                text = h.read()
        except OSError:
            continue
        if any(n in text for n in needles):
            found.append(f)
    return found


def missing_data(root):
    """The data files a committed gnuplot script reads (relative to itself) that are not there."""
    missing = []
    for script in (f for f in committed(root) if f.endswith(".gp")):
        with open(path(root, script)) as h:
            text = h.read()
        here = os.path.dirname(path(root, script))
        run = re.search(r"^run = here\.'([^']+)'", text, re.M)
        for base, relative in re.findall(r"\b(run|here)\.'(/[^']+\.(?:csv|hgrm))'", text):
            if base == "run" and not run:
                missing.append(f"{script}: reads run.'{relative}' but sets no run directory")
                continue
            target = os.path.normpath(here + (run.group(1) if base == "run" else "") + relative)
            if not os.path.exists(target):
                missing.append(f"{script}: reads {os.path.relpath(target, root)}, which is not committed")
    return missing


def check(root):
    problems = []
    for file, name, text, found, fresh in blocks_in(root):
        if found is None:
            problems.append(f"{file}: no generated block '{name}'")
        elif found != fresh:
            a, b = found.splitlines(), fresh.splitlines()
            i = next((i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]), 0)
            problems.append(f"{file}: block '{name}' differs from the committed files at its line {i + 1}:\n"
                            f"    in {file}: {a[i] if i < len(a) else '(nothing)'}\n"
                            f"    from files: {b[i] if i < len(b) else '(nothing)'}")
    for f in missing_data(root):
        problems.append(f)
    for f in machine_paths(root):
        problems.append(f"{f}: contains this machine's checkout path")
    files = committed(root)
    size = sum(os.path.getsize(path(root, f)) for f in files if os.path.exists(path(root, f)))
    if len(files) > MAX_FILES or size > MAX_BYTES:
        problems.append(f"results/ and plots/: {len(files)} files, {size:,} bytes (at most {MAX_FILES} files and {MAX_BYTES:,} bytes)")
    for p in problems:
        print(f"references: {p}", file=sys.stderr)
    if not problems:
        print(f"references: {len(BLOCKS)} blocks match the committed files; results/ and plots/ hold {len(files)} files, {size:,} bytes")
    return 1 if problems else 0


def compact(root, name):
    res, plots = path(root, "results", name), path(root, "plots", name)
    removed = 0
    # With every figure inlined in report.html, plots/NAME keeps only the scripts of the images a
    # page shows: `sockbench plot results/NAME` draws all the others again.
    if os.path.exists(path(res, "report.html")):
        shown = cited(root)
        for script in glob.glob(path(plots, "*.gp")):
            stem = f"plots/{name}/{os.path.basename(script)[:-3]}"
            if not any(fnmatch.fnmatch(stem + ext, c) for c in shown for ext in (".svg", ".png")):
                os.remove(script)
                removed += 1
    scripts = glob.glob(path(res, "figures", "*.gp"))
    if REFERENCES[name]["plots"]:
        scripts += glob.glob(path(plots, "*.gp"))
    used = set()
    for s in scripts:
        with open(s) as f:
            used |= {os.path.basename(h) for h in re.findall(r"histograms/([^'\"]+\.hgrm)", f.read())}
    # No report and no plots/NAME: no figure reads a histogram (a table of summary.csv is the reference).
    figureless = not REFERENCES[name]["plots"] and not os.path.exists(path(res, "report.html"))
    for f in glob.glob(path(res, "histograms", "*")):
        # Without a script to read (compacted already, and no plots/NAME), every .hgrm stays.
        if re.search(r"\.rep\d+\.json$", f) or figureless or (scripts and f.endswith(".hgrm") and os.path.basename(f) not in used):
            os.remove(f)
            removed += 1
    if os.path.isdir(path(res, "histograms")) and not os.listdir(path(res, "histograms")):
        os.rmdir(path(res, "histograms"))
    if os.path.isdir(path(res, "figures")):
        removed += len(os.listdir(path(res, "figures")))
        shutil.rmtree(path(res, "figures"))
    if not REFERENCES[name]["plots"] and os.path.isdir(plots):
        removed += len(os.listdir(plots))
        shutil.rmtree(plots)
    shown = cited(root)
    inlined = os.path.exists(path(res, "report.html"))
    for image in glob.glob(path(plots, "*.svg")) + glob.glob(path(plots, "*.png")):
        relative = f"plots/{name}/{os.path.basename(image)}"
        if (inlined and not any(fnmatch.fnmatch(relative, c) for c in shown)) or (image.endswith(".png") and os.path.exists(image[:-4] + ".svg")):
            os.remove(image)
            removed += 1
    return removed


def cited(root):
    """The images of plots/ that README.md or a docs page shows or names (globs allowed)."""
    pages = [path(root, "README.md")] + glob.glob(path(root, "docs", "**", "*.md"), recursive=True)
    if not os.path.exists(pages[0]):
        pages = [path(CHECKOUT, "README.md")] + glob.glob(path(CHECKOUT, "docs", "**", "*.md"), recursive=True)
    text = "".join(open(p).read() for p in pages)
    return set(re.findall(r"plots/reference[\w-]*/[\w.*-]+\.(?:svg|png)", text))


# ---------------------------------------------------------------- regenerating

def recorded(root, name):
    """The command a committed reference was made with, as argv after the program."""
    argv = metadata(root, name)["commandLine"]
    # A launcher needs a binary path: the recorded one is replaced by the checkout's, relative.
    return [".build/release/sockbench" if a.endswith("/sockbench") else a for a in argv[1:]]


def quicken(argv):
    argv = list(argv)
    for option, value in QUICK.get(argv[0], []):
        if option in argv:
            argv[argv.index(option) + 1] = value
        else:
            argv += [option, value]
    return argv


def regenerate(names, quick, keep):
    binary = path(CHECKOUT, ".build", "release", "sockbench")
    if not os.path.exists(binary):
        raise SystemExit("references: build first: swift build -c release (Benchmarks/regenerate-references.sh does)")
    stage = keep or tempfile.mkdtemp(prefix="sockbench-references-")
    os.makedirs(stage, exist_ok=True)
    # The commands run in a stage of their own, so `reproduce` weighs in no scratch run of results/
    # and the recorded command lines keep their relative paths (.build is the checkout's).
    if not os.path.exists(path(stage, ".build")):
        os.symlink(path(CHECKOUT, ".build"), path(stage, ".build"))
    for d in ("results", "plots"):
        os.makedirs(path(stage, d), exist_ok=True)
    made_pairs = []  # the namespace pairs this call made, removed at the end
    started = time.time()
    try:
        for name in names:
            argv = recorded(CHECKOUT, name)
            if quick:
                argv = quicken(argv)
            if argv[0] == "load" and "--plots" not in argv:
                argv += ["--plots", f"plots/{name}"]
            pair = REFERENCES[name].get("netns")
            if pair:
                up = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
                if f"{pair[0]}-a" not in up:
                    subprocess.run(["bash", path(HERE, "netns-pair.sh"), "up"] + pair, check=True)
                    made_pairs.append(pair[0])
            for d in (path(stage, "results", name), path(stage, "plots", name)):
                shutil.rmtree(d, ignore_errors=True)
            t = time.time()
            print(f"references: {name}: sockbench {' '.join(shlex.quote(a) for a in argv)}", file=sys.stderr, flush=True)
            subprocess.run([".build/release/sockbench"] + argv, cwd=stage, check=True, stdout=subprocess.DEVNULL)
            if REFERENCES[name]["plots"] and argv[0] == "run":
                subprocess.run([".build/release/sockbench", "plot", f"results/{name}", "--output", f"plots/{name}"],
                               cwd=stage, check=True, stdout=subprocess.DEVNULL)
            removed = compact(stage, name)
            print(f"references: {name}: {time.time() - t:.0f} s, {removed} files not kept", file=sys.stderr, flush=True)
    finally:
        for prefix in made_pairs:
            subprocess.run(["bash", path(HERE, "netns-pair.sh"), "down", prefix])
    if quick or keep:
        for f in ["README.md"] + sorted(set(file for file, _ in BLOCKS.values())):
            os.makedirs(os.path.dirname(path(stage, f)), exist_ok=True)
            shutil.copy(path(CHECKOUT, f), path(stage, f))
        for name in REFERENCES:
            if name not in names and os.path.isdir(path(CHECKOUT, "results", name)):
                for d in ("results", "plots"):
                    if os.path.isdir(path(CHECKOUT, d, name)) and not os.path.exists(path(stage, d, name)):
                        shutil.copytree(path(CHECKOUT, d, name), path(stage, d, name))
        changed = write_blocks(stage)
        print(f"references: {len(names)} references in {stage} after {time.time() - started:.0f} s; blocks rewritten there: "
              + (", ".join(changed) or "none"), file=sys.stderr)
        return stage
    for name in names:
        for d in ("results", "plots"):
            shutil.rmtree(path(CHECKOUT, d, name), ignore_errors=True)
            if os.path.exists(path(stage, d, name)):
                shutil.move(path(stage, d, name), path(CHECKOUT, d, name))
    shutil.rmtree(stage)
    changed = write_blocks(CHECKOUT)
    print(f"references: {len(names)} references regenerated in {time.time() - started:.0f} s; blocks rewritten: "
          + (", ".join(changed) or "none"), file=sys.stderr)
    return CHECKOUT


def main(args):
    root = CHECKOUT
    if args[:1] == ["--root"]:
        root, args = os.path.abspath(args[1]), args[2:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 64
    what, rest = args[0], args[1:]
    if what == "check":
        return check(root)
    if what == "write":
        changed = write_blocks(root)
        print("references: rewrote " + (", ".join(changed) if changed else "nothing (every block was up to date)"))
        return 0
    if what == "print" and len(rest) == 1 and rest[0] in BLOCKS:
        print(BLOCKS[rest[0]][1](root))
        return 0
    keep = rest[rest.index("--keep") + 1] if "--keep" in rest and rest.index("--keep") + 1 < len(rest) else None
    names = [a for i, a in enumerate(rest) if not a.startswith("--") and not (i > 0 and rest[i - 1] == "--keep")]
    for n in names:
        if n not in REFERENCES:
            raise SystemExit(f"references: no reference named {n}; the references are {', '.join(REFERENCES)}")
    if what == "compact":
        for n in names or REFERENCES:
            print(f"{n}: removed {compact(root, n)} files")
        return 0
    if what == "rerender":
        # The reports drawn again from the committed data, without measuring: after a change to
        # how report.html is written (its figures come from the committed CSVs and histograms).
        # plots/NAME too, where `sockbench plot` drew it (not load's figures, which load draws).
        binary = path(CHECKOUT, ".build", "release", "sockbench")
        for n in names or REFERENCES:
            drawn = REFERENCES[n]["plots"] and metadata(root, n)["commandLine"][1] != "load" and os.path.isdir(path(root, "plots", n))
            if drawn:
                subprocess.run([binary, "plot", path("results", n), "--output", path("plots", n)],
                               cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if os.path.exists(path(root, "results", n, "report.html")):
                subprocess.run([binary, "report", path("results", n)], cwd=root, check=True, stderr=subprocess.DEVNULL)
            if drawn or os.path.exists(path(root, "results", n, "report.html")):
                print(f"{n}: {'plots and ' if drawn else ''}report.html drawn again; removed {compact(root, n)} files")
        return 0
    if what == "list":
        for n in names or REFERENCES:
            meta = metadata(root, n)
            print(f"{n}\t{wall_seconds(meta) or 0:.0f} s\t{command(meta)}")
        return 0
    if what == "regenerate":
        regenerate(names or list(REFERENCES), "--quick" in rest, keep and os.path.abspath(keep))
        return 0
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
