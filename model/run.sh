#!/bin/bash
# Model-check model/waitq.pml: every configuration of the correct model, then
# every mutant, which must be caught. Prints pan's own summary of each model
# check, one "mutant NAME: caught|survived" line per mutant and, last,
# "model: N passed, N failed". Exits non-zero when a check fails or a mutant
# survives. Needs spin and gcc. JOBS (default 2) pan runs go in parallel.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
model="$here/waitq.pml"
jobs=${JOBS:-2}

for tool in spin gcc; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done

if [ -n "${TMPDIR:-}" ]; then
	base=$TMPDIR
else
	base="$root/build/model"
fi
mkdir -p "$base"
work=$(mktemp -d "$base/waitq.XXXXXX")
trap 'rm -rf "$work"' EXIT

# pan: full search (no bitstate, no compression); MEMLIM only stops a
# runaway search, which then counts as a failure. Compiling pan.c with -O2
# costs several seconds of CPU: only the large checks are worth it. Small
# checks and the mutants (whose counterexamples are found in well under a
# second) use -O0, middle ones -O1. The -O2 checks start first.
PAN_CC="-w -DMEMLIM=4096"
PAN_DEPTH=100000

# Model checks: name | -D switches | kind (safety or liveness) | -O level
# Bounds: see the header of waitq.pml and model/README.md.
checks=(
	"multi-smc|-DSERIAL=0 -DWAKEMODE=2 -DNC=3 -DNW=1 -DSLEEPS=1 -DEXTRA=1|safety|0"
	"multi-both|-DSERIAL=0 -DWAKEMODE=3 -DNC=3 -DNW=2 -DSLEEPS=1 -DEXTRA=0|safety|2"
	"multi-both-1w|-DSERIAL=0 -DWAKEMODE=3 -DNC=3 -DNW=1 -DSLEEPS=1 -DEXTRA=0|safety|0"
	"multi-both-2s|-DSERIAL=0 -DWAKEMODE=3 -DNC=2 -DNW=1 -DSLEEPS=2 -DEXTRA=1|safety|1"
	"serial-irq|-DSERIAL=1 -DWAKEMODE=1 -DNC=3 -DNW=1 -DSLEEPS=2 -DEXTRA=1|safety|0"
	"shared-dep|-DSERIAL=0 -DWAKEMODE=3 -DNC=2 -DNW=1 -DSHARED=1 -DFW_DEPEND -DSLEEPS=1 -DEXTRA=1|safety|0"
	"shared-dep-3c|-DSERIAL=0 -DWAKEMODE=3 -DNC=3 -DNW=1 -DSHARED=1 -DFW_DEPEND -DSLEEPS=1 -DEXTRA=0|safety|2"
	"shared-smc|-DSERIAL=0 -DWAKEMODE=2 -DNC=3 -DNW=1 -DSHARED=1 -DFW_DEPEND -DSLEEPS=1 -DEXTRA=0|safety|0"
	"shared-serial-irq|-DSERIAL=1 -DWAKEMODE=1 -DNC=3 -DNW=1 -DSHARED=1 -DSLEEPS=1 -DEXTRA=1|safety|0"
	"fast-serial-irq|-DSERIAL=1 -DWAKEMODE=1 -DFASTWAKE=1 -DNC=3 -DNW=2 -DSLEEPS=1 -DEXTRA=1|safety|0"
	"fast-shared-both|-DSERIAL=0 -DWAKEMODE=3 -DFASTWAKE=1 -DNC=2 -DNW=2 -DSHARED=1 -DSLEEPS=1 -DEXTRA=1|safety|1"
	"live-multi-both|-DSERIAL=0 -DWAKEMODE=3 -DNC=2 -DNW=2 -DSLEEPS=1 -DEXTRA=1 -DLIVENESS|liveness|2"
	"live-serial-irq|-DSERIAL=1 -DWAKEMODE=1 -DNC=3 -DNW=1 -DSLEEPS=1 -DEXTRA=1 -DLIVENESS|liveness|0"
	"live-shared-dep|-DSERIAL=0 -DWAKEMODE=3 -DNC=2 -DNW=1 -DSHARED=1 -DFW_DEPEND -DSLEEPS=1 -DEXTRA=0 -DLIVENESS|liveness|0"
	"live-fast-shared|-DSERIAL=0 -DWAKEMODE=3 -DFASTWAKE=1 -DNC=2 -DNW=1 -DSHARED=1 -DSLEEPS=1 -DEXTRA=0 -DLIVENESS|liveness|0"
)

