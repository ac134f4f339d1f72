#!/usr/bin/env bash
# Gate checkpatch: scripts/checkpatch.pl --strict on every patch (not the
# cover letter): no ERROR, WARNING or CHECK, except those listed with a
# reason in config/checkpatch-exceptions.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

# Tree providing checkpatch.pl; CHECKPATCH_TREE lets the self-tests use a
# stub without a kernel tree.
tree=${CHECKPATCH_TREE:-$GATE_TREE}
if [[ -z ${CHECKPATCH_TREE:-} ]]; then
	"$SCRIPTS/gate-tree.sh" >&2 || gate_fail checkpatch "the series does not apply"
fi
exc=${CHECKPATCH_EXCEPTIONS:-$CONFIG/checkpatch-exceptions}
mkdir -p "$LOGS"

excepted() { # PATCHNAME TYPE -> 0 if listed
	local name=${1#[0-9][0-9][0-9][0-9]-} type=$2 g t reason
	[[ -f $exc ]] || return 1
	while read -r g t reason; do
		[[ -z $g || $g == \#* ]] && continue
		if [[ -z $reason ]]; then
			warn "config/checkpatch-exceptions: entry '$g $t' has no reason: ignored"
			continue
		fi
		# shellcheck disable=SC2053
		[[ $name == $g && $type == "$t" ]] && return 0
	done <"$exc"
	return 1
}

fails=()
total=0
while IFS= read -r p; do
	name=$(patch_name "$p")
	log=$LOGS/checkpatch-$name.log
	# shellcheck disable=SC2086
	# Debian's python3 first: spdxcheck.py needs python3-ply from apt
	(cd "$tree" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl ${CHECKPATCH_ARGS:-} --strict --show-types --no-summary --color=never "$p") >"$log" 2>&1 && cprc=0 || cprc=$?
	if ((cprc != 0)) && ! grep -qE '^(ERROR|WARNING|CHECK):' "$log"; then
		fails+=("$name: checkpatch.pl failed to run (exit $cprc, see $log)")
		continue
	fi
	n=0
	msgs=()
	while IFS= read -r line; do
		level=${line%%:*}
		rest=${line#*:}
		type=${rest%%:*}
		if excepted "$name" "$type"; then
			info "$name: $level:$type excepted (config/checkpatch-exceptions)"
			continue
		fi
		n=$((n + 1))
		msgs+=("$line")
	done < <(grep -E '^(ERROR|WARNING|CHECK):' "$log" || true)
	total=$((total + n))
	if ((n)); then
		info "$name: $n checkpatch message(s):"
		printf '        | %s\n' "${msgs[@]}" >&2
		more=""
		((n > 1)) && more=" (+$((n - 1)) more)"
		fails+=("$name: ${msgs[0]}$more")
	else
		info "$name: clean"
	fi
done < <(series_patches)
((${#fails[@]} == 0)) || gate_fail checkpatch "$(
	IFS=';'
	echo "${fails[*]}"
) (logs: $LOGS/checkpatch-*.log)"
gate_pass checkpatch
