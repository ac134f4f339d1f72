#!/usr/bin/env bash
# A message listed with a reason in the exceptions file is ignored; an
# entry without a reason is not.
. "$(dirname "$0")/lib.sh"
cp=$(checkpatch_dir)
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 2; \n}\n' >a.c && commit "fake: Add trailing whitespace"
export_to "$PATCHES"
echo 'fake-Add-trailing-*  TRAILING_WHITESPACE  the fixture needs it' >"$T/exc"
out=$(CHECKPATCH_EXCEPTIONS=$T/exc CHECKPATCH_TREE=$cp CHECKPATCH_ARGS=--no-tree "$SCRIPTS/gates/checkpatch.sh" 2>/dev/null)
expect_line "$out" '^PASS checkpatch$'
echo 'fake-Add-trailing-*  TRAILING_WHITESPACE' >"$T/exc"
out=$(CHECKPATCH_EXCEPTIONS=$T/exc CHECKPATCH_TREE=$cp CHECKPATCH_ARGS=--no-tree "$SCRIPTS/gates/checkpatch.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL checkpatch: 0001-fake-Add-trailing-whitespace'
