#!/usr/bin/env bash
# Gate warnings: build the objects the series touches with W=1 and sparse
# (C=1) for arm64, in the unpatched base and in the patched tree, and fail
# on any warning that the patched build has more often than the base.
#
# Objects: drivers/firmware/qcom_scm*.o plus every .c file under
# drivers/firmware/ or lib/kunit/ in the series' diffstat that its
# directory's Makefile builds.  Config: arm64 allnoconfig +
# config/qcom.config + the KUnit config of config/kunit.conf.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "${KUNIT_CONF:-$CONFIG/kunit.conf}"

gate=warnings
gate_needs_trees $gate base
mkdir -p "$LOGS"
work=$LOGS/warnings
rm -rf "$work"
mkdir -p "$work"

# ---- config fragment: qcom drivers + the series' KUnit configs
frag=$work/fragment.config
qcom_fragment "$GATE_TREE" "$frag"

# build_side NAME SRC OUTDIR: W=1 C=1 build of the objects, warnings to
# $work/NAME.raw, normalised to $work/NAME.norm
build_side() {
	local name=$1 src=$2 out=$3 o have=() t0
	t0=$(_now)
	step "warnings: $name tree: config + prepare in $out"
	kconfig_from_fragments "$src" "$out" "$frag" 2>>"$work/$name.config.log"
	grep -qx 'CONFIG_QCOM_SCM=y' "$out/.config" || gate_fail $gate "$name config lacks CONFIG_QCOM_SCM=y (config/qcom.config)"
	# the object list comes from the patched tree and its config
	if [[ $name == base ]]; then
		kconfig_from_fragments "$GATE_TREE" "$OUT/qcom" "$frag" 2>>"$work/patched.config.log"
		mapfile -t objs < <(gate_objects "$GATE_TREE" "$OUT/qcom/.config" | sort -u)
		info "objects: ${objs[*]}"
	fi
	run_logged "$work/$name.prepare.log" kmake "$src" "$out" prepare ||
		gate_fail $gate "$name: make prepare failed (see $work/$name.prepare.log)"
	for o in "${objs[@]}"; do
		[[ -f $src/${o%.o}.c ]] && have+=("$o")
	done
	# First pass without W=1/C=1 builds the prerequisites (vdso, generated
	# headers) so that the counted pass only prints the objects' warnings.
	kmake "$src" "$out" "${have[@]}" >"$work/$name.pass1.log" 2>&1 || true
	for o in "${have[@]}"; do rm -f "$out/$o"; done
	step "warnings: $name tree: W=1 C=1 ${#have[@]} object(s)"
	local rc=0
	kmake "$src" "$out" W=1 C=1 "${have[@]}" >"$work/$name.log" 2>&1 || rc=$?
	echo "$rc" >"$work/$name.rc"
	grep -cE ': (warning|error): ' "$work/$name.log" >"$work/$name.count" || true
	info "$name: $(cat "$work/$name.count") warning line(s), exit $rc ($(fmt_secs $(($(_now) - t0))))"
}

build_side base "$GATE_BASE" "$OUT/qcom-base"
build_side patched "$GATE_TREE" "$OUT/qcom"

exec "$SCRIPTS/warnings-eval.sh" "$work" "$GATE_BASE" "$GATE_TREE"
