#!/usr/bin/env bash
# The 6.12 benchmark: the series against mainline's own wait-queue code, side
# by side in one run, measured the same way on both kernels through the
# public qcom_scm API on fakefw (bench/README-6.12.md). bench/run.sh runs it
# when SCM_BASE=6.12 (make bench BASE=6.12).
#
#   bench/run-6.12.sh [--tree DIR] [--base DIR] [--quick] [--publish]
#
#   --tree DIR   6.12 tree with the series (default GATE_TREE,
#                build/gate-tree-6.12, made from patches-6.12/ when missing)
#   --base DIR   the unpatched 6.12 tree (default GATE_BASE,
#                build/gate-base-6.12)
#   --quick      few samples, 7 boots (the conc boots also measure the fast
#                path's time and the latency), 4 at a time: proves that
#                everything works, the numbers mean nothing; results in
#                build/bench-6.12-quick
#   --publish    copy results.md, results.json, latency_cdf.png and the
#                boots' consoles (boots.tar.xz) to bench/results-6.12/;
#                refused unless the run passed and the tree is
#                patches-6.12/ as it stands (the git patch-ids of
#                base..HEAD equal those of the patch files, in order;
#                nothing uncommitted in either tree; no tree re-applied and
#                no Image rebuilt during the run; the base is the base
#                commit: bench/provenance.py)
#
# Kernels: the e2e kernels (e2e/kernel.config + e2e/kernel-6.12.config, the
# build directories of the e2e gate: $OUT/e2e-<tree name>), by
# e2e_build_kernel, which makes nothing while their stamp holds. Module: bench/pub (scm_bench_pub.ko), built for each;
# its parameters' defaults are the full run's (read from its source and
# passed on), the quick run overrides some.
# Boots (e2e_boot; consoles in <out>/boots/<boot>/):
#   conc-<dep>     -smp N (the host's CPUs, at most 4): throughput at 1, 2,
#                  4, 8 clients
#   fast-<dep>-r<N> -smp N: the fast path in time, BENCH_ROUNDS (5, quick 1)
#                  rounds of three boots (not multi-smc), order rotated
#   lat-<dep>-r<N> -smp 1: wake-up latency with the interrupt, in rounds
#                  like the fast path
#   icount-<dep>   -smp 1, one TCG thread, -icount shift=0: the fast path and
#                  the wake-up latency in instructions
# for dep = mainline (unpatched), serialized, multi-irq (series) and, for
# conc only, multi-smc (series without the interrupt; mainline cannot run
# it). The last line is "bench: N passed, N failed".
#
# Environment: BENCH_TIMEOUT (seconds per boot), BENCH_ROUNDS, BENCH_PAR
# (quick: boots at once, 4), E2E_CPU.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"
# shellcheck source=../e2e/lib.sh
. "$here/../e2e/lib.sh"

tree=$GATE_TREE
base=$GATE_BASE
quick=0
publish=0
while (($#)); do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--publish) publish=1; shift ;;
	*) die "bench/run-6.12.sh: unknown argument $1" ;;
	esac
done
((quick && publish)) && die "bench: --publish takes a full run, not --quick"

t_start=$(_now)
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
	echo "bench: $passed passed, $failed failed"
	((failed == 0))
	exit
}

# ---- trees --------------------------------------------------------------------
if [[ $(realpath -m "$tree") == $(realpath -m "$GATE_TREE") && ! -d $GATE_TREE/.git ]]; then
	"$SCRIPTS/gate-tree.sh" >&2 || { fail "bench/build: the series does not apply ($GATE_TREE)"; finish; }
fi
if [[ $(realpath -m "$base") == $(realpath -m "$GATE_BASE") && ! -d $GATE_BASE/.git ]]; then
	"$SCRIPTS/base-worktree.sh" >&2 || { fail "bench/build: cannot make $GATE_BASE"; finish; }
