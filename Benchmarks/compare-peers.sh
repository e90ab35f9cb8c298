#!/usr/bin/env bash
# Runs sockbench and the established tools on the same loopback cells and prints them side by side:
#   sockperf  ping-pong (--full-rtt) and throughput, TCP and UDP        (apt-get install -y sockperf)
#   qperf     tcp_lat/udp_lat and tcp_bw/udp_bw, where installed        (apt-get install -y qperf)
#   iperf3    TCP and UDP one-way throughput, where installed           (apt-get install -y iperf3)
# Not part of CI: it takes a few minutes and its numbers depend on the machine.
#
# Usage: Benchmarks/compare-peers.sh [SECONDS_PER_RUN] [OUTPUT_FILE]
#   SOCKBENCH=path/to/sockbench to use an existing build (default: swift build -c release).
# Writes the table, with the date and machine, to OUTPUT_FILE
# (default Benchmarks/results/compare-peers-<UTC date>.txt) and to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-3}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${2:-Benchmarks/results/compare-peers-$stamp.txt}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/compare-peers-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if [ -z "${SOCKBENCH:-}" ]; then
    swift build -c release --scratch-path .build-calib >/dev/null
    SOCKBENCH=.build-calib/release/sockbench
fi
command -v sockperf >/dev/null || { echo "compare-peers: sockperf is not installed (apt-get install -y sockperf)" >&2; exit 1; }

sizes=(64 1024)
port=$((20000 + RANDOM % 20000))
results="$work/results.tsv"   # tool <tab> cell <tab> figure
: > "$results"
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }

# sockbench: the same cells, blocking sockets, 3 repetitions; medians from summary.csv.
"$SOCKBENCH" run --transport tcp,udp --pattern pingpong,stream --size 64,1K --mode blocking \
    --repetitions 3 --duration "${seconds}s" --warmup 300ms --quiet --output "$work/sockbench" >/dev/null
python3 - "$work/sockbench/summary.csv" >> "$results" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    cell = f"{r['transport']} {r['pattern']} {r['size_bytes']}B"
    if r['pattern'] == 'pingpong':
        fig = f"RTT p50 {float(r['rtt_p50_us_median']):.1f} µs, {float(r['rtt_per_s_median']):,.0f} RT/s"
    else:
        lost = f", lost {int(float(r['lost_median']))}" if r.get('lost_median') else ""
        fig = f"{float(r['msg_per_s_median']):,.0f} msg/s received{lost}"
    print(f"sockbench\t{cell}\t{fig}")
EOF

# sockperf: one server per protocol; ping-pong reports RTT with --full-rtt.
for proto in tcp udp; do
    flag=$([ $proto = tcp ] && echo --tcp || true)
    port=$((port + 1))
    sockperf sr -i 127.0.0.1 -p $port $flag >"$work/sockperf-server-$proto.log" 2>&1 &
    pids+=($!)
    sleep 0.5
    for size in "${sizes[@]}"; do
        sockperf pp -i 127.0.0.1 -p $port $flag -m "$size" -t "$seconds" --full-rtt >"$work/pp.log" 2>&1 || true
        python3 - "$work/pp.log" "$proto pingpong ${size}B" >> "$results" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
p50 = re.search(r"percentile 50\.000 =\s+([\d.]+)", text)
m = re.search(r"\[Valid Duration\] RunTime=([\d.]+) sec; SentMessages=\d+; ReceivedMessages=(\d+)", text)
rate = f", {int(m.group(2)) / float(m.group(1)):,.0f} RT/s" if m else ""
print(f"sockperf\t{sys.argv[2]}\t" + (f"RTT p50 {float(p50.group(1)):.1f} µs{rate}" if p50 else "failed: see sockperf output"))
EOF
        sockperf tp -i 127.0.0.1 -p $port $flag -m "$size" -t "$seconds" >"$work/tp.log" 2>&1 || true
        python3 - "$work/tp.log" "$proto stream ${size}B" >> "$results" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"Message Rate is (\d+) \[msg/sec\]", text)
print(f"sockperf\t{sys.argv[2]}\t" + (f"{int(m.group(1)):,} msg/s sent" if m else "failed: see sockperf output"))
EOF
    done
    kill "${pids[-1]}" 2>/dev/null || true
done

# qperf: its latency is half a round trip; doubled here to compare with RTT.
if command -v qperf >/dev/null; then
    qperf --listen_port $((port + 10)) >"$work/qperf-server.log" 2>&1 &
    pids+=($!)
    sleep 0.5
    for size in "${sizes[@]}"; do
        qperf 127.0.0.1 -lp $((port + 10)) -m "$size" -t "$seconds" -vu tcp_lat udp_lat tcp_bw udp_bw >"$work/qperf.log" 2>&1 || true
        python3 - "$work/qperf.log" "$size" >> "$results" <<'EOF'
