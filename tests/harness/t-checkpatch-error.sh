#!/usr/bin/env bash
# A checkpatch error in one patch fails the checkpatch gate, naming that
# patch and not the clean one.
. "$(dirname "$0")/lib.sh"
cp=$(checkpatch_dir)
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
printf 'int base(void)\n{\n\treturn 2; \n}\n' >a.c && commit "fake: Add trailing whitespace"
export_to "$PATCHES"
out=$(CHECKPATCH_TREE=$cp CHECKPATCH_ARGS=--no-tree "$SCRIPTS/gates/checkpatch.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL checkpatch: 0002-fake-Add-trailing-whitespace: ERROR:TRAILING_WHITESPACE'
! grep -q '0001-fake-Return-one' <<<"$out"
