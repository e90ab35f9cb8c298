#!/usr/bin/env bash
# Does the AF_UNIX/TCP ratio itself wander on this machine, and do the pooled workers cause it?
#
# Part 1, one long paired run: SLOTS slots (default 1000, about 80 s) of unix vs tcp ping-pong,
# 64 B, workers on different cores, 25 ms after a 10 ms warmup as `reproduce` measures, all in
# the same two worker processes. Prints the ratio of each block of 100 consecutive slots, the
# autocorrelation of the per-slot log ratio, and how far the blocks spread against the same slots
# shuffled (1.0 = slots independent; larger = the ratio drifts more slowly than a block).
#
# Part 2, pooled against fresh workers: RUNS (default 8) short runs of 100 slots with each of two
# builds, alternating: main as it is (workers live for the run) and main with
# Benchmarks/patches/fresh-workers.diff (both workers killed and restarted after every
# measurement), built in a temporary worktree. Prints each run's ratio and the spread between
# runs: if the pooled workers carried a state that moved the ratio, fresh workers would spread less.
#
# Usage: Benchmarks/drift.sh [SLOTS [RUNS]]     (RUNS=0 skips part 2)
set -euo pipefail
cd "$(dirname "$0")/.."
slots=${1:-1000}
runs=${2:-8}
swift build -c release >/dev/null
work=$(mktemp -d /tmp/sockbench-drift-XXXXXX)
tree=$work/fresh-tree
cleanup() {
    git worktree remove --force "$tree" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
measure() { # binary slots output
    "$1" run --pattern pingpong --size 64 --cpu split --compare transport=unix,tcp --repetitions "$2" \
        --duration 25ms --warmup 10ms --output "$3" --quiet --no-report >/dev/null 2>&1
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -r), $(nproc) cores, commit $(git rev-parse --short HEAD)"
echo "## part 1: $slots slots of unix vs tcp ping-pong 64 B between cores, one pair of worker processes"
start=$(date +%s)
measure .build/release/sockbench "$slots" "$work/long"
echo "wall $(( $(date +%s) - start )) s"
python3 -B - "$work/long/compare-pairs.csv" <<'PY'
import csv, math, statistics, sys
sys.path.insert(0, "Benchmarks")
from block_spread import blocks, print_spread, trimmed
rows = sorted((r for r in csv.DictReader(open(sys.argv[1])) if r["metric"] == "msg_per_s"), key=lambda r: int(r["slot"]))
logs = [math.log(float(r["a_value"]) / float(r["b_value"])) for r in rows]   # AF_UNIX/TCP
def autocorrelation(xs, lag):
    m = statistics.mean(xs); v = sum((x - m) ** 2 for x in xs)
    return sum((xs[i] - m) * (xs[i + lag] - m) for i in range(len(xs) - lag)) / v
print(f"AF_UNIX/TCP over all {len(logs)} slots: {math.exp(trimmed(logs)):.3f} (20% trimmed geometric mean)")
print("per block of 100 slots:", " ".join(f"{math.exp(b):.3f}" for b in blocks(logs, 100)))
print("autocorrelation of the per-slot log ratio at lag (slots):",
      ", ".join(f"{lag}: {autocorrelation(logs, lag):.2f}" for lag in (1, 2, 5, 10, 20, 50)))
print_spread(logs, (10, 30, 60, 100))
PY

[ "$runs" -gt 0 ] || exit 0
echo "## part 2: $runs runs of 100 slots each, pooled workers (main) and fresh workers per measurement (patch), alternating"
git worktree add -q --detach "$tree" HEAD
git -C "$tree" apply "$PWD/Benchmarks/patches/fresh-workers.diff"
swift build -c release --package-path "$tree" --scratch-path "$work/fresh-build" >/dev/null
for run in $(seq 1 "$runs"); do
    measure .build/release/sockbench 100 "$work/pooled$run"
    measure "$work/fresh-build/release/sockbench" 100 "$work/fresh$run"
done
python3 - "$work" "$runs" <<'PY'
import csv, math, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
for variant in ("pooled", "fresh"):
    ratios, widths = [], []
    for run in range(1, runs + 1):
        row = next(r for r in csv.DictReader(open(f"{work}/{variant}{run}/compare.csv")) if r["metric"] == "msg_per_s")
        # compare.csv holds tcp/unix; the claim's ratio is its inverse.
        ratio, low, high = (1 / float(row[k]) for k in ("ratio", "ratio_high", "ratio_low"))
        ratios.append(ratio); widths.append((high - low) / 2 / ratio)
    logs = [math.log(r) for r in ratios]
    print(f"{variant:6s} AF_UNIX/TCP per run: {' '.join(f'{r:.3f}' for r in ratios)}; "
          f"spread between runs (sd of log) {statistics.stdev(logs):.3f}; median half-width within a run ±{statistics.median(widths) * 100:.1f}%")
PY
