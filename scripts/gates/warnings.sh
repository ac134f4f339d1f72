#!/usr/bin/env bash
# Gate warnings: build the objects the series touches with W=1 and sparse
# (C=1) for arm64, in the unpatched base and in the patched tree, and fail
# on any warning that the patched build has more often than the base.
#
# Objects: drivers/firmware/qcom_scm*.o plus every .c file under
# drivers/firmware/ or lib/kunit/ in the series' diffstat that its
# directory's Makefile builds.  Config: arm64 allnoconfig +
# config/qcom.config + the KUnit config of config/kunit.conf.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$CONFIG/kunit.conf"

gate=warnings
"$SCRIPTS/gate-tree.sh" >&2 || gate_fail $gate "the series does not apply"
"$SCRIPTS/base-worktree.sh" >&2 || gate_fail $gate "cannot create the base worktree $GATE_BASE"
mkdir -p "$LOGS"
work=$LOGS/warnings
rm -rf "$work"
mkdir -p "$work"

# ---- object list
objs=(drivers/firmware/qcom_scm.o drivers/firmware/qcom_scm-smc.o drivers/firmware/qcom_scm-legacy.o)
while IFS= read -r f; do
	case $f in drivers/firmware/*.c | lib/kunit/*.c) ;; *) continue ;; esac
	[[ -f $GATE_TREE/$f ]] || continue
	o=${f%.c}.o
	mk=$GATE_TREE/$(dirname "$f")/Makefile
	if grep -qw "$(basename "$o")" "$mk"; then
		objs+=("$o")
	else
		info "$f: not an object of $(dirname "$f")/Makefile (#included?): skipped"
	fi
done < <(series_patches | xargs -r cat | patch_files /dev/stdin)
mapfile -t objs < <(printf '%s\n' "${objs[@]}" | sort -u)
info "objects: ${objs[*]}"

# ---- config fragment: qcom drivers + the series' KUnit config
frag=$work/fragment.config
cat "$CONFIG/qcom.config" >"$frag"
if [[ -f $GATE_TREE/$KUNITCONFIG ]]; then
	cat "$GATE_TREE/$KUNITCONFIG" >>"$frag"
fi

# build_side NAME SRC OUTDIR: W=1 C=1 build of the objects, warnings to
# $work/NAME.raw, normalised to $work/NAME.norm
build_side() {
	local name=$1 src=$2 out=$3 o have=() t0
	t0=$(_now)
	step "warnings: $name tree: config + prepare in $out"
	kconfig_from_fragments "$src" "$out" "$frag" 2>>"$work/$name.config.log"
	grep -qx 'CONFIG_QCOM_SCM=y' "$out/.config" || gate_fail $gate "$name config lacks CONFIG_QCOM_SCM=y (config/qcom.config)"
	run_logged "$work/$name.prepare.log" kmake "$src" "$out" prepare ||
		gate_fail $gate "$name: make prepare failed (see $work/$name.prepare.log)"
	for o in "${objs[@]}"; do
		[[ -f $src/${o%.o}.c ]] && have+=("$o")
	done
	# First pass without W=1/C=1 builds the prerequisites (vdso, generated
	# headers) so that the counted pass only prints the objects' warnings.
	kmake "$src" "$out" "${have[@]}" >"$work/$name.pass1.log" 2>&1 || true
	for o in "${have[@]}"; do rm -f "$out/$o"; done
	step "warnings: $name tree: W=1 C=1 ${#have[@]} object(s)"
	local rc=0
	kmake "$src" "$out" W=1 C=1 "${have[@]}" >"$work/$name.log" 2>&1 || rc=$?
	echo "$rc" >"$work/$name.rc"
	grep -E ': (warning|error): |: error\b|^sparse: ' "$work/$name.log" >"$work/$name.raw" || true
	# normalise: drop tree/output prefixes and line:column numbers
	sed -E -e "s|$(realpath "$src")/||g" -e "s|$(realpath -m "$out")/||g" \
		-e 's|^(\.\./)+||' -e 's|:[0-9]+:[0-9]+:|:|' -e 's|:[0-9]+:|:|' \
		"$work/$name.raw" | sort | uniq -c | sed -E 's/^ *//' >"$work/$name.norm"
	info "$name: $(wc -l <"$work/$name.raw") warning line(s), exit $rc ($(fmt_secs $(($(_now) - t0))))"
}

build_side base "$GATE_BASE" "$OUT/qcom-base"
build_side patched "$GATE_TREE" "$OUT/qcom"

# ---- difference: warnings (with count) more frequent in patched than base
python3 - "$work/base.norm" "$work/patched.norm" >"$work/new-warnings" <<'PY'
import sys
def load(p):
    d = {}
    for l in open(p):
        n, _, w = l.rstrip('\n').partition(' ')
        d[w] = d.get(w, 0) + int(n)
    return d
b, p = load(sys.argv[1]), load(sys.argv[2])
for w, n in sorted(p.items()):
    if n > b.get(w, 0):
        print('%d\t%s' % (n - b.get(w, 0), w))
PY

prc=$(cat "$work/patched.rc")
if [[ $prc != 0 ]]; then
	f=$(grep -m1 -oE '[^ :]+\.(c|h):[0-9]+:[0-9]+: error' "$work/patched.log" | cut -d: -f1 || true)
	f=${f#"$(realpath "$GATE_TREE")/"}
	who=$(patch_touching "${f:-none}")
	grep -m5 -E 'error' "$work/patched.log" | sed 's/^/        | /' >&2 || true
	gate_fail $gate "patched build of ${objs[*]} fails${f:+ in $f}${who:+ (changed by $who)}; see $work/patched.log"
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
