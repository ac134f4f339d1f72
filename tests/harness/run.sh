#!/usr/bin/env bash
# Harness self-tests: each tests/harness/t-*.sh runs in its own temp dir on
# small fixtures (tiny git repos, patch files, logs) and must exit 0.
# Prints "PASS harness:<name>" or "FAIL harness:<name>: <reason>" per test.
#   run.sh [NAME...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tests=("$@")
if ((${#tests[@]} == 0)); then
	for f in "$here"/t-*.sh; do tests+=("$(basename "$f" .sh)"); done
fi
rc=0
for t in "${tests[@]}"; do
	t=${t%.sh}
	tmp=$(mktemp -d)
	start=$(date +%s)
	if out=$(cd "$tmp" && T=$tmp timeout 300 bash "$here/$t.sh" 2>&1 </dev/null); then
		echo "PASS harness:${t#t-}"
	else
		reason=$(printf '%s\n' "$out" | grep -v '^\[' | tail -n 3 | tr '\n' ' ' | cut -c1-300)
		echo "FAIL harness:${t#t-}: ${reason:-exit non-zero}"
		printf '%s\n' "--- $t output:" "$out" >&2
		rc=1
	fi
	echo "$t: $(($(date +%s) - start))s" >&2
	rm -rf "$tmp"
done
exit $rc
