#!/usr/bin/env bash
# Gate matrix: the bad-firmware matrix (e2e/matrix.py) from this run's KUnit
# logs (gates kunit, 1 and 4 CPUs, and kunit-debug) and e2e boots (gate e2e): every row of
# e2e/bad-firmware.tsv must be confirmed and the table must equal
# docs/bad-firmware-matrix.md. MATRIX_UPDATE_DOCS=1 rewrites that file.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

args=(--kunit-log "$LOGS/kunit-1cpu.test.log" --kunit-log "$LOGS/kunit-smp4.test.log"
	--kunit-log "$LOGS/kunit-debug-debug.test.log"
	--e2e "$BUILD/e2e/$(basename "$GATE_TREE")" --out "$BUILD/matrix"
	--docs "$ROOT/docs/bad-firmware-matrix.md")
[[ ${MATRIX_UPDATE_DOCS:-0} == 1 ]] && args+=(--update-docs)
gate_by_summary matrix python3 "$ROOT/e2e/matrix.py" "${args[@]}"
