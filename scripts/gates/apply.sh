#!/usr/bin/env bash
# Gate apply: the series of patches/ applies cleanly with git am to a fresh
# base (build/gate-tree, never the developer workspace), and, as a reviewer
# would take it from the list, "b4 am" of it as an mbox gives patches that
# git am turns into the same tree.
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

# b4 (skipped by the self-tests, whose fixtures are not mail)
if [[ -z ${APPLY_SRC:-} ]]; then
	command -v b4 >/dev/null || gate_fail apply "b4 is not installed (make deps)"
	b4dir=$LOGS/b4
	rm -rf "$b4dir"
	mkdir -p "$b4dir/out"
	mapfile -t plist < <(series_patches)
	python3 "$SCRIPTS/b4-mbox.py" "$b4dir/series.mbox" "$PATCHES/0000-cover-letter.patch" "${plist[@]}"
	(cd "$b4dir" && b4 -q am -m series.mbox -o out) >"$b4dir/b4.log" 2>&1 ||
		gate_fail apply "b4 am of the series fails (see $b4dir/b4.log)"
	mbx=("$b4dir"/out/*.mbx)
	[[ -f ${mbx[0]} ]] || gate_fail apply "b4 am wrote no .mbx (see $b4dir/b4.log)"
	wt=$b4dir/tree
	git -C "$GATE_TREE" worktree remove -f "$wt" >/dev/null 2>&1 || true
	git -C "$GATE_TREE" worktree add -f --detach "$wt" "$BASE_TAG" >/dev/null 2>&1 ||
		gate_fail apply "cannot make a worktree of $GATE_TREE"
	git -C "$wt" am -q "${mbx[0]}" >"$b4dir/am.log" 2>&1 ||
		gate_fail apply "git am of b4's output fails (see $b4dir/am.log)"
	git -C "$GATE_TREE" diff --quiet HEAD "$(git -C "$wt" rev-parse HEAD)" ||
		gate_fail apply "b4's patches give another tree than patches/"
	git -C "$GATE_TREE" worktree remove -f "$wt" >/dev/null 2>&1 || true
fi
gate_pass apply
