#!/usr/bin/env bash
# Regenerates every committed reference run (results/reference*/, plots/reference*/) with the
# command its run.json recorded, keeps what a reference commits, and rewrites the README and docs
# blocks that quote them. See docs/references.md.
#
#   Benchmarks/regenerate-references.sh                   every reference, into results/ and plots/
#   Benchmarks/regenerate-references.sh reference-connect some of them
#   Benchmarks/regenerate-references.sh --quick           short measurements into a temporary stage;
#                                                         the checkout is left as it is
#   Benchmarks/regenerate-references.sh --keep DIR ...    stage in DIR and leave the checkout alone
#
# Run it on a quiet machine (nothing else running): the figures become the project's references.
# reference-netns needs root (it sets up two network namespaces with Benchmarks/netns-pair.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release 2>&1 | tail -1
exec python3 Benchmarks/references.py regenerate "$@"