# Mutants: name | -D switch | configurations tried in order until one fails
mutants=(
	"cap_parked|-DMUT_CAP_PARKED|multi-both-1w multi-both-2s multi-both"
	"wa_parked|-DMUT_WA_PARKED|multi-both-1w multi-both-2s multi-both"
	"cap_unparked|-DMUT_CAP_UNPARKED|multi-both-1w serial-irq multi-both"
	"carrier_twice|-DMUT_CARRIER_TWICE|multi-both-1w multi-smc multi-both"
	"carrier_irq|-DMUT_CARRIER_IRQ|multi-both-1w serial-irq multi-both"
	"carrier_parked_excluded|-DMUT_CARRIER_PARKED_EXCLUDED|multi-both-1w multi-both-2s multi-smc"
	"serial_uncounted|-DMUT_SERIAL_UNCOUNTED|serial-irq shared-serial-irq fast-serial-irq"
	"late_count|-DMUT_LATE_COUNT|multi-both-1w multi-both-2s multi-both"
	"sleep_nocheck|-DMUT_SLEEP_NOCHECK|multi-both-1w multi-both-2s multi-both"
	"wa_nostore|-DMUT_WA_NOSTORE|multi-both-1w multi-both-2s multi-both"
	"wa_sticky|-DMUT_WA_STICKY|multi-both-1w multi-both-2s multi-both"
	"wa_keep_tokens|-DMUT_WA_KEEP_TOKENS|multi-both-1w multi-both-2s multi-both"
	"late_sample|-DMUT_LATE_SAMPLE|multi-both-1w multi-both-2s multi-both"
	"irq_once|-DMUT_IRQ_ONCE|multi-both-1w serial-irq multi-both"
	"irq_nostop|-DMUT_IRQ_NOSTOP|multi-both-1w serial-irq multi-both"
	"shared_excl|-DMUT_SHARED_EXCL|shared-dep shared-smc"
	"shared_tokens|-DMUT_SHARED_TOKENS|shared-dep shared-smc"
	"shared_noconv|-DMUT_SHARED_NOCONV|shared-dep shared-serial-irq"
	"defer_drop|-DMUT_DEFER_DROP|fast-serial-irq fast-shared-both"
	"ack_sleep_drop|-DMUT_ACK_SLEEP_DROP|multi-both-1w multi-smc multi-both"
)

cfg_of() { # name -> "defines|kind|opt"
	local c
	for c in "${checks[@]}"; do
		if [ "${c%%|*}" = "$1" ]; then
			echo "${c#*|}"
			return 0
		fi
	done
	echo "run.sh: unknown configuration $1" >&2
	return 1
}

# run_pan DIR KIND OPT DEFINES...: generate, compile (-O$OPT) and run pan in
# DIR; output in DIR/out
run_pan() {
	local dir=$1 kind=$2 opt=$3
	shift 3
	mkdir -p "$dir"
	cp "$model" "$dir/waitq.pml"
	(
		cd "$dir"
		spin -a "$@" waitq.pml >spin.out 2>&1 || { cat spin.out; exit 0; }
		if [ "$kind" = liveness ]; then
			# shellcheck disable=SC2086
			gcc -O"$opt" $PAN_CC -DNFAIR=3 -o pan pan.c >cc.out 2>&1 || { cat cc.out; exit 0; }
			./pan -a -f -n -m$PAN_DEPTH -N alldone 2>&1 | grep -v '^Depth=' || true
		else
			# shellcheck disable=SC2086
			gcc -O"$opt" $PAN_CC -DSAFETY -DNOCLAIM -o pan pan.c >cc.out 2>&1 || { cat cc.out; exit 0; }
			./pan -n -m$PAN_DEPTH 2>&1 | grep -v '^Depth=' || true
		fi
	) >"$dir/out"
}

