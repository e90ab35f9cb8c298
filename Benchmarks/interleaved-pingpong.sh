#!/usr/bin/env bash
# Is the wander of the AF_UNIX/TCP ping-pong ratio between cores a property of sockbench's
# measurement, or of the machine? A plain C program, outside sockbench, holds one AF_UNIX and one
# TCP (TCP_NODELAY) connection open between two processes pinned to CPU 0 and CPU 1, idle CPUs
# held polling (/dev/cpu_dma_latency = 0, as sockbench's --idle poll), and does 1 000 round trips
# of 64 B on each transport per slot, either
#   interleaved   switching transport every 20 round trips (about 0.3 ms), so both see the same
#                 moments of the machine, or
#   back to back  1 000 on one, then 1 000 on the other (as a sockbench slot does, order alternating).
# Runs CHUNKS (default 4) chunks of 500 slots of each, alternating, and prints for each way the
# ratio over all slots and per block of 100 slots, and how far the blocks spread against the same
# slots shuffled (1.0 = slots independent). If interleaving removed the wander, the ratio's
# movement would come from the two cells seeing different moments; if both wander alike, the
# ratio itself changes with the machine's state. Needs cc and 2 CPUs; about 50 s per chunk.
#
# Usage: Benchmarks/interleaved-pingpong.sh [CHUNKS]
set -euo pipefail
cd "$(dirname "$0")/.."
chunks=${1:-4}
work=$(mktemp -d /tmp/sockbench-interleave-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/interleave.c" <<'C'
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static void pin(int cpu) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s); sched_setaffinity(0, sizeof s, &s); }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static void full(int fd, char *b, int n, int recvmode) {
    int d = 0;
    while (d < n) {
        ssize_t r = recvmode ? recv(fd, b + d, n - d, 0) : send(fd, b + d, n - d, 0);
        if (r <= 0) { perror("io"); exit(1); }
        d += r;
    }
}
enum { SIZE = 64 };

int main(int argc, char **argv) {
    int lat = open("/dev/cpu_dma_latency", O_WRONLY); int zero = 0; if (lat < 0 || write(lat, &zero, 4) != 4) perror("cpu_dma_latency");
    int segment = atoi(argv[1]), perslot = atoi(argv[2]), slots = atoi(argv[3]);
    char path[64]; snprintf(path, sizeof path, "%s/pair.sock", argv[4]);
    int ul = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un ua = {.sun_family = AF_UNIX}; strcpy(ua.sun_path, path);
    unlink(path); bind(ul, (void *)&ua, sizeof ua); listen(ul, 1);
    int tl = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in ta = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(tl, (void *)&ta, sizeof ta); socklen_t len = sizeof ta; getsockname(tl, (void *)&ta, &len); listen(tl, 1);
    int one = 1;
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        int fds[2]; fds[0] = accept(ul, 0, 0); fds[1] = accept(tl, 0, 0);
        setsockopt(fds[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char b[SIZE];
        for (int s = 0; s < slots + 1; s++) {
            int first = (segment == perslot) ? (s & 1) : 0;
            for (int done = 0; done < perslot; done += segment)
                for (int k = 0; k < 2; k++) {
                    int fd = fds[k ^ first];
                    for (int i = 0; i < segment; i++) { full(fd, b, SIZE, 1); full(fd, b, SIZE, 0); }
                }
        }
        _exit(0);
    }
    pin(0);
    int fds[2];
    fds[0] = socket(AF_UNIX, SOCK_STREAM, 0); connect(fds[0], (void *)&ua, sizeof ua);
    fds[1] = socket(AF_INET, SOCK_STREAM, 0); connect(fds[1], (void *)&ta, sizeof ta);
    setsockopt(fds[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char b[SIZE]; memset(b, 1, SIZE);
    for (int s = 0; s < slots + 1; s++) {  // slot 0 is warmup
        double spent[2] = {0, 0};
        int first = (segment == perslot) ? (s & 1) : 0;
        for (int done = 0; done < perslot; done += segment)
            for (int k = 0; k < 2; k++) {
                int t = k ^ first, fd = fds[t];
                double a = now();
                for (int i = 0; i < segment; i++) { full(fd, b, SIZE, 0); full(fd, b, SIZE, 1); }
                spent[t] += now() - a;
            }
        if (s > 0) printf("%.1f %.1f\n", 2 * perslot / spent[0], 2 * perslot / spent[1]);
    }
    waitpid(child, 0, 0);
    unlink(path);
    return 0;
}
C
cc -O2 -o "$work/interleave" "$work/interleave.c"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -r), $(nproc) cores; $chunks chunks of 500 slots each way, alternating"
for chunk in $(seq 1 "$chunks"); do
    "$work/interleave" 20 1000 500 "$work" >> "$work/interleaved"
    "$work/interleave" 1000 1000 500 "$work" >> "$work/back-to-back"
done
python3 -B - "$work" <<'PY'
import math, statistics, sys
sys.path.insert(0, "Benchmarks")
from block_spread import blocks, print_spread, trimmed
for way in ("interleaved", "back-to-back"):
    rows = [tuple(map(float, line.split())) for line in open(f"{sys.argv[1]}/{way}")]
    logs = [math.log(unix / tcp) for unix, tcp in rows]
    print(f"{way}: AF_UNIX/TCP over {len(logs)} slots {math.exp(trimmed(logs)):.3f}; unix {statistics.median(u for u, _ in rows):.0f}, tcp {statistics.median(t for _, t in rows):.0f} msg/s (medians)")
    print("  per block of 100 slots:", " ".join(f"{math.exp(b):.3f}" for b in blocks(logs, 100)))
    print_spread(logs, (10, 30, 100), indent="  ")
PY
