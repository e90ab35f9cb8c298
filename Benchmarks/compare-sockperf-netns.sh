#!/usr/bin/env bash
# TCP ping-pong, 64 B, across the veth pair of Benchmarks/netns-pair.sh: sockbench and sockperf,
# interleaved round by round (the machine drifts), each 3 s. sockperf prints half the round trip
# unless given --full-rtt, so it is given --full-rtt: both columns are full round trips in µs.
#   Benchmarks/netns-pair.sh up && Benchmarks/compare-sockperf-netns.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
bin=$(pwd)/.build/release/sockbench
# Both tools under the same idle policy: sockbench holds /dev/cpu_dma_latency at 0 while it measures
# (--idle poll, its default); hold it here for the whole script, so sockperf's rounds get it too.
# Without it sockperf measured 125 us against sockbench's 27 us on this VM: its wake-ups waited for
# halted vCPUs. IDLE=os runs both without the hold.
if [ "${IDLE:-poll}" = poll ]; then
    exec 3>/dev/cpu_dma_latency
    printf '\x00\x00\x00\x00' >&3
fi
ip netns exec sbnet-b sockperf server -i 10.200.0.2 --tcp -p 11111 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
echo "round  sockbench_rtt_p50_us  sockperf_rtt_p50_us"
for round in $(seq "$rounds"); do
    out=$(mktemp -d)
    "$bin" run --transport tcp --pattern pingpong --size 64 --repetitions 1 --duration 3s --warmup 200ms \
        --server-via 'ip netns exec sbnet-b' --server-binary "$bin" --client-via 'ip netns exec sbnet-a' --client-binary "$bin" \
        --server-address 10.200.0.2 --idle "${IDLE:-poll}" --output "$out/run" --quiet >/dev/null 2>&1
    ours=$(python3 -c "import csv,sys; print(list(csv.DictReader(open(sys.argv[1])))[0]['rtt_merged_p50_us'])" "$out/run/summary.csv")
    rm -rf "$out"
    theirs=$(ip netns exec sbnet-a sockperf ping-pong -i 10.200.0.2 --tcp -p 11111 -m 64 -t 3 --full-rtt 2>&1 \
        | sed -nE 's/.*percentile 50.000 = *([0-9.]+).*/\1/p')
    echo "$round  $ours  $theirs"
done
