#!/usr/bin/env bash
# bench's figures and checks on synthetic runs (bench/test_report.py): the
# speedup against the ideal serialized rate, the median "no slower" check
# (it can fail), the latency percentiles, and the refusal to publish a run
# of a tree that is not patches/.
. "$(dirname "$0")/lib.sh"
out=$(python3 "$HROOT/bench/test_report.py" 2>&1) || { printf '%s\n' "$out" | tail -n 5; exit 1; }
[[ $(tail -n 1 <<<"$out") == OK ]] || { printf '%s\n' "$out" | tail -n 5; exit 1; }
