#!/usr/bin/env bash
# Gate model: spin proves the wait/wake model (model/waitq.pml) and catches
# every mutant; model/run.sh prints pan's summaries and one line per mutant.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate_by_summary model "$ROOT/model/run.sh"
