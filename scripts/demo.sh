#!/usr/bin/env bash
# make (demo): for each base (config/base.conf BASES, or BASE=<name>),
# prepare its workspace build/linux<suffix> if it does not exist yet, then
# boot the patched kernel on fakefw in both deployments, with a hypervisor
# (wake-ups by interrupt) and without one (wake-ups only in SMC answers),
# and print one table of what happened in every boot (e2e/run.sh --demo,
# e2e/report.py table).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

t0=$(_now)
mkdir -p "$LOGS"
rc=0
dirs=()
trees=()
for b in ${CHECK_BASES:-$BASES}; do
	ws=$(SCM_BASE=$b bash -c '. "$SCRIPTS/lib.sh"; echo "$WORKSPACE"')
	if [[ ! -d $ws/.git ]]; then
		SCM_BASE=$b "$SCRIPTS/tree.sh" workspace
	else
		info "base $b: using the existing workspace $ws ($(git -C "$ws" log -1 --format='%h %s' | cut -c1-70)); 'make tree BASE=$b' recreates it"
	fi
	step "base $b: building the e2e kernel, its client and fakefw, then booting the demo scenarios (cold ~5-14 min, warm < 1 min)"
	SCM_BASE=$b "$ROOT/e2e/run.sh" --tree "$ws" --demo | tee "$LOGS/demo-$b.log" || rc=$?
	trees+=("$b: $ws ($(git -C "$ws" rev-list --count "$BASE_TAG..HEAD" 2>/dev/null || echo '?') commit(s) on $BASE_TAG)")
	while IFS= read -r s; do
		dirs+=("$BUILD/e2e/$(basename "$ws")/$s")
	done < <(awk '$1 !~ /^#/ && NF && $NF == "yes" {print $1}' "$ROOT/e2e/scenarios")
done
echo
echo "================ demo summary ================"
python3 "$ROOT/e2e/report.py" table "${dirs[@]}"
echo
printf 'tree:    %s\n' "${trees[@]}"
echo "boots:   hyp-multi = interrupt + qcom,allow-multi-call (with hypervisor);"
echo "         nohyp-multi = qcom,allow-multi-call only, wake-ups in SMC answers (without hypervisor)"
echo "logs:    $BUILD/e2e/<workspace>/<scenario>/ (console.log, fw.log)  time: $(fmt_secs $(($(_now) - t0)))"
if ((rc != 0)); then
	echo "RESULT: FAILED (see the problems above)"
	exit 1
fi
echo "RESULT: every base booted in both deployments, every call returned its expected result, and each machine powered off"
