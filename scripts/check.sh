#!/usr/bin/env bash
# make check: the harness self-tests and every gate, each timed, then a
# summary and the closing line "N passed, N failed".
#   check.sh [GATE...]   default: all gates in order
#   check.sh --list [GATE...]   print the runs, one per line, and stop
# Gates that look at a series run once per base (config/base.conf BASES, or
# CHECK_BASES, which `make ... BASE=6.12` sets), named GATE@BASE in the
# summary; GATE@BASE on the command line runs one of them.  A base runs the
# gates its config/bases/<base>.conf lists in BASE_GATES.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
set +e

# Gates that do not depend on a kernel base.
COMMON_GATES=(model fakefw)
# Gates run for each base, in this order (a base may list fewer).
BASE_GATE_ORDER=(apply export checkpatch kerneldoc warnings dt bisect kunit kunit-debug users e2e matrix bench)
CHECK_BASES=${CHECK_BASES:-$BASES}

base_gates() { # BASE: the gates config/bases/BASE.conf lists, in order
	local want g
	want=$(. "$CONFIG/bases/$1.conf" && echo " ${BASE_GATES:-${BASE_GATE_ORDER[*]}} ")
	for g in "${BASE_GATE_ORDER[@]}"; do
		[[ $want == *" $g "* ]] && echo "$g"
	done
}

is_common() { [[ " ${COMMON_GATES[*]} harness " == *" $1 "* ]]; }

# The list of runs: "harness", "model", or "GATE@BASE".
runs=()
list_only=0
if [[ ${1:-} == --list ]]; then
	list_only=1
	shift
fi
if (($#)); then
	for a in "$@"; do
		if [[ $a == *@* ]] || is_common "$a"; then
			runs+=("$a")
		else
			for b in $CHECK_BASES; do runs+=("$a@$b"); done
		fi
	done
else
	runs=(harness "${COMMON_GATES[@]}")
	for b in $CHECK_BASES; do
		while IFS= read -r g; do runs+=("$g@$b"); done < <(base_gates "$b")
	done
fi

if ((list_only)); then
	printf '%s\n' "${runs[@]}"
	exit 0
fi

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

for r in "${runs[@]}"; do
	t0=$(_now)
	if [[ $r == harness ]]; then
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
	g=${r%@*}
	base=$SCM_BASE
	[[ $r == *@* ]] && base=${r#*@}
	if [[ ! -f $CONFIG/bases/$base.conf ]]; then
		record FAIL "$r" 0 "unknown base $base (config/bases/)"
		continue
	fi
	script=$SCRIPTS/gates/$g.sh
	arg=()
	if [[ $g == kunit-debug ]]; then
		script=$SCRIPTS/gates/kunit.sh
		arg=(debug)
	fi
	if [[ ! -f $script ]]; then
		record FAIL "$r" 0 "no gate $g (scripts/gates/)"
		continue
	fi
	step "gate $r"
	# progress (stderr) to the terminal and the log; result line on stdout
	res=$(SCM_BASE=$base "$script" "${arg[@]}" 2> >(tee "$LOGS/gate-$r.log" >&2))
	rc=$?
	secs=$(($(_now) - t0))
	line=$(grep -E "^(PASS|FAIL) $g\b" <<<"$res" | tail -n 1)
	[[ -n $res ]] && printf '%s\n' "$res"
	if [[ $rc == 0 && $line == "PASS $g" ]]; then
		record PASS "$r" "$secs" ""
	elif [[ $line == FAIL* ]]; then
		record FAIL "$r" "$secs" "${line#FAIL "$g": }"
	else
		record FAIL "$r" "$secs" "gate script exited $rc without a result (see $LOGS/gate-$r.log)"
	fi
	info "gate $r: $(tail -n 1 "$summary" | cut -c1-4) in $(fmt_secs "$secs")"
done

echo
echo "================ make check summary ($(fmt_secs $(($(_now) - t_all))) total) ================"
cat "$summary"
echo "logs: $LOGS (per base: build/logs-<base>/ for bases other than ${BASES%% *})"
echo "$passed passed, $failed failed"
((failed == 0))
