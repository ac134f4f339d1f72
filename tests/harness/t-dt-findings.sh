#!/usr/bin/env bash
# dtbs_check findings are compared across trees: a finding present in base
# and patched (different output dirs) is not new, a new one is reported.
. "$(dirname "$0")/lib.sh"
"$SCRIPTS/dt-findings.sh" "$FIXTURES/dt/base.log" /x/build/gate-base /x/build/out/dt-base >"$T/base.norm"
"$SCRIPTS/dt-findings.sh" "$FIXTURES/dt/patched.log" /x/build/gate-tree /x/build/out/dt >"$T/patched.norm"
new=$(python3 "$SCRIPTS/count-diff.py" "$T/base.norm" "$T/patched.norm" | cut -f2-)
[[ $(wc -l <<<"$new") == 1 ]] || { echo "expected 1 new finding, got: $new"; exit 1; }
expect_line "$new" "^arch/arm64/boot/dts/qcom/apq8016-sbc.dtb: scm: qcom,allow-multi-call: .* is not of type 'boolean'"