# a pan run passed: complete search, no error
pan_clean() {
	grep -q 'errors: 0$' "$1" &&
		! grep -qE 'Search not completed|max search depth too small|reached -DMEMLIM' "$1"
}

# a pan run found a counterexample
pan_error() {
	grep -qE 'errors: [1-9][0-9]*$' "$1"
}

check_job() { # name
	local spec defs kind opt t0 t1
	spec=$(cfg_of "$1")
	IFS='|' read -r defs kind opt <<<"$spec"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	run_pan "$work/check-$1" "$kind" "$opt" $defs
	t1=$(date +%s%N)
	t0=$(((t1 - t0) / 100000000))
	echo "$((t0 / 10)).$((t0 % 10))" >"$work/check-$1/time"
}

mutant_job() { # name define configs
	local name=$1 def=$2 cfg spec defs kind
	# -O0: a counterexample is found in a fraction of the compile time
	: >"$work/mutant-$name.result"
	for cfg in $3; do
		spec=$(cfg_of "$cfg")
		IFS='|' read -r defs kind _ <<<"$spec"
		# shellcheck disable=SC2086
		run_pan "$work/mutant-$name-$cfg" "$kind" 0 $defs "$def"
		if pan_error "$work/mutant-$name-$cfg/out"; then
			{
				echo "caught"
				echo "$cfg"
				grep -m1 -E '^pan:[0-9]+: |^pan: (invalid end state|acceptance cycle)' \
					"$work/mutant-$name-$cfg/out" || echo "(error)"
			} >"$work/mutant-$name.result"
			return 0
		fi
	done
	echo "survived" >"$work/mutant-$name.result"
}

throttle() {
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n || true
	done
}

spin -V
echo "model: $model"
start=$(date +%s)

for c in "${checks[@]}"; do
	[ "${c##*|}" = 2 ] || continue
	throttle
	check_job "${c%%|*}" &
done
for c in "${checks[@]}"; do
	[ "${c##*|}" = 2 ] && continue
	throttle
	check_job "${c%%|*}" &
done
for m in "${mutants[@]}"; do
	IFS='|' read -r name def cfgs <<<"$m"
	throttle
	mutant_job "$name" "$def" "$cfgs" &
done
wait

passed=0
failed=0
for c in "${checks[@]}"; do
	name=${c%%|*}
	IFS='|' read -r _ defs kind _ <<<"$c"
	out="$work/check-$name/out"
	echo
	echo "=== check $name ($defs; $kind), $(cat "$work/check-$name/time")s"
	cat "$out"
	if pan_clean "$out"; then
		echo "check $name: passed"
		passed=$((passed + 1))
	else
		echo "check $name: FAILED"
		failed=$((failed + 1))
	fi
done

echo
for m in "${mutants[@]}"; do
	IFS='|' read -r name def _ <<<"$m"
	res="$work/mutant-$name.result"
	if [ "$(head -n1 "$res")" = caught ]; then
		echo "  $name ($def) in $(sed -n 2p "$res"): $(sed -n 3p "$res")"
		echo "mutant $name: caught"
		passed=$((passed + 1))
	else
		echo "  $name ($def): no counterexample in any configuration"
		echo "mutant $name: survived"
		failed=$((failed + 1))
	fi
done

echo "total time: $(($(date +%s) - start))s"
echo "model: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
