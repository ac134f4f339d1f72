#!/usr/bin/env bash
# Gate model: spin proves the wait/wake model (model/waitq.pml) and catches
# every mutant; model/run.sh prints pan's summaries and one line per mutant.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

# The proof depends only on the model, its runner and spin.
key=$(verdict_key "$ROOT/model" "$0" "$(tool_versions)")
if verdict_cached model "$key"; then
	gate_pass model
	exit 0
fi
out=$(gate_by_summary model "$ROOT/model/run.sh")
printf '%s\n' "$out"
[[ $out == "PASS model" ]] && verdict_store model "$key"
[[ $out == "PASS model" ]]
