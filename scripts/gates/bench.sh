#!/usr/bin/env bash
# Gate bench: a short run of the benchmarks (bench/run.sh --quick) on
# build/gate-tree and its unpatched base build/gate-base, only to prove that
# they work end to end: every boot finishes cleanly and the report has every
# row with its ratio field, the Markdown table and the plot. It does not
# judge the numbers (last line "bench: N passed, N failed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate_needs_trees bench base
gate_by_summary bench "$ROOT/bench/run.sh" --quick --tree "$GATE_TREE" --base "$GATE_BASE"
