#!/usr/bin/env python3
"""Replays a committed stability batch (Benchmarks/stability.sh output) with a between-run spread:
first a uniform extra standard deviation tau added to every condition's interval, then tau
estimated per condition from the runs before each run (Paule-Mandel, as `reproduce` does with
earlier runs). Reads each run's ratio and +-half-width from the table, treats the interval as
symmetric on the log scale, and prints disjoint pairs, undecided conditions and median half-widths.

Usage: python3 Benchmarks/replay-between-runs.py [BATCH]
  (default Benchmarks/results/stability-20261202T2330-drift.txt)"""
import math, re, statistics, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/results/stability-20261202T2330-drift.txt"
BOUNDARIES = [0.9, 1.1, 2.0, 3.0]
rows = []
for line in open(path):
    if "disjoint pairs" not in line or line.startswith("pairs"):
        continue
    runs = re.findall(r"(\d+\.\d+)±(\d+)%", line)
    rows.append([(math.log(float(r)), math.log(1 + max(int(h), 1) / 100) / 1.96) for r, h in runs])

def paule_mandel(logs, errors):
    k = len(logs)
    def q(t2):
        w = [1 / (e * e + t2) for e in errors]
        mean = sum(a * b for a, b in zip(w, logs)) / sum(w)
        return sum(a * (b - mean) ** 2 for a, b in zip(w, logs))
    if k < 2 or q(0) <= k - 1:
        return 0.0
    low, high = 0.0, (max(logs) - min(logs)) ** 2 + 1e-6
    while q(high) > k - 1:
        high *= 4
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if q(middle) > k - 1 else (low, middle)
    return math.sqrt((low + high) / 2)

def summary(label, tau_of):
    disjoint, runs = 0, len(rows[0])
    undecided, widths = [0] * runs, [[] for _ in range(runs)]
    for condition in rows:
        intervals = []
        for i, (m, s) in enumerate(condition):
            h = 1.96 * math.sqrt(s * s + tau_of(condition, i) ** 2)
            low, high = math.exp(m - h), math.exp(m + h)
            intervals.append((low, high))
            widths[i].append((math.exp(h) - 1) * 100)
            undecided[i] += any(low < b < high for b in BOUNDARIES)
        disjoint += sum(1 for i in range(runs) for j in range(i + 1, runs)
                        if intervals[i][1] < intervals[j][0] or intervals[j][1] < intervals[i][0])
    pairs = len(rows) * runs * (runs - 1) // 2
    medians = ", ".join(f"{statistics.median(w):.0f}" for w in widths)
    print(f"{label:32s} disjoint {disjoint} / {pairs}  undecided {', '.join(map(str, undecided))}  median half-width {medians} %")

print(f"# {path}: {len(rows)} conditions, {len(rows[0])} runs")
for tau in [0, 0.03, 0.05, 0.08]:
    summary(f"uniform tau {tau * 100:.0f} %", lambda condition, i, tau=tau: tau)
summary("per condition, earlier runs (PM)",
        lambda condition, i: paule_mandel([m for m, _ in condition[:i + 1]], [s for _, s in condition[:i + 1]]) if i else 0.0)