fi
tree=$(realpath "$tree")
base=$(realpath "$base")
# the series adds qcom,allow-multi-call to the driver; mainline has none
is_series() { grep -q 'qcom,allow-multi-call' "$1/$SCM_DIR/qcom_scm.c" 2>/dev/null; }
{ [[ -f $tree/$SCM_DIR/qcom_scm.c ]] && is_series "$tree"; } ||
	{ fail "bench/build: $tree is not a $SCM_BASE tree with the series"; finish; }
{ [[ -f $base/$SCM_DIR/qcom_scm.c ]] && ! is_series "$base"; } ||
	{ fail "bench/build: $base is not the unpatched $SCM_BASE tree"; finish; }

if ((quick)); then
	out=$BUILD/bench-$SCM_BASE-quick
	timeout_s=${BENCH_TIMEOUT:-120}
	rounds=${BENCH_ROUNDS:-1}
	params="reps=1 calls=2 hold_us=2000 samples=12 batches=8 per_batch=8"
else
	out=$BUILD/bench-$SCM_BASE
	timeout_s=${BENCH_TIMEOUT:-600}
	rounds=${BENCH_ROUNDS:-5}
	# the module's defaults are the full run's (one place to change them):
	# its "static unsigned int <name> = <value>;" lines, passed on
	# explicitly so that every boot's command line and meta.json name them
	params=$(e2e_module_defaults "$here/pub/scm_bench_pub.c" 'static unsigned int ')
	[[ $params == *samples=* && $params == *batches=* ]] ||
		die "bench: no parameter defaults found in $here/pub/scm_bench_pub.c"
fi
command -v gnuplot >/dev/null ||
	warn "bench: gnuplot is missing (Debian package gnuplot-nox): the latency-cdf check will fail"
rm -rf "$out"
mkdir -p "$out/boots" "$LOGS"

# ---- provenance: what is built, on what ------------------------------------------
# bench/provenance.py start, before the builds: patch-ids of the tree and of
# patches-6.12/, both trees' state (end compares them again: a tree
# re-applied during the builds or the boots), QEMU, gcc, CPU. The quick run
# does not wait for its second of git on the kernel trees: it runs beside
# the builds.
# as many vCPUs as the host has CPUs, at most 4 (e2e_host_smp, e2e/lib.sh)
smp=$(e2e_host_smp)
prov=(python3 "$here/provenance.py" start "$out/meta.json" --tree "$tree" --base "$base"
	--patches "$PATCHES" --base-rev "$BASE_TAG" --base-tree "$BASE_TREE"
	"quick=$( ((quick)) && echo true || echo false)" "rounds=$rounds" "params=$params"
	"smp=$smp")
prov_pid=
if ((quick)); then
	"${prov[@]}" &
	prov_pid=$!
else
	"${prov[@]}"
fi

# ---- builds -------------------------------------------------------------------
declare -A ksrc=([mainline]=$base [series]=$tree) kout
t=$(_now)
e2e_build_fakefw "$LOGS/bench-fakefw.log" || { fail "bench/build: fakefw"; finish; }
for k in mainline series; do
	src=${ksrc[$k]}
	kout[$k]=$OUT/e2e-$(basename "$src")
	ko=${kout[$k]}
	step "bench: $k kernel (the e2e kernel) from $src into $ko (cold ~14 min on 2 cores; nothing to make while its stamp holds)"
	e2e_build_kernel "$src" "$ko" "$LOGS/e2e-$(basename "$src")-kernel.log" \
		"$E2E_DIR/kernel-$SCM_BASE.config" ||
		{ fail "bench/build: $k kernel (see $LOGS/e2e-$(basename "$src")-kernel.log)"; finish; }
	e2e_build_module "$src" "$ko" "$here/pub" "$LOGS/bench-pub-$(basename "$src")-module.log" ||
		{ fail "bench/build: bench/pub module for $src"; finish; }
	e2e_build_initramfs "$ko" "$ko/bench-pub-initramfs.cpio" "$ko/pub/scm_bench_pub.ko" ||
		{ fail "bench/build: initramfs for the $k kernel"; finish; }
done
info "bench: builds done ($(fmt_secs $(($(_now) - t))))"

# what was built (each Image's sha256, end compares them again) and the load
# the boots start in
[[ -z $prov_pid ]] || wait "$prov_pid" || warn "bench: provenance.py start failed"
python3 "$here/provenance.py" built "$out/meta.json" "mainline=${kout[mainline]}" \
	"series=${kout[series]}" || warn "bench: provenance.py built failed"

