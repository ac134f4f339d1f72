#!/usr/bin/env bash
# e2e/report.py's verdicts on fixture boots (e2e/test_report.py): the
# mainline verdict of an unpatched kernel fails a hung, unbalanced or
# refused run and passes a clean one.
. "$(dirname "$0")/lib.sh"
out=$(python3 "$HROOT/e2e/test_report.py" 2>&1) || { printf '%s\n' "$out" | tail -n 5; exit 1; }
[[ $(tail -n 1 <<<"$out") =~ ^report:\ [0-9]+\ passed,\ 0\ failed$ ]] || { printf '%s\n' "$out" | tail -n 5; exit 1; }
