#!/usr/bin/env bash
# How far apart are CPU 0 and CPU 1 right now? Two threads pinned to them bounce one cache line
# 200 000 times; the figure is the one-way hand-over time in ns. On bare metal it is a fixed
# property of the two cores; in a VM it is where the hypervisor has put the two vCPUs at that
# moment, and it can change from one second to the next. Samples it N times (default 60), half a
# second apart, and prints the samples and how many were "near" (below 120 ns).
#
# With --pingpong it asks whether that distance moves the AF_UNIX/TCP answer: N times, a probe,
# a short unix-vs-tcp ping-pong run between the cores (2 slots of 25 ms), a probe; then the median
# msg/s and ratio of the runs whose two probes were both near, and of those both far.
#
# Usage: Benchmarks/vcpu-distance.sh [--pingpong] [N]      Needs a C compiler (cc) and 2 CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
pingpong=no
if [ "${1:-}" = "--pingpong" ]; then pingpong=yes; shift; fi
n=${1:-60}
work=$(mktemp -d /tmp/sockbench-vcpu-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/probe.c" <<'C'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
enum { ROUNDS = 200000 };
static _Atomic long line __attribute__((aligned(64)));
static void pin(int cpu) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s); pthread_setaffinity_np(pthread_self(), sizeof s, &s); }
static void *answer(void *unused) {
    (void)unused; pin(1);
    for (long i = 0; i < ROUNDS; i++) {
        while (atomic_load_explicit(&line, memory_order_acquire) != 2 * i + 1) {}
        atomic_store_explicit(&line, 2 * i + 2, memory_order_release);
    }
    return 0;
}
int main(void) {
    pthread_t thread; struct timespec a, b;
    pin(0);
    pthread_create(&thread, 0, answer, 0);
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < ROUNDS; i++) {
        atomic_store_explicit(&line, 2 * i + 1, memory_order_release);
        while (atomic_load_explicit(&line, memory_order_acquire) != 2 * i + 2) {}
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(thread, 0);
    printf("%.0f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / ROUNDS / 2);
    return 0;
}
C
cc -O2 -pthread -o "$work/probe" "$work/probe.c"
if [ "$pingpong" = yes ]; then
    swift build -c release >/dev/null
    for i in $(seq 1 "$n"); do
        before=$("$work/probe")
        .build/release/sockbench run --transport unix,tcp --pattern pingpong --size 64 --cpu split --repetitions 2 \
            --duration 25ms --warmup 10ms --seed "$i" --output "$work/run$i" --quiet >/dev/null 2>&1
        echo "$i $before $("$work/probe")" >> "$work/probes"
    done
    python3 - "$work" <<'PY'
import csv, statistics, sys
work = sys.argv[1]
runs = []
for line in open(f"{work}/probes"):
    i, before, after = line.split()
    rows = [r for r in csv.DictReader(open(f"{work}/run{i}/measurements.csv")) if r["msg_per_s"]]
    rate = {t: statistics.mean(float(r["msg_per_s"]) for r in rows if r["transport"] == t) for t in ("unix", "tcp")}
    runs.append((float(before), float(after), rate["unix"], rate["tcp"]))
print(f"# unix vs tcp ping-pong 64 B between CPU 0 and 1, {len(runs)} short runs, each between two probes; near = both probes < 120 ns")
for name, group in (("near", [r for r in runs if r[0] < 120 and r[1] < 120]), ("far", [r for r in runs if r[0] >= 120 and r[1] >= 120])):
    if group:
        print(f"{name:5} {len(group):3} runs  unix {statistics.median(r[2] for r in group):8.0f} msg/s  tcp {statistics.median(r[3] for r in group):8.0f} msg/s"
              f"  AF_UNIX/TCP {statistics.median(r[2] / r[3] for r in group):.2f}")
print(f"mixed {sum(1 for r in runs if (r[0] < 120) != (r[1] < 120)):3} runs (placement changed during the run)")
PY
    exit 0
fi
samples=()
for _ in $(seq 1 "$n"); do samples+=("$("$work/probe")"); sleep 0.5; done
near=0; for s in "${samples[@]}"; do [ "$s" -lt 120 ] && near=$((near + 1)); done
echo "# CPU 0 <-> CPU 1 cache-line hand-over, ns, $n samples 0.5 s apart; $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "${samples[*]}"
echo "near (< 120 ns): $near of $n"
