#!/usr/bin/env bash
# Verdict of the warnings gate from two build logs.
#   warnings-eval.sh WORK BASE_SRC PATCHED_SRC
# Reads WORK/base.log, WORK/patched.log (make output of the W=1 C=1 builds)
# and WORK/patched.rc; normalises the warning lines (tree prefixes and
# line:column numbers dropped), counts them, and fails on any warning more
# frequent in patched than in base, naming the patch that changes the file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$1 bsrc=$2 psrc=$3
gate=warnings
norm() { # LOG SRC -> normalised warning lines
	local rs
	rs=$(realpath -m "$2")
	grep -E ': (warning|error): |^sparse: ' "$1" |
		sed -E -e "s|$rs/||g" -e 's|^(\.\./)+[^/]+/||' -e 's|^/.*/out/[^/]+/||' \
			-e 's|:[0-9]+:[0-9]+:|:|' -e 's|:[0-9]+:|:|' || true
}
norm "$work/base.log" "$bsrc" >"$work/base.norm"
norm "$work/patched.log" "$psrc" >"$work/patched.norm"
python3 "$SCRIPTS/count-diff.py" "$work/base.norm" "$work/patched.norm" >"$work/new-warnings"

prc=$(cat "$work/patched.rc" 2>/dev/null || echo 0)
if [[ $prc != 0 ]]; then
	f=$(grep -m1 -oE '[^ :]+\.(c|h):[0-9]+:[0-9]+: error' "$work/patched.log" | cut -d: -f1 || true)
	f=${f#"$(realpath -m "$psrc")/"}
	f=$(sed -E 's|^(\.\./)+[^/]+/||' <<<"$f")
	who=$(patch_touching "${f:-none}")
	grep -m5 -E 'error' "$work/patched.log" | sed 's/^/        | /' >&2 || true
	gate_fail $gate "patched build fails${f:+ in $f}${who:+ (changed by $who)}; see $work/patched.log"
fi
if [[ -s $work/new-warnings ]]; then
	info "new warnings (count, normalised text):"
	sed 's/^/        | /' "$work/new-warnings" >&2
	first=$(head -n 1 "$work/new-warnings" | cut -f2)
	f=${first%%:*}
	who=$(patch_touching "$f")
	gate_fail $gate "$(wc -l <"$work/new-warnings") new W=1/sparse warning(s), first: $first${who:+ (file changed by $who)}; see $work/new-warnings"
fi
gate_pass $gate
