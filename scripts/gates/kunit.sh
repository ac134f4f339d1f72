#!/usr/bin/env bash
# Gate kunit: the KUnit suites of config/kunit.conf under QEMU arm64,
# once on 1 CPU and once with -smp 4 (same build).
#   kunit.sh [debug]   debug: one run with config/kunit-debug.config added
# Fails on a missing expected suite, a failed/crashed test or any splat.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "${KUNIT_CONF:-$CONFIG/kunit.conf}"
# self-tests may override the expected suites
EXPECTED_SUITES=${KUNIT_EXPECT_OVERRIDE:-$EXPECTED_SUITES}

mode=${1:-normal}
gate=kunit
[[ $mode == debug ]] && gate=kunit-debug
# Suites that only the debug config can run (they skip themselves without
# it) are expected by the debug run only.
if [[ $mode != debug && -n ${DEBUG_ONLY_SUITES:-} ]]; then
	kept=()
	for s in $EXPECTED_SUITES; do
		[[ " $DEBUG_ONLY_SUITES " == *" $s "* ]] || kept+=("$s")
	done
	EXPECTED_SUITES=${kept[*]}
fi
src=${KUNIT_SRC:-$GATE_TREE}
head_patch=$(series_patches | tail -n 1)
head_patch=$(patch_name "${head_patch:-none}")
mkdir -p "$LOGS"

# check_log RUN LOG: parse a raw kernel log; fail the gate on problems
check_log() {
	local run=$1 log=$2 msg
	# shellcheck disable=SC2086
	if ! python3 "$SCRIPTS/ktap_check.py" "$log" --expect $EXPECTED_SUITES \
		--patches "$PATCHES" >"$LOGS/$gate-$run.check" 2>&1; then
		cat "$LOGS/$gate-$run.check" >&2
		msg=$(grep -m1 'problem:' "$LOGS/$gate-$run.check" | sed 's/^ *problem: //')
		[[ $msg == *"added by "* ]] || msg="$msg (series head $head_patch)"
		gate_fail "$gate" "$run: $msg; log $log"
	fi
	cat "$LOGS/$gate-$run.check" >&2
}

# Self-tests: KUNIT_LOG_FIXTURE = a raw log to check instead of running.
if [[ -n ${KUNIT_LOG_FIXTURE:-} ]]; then
	check_log fixture "$KUNIT_LOG_FIXTURE"
	gate_pass "$gate"
	exit 0
fi
[[ -n ${KUNIT_SRC:-} ]] || "$SCRIPTS/gate-tree.sh" >&2 ||
	gate_fail "$gate" "the series does not apply (see 'make tree')"
[[ -f $src/$KUNITCONFIG ]] ||
	gate_fail "$gate" "KUNITCONFIG=$KUNITCONFIG (config/kunit.conf) not found in the patched tree (series head $head_patch)"

kargs=(--arch=arm64 --cross_compile="$CROSS_COMPILE" --make_options "CC=$KCC"
	--jobs "$JOBS" --kunitconfig="$src/$KUNITCONFIG")
if [[ $mode == debug ]]; then
	bdir=$OUT/kunit-debug
	kargs+=(--kunitconfig="$CONFIG/kunit-debug.config" --timeout "$KUNIT_DEBUG_TIMEOUT")
	runs=(debug)
else
	bdir=$OUT/kunit
	kargs+=(--timeout "$KUNIT_TIMEOUT")
	runs=(1cpu smp4)
fi
mkdir -p "$LOGS" "$bdir"

# check_config: every option of the debug fragment is in the final .config
check_config() {
	local line bad=()
	while IFS= read -r line; do
		[[ $line == CONFIG_*=* ]] || continue
		grep -qx "$line" "$bdir/.config" || bad+=("$line")
	done <"$CONFIG/kunit-debug.config"
	((${#bad[@]} == 0)) || gate_fail "$gate" "debug options missing from $bdir/.config: ${bad[*]}"
}

for run in "${runs[@]}"; do
	extra=()
	[[ $run == smp4 ]] && extra=(--qemu_args='-smp 4')
	log=$LOGS/$gate-$run.log
	step "kunit.py run ($run) in $bdir (cold build ~4 min on 2 cores; log $log)"
	t0=$(_now)
	rc=0
	rm -f "$bdir/test.log" # never judge a stale log
	(cd "$src" && run_logged "$log" python3 tools/testing/kunit/kunit.py run \
		--build_dir="$bdir" "${kargs[@]}" "${extra[@]}") || rc=$?
	info "kunit.py ($run) exit $rc after $(fmt_secs $(($(_now) - t0)))"
	if [[ ! -f $bdir/test.log ]] || ! grep -q 'TAP version' "$bdir/test.log"; then
		grep -E 'ERROR|error:|Error' "$log" | head -n 5 | sed 's/^/        | /' >&2 || true
		if grep -q 'Not all Kconfig options selected' "$log"; then
			gate_fail "$gate" "$run: kunit.py: not all Kconfig options of the kunitconfig ended up in .config (missing dependencies?) (see $log; series head $head_patch)"
		fi
		gate_fail "$gate" "$run: kernel did not build or boot (see $log; series head $head_patch)"
	fi
	cp "$bdir/test.log" "$LOGS/$gate-$run.test.log"
	[[ $mode == debug ]] && check_config
	check_log "$run" "$LOGS/$gate-$run.test.log"
	((rc == 0)) || gate_fail "$gate" "$run: kunit.py exited $rc though the log looks clean (see $log; series head $head_patch)"
done
gate_pass "$gate"
