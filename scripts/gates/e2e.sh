#!/usr/bin/env bash
# Gate e2e: the patched kernel (build/gate-tree) booted on fakefw under QEMU
# in every scenario of e2e/scenarios, both deployments, EL1 and EL2, and
# each firmware fault mode (e2e/run.sh, last line "e2e: N passed, N failed").
#
# On a base whose driver already has mainline's wait-queue code
# (E2E_MAINLINE=1 in its config/bases/<base>.conf), the unpatched base tree
# (GATE_BASE) is booted too, in the mainline-* scenarios (e2e/run.sh --mainline): a
# driver nobody here wrote, as a check of fakefw itself. One PASS/FAIL line
# per boot from both runs, and last "e2e: N passed, N failed" over both.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

# The base's own driver is booted too where config/bases/<base>.conf sets
# E2E_MAINLINE=1 (a base that has mainline's wait-queue code).
mainline_base() { [[ ${E2E_MAINLINE:-0} == 1 ]]; }

# run_part CMD...: one e2e/run.sh; its lines go through, its summary is
# added to the totals (a run without one counts as one failure).
passed=0
failed=0
run_part() {
	local out rc=0 last
	out=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$out" | sed '$d'
	last=$(tail -n 1 <<<"$out")
	if [[ $last =~ ^e2e:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		if ((rc != 0 && BASH_REMATCH[2] == 0)); then
			echo "FAIL e2e: $* exited $rc"
			failed=$((failed + 1))
		fi
	else
		printf '%s\n' "$last"
		echo "FAIL e2e: $* exited $rc without a summary"
		failed=$((failed + 1))
	fi
}

all_boots() {
	if "$SCRIPTS/gate-tree.sh" >&2; then
		run_part "$ROOT/e2e/run.sh" --tree "$GATE_TREE"
	else
		echo "FAIL e2e/series: the series of $PATCHES does not apply to base $SCM_BASE"
		failed=$((failed + 1))
	fi
	if mainline_base; then
		if "$SCRIPTS/base-worktree.sh" >&2; then
			run_part "$ROOT/e2e/run.sh" --tree "$GATE_BASE" --mainline
		else
			echo "FAIL e2e/mainline: cannot create the base worktree $GATE_BASE"
			failed=$((failed + 1))
		fi
	fi
	echo "e2e: $passed passed, $failed failed"
	((failed == 0))
}

gate_by_summary e2e all_boots
