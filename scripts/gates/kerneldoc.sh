#!/usr/bin/env bash
# Gate kerneldoc: for each patch, every .c/.h file it touches is run through
# the tree's scripts/kernel-doc -none, and through scripts/kdoc_missing.py
# (non-static functions without a kernel-doc comment), at that patch and at
# the commit before it.  A message the patch adds (line numbers aside) fails
# the gate, naming the patch.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate=kerneldoc
src=${KERNELDOC_SRC:-$GATE_TREE}
[[ -n ${KERNELDOC_SRC:-} ]] || "$SCRIPTS/gate-tree.sh" >&2 || gate_fail $gate "the series does not apply"
# KERNELDOC_CMD (self-tests): the kernel-doc command, run with the file last
kdoc=${KERNELDOC_CMD:-perl $src/scripts/kernel-doc -none}
work=$LOGS/kerneldoc
rm -rf "$work"
mkdir -p "$work"

mapfile -t commits < <(git -C "$src" rev-list --reverse "$BASE_TAG..$BRANCH")
((${#commits[@]} > 0)) || gate_fail $gate "no commits in $BASE_TAG..$BRANCH"
mapfile -t pnames < <(series_patches | xargs -r -n1 basename | sed 's/\.patch$//')

# messages REV FILE : kernel-doc and missing-doc messages of FILE at REV,
# without line numbers (none if FILE does not exist there)
messages() {
	local rev=$1 f=$2 tmp
	tmp=$work/$(basename "$f")
	git -C "$src" show "$rev:$f" >"$tmp" 2>/dev/null || return 0
	# shellcheck disable=SC2086
	$kdoc "$tmp" 2>&1 | sed -e "s|$tmp|$f|g" -e 's/:[0-9][0-9]*:/:/' || true
	if [[ $f == *.c ]]; then
		python3 "$SCRIPTS/kdoc_missing.py" "$tmp" "$f" | sed 's/:[0-9][0-9]*:/:/' || true
	fi
}

fails=()
for ((k = 1; k <= ${#commits[@]}; k++)); do
	c=${commits[k - 1]}
	name=${pnames[k - 1]:-$(git -C "$src" log -1 --format=%f "$c")}
	new=()
	while IFS= read -r f; do
		messages "$c~1" "$f" | sort -u >"$work/before"
		messages "$c" "$f" | sort -u >"$work/after"
		while IFS= read -r m; do new+=("$m"); done < <(comm -13 "$work/before" "$work/after")
	done < <(git -C "$src" diff-tree --no-commit-id --name-only -r --diff-filter=AM "$c" -- '*.c' '*.h')
	if ((${#new[@]})); then
		info "$name: ${#new[@]} new kernel-doc message(s):"
		printf '        | %s\n' "${new[@]}" >&2
		more=""
		((${#new[@]} > 1)) && more=" (+$((${#new[@]} - 1)) more)"
		fails+=("$name: ${new[0]}$more")
	else
		info "$name: clean"
	fi
done
((${#fails[@]} == 0)) || gate_fail $gate "$(
	IFS=';'
	echo "${fails[*]}"
)"
gate_pass $gate
