#!/usr/bin/env bash
# Gate users: every in-tree user of qcom_scm.h (found by grep in the patched
# tree, so users added by the series count too) still compiles for arm64
# with config/qcom.config; skipped ones are listed in config/users-skip.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate=users
src=${USERS_SRC:-$GATE_TREE}
out=${USERS_OUT:-$OUT/qcom}
if [[ -z ${USERS_SRC:-} ]]; then
	"$SCRIPTS/gate-tree.sh" >&2 || gate_fail $gate "the series does not apply"
fi
work=$LOGS/users
rm -rf "$work"
mkdir -p "$work"

list_users() {
	git -C "$src" grep -lE '#include <linux/(firmware/qcom/)?qcom_scm\.h>' -- '*.c' |
		grep -vE "^$SCM_DIR/qcom_scm" || true
}
mapfile -t users < <(list_users)
objs=()
for u in "${users[@]}"; do
	if grep -qE "^${u//./\\.}[[:space:]]" "$CONFIG/users-skip" 2>/dev/null; then
		info "skip $u: $(grep -E "^${u//./\\.}[[:space:]]" "$CONFIG/users-skip" | sed -E 's/^[^[:space:]]+[[:space:]]+//')"
		continue
	fi
	objs+=("${u%.c}.o")
done
((${#objs[@]})) || gate_fail $gate "no users of qcom_scm.h found"
info "${#objs[@]} user object(s)"

frag=$work/fragment.config
qcom_fragment "$src" "$frag"
kconfig_from_fragments "$src" "$out" "$frag" 2>"$work/config.log"
grep -qx 'CONFIG_QCOM_SCM=y' "$out/.config" || gate_fail $gate "config lacks CONFIG_QCOM_SCM=y (config/qcom.config)"
step "users: building ${#objs[@]} object(s) in $out (cold ~5 min)"
rc=0
run_logged "$work/build.log" kmake "$src" "$out" -k "${objs[@]}" || rc=$?
bad=()
for o in "${objs[@]}"; do
	if [[ ! -f $out/$o ]] || grep -qE "Makefile.build:[0-9]+: $o\] Error" "$work/build.log"; then
		bad+=("$o")
	fi
done
if ((rc != 0 || ${#bad[@]})); then
	hdr=$(patch_touching "$SCM_HEADER")
	grep -E 'error' "$work/build.log" | head -n 10 | sed 's/^/        | /' >&2 || true
	gate_fail $gate "${bad[*]:-build} failed to compile${hdr:+ (qcom_scm.h changed by $hdr)}; see $work/build.log"
fi
info "all ${#objs[@]} users compiled"
gate_pass $gate