# ---- boots --------------------------------------------------------------------
# fakefw: wait queue = peripheral (nr_wq=8); a taken resource stays busy
# until the module releases it (hold_us after the park), time does not
# advance with calls
fwbase="nr_wq=8,pas_duration=4000000000,tick_per_call=0"
declare -A kern=([mainline]=mainline [serialized]=series [multi-irq]=series [multi-smc]=series)
declare -A dt_irq=([mainline]=yes [serialized]=yes [multi-irq]=yes [multi-smc]=no)
declare -A dt_multi=([mainline]=no [serialized]=no [multi-irq]=yes [multi-smc]=yes)
declare -A fw_mode=([mainline]="wake_mode=irq,multi_call=0" [serialized]="wake_mode=irq,multi_call=0"
	[multi-irq]="wake_mode=irq,multi_call=1" [multi-smc]="wake_mode=smc,multi_call=1,info_irq=0")

# boot NAME DEP RUN SMP [icount]: one boot; its verdict ("PASS ..." or
# "FAIL ..." and the console's tail) goes to <boots>/NAME.verdict
boot() {
	local name=$1 dep=$2 run=$3 smp=$4 icount=${5:-} d=$out/boots/$1 rc=0 t args w line ko
	ko=${kout[${kern[$dep]}]}
	args="scm_bench_pub.run=$run scm_bench_pub.label=$dep"
	for w in $params; do args+=" scm_bench_pub.$w"; done
	t=$(_now)
	if [[ -n $icount ]]; then
		# one TCG thread, guest clock = executed instructions (1 ns each,
		# fakefw's included): deterministic, free of the host's noise
		E2E_SMP=$smp E2E_ACCEL=tcg,thread=single E2E_QEMU_EXTRA="-icount shift=0,sleep=off" \
			e2e_boot "$d" 1 "${dt_irq[$dep]}" "${dt_multi[$dep]}" "$fwbase,${fw_mode[$dep]}" \
			"$ko" "$ko/bench-pub-initramfs.cpio" "$args" "$timeout_s" || rc=$?
	else
		E2E_SMP=$smp e2e_boot "$d" 1 "${dt_irq[$dep]}" "${dt_multi[$dep]}" "$fwbase,${fw_mode[$dep]}" \
			"$ko" "$ko/bench-pub-initramfs.cpio" "$args" "$timeout_s" || rc=$?
	fi
	printf '{"boot": "%s", "kernel": "%s", "dep": "%s", "run": "%s", "smp": %d, "icount": %s, "qemu_rc": %d, "secs": %d}\n' \
		"$name" "${kern[$dep]}" "$dep" "$run" "$smp" "$([[ -n $icount ]] && echo true || echo false)" \
		"$rc" $(($(_now) - t)) >"$d/boot.json"
	line=$(tr -d '\r' <"$d/console.log" | grep -ao 'scm-bench-pub: {"name":"run".*' | tail -n 1 || true)
	{
		if ((rc != 0)); then
			echo "FAIL bench/$name: QEMU exited $rc (124/137: timeout after ${timeout_s}s)"
		elif [[ $line != *'"status":0}'* ]]; then
			echo "FAIL bench/$name: the benchmark module did not finish cleanly: ${line:-no result line}"
		elif ! python3 "$here/report-6.12.py" splats "$d/console.log" 2>"$d/splats.txt"; then
			echo "FAIL bench/$name: kernel splat in $d/console.log: $(head -n 1 "$d/splats.txt")"
		else
			echo "PASS bench/$name (${kern[$dep]} kernel, $dep, -smp $smp${icount:+, -icount}, run=$run; $(fmt_secs $(($(_now) - t))))"
			exit 0
		fi
		echo "---- $name: console tail ($d/console.log)"
		tail -n 20 "$d/console.log" | tr -d '\r'
		echo "----"
	} >"$out/boots/$name.verdict"
}

