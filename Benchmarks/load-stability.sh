#!/usr/bin/env bash
# Does `sockbench load` give knees that repeat? Runs
#   swift run -c release sockbench load --transport unix,tcp,udp --size 64 --quiet --json
# N times back to back (default 3) and prints, per transport, each run's saturation knee and latency
# knee (each pooled from every try of that run's sweeps) and their spread across runs: the largest
# deviation from the median of the runs, in %. A floor-limited latency knee prints as "floor".
#
# Usage: Benchmarks/load-stability.sh [N [LOAD OPTIONS...]]   e.g. load-stability.sh 5 --repetitions 5
# KEEP=DIR keeps the N run directories (with their knees.json) in DIR; otherwise they go to a
# temporary directory that is removed at the end. Nothing is written into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
shift || true
swift build -c release >/dev/null
if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"; work=$KEEP
else
    work=$(mktemp -d /tmp/sockbench-load-stability-XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
for run in $(seq 1 "$n"); do
    start=$(date +%s.%N)
    swift run -c release sockbench load --transport unix,tcp,udp --size 64 --quiet --json \
        --output "$work/run$run" "$@" > "$work/run$run.json" 2> "$work/run$run.err" \
        || { echo "run $run failed:" >&2; cat "$work/run$run.err" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$start $end" > "$work/run$run.wall"
done
python3 - "$work" "$n" "$@" <<'PY'
import json, os, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
runs = [json.load(open(f"{work}/run{i}.json")) for i in range(1, n + 1)]
walls = [float(b) - float(a) for a, b in (open(f"{work}/run{i}.wall").read().split() for i in range(1, n + 1))]
objective = runs[0]["objective"]
print(f"# sockbench load --transport unix,tcp,udp --size 64 {' '.join(sys.argv[3:])}, {n} runs back to back; "
      f"{os.uname().release}, {os.cpu_count()} cores; {runs[0]['sweeps']} sweeps per run; objective {objective} beyond the floor")

def spread(values):
    """Largest deviation from the median, % of the median; None when undefined."""
    if not values: return None
    m = statistics.median(values)
    if m == 0: return None
    return max(abs(v - m) for v in values) / m * 100

def fmt(v): return "none" if v == 0 else f"{v:,}".replace(",", " ")

for t in [x["transport"] for x in runs[0]["transports"]]:
    rows = [next(x for x in r["transports"] if x["transport"] == t) for r in runs]
    sat = [x["saturation"]["rate"] for x in rows]
    lat = [x["latency"]["knee"]["rate"] if x["latency"]["verdict"] == "knee" else None for x in rows]
    s = spread(sat)
    print(f"{t:5s} saturation  " + "  ".join(f"{fmt(v):>9s}{'*' if x['saturation']['wide'] else ' '}" for v, x in zip(sat, rows))
          + f"   median {fmt(int(statistics.median(sat)))}, spread " + ("-" if s is None else f"±{s:.0f}%"))
    judged = [v for v in lat if v is not None]
    s = spread(judged)
    cells = []
    for v, x in zip(lat, rows):
        cells.append(f"{'floor':>9s} " if v is None else f"{fmt(v):>9s}{'*' if x['latency']['knee']['wide'] else ' '}")
    floors = [x["latency"].get("floorMicroseconds") for x in rows]
    floor_text = ", floor " + "/".join("-" if f is None else f"{f:.1f}" for f in floors) + " µs"
    print(f"{t:5s} latency     " + "  ".join(cells)
          + (f"   median {fmt(int(statistics.median(judged)))}, spread " + ("-" if s is None else f"±{s:.0f}%") if judged else "   no knee: floor-limited in every run")
          + (f" ({len(lat) - len(judged)} of {n} runs floor-limited)" if judged and len(judged) < n else "") + floor_text)
print("* = that run's own 95% interval spans more than 1.3x; spread = largest deviation of a run's knee from the median of the runs")
print("wall per run: " + ", ".join(f"{w:.0f} s" for w in walls))
PY
