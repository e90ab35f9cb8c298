#!/usr/bin/env bash
# User-space instructions per send/recv call of each worker loop, Swift against C, under callgrind.
# Instruction counts do not depend on the machine's noise, so they show a harness cost of a few
# nanoseconds that a timing run on a shared VM cannot resolve. Not part of CI (a few minutes).
#
# Usage: Benchmarks/instructions-per-message.sh [SOCKBENCH]   (default: swift build -c release)
# valgrind 3.19 cannot read the DWARF 5 Swift emits, so a copy with the debug info stripped runs.
#
# Workers serve measurement after measurement, so one worker process runs both engines of a
# calibrate cell. Callgrind therefore collects only inside one engine's loop functions
# (--toggle-collect) and counts the send/recv calls made there: one valgrind run per cell and engine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions-per-message: valgrind is not installed" >&2; exit 1; }
binary=${1:-}
if [ -z "$binary" ]; then
    swift build -c release --scratch-path .build-calib >/dev/null
    binary=.build-calib/release/sockbench
fi
work=$(mktemp -d /tmp/sockbench-instructions-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$binary" "$work/sockbench"
strip --strip-debug "$work/sockbench"

measure() {  # transport pattern engine toggle-pattern
    local out="$work/$1-$2-$3"
    mkdir -p "$out"
    valgrind --tool=callgrind --trace-children=yes --toggle-collect="$4" --callgrind-out-file="$out/cg.%p" \
        "$work/sockbench" calibrate --transport "$1" --size 64 --pattern "$2" --mode blocking \
        --repetitions 1 --duration 2s --warmup 0ms --quiet --output "$out/run" >/dev/null 2>"$out/valgrind.log" || true
}
for transport in unix udp; do
    for pattern in pingpong stream; do
        case $pattern in pingpong) swift='*PingPong*run*' ;; stream) swift='*6Stream*run*' ;; esac
        measure "$transport" "$pattern" swift "$swift"
        measure "$transport" "$pattern" c 'csbl_*'
    done
done

python3 - "$work" <<'PY'
# Per worker file: the collected instructions (inside the engine's loop functions only) over the
# send and recv calls made there. The client is the process whose loop sends first.
import glob, re, sys
work = sys.argv[1]
def parse(path):
    names, total, calls, functions = {}, 0, 0, set()
    cfn = None
    def name(text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m: return text
        if m.group(2): names[m.group(1)] = m.group(2)
        return names.get(m.group(1), text)
    for line in open(path):
        if line.startswith("totals:") or line.startswith("summary:"): total = int(line.split()[1])
        elif line.startswith("fn="): functions.add(name(line[3:].strip()))
        elif line.startswith("cfn="): cfn = name(line[4:].strip())
        elif line.startswith("calls=") and cfn in ("send", "recv"): calls += int(line[6:].split()[0])
    return total, calls, functions
client_marks = ("runClient", "runSender", "pingpong_client", "stream_sender")
print("cell                 side      swift Ir/call  c Ir/call")
for transport in ("unix", "udp"):
    for pattern in ("pingpong", "stream"):
        by = {}
        for engine in ("swift", "c"):
            for path in glob.glob(f"{work}/{transport}-{pattern}-{engine}/cg.*"):
                total, calls, functions = parse(path)
                if calls == 0: continue
                side = "client" if any(m in f for f in functions for m in client_marks) else "server"
                by[(engine, side)] = total / calls
        for side in ("client", "server"):
            s, c = by.get(("swift", side)), by.get(("c", side))
            fmt = lambda v: f"{v:.1f}" if v is not None else "-"
            print(f"{transport + ' ' + pattern + ' 64B':20} {side:8} {fmt(s):>14} {fmt(c):>10}")
PY
