#!/usr/bin/env bash
# How far apart are CPU 0 and CPU 1 right now? Two threads pinned to them bounce one cache line
# 200 000 times; the figure is the one-way hand-over time in ns. On bare metal it is a fixed
# property of the two cores; in a VM it is where the hypervisor has put the two vCPUs at that
# moment, and it can change from one second to the next. Samples it N times (default 60), half a
# second apart, and prints the samples and how many were "near" (below 120 ns).
#
# Usage: Benchmarks/vcpu-distance.sh [N]      Needs a C compiler (cc) and 2 CPUs.
set -euo pipefail
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
samples=()
for _ in $(seq 1 "$n"); do samples+=("$("$work/probe")"); sleep 0.5; done
near=0; for s in "${samples[@]}"; do [ "$s" -lt 120 ] && near=$((near + 1)); done
echo "# CPU 0 <-> CPU 1 cache-line hand-over, ns, $n samples 0.5 s apart; $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "${samples[*]}"
echo "near (< 120 ns): $near of $n"
