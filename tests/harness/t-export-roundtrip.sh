#!/usr/bin/env bash
# make export is stable: import (git am + branch description from the cover
# letter) then export reproduces the patch files byte for byte, the cover
# letter included; stale patch files are removed.
. "$(dirname "$0")/lib.sh"
mkrepo "$T/repo"
printf 'int base(void)\n{\n\treturn 1;\n}\n' >a.c && commit "fake: Return one"
printf 'int base(void)\n{\n\treturn 2;\n}\n' >a.c && commit "fake: Return two"
mkdir -p "$PATCHES"
touch "$PATCHES/0009-stale.patch"
export_to "$PATCHES"
[[ ! -e $PATCHES/0009-stale.patch ]] || { echo "stale patch not removed"; exit 1; }
grep -qE '^Subject: \[PATCH( v[0-9]+)? 0/2\] fake: a test series' "$PATCHES/0000-cover-letter.patch"
grep -q '^This is the cover letter body.' "$PATCHES/0000-cover-letter.patch"
# import into a fresh repo with the same base
mkdir "$T/repo2" && cd "$T/repo2" && git init -q -b main
git fetch -q "$T/repo" refs/tags/scm-base:refs/tags/scm-base
git checkout -q scm-base
"$SCRIPTS/tree.sh" am "$T/repo2" "$PATCHES" >/dev/null 2>&1
[[ $(git -C "$T/repo2" rev-parse HEAD) == $(git -C "$T/repo" rev-parse HEAD) ]] || { echo "commit shas differ after import"; exit 1; }
[[ $(git -C "$T/repo2" config branch.scm-waitq.description) == $(git -C "$T/repo" config branch.scm-waitq.description) ]] ||
	{ echo "branch description differs after import"; exit 1; }
sleep 1 # a new 'now' must not leak into the cover letter
"$SCRIPTS/export.sh" "$T/repo2" "$T/again" >/dev/null 2>&1
diff -r "$PATCHES" "$T/again"
