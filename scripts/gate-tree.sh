#!/usr/bin/env bash
# Make sure build/gate-tree = fresh base + the series of patches/.
# Reuses the tree when it already carries exactly this series (stamp),
# so several gates in one 'make check' share one git am.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series_hash() { cat "$PATCHES"/*.patch 2>/dev/null | sha256sum | cut -c1-16; }

stamp=$GATE_TREE/.git/scm-waitq-series
want="$(series_hash)"
if [[ -f $stamp && -d $GATE_TREE/.git ]] &&
	[[ $(cat "$stamp") == "$want $(git -C "$GATE_TREE" rev-parse HEAD 2>/dev/null)" ]] &&
	[[ $(git -C "$GATE_TREE" symbolic-ref -q --short HEAD 2>/dev/null) == "$BRANCH" ]] &&
	[[ -z $(git -C "$GATE_TREE" status --porcelain | head -n 1) ]]; then
	info "gate tree up to date ($GATE_TREE at $(git -C "$GATE_TREE" rev-parse --short HEAD))"
	exit 0
fi
rm -f "$stamp"
"$SCRIPTS/tree.sh" apply "$GATE_TREE" "$PATCHES"
echo "$want $(git -C "$GATE_TREE" rev-parse HEAD)" >"$stamp"
