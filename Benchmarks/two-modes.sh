#!/usr/bin/env bash
# Is TCP's 64 B stream with TCP_NODELAY between cores two-moded, and is TCP autocorking the cause?
# Measures it N times (default 30) for 25 ms after a 10 ms warmup, the slots reproduce uses, with
# net.ipv4.tcp_autocorking on and off (twice each, alternating; restored afterwards), and prints
# each set's msg/s sorted, in thousands, with the count of slots above 600 000 msg/s.
# Needs root to flip the sysctl. Usage: Benchmarks/two-modes.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
swift build -c release >/dev/null
work=$(mktemp -d /tmp/sockbench-two-modes-XXXXXX)
before=$(sysctl -n net.ipv4.tcp_autocorking)
trap 'sysctl -qw net.ipv4.tcp_autocorking=$before; rm -rf "$work"' EXIT
echo "# tcp stream 64 B, TCP_NODELAY on, --cpu split, $n × 25 ms; $(uname -r), $(nproc) cores"
for round in 1 2; do
    for corking in 1 0; do
        sysctl -qw net.ipv4.tcp_autocorking=$corking
        out=$work/r$round-c$corking
        .build/release/sockbench run --transport tcp --pattern stream --size 64 --nodelay on --cpu split \
            --repetitions "$n" --duration 25ms --warmup 10ms --output "$out" --no-report --quiet >/dev/null 2>&1
        python3 - "$out/measurements.csv" "$corking" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "ok"]
v = sorted(float(r["msg_per_s"]) for r in rows)
fast = sum(1 for x in v if x > 600_000)
print(f"tcp_autocorking={sys.argv[2]}: {fast} of {len(v)} slots above 600k msg/s; sorted k msg/s: " + " ".join(str(round(x / 1000)) for x in v))
PY
    done
done
