#!/usr/bin/env bash
# Gate fakefw: the fake TrustZone's host unit tests and its QEMU smoke boots
# (fakefw/run-tests.sh, whose last line is "fakefw: N passed, N failed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate=fakefw
out=$("$ROOT/fakefw/run-tests.sh" 2>&1) && rc=0 || rc=$?
printf '%s\n' "$out" >&2
last=$(tail -n 1 <<<"$out")
if ((rc == 0)) && [[ $last =~ ^fakefw:\ [0-9]+\ passed,\ 0\ failed$ ]]; then
	gate_pass $gate
else
	failing=$(grep -E '^FAIL' <<<"$out" | head -n 3 | tr '\n' ';')
	gate_fail $gate "fakefw/run-tests.sh exited $rc (${last:-no summary})${failing:+: $failing}"
fi
