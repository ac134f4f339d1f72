#!/usr/bin/env bash
# Gate apply: the series of patches/ applies cleanly with git am to a fresh
# base (build/gate-tree, never the developer workspace).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

n=$(series_patches | wc -l)
((n > 0)) || gate_fail apply "no patches in $PATCHES"
[[ -f $PATCHES/0000-cover-letter.patch ]] || gate_fail apply "no cover letter $PATCHES/0000-cover-letter.patch (run make export)"
if [[ -n ${APPLY_SRC:-} ]]; then
	# self-tests: a small repo with tag scm-base instead of the kernel
	GATE_TREE=$APPLY_SRC
	applied() { "$SCRIPTS/tree.sh" am "$APPLY_SRC" "$PATCHES" >&2; }
else
	rm -f "$GATE_TREE/.git/scm-waitq-series"
	applied() { "$SCRIPTS/gate-tree.sh" >&2; }
fi
if ! applied; then
	failed=$(cat "$GATE_TREE/.git/scm-waitq-failed-patch" 2>/dev/null || echo unknown)
	gate_fail apply "patch $failed does not apply to $BASE_TAG with git am"
fi
got=$(git -C "$GATE_TREE" rev-list --count "$BASE_TAG..HEAD")
((got == n)) || gate_fail apply "$n patch files but $got commits after git am (an empty or merged patch?)"
gate_pass apply
