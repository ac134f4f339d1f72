#!/usr/bin/env bash
# Gate export: import + export round trip.  The series imported into the gate
# tree and exported again (make export's code) must reproduce patches/
# byte for byte: same files, same cover letter, same Date lines.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

"$SCRIPTS/gate-tree.sh" >&2 || gate_fail export "the series does not apply (run make apply-gate / make tree)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
COVER_DATE_FROM=$PATCHES/0000-cover-letter.patch "$SCRIPTS/export.sh" "$GATE_TREE" "$tmp/patches" >/dev/null 2>&1 ||
	gate_fail export "export of the imported series failed"
bad=()
for f in "$PATCHES"/*.patch "$tmp"/patches/*.patch; do
	b=$(basename "$f")
	cmp -s "$PATCHES/$b" "$tmp/patches/$b" 2>/dev/null || bad+=("$b")
done
if ((${#bad[@]})); then
	mapfile -t bad < <(printf '%s\n' "${bad[@]}" | sort -u)
	diff -ru "$PATCHES" "$tmp/patches" | head -n 30 >&2 || true
	gate_fail export "import+export changes ${bad[*]} (re-run make export in build/linux and commit patches/)"
fi
gate_pass export
