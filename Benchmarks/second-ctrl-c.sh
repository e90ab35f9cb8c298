#!/bin/sh
# A quick second Ctrl-C, as a terminal sends it: two SIGINTs 10 ms apart to the whole process group
# (sockbench and its workers), 1 s into a 5 s measurement. Each try must exit 130, leave run.json
# "interrupted" and leave no /tmp/sockbench-PID-* socket directory and no worker behind.
# Timing decides which code path the second signal meets, so it is tried several times.
#
# usage: Benchmarks/second-ctrl-c.sh [TRIES] [SOCKBENCH]   (default: 4, .build/release/sockbench)
set -u
TRIES=${1:-4}
B=${2:-$(dirname "$0")/../.build/release/sockbench}
WORK=$(mktemp -d /tmp/second-ctrl-c-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
good=0
for try in $(seq 1 "$TRIES"); do
    OUT=$WORK/run-$try
    # setsid: its own process group, the one a terminal's Ctrl-C would reach.
    setsid "$B" run --transport unix --pattern pingpong --size 64 --duration 5s --warmup 50ms --repetitions 2 \
        --quiet --no-report --output "$OUT" >/dev/null 2>"$OUT.err" &
    PID=$!
    sleep 1
    kill -INT -"$PID"; sleep 0.01; kill -INT -"$PID"
    wait "$PID"; RC=$?
    STATE=$(sed -n 's/.*"state" *: *"\([a-z]*\)".*/\1/p' "$OUT/run.json")
    DIRS=$(ls -d /tmp/sockbench-"$PID"-* 2>/dev/null | wc -l)
    WORKERS=$(pgrep -f -- "worker --parent $PID" | wc -l)
    verdict=bad
    if [ "$RC" = 130 ] && [ "$STATE" = interrupted ] && [ "$DIRS" = 0 ] && [ "$WORKERS" = 0 ]; then verdict=ok; good=$((good + 1)); fi
    echo "try $try: exit $RC, run.json state $STATE, socket directories left $DIRS, workers left $WORKERS: $verdict"
done
echo "$good of $TRIES tries cleaned up and marked the run interrupted"
[ "$good" = "$TRIES" ]
