#!/usr/bin/env bash
# A build break in the middle of the series (patch 2 of 3, fixed again by
# patch 3) fails the bisect gate, naming patch 2.
. "$(dirname "$0")/lib.sh"
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
printf 'int base(void)\n{\n\treturn 1\n}\n' >a.c && commit "fake: Break the build"
printf 'int base(void)\n{\n\treturn 2;\n}\n' >a.c && commit "fake: Fix the build"
export_to "$PATCHES"
out=$(BISECT_SRC=$T/repo BISECT_BUILD_CMD='gcc -fsyntax-only a.c' "$SCRIPTS/gates/bisect.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL bisect: patch 2/3 0002-fake-Break-the-build breaks the build'
# the tree is back on the branch afterwards
[[ $(git -C "$T/repo" symbolic-ref --short HEAD) == scm-waitq ]]
