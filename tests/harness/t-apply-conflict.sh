#!/usr/bin/env bash
# A patch that does not apply to the base fails the apply gate, naming it.
. "$(dirname "$0")/lib.sh"
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
printf 'int base(void)\n{\n\treturn 2;\n}\n' >a.c && commit "fake: Return two"
export_to "$PATCHES"
# patch 2 was written against a different tree
sed -i 's/^-\treturn 1;/-\treturn 42;/' "$PATCHES"/0002-*.patch
out=$(APPLY_SRC=$T/repo "$SCRIPTS/gates/apply.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL apply: patch 0002-fake-Return-two does not apply'
