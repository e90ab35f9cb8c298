#!/usr/bin/env bash
# Does `check --normalize --max-drift 20%` see a machine that got slower while the code did not?
# Records a fresh baseline of the ci preset (with C controls) on this machine, then checks the code
# against it twice: as it is, and with the whole benchmark limited to 40% of one CPU by a cgroup
# (cgroup v1 cpu.cfs_quota_us or v2 cpu.max; needs root). Prints each check's summary and exit code.
# Nothing is written into the repository; the cgroup and the temporary directory are removed.
#
# Usage: Benchmarks/max-drift-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
bin=$PWD/.build/release/sockbench
work=$(mktemp -d /tmp/sockbench-max-drift-XXXXXX)
if [ -d /sys/fs/cgroup/cpu ]; then group=/sys/fs/cgroup/cpu/sockbench-max-drift-$$; else group=/sys/fs/cgroup/sockbench-max-drift-$$; fi
cleanup() { [ -d "$group" ] && { cat "$group/tasks" "$group/cgroup.procs" 2>/dev/null | xargs -r kill 2>/dev/null || true; rmdir "$group" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
mkdir "$group"
if [ -f "$group/cpu.cfs_quota_us" ]; then echo 100000 > "$group/cpu.cfs_period_us"; echo 40000 > "$group/cpu.cfs_quota_us"; else echo "40000 100000" > "$group/cpu.max"; fi
"$bin" run --preset ci --controls --quiet --no-report --output "$work/base" >/dev/null 2>&1
"$bin" baseline save "$work/base" --name demo --baselines "$work/baselines" >/dev/null
check() {
    set +e
    "$2" "$1" "$bin" check --baseline demo --baselines "$work/baselines" --run ci --normalize --max-drift 20% \
        --output "$work/$1" --quiet --no-report > "$work/$1.out" 2> "$work/$1.err"
    status=$?
    set -e
    echo "== $1: exit $status"
    grep -E "machine drift|^check " "$work/$1.out" "$work/$1.err" | sed 's/^[^:]*://'
}
plain() { shift; "$@"; }
limited() { shift; sh -c 'echo $$ > "$0/cgroup.procs" 2>/dev/null || echo $$ > "$0/tasks"; exec "$@"' "$group" "$@"; }
check as-is plain
check limited-to-40-percent limited
