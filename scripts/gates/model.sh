#!/usr/bin/env bash
# Gate model: spin proves the wait/wake model (model/waitq.pml) and catches
# every mutant; model/run.sh prints pan's summaries and one line per mutant.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate=model
out=$("$ROOT/model/run.sh" 2>&1) && rc=0 || rc=$?
printf '%s\n' "$out" >&2
last=$(tail -n 1 <<<"$out")
if ((rc == 0)) && [[ $last =~ ^model:\ [0-9]+\ passed,\ 0\ failed$ ]]; then
	gate_pass $gate
else
	survivors=$(grep -E '^mutant .*: survived' <<<"$out" | cut -d: -f1 | tr '\n' ' ')
	gate_fail $gate "model/run.sh exited $rc (${last:-no summary})${survivors:+; survived: $survivors}"
fi
