#!/usr/bin/env bash
# make tree refuses to recreate a workspace holding unexported commits or
# uncommitted changes (unless FORCE=1).
. "$(dirname "$0")/lib.sh"
mkrepo "$T/ws"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
export_to "$PATCHES"
touch "$T/ws/.git/scm-waitq-stamp"
printf 'int base(void)\n{\n\treturn 3;\n}\n' >a.c && commit "fake: Not exported yet"
out=$(WORKSPACE=$T/ws "$SCRIPTS/tree.sh" workspace 2>&1) && exit 1
expect_line "$out" 'Not exported yet.*is not in'
expect_line "$out" 'refusing to recreate'
git reset -q --hard HEAD~1
echo dirty >>a.c
out=$(WORKSPACE=$T/ws "$SCRIPTS/tree.sh" workspace 2>&1) && exit 1
expect_line "$out" 'uncommitted changes'
[[ -d $T/ws/.git ]]
