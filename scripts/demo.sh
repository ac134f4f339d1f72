#!/usr/bin/env bash
# make (demo): prepare the workspace build/linux if it does not exist yet,
# then boot the patched kernel on fakefw in both deployments, with a
# hypervisor (wake-ups by interrupt) and without one (wake-ups only in SMC
# answers), and print the table of what happened (e2e/run.sh --demo).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

t0=$(_now)
if [[ ! -d $WORKSPACE/.git ]]; then
	"$SCRIPTS/tree.sh" workspace
else
	info "using the existing workspace $WORKSPACE ($(git -C "$WORKSPACE" log -1 --format='%h %s' | cut -c1-70)); 'make tree' recreates it"
fi
mkdir -p "$LOGS"
step "building the e2e kernel, its client and fakefw, then booting the demo scenarios (cold ~5 min, warm < 1 min)"
rc=0
"$ROOT/e2e/run.sh" --tree "$WORKSPACE" --demo | tee "$LOGS/demo.log" || rc=$?
echo
echo "================ demo summary ================"
echo "tree:    $WORKSPACE ($(git -C "$WORKSPACE" rev-list --count "$BASE_TAG..HEAD" 2>/dev/null || echo '?') commit(s) on $BASE_TAG)"
echo "boots:   hyp-multi = interrupt + qcom,allow-multi-call (with hypervisor);"
echo "         nohyp-multi = qcom,allow-multi-call only, wake-ups in SMC answers (without hypervisor)"
echo "logs:    $BUILD/e2e/$(basename "$WORKSPACE")/<scenario>/ (console.log, fw.log)  time: $(fmt_secs $(($(_now) - t0)))"
if ((rc != 0)); then
	echo "RESULT: FAILED (see the problems above)"
	exit 1
fi
echo "RESULT: both deployments booted, every call returned its expected result, and the machine powered off"