# Throughput and the fast path's time with $smp vCPUs, the clients on CPUs
# of their own; latency on one CPU (a wake-up of an idle vCPU would be a wake-up of a
# QEMU thread on the shared host, bench/README.md); the fast path's
# instructions on one deterministic CPU.
plan=()
if ((quick)); then
	# the quick run proves that every measurement works, in few boots: the
	# conc boots measure all but the instruction counts
	for dep in mainline serialized multi-irq; do
		plan+=("conc-$dep $dep conc,fast,lat $smp")
	done
	plan+=("conc-multi-smc multi-smc conc $smp")
else
	for dep in mainline serialized multi-irq multi-smc; do
		plan+=("conc-$dep $dep conc $smp")
	done
	# the fast path's time: rounds of three boots back to back, the order
	# rotated each round, so that the host's drift hits every kernel alike
	order=(mainline serialized multi-irq)
	for ((r = 1; r <= rounds; r++)); do
		for ((i = 0; i < 3; i++)); do
			dep=${order[$(((i + r - 1) % 3))]}
			plan+=("fast-$dep-r$r $dep fast $smp")
		done
	done
	# the latency likewise, in rounds of three boots
	for ((r = 1; r <= rounds; r++)); do
		for ((i = 0; i < 3; i++)); do
			dep=${order[$(((i + r - 1) % 3))]}
			plan+=("lat-$dep-r$r $dep lat 1")
		done
	done
fi
for dep in mainline serialized multi-irq; do
	plan+=("icount-$dep $dep fast,lat 1 icount")
done
# A full run boots one at a time: nothing else of this run competes for the
# host's CPUs while a boot measures. The quick run measures nothing and
# boots BENCH_PAR (4) at once.
par=1
((quick)) && par=${BENCH_PAR:-4}
step "bench: ${#plan[@]} boots, $par at a time"
t=$(_now)
for p in "${plan[@]}"; do
	# shellcheck disable=SC2086
	set -- $p
	while (($(jobs -rp | wc -l) >= par)); do wait -n || true; done
	((par > 1)) || step "bench: boot $1"
	( boot "$@" ) &
done
wait
for p in "${plan[@]}"; do
	name=${p%% *}
	if [[ -f $out/boots/$name.verdict ]]; then
		v=$(cat "$out/boots/$name.verdict")
		printf '%s\n' "$v"
		if [[ $v == PASS* ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	else
		fail "bench/$name: no verdict (the boot's shell died)"
	fi
done
info "bench: boots done ($(fmt_secs $(($(_now) - t))))"

# ---- provenance and report ------------------------------------------------------
step "bench: report"
# end: the load at the end, and whether a tree or an Image changed meanwhile
python3 "$here/provenance.py" end "$out/meta.json" "boots_secs=$(($(_now) - t_start))" ||
	warn "bench: provenance.py end failed"
rep=$(python3 "$here/report-6.12.py" report --out "$out" "$out"/boots/*/) || true
printf '%s\n' "$rep"
grep -q '^[A-Z]* report/' <<<"$rep" || fail "bench/report: bench/report-6.12.py did not run (see above)"
passed=$((passed + $(grep -c '^PASS ' <<<"$rep" || true)))
failed=$((failed + $(grep -c '^FAIL ' <<<"$rep" || true)))
[[ -f $out/results.md ]] && { echo; cat "$out/results.md"; }

if ((publish)); then
	if why=$(python3 "$here/provenance.py" publishable "$out/meta.json" "$failed"); then
		# with the raw consoles beside the results: every figure can be
		# recomputed (report-6.12.py report --out DIR boots/*/)
		dst=$here/results-$SCM_BASE
		if mkdir -p "$dst" && cp "$out/results.md" "$out/results.json" "$out/latency_cdf.png" "$dst/" &&
			(cd "$out" && tar -cJf "$dst/boots.tar.xz" boots/*/console.log boots/*/fw.log \
				boots/*/boot.json boots/*/board.dts boots/*.verdict); then
			pass "bench/publish: bench/results-$SCM_BASE/ (results.md, results.json, latency_cdf.png, boots.tar.xz)"
		else
			fail "bench/publish: copying into bench/results-$SCM_BASE/ failed"
		fi
	else
		fail "bench/publish: nothing published: ${why//$'\n'/; }"
	fi
fi
echo
echo "bench: results in $out (results.json, results.md, latency_cdf.png), $(fmt_secs $(($(_now) - t_start))) in all"
finish
