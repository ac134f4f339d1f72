#!/usr/bin/env bash
# Gate e2e: the patched kernel (build/gate-tree) booted on fakefw under QEMU
# in every scenario of e2e/scenarios, both deployments, EL1 and EL2, and
# each firmware fault mode (e2e/run.sh, last line "e2e: N passed, N failed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate_needs_trees e2e
gate_by_summary e2e "$ROOT/e2e/run.sh" --tree "$GATE_TREE"
