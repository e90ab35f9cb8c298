#!/usr/bin/env python3
"""Prints the README's reference block from the committed results/reference run (claim.csv,
REPORT.md), so the figures on the front page are the committed files' and nothing else.
Usage: python3 Benchmarks/readme-reference.py  (then paste between the REFERENCE markers)."""
import csv, os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
run = os.path.join(root, "results", "reference")
rows = list(csv.DictReader(open(os.path.join(run, "claim.csv"))))
verdict = next(l for l in open(os.path.join(run, "REPORT.md")) if l.startswith("**Verdict"))
print(verdict.strip())
print()
print("| condition | AF_UNIX msg/s | TCP msg/s | AF_UNIX/TCP (95% CI) | drift | verdict |")
print("|---|---:|---:|---:|---:|---|")
def count(v): return f"{float(v):,.0f}".replace(",", " ") if v else "–"
for r in rows:
    # The interval the verdict reads: the run's own, widened by the spread between runs when earlier
    # runs were weighed in (claim.csv written before that column has only the run's own).
    low, high = r.get("verdict_low") or r["ratio_low"], r.get("verdict_high") or r["ratio_high"]
    ratio = f"{float(r['ratio']):.2f} ({float(low):.2f}–{float(high):.2f})" if r["ratio"] else "–"
    drift = f"±{float(r['ratio_drift']) * 100:.1f}%" if r.get("ratio_drift") else "–"
    print(f"| {r['short_label']} | {count(r['unix_msg_per_s'])} | {count(r['tcp_msg_per_s'])} | {ratio} | {drift} | {r['verdict']} |")
