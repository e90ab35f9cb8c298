#!/usr/bin/env bash
# Does the CI gate catch a 10% slower Swift hot loop, and leave unchanged code alone?
#
# Runs N trials (default 10) of what .ci/run does, `check --baseline ci --run ci --normalize
# --thresholds .ci/thresholds.yaml`, with two builds of the same source, alternating their order:
#   unchanged  swift build -c release
#   slowed     the same with -DSOCKBENCH_TRIAL_SLOWDOWN: the Swift ping-pong client and stream
#              sender spin a ninth of each iteration (rate -10%); the C control loops are untouched.
# Prints one line per trial and how often each build was flagged. About 15 s per check on 2 cores.
#
# Usage: Benchmarks/ci-gate-trials.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
swift build -c release >/dev/null
swift build -c release --scratch-path .build-trial -Xswiftc -DSOCKBENCH_TRIAL_SLOWDOWN >/dev/null
unchanged=.build/release/sockbench
slowed=.build-trial/release/sockbench
work=$(mktemp -d /tmp/sockbench-trials-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "# CI gate trials: check --baseline ci --run ci --normalize --thresholds .ci/thresholds.yaml"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -r), $(nproc) cores; baseline baselines/ci recorded $(sed -n 's/.*"measuredAt" : "\(.*\)".*/\1/p' baselines/ci/baseline.json)"
printf '%-6s %-10s %-6s %-12s %s\n' trial build exit regressions "msg/s change per cell (normalized)"
flagged_unchanged=0
flagged_slowed=0
for trial in $(seq 1 "$n"); do
    order="unchanged slowed"
    [ $((trial % 2)) -eq 0 ] && order="slowed unchanged"
    for build in $order; do
        binary=$unchanged
        [ "$build" = slowed ] && binary=$slowed
        status=0
        "$binary" check --baseline ci --run ci --normalize --thresholds .ci/thresholds.yaml --quiet \
            --output "$work/$trial-$build" --json "$work/$trial-$build.json" >/dev/null 2>"$work/$trial-$build.err" || status=$?
        summary=$(python3 - "$work/$trial-$build.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [c for c in d["comparisons"] if c["metric"] == "msg_per_s" and c["relativeChange"] is not None]
regressions = sum(1 for c in d["comparisons"] if c["verdict"] == "regression")
print(regressions, " ".join(f"{c['shortCell']}:{c['relativeChange']*100:+.1f}%" for c in rows))
PY
)
        printf '%-6s %-10s %-6s %-12s %s\n' "$trial" "$build" "$status" "${summary%% *}" "${summary#* }"
        if [ "$status" -ne 0 ]; then
            if [ "$build" = slowed ]; then flagged_slowed=$((flagged_slowed + 1)); else flagged_unchanged=$((flagged_unchanged + 1)); fi
        fi
        rm -rf "$work/$trial-$build"
    done
done
echo "flagged: slowed $flagged_slowed of $n, unchanged $flagged_unchanged of $n"
