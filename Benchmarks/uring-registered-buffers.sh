#!/usr/bin/env bash
# Do registered buffers (IORING_REGISTER_BUFFERS, READ_FIXED/WRITE_FIXED) pay for io_uring pipe
# ping-pong? Builds Benchmarks/uring-registered-buffers.c and runs plain and fixed interleaved,
# 5 rounds of 1 s each, at 64 B and 64 KiB; prints each mode's median and min–max round trips/s,
# the ratio fixed/plain of the medians, and the machine's steal over the run.
# Usage: bash Benchmarks/uring-registered-buffers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/sockbench-uring-buffers-XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -O2 -Wall -Wextra -o "$work/bench" Benchmarks/uring-registered-buffers.c
cpu() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat; }  # steal, total ticks
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(uname -r), $(nproc) cores"
echo "# io_uring pipe ping-pong, one op in flight, plain vs fixed interleaved, 5 rounds × 1 s"
read -r steal0 total0 < <(cpu)
for size in 64 65536; do
    for round in 1 2 3 4 5; do
        for mode in plain fixed; do "$work/bench" $mode $size 1 | tee -a "$work/runs"; done
    done
done
read -r steal1 total1 < <(cpu)
echo
awk '{v[$2" "$1] = v[$2" "$1] " " $5}
END {
    printf "%-6s %-6s %12s %22s\n", "size", "mode", "median rt/s", "min–max rt/s"
    for (s = 64; s <= 65536; s *= 1024) {
        for (m = 0; m < 2; m++) {
            mode = m ? "fixed" : "plain"
            n = split(v[s" "mode], x, " "); for (i = 1; i <= n; i++) x[i] += 0
            for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j-1] > x[j]; j--) { t = x[j]; x[j] = x[j-1]; x[j-1] = t }
            med[mode] = x[int((n + 1) / 2)]
            printf "%-6s %-6s %12d %10d–%d\n", s, mode, med[mode], x[1], x[n]
        }
        printf "%-6s fixed/plain (medians) %.3f\n", s, med["fixed"] / med["plain"]
    }
}' "$work/runs"
awk -v s=$((steal1 - steal0)) -v t=$((total1 - total0)) \
    'BEGIN {printf "steal over the run: %d of %d ticks (%.2f %%)\n", s, t, t ? 100 * s / t : 0}'