import re, sys
size = sys.argv[2]
blocks = re.split(r"\n(?=\w+_\w+:)", open(sys.argv[1]).read())
for block in blocks:
    name = block.split(":")[0].strip()
    proto, kind = name.split("_") if "_" in name else ("", "")
    if kind == "lat":
        m = re.search(r"latency\s*=\s*([\d.]+) (us|ms|ns)", block)
        if m:
            us = float(m.group(1)) * {"us": 1, "ms": 1000, "ns": 0.001}[m.group(2)]
            print(f"qperf\t{proto} pingpong {size}B\tRTT mean {2 * us:.1f} µs (2 × one-way latency)")
    elif kind == "bw":
        # qperf prints bandwidth (10^6 bytes/s); UDP gives the receiver's separately.
        m = re.search(r"(?:recv_bw|\bbw)\s*=\s*([\d.]+) (GB|MB|KB)/sec", block)
        if m:
            rate = float(m.group(1)) * {"GB": 1e9, "MB": 1e6, "KB": 1e3}[m.group(2)] / int(size)
            print(f"qperf\t{proto} stream {size}B\t{rate:,.0f} msg/s received")
EOF
    done
fi

# iperf3: one-way throughput; UDP at unlimited rate (-b 0), loss counted by the receiver.
if command -v iperf3 >/dev/null; then
    iperf3 -s -p $((port + 20)) >"$work/iperf3-server.log" 2>&1 &
    pids+=($!)
    sleep 0.5
    for proto in tcp udp; do
        for size in "${sizes[@]}"; do
            flags=$([ $proto = udp ] && echo "-u -b 0" || true)
            iperf3 -c 127.0.0.1 -p $((port + 20)) $flags -l "$size" -t "$seconds" -J >"$work/iperf3.json" 2>/dev/null || true
            python3 - "$work/iperf3.json" "$proto stream ${size}B" "$size" >> "$results" <<'EOF'
import json, sys
try:
    end = json.load(open(sys.argv[1]))["end"]
    if "sum_received" in end:
        r = end["sum_received"]
        print(f"iperf3\t{sys.argv[2]}\t{r['bytes'] / int(sys.argv[3]) / r['seconds']:,.0f} msg/s received")
    else:
        s = end["sum"]
        print(f"iperf3\t{sys.argv[2]}\t{s['packets'] * (1 - s['lost_percent'] / 100) / s['seconds']:,.0f} msg/s received, lost {s['lost_percent']:.1f}%")
except Exception as error:
    print(f"iperf3\t{sys.argv[2]}\tfailed: {error}")
EOF
        done
    done
fi

{
    echo "# sockbench vs peers on loopback, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# host: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# tools: $(sockperf --version 2>&1 | head -1), $(command -v qperf >/dev/null && echo "qperf $(qperf --version 2>&1 | head -1)"), $(command -v iperf3 >/dev/null && iperf3 --version | head -1)"
    echo "# ${seconds}s per run; blocking sockets; ping-pong: round-trip time (sockperf --full-rtt; qperf one-way latency × 2)"
    echo "# stream: messages per second (sockperf counts what it sent, the others what arrived). sockbench's"
    echo "#   receiver takes one message per recv; iperf3 and qperf read TCP in large chunks, and sockperf's"
    echo "#   TCP throughput test keeps Nagle on, so on TCP they count bytes / size, not messages handled"
    echo
    python3 - "$results" <<'EOF'
import sys
rows = {}
tools = ["sockbench", "sockperf", "qperf", "iperf3"]
for line in open(sys.argv[1]):
    tool, cell, figure = line.rstrip("\n").split("\t")
    rows.setdefault(cell, {})[tool] = figure
order = lambda c: (c.split()[1], c.split()[0], int(c.split()[2][:-1]))
present = [t for t in tools if any(t in r for r in rows.values())]
width = {t: max([len(t)] + [len(r.get(t, "-")) for r in rows.values()]) for t in present}
cw = max(len(c) for c in rows)
print("cell".ljust(cw) + "  " + "  ".join(t.ljust(width[t]) for t in present))
for cell in sorted(rows, key=order):
    print(cell.ljust(cw) + "  " + "  ".join(rows[cell].get(t, "-").ljust(width[t]) for t in present))
EOF
} | tee "$out"
echo "wrote $out" >&2
