#!/usr/bin/env bash
# Every prefix builds: the bisect gate passes.
. "$(dirname "$0")/lib.sh"
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
printf 'int base(void)\n{\n\treturn 2;\n}\n' >a.c && commit "fake: Return two"
export_to "$PATCHES"
out=$(BISECT_SRC=$T/repo BISECT_BUILD_CMD='gcc -fsyntax-only a.c' "$SCRIPTS/gates/bisect.sh" 2>/dev/null)
expect_line "$out" '^PASS bisect$'
