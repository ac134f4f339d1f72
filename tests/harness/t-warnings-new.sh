#!/usr/bin/env bash
# A warning the base does not have fails the warnings gate, naming the
# patch that changes the file; warnings that only moved do not.
. "$(dirname "$0")/lib.sh"
mkdir -p "$PATCHES" "$T/w"
printf 'diff --git a/drivers/firmware/qcom_scm.c b/drivers/firmware/qcom_scm.c\n' >"$PATCHES/0002-firmware-qcom_scm-Add-wait-queues.patch"
cp "$FIXTURES/warnings/base.log" "$T/w/base.log"
cp "$FIXTURES/warnings/patched-shifted.log" "$T/w/patched.log"
echo 0 >"$T/w/patched.rc"
out=$("$SCRIPTS/warnings-eval.sh" "$T/w" /x/build/gate-base /x/build/gate-tree 2>/dev/null)
expect_line "$out" '^PASS warnings$'
cp "$FIXTURES/warnings/patched-new.log" "$T/w/patched.log"
out=$("$SCRIPTS/warnings-eval.sh" "$T/w" /x/build/gate-base /x/build/gate-tree 2>/dev/null) && exit 1
expect_line "$out" "^FAIL warnings: 1 new .*qcom_scm.c: warning: variable 'ret' set but not used.*0002-firmware-qcom_scm-Add-wait-queues"
