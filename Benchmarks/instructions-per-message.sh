#!/usr/bin/env bash
# User-space instructions per send/recv call of each worker loop, Swift against C, under callgrind.
# Instruction counts do not depend on the machine's noise, so they show a harness cost of a few
# nanoseconds that a timing run on a shared VM cannot resolve. Not part of CI (about a minute).
#
# Usage: Benchmarks/instructions-per-message.sh [SOCKBENCH]   (default: swift build -c release)
# valgrind 3.19 cannot read the DWARF 5 Swift emits, so a copy with the debug info stripped runs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions-per-message: valgrind is not installed" >&2; exit 1; }
binary=${1:-}
if [ -z "$binary" ]; then
    swift build -c release --scratch-path .build-calib >/dev/null
    binary=.build-calib/release/sockbench
fi
work=$(mktemp -d /tmp/instructions-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$binary" "$work/sockbench"
strip --strip-debug "$work/sockbench"
valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg.%p" \
    "$work/sockbench" calibrate --transport unix,udp --size 64 --pattern pingpong,stream --mode blocking \
    --repetitions 1 --duration 2s --warmup 0 --quiet --output "$work/run" >/dev/null 2>"$work/valgrind.log"

python3 - "$work" <<'EOF'
# Each worker's file: the loop's inclusive instructions (called from WorkerSetup.run) over the
# process's send and recv calls. Workers start in pairs (server, then client) in the order of
# calibration-pairs.csv, each pair's first engine first.
import csv, glob, re, sys
work = sys.argv[1]
def parse(path):
    names, calls, inclusive = {}, {}, {}
    fn = cfn = None
    pending = None
    def name(text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m: return text
        if m.group(2): names[m.group(1)] = m.group(2)
        return names.get(m.group(1), text)
    for line in open(path):
        if line.startswith("fn="): fn = name(line[3:].strip())
        elif line.startswith("cfn="): cfn = name(line[4:].strip())
        elif line.startswith("calls="): pending = int(line[6:].split()[0])
        elif pending is not None and line[:1] in "0123456789+-*" and line[:1] != "":
            parts = line.split()
            calls[(fn, cfn)] = calls.get((fn, cfn), 0) + pending
            inclusive[(fn, cfn)] = inclusive.get((fn, cfn), 0) + (int(parts[1]) if len(parts) > 1 else 0)
            pending = None
    return calls, inclusive
loops = {"runClient": "pingpong client", "runServer": "pingpong server", "runSender": "stream sender",
         "runReceiver": "stream receiver", "ReferenceLoops": None}
rows = []
for path in sorted(glob.glob(f"{work}/cg.*"), key=lambda p: int(p.rsplit(".", 1)[1])):
    calls, inclusive = parse(path)
    syscalls = sum(n for (a, b), n in calls.items() if b in ("send", "recv"))
    for (caller, callee), n in calls.items():
        if "WorkerSetup" in caller and any(l in callee for l in loops):
            rows.append((next(l for l in loops if l in callee), inclusive[(caller, callee)], syscalls))
pairs = list(csv.DictReader(open(f"{work}/run/calibration-pairs.csv")))
print("cell                 side      swift Ir/call  c Ir/call")
for index, pair in enumerate(pairs):
    workers = rows[index * 4:(index + 1) * 4]
    engines = ["swift", "c"] if pair["first_engine"] == "swift" else ["c", "swift"]
    by = {}
    for engine, (server, client) in zip(engines, [workers[0:2], workers[2:4]]):
        by[(engine, "server")] = server[1] / max(server[2], 1)
        by[(engine, "client")] = client[1] / max(client[2], 1)
    for side in ["client", "server"]:
        cell = f"{pair['transport']} {pair['pattern']} {pair['size_bytes']}B"
        print(f"{cell:20} {side:8} {by[('swift', side)]:14.1f} {by[('c', side)]:10.1f}")
EOF
