#!/usr/bin/env bash
# Gate dt: the qcom,scm binding passes dt_binding_check (patched tree), and
# dtbs_check of the Qualcomm arm64 boards with a "qcom,scm" node, restricted
# to that binding, has no error in the patched tree that the base lacks.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$CONFIG/dt.conf"

gate=dt
gate_needs_trees $gate base
# Same trees, same checks: the verdict of an earlier pass stands.
key=$(verdict_key "$(git -C "$GATE_TREE" rev-parse "HEAD^{tree}")" "$(git -C "$GATE_BASE" rev-parse "HEAD^{tree}")" \
	"$0" "$SCRIPTS/lib.sh" "$CONFIG/bases/$SCM_BASE.conf" "$CONFIG/dt.conf" "$SCRIPTS/dt-findings.sh" "$SCRIPTS/count-diff.py" \
	"$SCRIPTS/dt-boards.py" "$(tool_versions)")
if verdict_cached "$gate@$SCM_BASE" "$key"; then
	gate_pass $gate
	exit 0
fi
work=$LOGS/dt
rm -rf "$work"
mkdir -p "$work"
yaml=Documentation/devicetree/bindings/$DT_SCHEMA_FILES
who=$(patch_touching "$yaml")

# ---- dt_binding_check on the patched tree
step "dt: dt_binding_check DT_SCHEMA_FILES=$DT_SCHEMA_FILES (~15 s)"
frag=$work/fragment.config
echo CONFIG_ARCH_QCOM=y >"$frag"
kconfig_from_fragments "$GATE_TREE" "$OUT/dt" "$frag" 2>/dev/null
# start from scratch so that every finding is printed again
rm -rf "$OUT/dt/Documentation/devicetree/bindings"
# A base whose kbuild asks for a newer dtschema than Debian 12 has
# (config/bases/*.conf DT_SCHEMA_MIN_VERSION) runs Debian's.
dtmk=()
[[ -z ${DT_SCHEMA_MIN_VERSION:-} ]] || dtmk=(DT_SCHEMA_MIN_VERSION="$DT_SCHEMA_MIN_VERSION")
rc=0
kmake "$GATE_TREE" "$OUT/dt" "${dtmk[@]}" dt_binding_check DT_SCHEMA_FILES="$DT_SCHEMA_FILES" >"$work/binding.log" 2>&1 || rc=$?
# Anything beyond make's and kbuild's progress lines is a finding, except
# other bindings that this dtschema cannot load (listed, not findings:
# they concern the tool's version, not this binding).
grep -vE '^make(\[[0-9]+\])?: (Entering|Leaving) directory|^  (HOSTCC|HOSTLD|LEX|YACC|DTEX|DTC|CHKDT|SCHEMA|LINT|GEN|SYNC|UPD)\b|^ *$|^\s+(CHKDT|LINT|SCHEMA|DTEX|DTC)' \
	"$work/binding.log" >"$work/binding.all" || true
grep -E ': ignoring, error in schema' "$work/binding.all" | grep -vF "/$yaml:" >"$work/binding.tool-notes" || true
grep -vxFf "$work/binding.tool-notes" "$work/binding.all" >"$work/binding.findings" || true
[[ ! -s $work/binding.tool-notes ]] ||
	info "dtschema $(dpkg-query -W -f '${Version}' dt-schema 2>/dev/null) cannot load $(wc -l <"$work/binding.tool-notes") other binding(s) of this tree (not $yaml): $work/binding.tool-notes"
if ((rc != 0)) || [[ -s $work/binding.findings ]]; then
	sed 's/^/        | /' "$work/binding.findings" | head -n 20 >&2
	gate_fail $gate "dt_binding_check of $yaml is not clean (exit $rc)${who:+ (binding changed by $who)}; see $work/binding.log"
fi
info "dt_binding_check clean"

# ---- dtbs_check base vs patched
if [[ $DT_BOARDS == all ]]; then
	mapfile -t boards < <(python3 "$SCRIPTS/dt-boards.py" "$GATE_TREE")
else
	read -r -a boards <<<"$DT_BOARDS"
fi
((${#boards[@]})) || gate_fail $gate "no boards to check (config/dt.conf)"

check_side() { # NAME SRC OUT
	local name=$1 src=$2 out=$3 t0 rc=0
	t0=$(_now)
	step "dt: dtbs_check of ${#boards[@]} board(s), $name tree"
	kconfig_from_fragments "$src" "$out" "$frag" 2>/dev/null
	# dtb targets neither sync the config (include/config/auto.conf) nor
	# make the processed schema that CHECK_DTBS=y needs: do both first.
	kmake "$src" "$out" syncconfig >/dev/null
	[[ -f $out/Documentation/devicetree/bindings/processed-schema.json ]] ||
		kmake "$src" "$out" "${dtmk[@]}" dt_binding_check DT_SCHEMA_FILES="$DT_SCHEMA_FILES" >"$work/$name.schema.log" 2>&1 ||
		gate_fail $gate "$name: cannot build the processed schema (see $work/$name.schema.log)"
	# rebuild the dtbs so that every warning is printed again
	rm -rf "$out/arch/arm64/boot/dts/qcom"
	run_logged "$work/$name.log" kmake "$src" "$out" -k "${dtmk[@]}" CHECK_DTBS=y \
		DT_SCHEMA_FILES="$DT_SCHEMA_FILES" "${boards[@]}" || rc=$?
	# dt-validate findings: "<file>.dtb: <node>: <message>"
	"$SCRIPTS/dt-findings.sh" "$work/$name.log" "$src" "$out" >"$work/$name.norm"
	info "$name: $(wc -l <"$work/$name.norm") distinct finding(s), make exit $rc ($(fmt_secs $(($(_now) - t0))))"
	return "$rc"
}

brc=0
check_side base "$GATE_BASE" "$OUT/dt-base" || brc=$?
((brc == 0)) || warn "base dtbs_check exited $brc (see $work/base.log)"
prc=0
check_side patched "$GATE_TREE" "$OUT/dt" || prc=$?
python3 "$SCRIPTS/count-diff.py" "$work/base.norm" "$work/patched.norm" | cut -f2- >"$work/new-findings"
if [[ -s $work/new-findings ]]; then
	sed 's/^/        | /' "$work/new-findings" | head -n 20 >&2
	gate_fail $gate "dtbs_check: $(wc -l <"$work/new-findings") new qcom,scm finding(s), first: $(head -n 1 "$work/new-findings")${who:+ (binding changed by $who)}; see $work/new-findings"
fi
if ((prc != 0 && brc == 0)); then
	gate_fail $gate "dtbs_check of the patched tree failed to build (exit $prc)${who:+; binding changed by $who}; see $work/patched.log"
fi
verdict_store "$gate@$SCM_BASE" "$key"
gate_pass $gate
