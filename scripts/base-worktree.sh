#!/usr/bin/env bash
# Make BASE a clean git worktree of TREE at scm-base: by default
# build/gate-base of build/gate-tree (the unpatched tree the warnings and dt
# gates compare against); bench/run.sh passes its own pair.
#   base-worktree.sh [TREE BASE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if (($# == 2)); then
	GATE_TREE=$1
	GATE_BASE=$2
else
	[[ -d $GATE_TREE/.git ]] || "$SCRIPTS/gate-tree.sh" >&2
fi
if [[ -e $GATE_BASE ]]; then
	common=$(git -C "$GATE_BASE" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	# A clean checkout of the same base tree from another repository (say
	# a worktree of the workspace) serves as well and keeps its builds.
	if [[ $common != "$(realpath "$GATE_TREE/.git")" && -n $common ]] &&
		[[ $(git -C "$GATE_BASE" rev-parse "HEAD^{tree}") == "$(git -C "$GATE_TREE" rev-parse "$BASE_TAG^{tree}")" ]] &&
		[[ -z $(git -C "$GATE_BASE" status --porcelain | head -n 1) ]]; then
		info "using $GATE_BASE (a clean checkout of the same base tree)"
		exit 0
	fi
	if [[ $common != "$(realpath "$GATE_TREE/.git")" ]]; then
		info "removing stale $GATE_BASE (not a worktree of $GATE_TREE)"
		rm -rf "$GATE_BASE"
	fi
fi
git -C "$GATE_TREE" worktree prune
if [[ ! -e $GATE_BASE ]]; then
	step "creating base worktree $GATE_BASE at $BASE_TAG (~15 s)"
	git -C "$GATE_TREE" worktree add -q --detach "$GATE_BASE" "$BASE_TAG"
else
	if [[ $(git -C "$GATE_BASE" rev-parse HEAD) != "$(git -C "$GATE_TREE" rev-parse "$BASE_TAG")" ]] ||
		[[ -n $(git -C "$GATE_BASE" status --porcelain | head -n 1) ]]; then
		info "resetting $GATE_BASE to $BASE_TAG"
		git -C "$GATE_BASE" checkout -q -f --detach "$BASE_TAG"
		git -C "$GATE_BASE" clean -q -f -d -x
	fi
fi
