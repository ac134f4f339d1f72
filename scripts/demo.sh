#!/usr/bin/env bash
# make (demo): prepare the workspace build/linux if it does not exist yet,
# build the KUnit kernel of config/kunit.conf from it and run the suites
# under QEMU arm64, then print a readable summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "${KUNIT_CONF:-$CONFIG/kunit.conf}"

t0=$(_now)
if [[ ! -d $WORKSPACE/.git ]]; then
	"$SCRIPTS/tree.sh" workspace
else
	info "using the existing workspace $WORKSPACE ($(git -C "$WORKSPACE" log -1 --format='%h %s' | cut -c1-70)); 'make tree' recreates it"
fi
kc=$KUNITCONFIG
if [[ ! -f $WORKSPACE/$kc ]]; then
	warn "$kc not in $WORKSPACE: using lib/kunit/.kunitconfig"
	kc=lib/kunit/.kunitconfig
fi
bdir=$OUT/demo
mkdir -p "$bdir" "$LOGS"
step "building the KUnit kernel ($kc) and running it under qemu-system-aarch64 (cold ~4 min, warm ~1 min)"
rc=0
(cd "$WORKSPACE" && run_logged "$LOGS/demo.log" python3 tools/testing/kunit/kunit.py run \
	--arch=arm64 --cross_compile="$CROSS_COMPILE" --make_options "CC=$KCC" --jobs "$JOBS" \
	--build_dir="$bdir" --kunitconfig="$WORKSPACE/$kc" --timeout "$KUNIT_TIMEOUT") || rc=$?
echo
echo "================ demo summary ================"
echo "tree:    $WORKSPACE ($(git -C "$WORKSPACE" rev-list --count "$BASE_TAG..HEAD" 2>/dev/null || echo '?') commit(s) on $BASE_TAG)"
echo "kernel:  $bdir (kunitconfig $kc)"
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time)' "$LOGS/demo.log" | sed 's/^\[[0-9:]*\] /kunit:   /' || true
crc=0
if [[ -f $bdir/test.log ]]; then
	# shellcheck disable=SC2086
	python3 "$SCRIPTS/ktap_check.py" "$bdir/test.log" --expect $EXPECTED_SUITES --patches "$PATCHES" || crc=$?
else
	echo "  no test log: the kernel did not build (see $LOGS/demo.log)"
	crc=1
fi
echo "full log: $LOGS/demo.log  kernel log: $bdir/test.log  time: $(fmt_secs $(($(_now) - t0)))"
if ((rc != 0 || crc != 0)); then
	echo "RESULT: FAILED (see the problems above)"
	exit 1
fi
echo "RESULT: all expected suites ($EXPECTED_SUITES) passed"
