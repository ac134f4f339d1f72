#!/usr/bin/env bash
# make check: the harness self-tests and every gate, each timed, then a
# summary and the closing line "N passed, N failed".
#   check.sh [GATE...]   default: all gates in order
set -uo pipefail
. "$(dirname "$0")/lib.sh"
set +e

ALL_GATES=(apply export checkpatch kerneldoc model fakefw warnings dt bisect kunit kunit-debug users e2e matrix bench)
gates=("$@")
((${#gates[@]})) || gates=(harness "${ALL_GATES[@]}")
mkdir -p "$LOGS"
summary=$LOGS/check-summary.txt
: >"$summary"
passed=0
failed=0
t_all=$(_now)

record() { # RESULT NAME SECS REASON
	printf '%-4s %-28s %8s  %s\n' "$1" "$2" "$(fmt_secs "$3")" "$4" >>"$summary"
	if [[ $1 == PASS ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

for g in "${gates[@]}"; do
	t0=$(_now)
	if [[ $g == harness ]]; then
		step "harness self-tests (tests/harness)"
		out=$(bash "$ROOT/tests/harness/run.sh" 2>"$LOGS/harness.log")
		rc=$?
		printf '%s\n' "$out"
		while IFS= read -r line; do
			case $line in
			"PASS "*) record PASS "${line#PASS }" 0 "" ;;
			"FAIL "*)
				n=${line#FAIL }
				record FAIL "${n%%:*}" 0 "${n#*: }"
				;;
			esac
		done <<<"$out"
		[[ $rc == 0 ]] || [[ $out == *FAIL* ]] || record FAIL harness "$(($(_now) - t0))" "runner exited $rc (see $LOGS/harness.log)"
		info "harness self-tests done ($(fmt_secs $(($(_now) - t0))))"
		continue
	fi
	script=$SCRIPTS/gates/$g.sh
	arg=()
	if [[ $g == kunit-debug ]]; then
		script=$SCRIPTS/gates/kunit.sh
		arg=(debug)
	fi
	step "gate $g"
	# progress (stderr) to the terminal and the log; result line on stdout
	res=$("$script" "${arg[@]}" 2> >(tee "$LOGS/gate-$g.log" >&2))
	rc=$?
	secs=$(($(_now) - t0))
	line=$(grep -E "^(PASS|FAIL) $g\b" <<<"$res" | tail -n 1)
	[[ -n $res ]] && printf '%s\n' "$res"
	if [[ $rc == 0 && $line == "PASS $g" ]]; then
		record PASS "$g" "$secs" ""
	elif [[ $line == FAIL* ]]; then
		record FAIL "$g" "$secs" "${line#FAIL "$g": }"
	else
		record FAIL "$g" "$secs" "gate script exited $rc without a result (see $LOGS/gate-$g.log)"
	fi
	info "gate $g: $(tail -n 1 "$summary" | cut -c1-4) in $(fmt_secs "$secs")"
done

echo
echo "================ make check summary ($(fmt_secs $(($(_now) - t_all))) total) ================"
cat "$summary"
echo "logs: $LOGS"
echo "$passed passed, $failed failed"
((failed == 0))
