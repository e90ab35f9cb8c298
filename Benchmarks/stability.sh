#!/usr/bin/env bash
# Does `reproduce` give the same answer when run again? Runs it N times back to back (default 5)
# and prints, per condition, the N verdicts and ratios, how many runs agree with the most common
# verdict and how many of the N(N-1)/2 pairs of runs have ratio intervals that miss each other (two
# honest 95% intervals of one quantity miss about once in 180 pairs), then the claim-level answer of
# each run (which conditions are near the claimed 2.5) and each run's undecided count, interval
# half-widths, wall time, the steal and busy shares of the CPUs (run.json) and the conditions whose
# slots fell into two modes (claim.csv ratio_modes).
# The runs share one parent directory, so each run weighs in the earlier runs of the batch
# (reproduce's "between runs" spread, claim.csv's verdict_low/verdict_high): the intervals compared
# are the ones the verdicts read; the runs' own intervals (ratio_low/ratio_high) are counted too.
#
# Usage: Benchmarks/stability.sh [N [REPRODUCE OPTIONS...]]   e.g. stability.sh 5 --budget 75s
# KEEP=DIR keeps the N run directories in DIR. PROBE=1 samples the vCPU distance (vcpu-distance.sh,
# 10 samples) before each run and prints how many were near next to that run's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
shift || true
swift build -c release >/dev/null
if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"; work=$KEEP
else
    work=$(mktemp -d /tmp/sockbench-stability-XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
for run in $(seq 1 "$n"); do
    if [ -n "${PROBE:-}" ]; then
        bash Benchmarks/vcpu-distance.sh 10 | sed -n 's/^near (< 120 ns): \(.*\)$/\1/p' > "$work/probe$run"
    fi
    start=$(date +%s.%N)
    .build/release/sockbench reproduce --output "$work/run$run" --plots "$work/plots$run" --quiet "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$start $end" > "$work/run$run/wall"
done
python3 - "$work" "$n" "$@" <<'PY'
import csv, json, math, os, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
runs = []
for i in range(1, n + 1):
    rows = list(csv.DictReader(open(f"{work}/run{i}/claim.csv")))
    start, end = map(float, open(f"{work}/run{i}/wall").read().split())
    runs.append((rows, end - start))
conditions = [r["condition"] for r in runs[0][0]]
short = {r["condition"]: r["short_label"] for r in runs[0][0]}
def verdict(row):
    v = row["verdict"]
    return "undecided(" + v.split(": ", 1)[1] + ")" if v.startswith("undecided") else v
print(f"# sockbench reproduce {' '.join(sys.argv[3:])}, {n} runs back to back; {os.uname().release}, {os.cpu_count()} cores")
def low(row): return float(row.get("verdict_low") or row["ratio_low"])
def high(row): return float(row.get("verdict_high") or row["ratio_high"])
def half_width(row): return (high(row) - low(row)) / 2 / float(row["ratio"])
agree_all = 0
disjoint_total = own_disjoint_total = pairs_total = 0
for c in conditions:
    rows = [next(r for r in run[0] if r["condition"] == c) for run in runs]
    verdicts = [verdict(r) for r in rows]
    top = max(set(verdicts), key=verdicts.count)
    same = verdicts.count(top)
    agree_all += same == n
    disjoint = own_disjoint = 0
    for i in range(n):
        for j in range(i + 1, n):
            a, b = rows[i], rows[j]
            if not a["ratio_low"] or not b["ratio_low"]: continue
            pairs_total += 1
            if high(a) < low(b) or high(b) < low(a):
                disjoint += 1
            if float(a["ratio_high"]) < float(b["ratio_low"]) or float(b["ratio_high"]) < float(a["ratio_low"]):
                own_disjoint += 1
    disjoint_total += disjoint
    own_disjoint_total += own_disjoint
    ratios = " ".join(f"{float(r['ratio']):.2f}±{half_width(r)*100:.0f}%" if r["ratio"] else "-" for r in rows)
    drifts = " ".join(f"{float(r['ratio_drift'])*100:.0f}%" if r.get("ratio_drift") else "-" for r in rows)
    between = " ".join(f"{float(r['between_runs'])*100:.0f}%" if r.get("between_runs") else "-" for r in rows)
    print(f"{short[c]:20s} {same}/{n}  disjoint pairs {disjoint}  {ratios}  drift {drifts}  between {between} | {' ; '.join(verdicts)}")
print(f"conditions with the same verdict in all {n} runs: {agree_all} of {len(conditions)}")
print(f"pairs of runs whose ratio intervals do not overlap: {disjoint_total} of {pairs_total} ({100 * disjoint_total / max(1, pairs_total):.1f}%); "
      f"the runs' own intervals, before the spread between runs: {own_disjoint_total} ({100 * own_disjoint_total / max(1, pairs_total):.1f}%)")
answers = [tuple(short[r["condition"]] for r in run[0] if r["verdict"].startswith("near the claimed")) for run in runs]
print(f"claim-level answer (conditions near 2.5) per run: {' | '.join(', '.join(a) or 'none' for a in answers)}; same in all: {len(set(answers)) == 1}")
# Is the spread between runs what the runs' own intervals expect? The standard deviation of a
# condition's log ratio across the runs, over the mean standard error its slots give within a run
# (log(1 + half-width) / t, t about 1.97 for the slot counts reproduce reaches): near 1 when the
# runs differ only by sampling, larger when the machine itself changed between runs.
spreads = []
for c in conditions:
    rows = [next(r for r in run[0] if r["condition"] == c) for run in runs]
    if n < 2 or any(not r["ratio"] for r in rows): continue
    logs = [math.log(float(r["ratio"])) for r in rows]
    se = statistics.mean(math.log(1 + float(r["ratio_half_width"])) / 1.97 for r in rows)
    spreads.append((statistics.stdev(logs) / se, short[c]))
if spreads:
    spreads.sort()
    print(f"spread between runs / standard error within a run: median {statistics.median(s for s, _ in spreads):.1f}, "
          f"range {spreads[0][0]:.1f} ({spreads[0][1]}) to {spreads[-1][0]:.1f} ({spreads[-1][1]})")
for i, (rows, wall) in enumerate(runs, 1):
    widths = sorted(half_width(r) for r in rows if r["ratio_half_width"])
    undecided = sum(1 for r in rows if r["verdict"].startswith("undecided"))
    probe = f"{work}/probe{i}"
    near = f", vCPUs near before it: {open(probe).read().strip()}" if os.path.exists(probe) else ""
    meta = json.load(open(f"{work}/run{i}/run.json"))
    host = (f", steal {meta['stealShare']*100:.1f}% busy {meta['hostBusyShare']*100:.0f}% of the CPUs"
            if meta.get("stealShare") is not None else "")
    modes = [short[r["condition"]] for r in rows if r.get("ratio_modes")]
    two = f", two modes: {', '.join(modes)}" if modes else ""
    print(f"run {i}: {undecided} undecided, ratio half-width median ±{statistics.median(widths)*100:.1f}% worst ±{widths[-1]*100:.1f}%, wall {wall:.0f} s{host}{two}{near}")
PY
