#!/usr/bin/env bash
# Does `reproduce` give the same answer when run again? Runs it N times back to back (default 5)
# and prints, per condition, the N verdicts and ratios and how many runs agree with the most common
# verdict, then each run's undecided count, interval half-widths and wall time.
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
import csv, os, statistics, sys
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
agree_all = 0
for c in conditions:
    rows = [next(r for r in run[0] if r["condition"] == c) for run in runs]
    verdicts = [verdict(r) for r in rows]
    top = max(set(verdicts), key=verdicts.count)
    same = verdicts.count(top)
    agree_all += same == n
    ratios = " ".join(f"{float(r['ratio']):.2f}±{float(r['ratio_half_width'])*100:.0f}%" if r["ratio"] else "-" for r in rows)
    print(f"{short[c]:16s} {same}/{n}  {ratios}  | {' ; '.join(verdicts)}")
print(f"conditions with the same verdict in all {n} runs: {agree_all} of {len(conditions)}")
for i, (rows, wall) in enumerate(runs, 1):
    widths = sorted(float(r["ratio_half_width"]) for r in rows if r["ratio_half_width"])
    undecided = sum(1 for r in rows if r["verdict"].startswith("undecided"))
    probe = f"{work}/probe{i}"
    near = f", vCPUs near before it: {open(probe).read().strip()}" if os.path.exists(probe) else ""
    print(f"run {i}: {undecided} undecided, ratio half-width median ±{statistics.median(widths)*100:.1f}% worst ±{widths[-1]*100:.1f}%, wall {wall:.0f} s{near}")
PY
