#!/usr/bin/env bash
# Gate bisect: every prefix of the series builds.  For k = 1..N the gate
# tree is checked out at the k-th commit and, incrementally in the same
# build dirs as the kunit and warnings gates,
#   - the KUnit kernel is built (kunit.py build with config/kunit.conf's
#     KUNITCONFIG; lib/kunit/.kunitconfig while a prefix lacks that file),
#   - the warnings-gate objects (drivers/firmware/qcom_scm*.o and the
#     series' .c files there and in lib/kunit/) are built.
# The first patch that breaks is reported.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "${KUNIT_CONF:-$CONFIG/kunit.conf}"

gate=bisect
src=${BISECT_SRC:-$GATE_TREE}
kbuild=${BISECT_KUNIT_OUT:-$OUT/kunit}
obuild=${BISECT_OBJ_OUT:-$OUT/qcom}
# BISECT_BUILD_CMD (self-tests): command run in the tree for each prefix
# instead of the kernel builds; it gets the prefix number as $1.
[[ -n ${BISECT_SRC:-} ]] || "$SCRIPTS/gate-tree.sh" >&2 || gate_fail $gate "the series does not apply"
work=$LOGS/bisect
rm -rf "$work"
mkdir -p "$work" "$kbuild" "$obuild"

mapfile -t commits < <(git -C "$src" rev-list --reverse "$BASE_TAG..$BRANCH")
n=${#commits[@]}
((n > 0)) || gate_fail $gate "no commits in $BASE_TAG..$BRANCH"
mapfile -t pnames < <(series_patches | xargs -r -n1 basename | sed 's/\.patch$//')

restore() { git -C "$src" checkout -q -f "$BRANCH" 2>/dev/null || true; }
trap restore EXIT

build_prefix() { # K
	local k=$1 kc=$KUNITCONFIG objs=()
	if [[ -n ${BISECT_BUILD_CMD:-} ]]; then
		(cd "$src" && bash -c "$BISECT_BUILD_CMD" _ "$k") >"$work/$k.log" 2>&1
		return
	fi
	[[ -f $src/$kc ]] || kc=lib/kunit/.kunitconfig
	(cd "$src" && python3 tools/testing/kunit/kunit.py build --arch=arm64 \
		--cross_compile="$CROSS_COMPILE" --make_options "CC=$KCC" --jobs "$JOBS" \
		--build_dir="$kbuild" --kunitconfig="$src/$kc") >"$work/$k.kunit.log" 2>&1 || {
		echo "KUnit kernel ($kc) does not build" >"$work/$k.what"
		return 1
	}
	qcom_fragment "$src" "$work/fragment.config"
	kconfig_from_fragments "$src" "$obuild" "$work/fragment.config" 2>/dev/null
	mapfile -t objs < <(gate_objects "$src" "$obuild/.config" 2>/dev/null | sort -u)
	kmake "$src" "$obuild" "${objs[@]}" >"$work/$k.objs.log" 2>&1 || {
		echo "objects ${objs[*]} do not build" >"$work/$k.what"
		return 1
	}
}

for ((k = 1; k <= n; k++)); do
	c=${commits[k - 1]}
	name=${pnames[k - 1]:-$(git -C "$src" log -1 --format=%f "$c")}
	step "bisect: prefix $k/$n: $name"
	# A prefix whose tree already built with the same gate inputs builds.
	key=
	if [[ -z ${BISECT_BUILD_CMD:-} ]]; then
		key=$(verdict_key "$(git -C "$src" rev-parse "$c^{tree}")" "$0" "$SCRIPTS/lib.sh" \
			"$CONFIG/qcom.config" "$CONFIG/qcom-$SCM_BASE.config" "${KUNIT_CONF:-$CONFIG/kunit.conf}" "$CONFIG/bases/$SCM_BASE.conf" "$(tool_versions)")
		if verdict_cached "$gate-prefix@$SCM_BASE" "$key"; then
			continue
		fi
	fi
	git -C "$src" checkout -q -f --detach "$c"
	t0=$(_now)
	if ! build_prefix "$k"; then
		what=$(cat "$work/$k.what" 2>/dev/null || echo "build fails")
		for l in "$work/$k".*log "$work/$k.log"; do
			if [[ -f $l ]]; then grep -E 'error|Error' "$l" | head -n 5 | sed 's/^/        | /' >&2 || true; fi
		done
		gate_fail $gate "patch $k/$n $name breaks the build: $what (logs $work/$k.*)"
	fi
	[[ -z $key ]] || verdict_store "$gate-prefix@$SCM_BASE" "$key"
	info "prefix $k/$n builds ($(fmt_secs $(($(_now) - t0))))"
done
gate_pass $gate
