#!/usr/bin/env bash
# A patch that adds a non-static function without kernel-doc fails the
# kerneldoc gate, naming that patch; a documented one and a static one pass.
. "$(dirname "$0")/lib.sh"
mkrepo "$T/repo"
printf 'static int helper(void)\n{\n\treturn 1;\n}\n' >>a.c && commit "fake: Add a static helper"
printf '\n/**\n * good() - documented\n *\n * Return: 2\n */\nint good(void)\n{\n\treturn 2;\n}\n' >>a.c && commit "fake: Add a documented function"
printf '\nint bad(void)\n{\n\treturn 3;\n}\n' >>a.c && commit "fake: Add an undocumented function"
export_to "$PATCHES"
out=$(KERNELDOC_SRC=$T/repo KERNELDOC_CMD=true "$SCRIPTS/gates/kerneldoc.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL kerneldoc: 0003-fake-Add-an-undocumented-function: a.c: bad\(\) has no kernel-doc$'
# without the third patch the gate passes
git reset -q --hard HEAD~1
export_to "$PATCHES"
out=$(KERNELDOC_SRC=$T/repo KERNELDOC_CMD=true "$SCRIPTS/gates/kerneldoc.sh" 2>/dev/null)
expect_line "$out" '^PASS kerneldoc$'
