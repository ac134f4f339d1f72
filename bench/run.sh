#!/usr/bin/env bash
# Benchmarks of the wait-queue series: what multi-call buys, what the wait
# path costs. Builds four kernels of e2e/kernel.config + bench/kernel.config
# (the unpatched base, the series, the series with its test hook, and the
# series without its last patch, the trace events, with the test hook:
# "notrace") and the benchmark module for each, boots them on fakefw under
# QEMU, and writes results.json, results.md and throughput.png
# (bench/report.py).
#
#   bench/run.sh [--tree DIR] [--base DIR] [--quick] [--publish]
#
#   --tree DIR   kernel tree with the series applied (default: the workspace
#                build/linux, created by scripts/tree.sh if missing)
#   --base DIR   unpatched tree (default: build/bench-base, a git worktree of
#                the tree at scm-base, created here)
#                The notrace kernel is built from build/bench-notrace-<tree>,
#                a git worktree of the tree at HEAD~1 (created and refreshed
#                here), which must be the series' patch before the trace
#                events (no include/trace/events/qcom_scm.h, the test hook).
#   --quick      few samples, one round: proves that everything works (the
#                numbers mean nothing); results in build/bench-quick
#   --publish    replace bench/results/ with this run (results, plots, the
#                boots' consoles in boots.tar.xz); refused unless the run
#                passed and the tree is patches/ as it stands (same git
#                patch-ids, in order, nothing uncommitted, nothing rebuilt
#                or re-applied during the run: bench/provenance.py)
#
# Boots (consoles in <out>/boots/<boot>/):
#   double             series + hook: the firmware double, every deployment:
#                      concurrency, memory
#   double-lat         the same on one CPU: wake-up latency, trace-event cost
#   park-<k>-r<N>      hook / notrace on one CPU: the park, wake and resume
#                      path (double, HOLD(0)) with the trace events off and
#                      built without them, in rounds of two boots, order
#                      alternated
#   conc-<mode>        series, one per deployment: concurrency (+ trace-event
#                      cost on the fast path in the serialized one)
#   lat-<mode>         series on one CPU: wake-up latency
#   fast-<mode>-r<N>   base / series serialized / series multi-call: the
#                      fast path, in rounds of three boots, order rotated
#   icount-<mode>      the round-1 fast-path boots again under QEMU -icount:
#                      instructions per call instead of time
#   icount-park-<k>    the round-1 park boots again under QEMU -icount
# The last line is "bench: N passed, N failed" (boots that ran cleanly and
# the report's own checks).
#
# Environment: BENCH_ROUNDS (fast-path and park rounds, 5; quick 1), BENCH_TIMEOUT
# (seconds per boot), E2E_SMP (the host's CPUs, at most 4), E2E_CPU.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"
# shellcheck source=../e2e/lib.sh
. "$here/../e2e/lib.sh"

# A base with its own benchmark (SCM_BASE=6.12: the series against
# mainline's driver, bench/README-6.12.md) runs that instead.
[[ ! -x $here/run-$SCM_BASE.sh ]] || exec "$here/run-$SCM_BASE.sh" "$@"

tree=$WORKSPACE
base=
quick=0
publish=0
while (($#)); do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--publish) publish=1; shift ;;
	*) die "bench/run.sh: unknown argument $1" ;;
	esac
done
((quick && publish)) && die "bench: --publish takes a full run, not --quick"

t_start=$(_now)
if [[ $(realpath -m "$tree") == $(realpath -m "$WORKSPACE") && ! -d $WORKSPACE/.git ]]; then
	"$SCRIPTS/tree.sh" workspace
fi
tree=$(realpath "$tree")
[[ -f $tree/Makefile && -f $tree/drivers/firmware/qcom_scm-waitq.c ]] ||
	die "bench: $tree is not a kernel tree with the series (make tree first)"
tag=$(basename "$tree")
base=$(realpath -m "${base:-$BUILD/bench-base}")

if ((quick)); then
	out=$BUILD/bench-quick
	rounds=${BENCH_ROUNDS:-1}
	timeout_s=${BENCH_TIMEOUT:-300}
	params="quick=1 reps=2 calls=2 samples=20 batches=16 per_batch=8 hold_us=2000"
else
	out=$BUILD/bench
	rounds=${BENCH_ROUNDS:-5}
	timeout_s=${BENCH_TIMEOUT:-900}
	# the module's defaults are the full run's (one place to change them):
	# its "unsigned int sb_<name> = <value>;" lines, passed on explicitly so
	# that every boot's command line and meta.json name them
	params=$(e2e_module_defaults "$here/module/scm_bench_main.c" 'unsigned int sb_')
	[[ $params == *samples=* && $params == *batches=* ]] ||
		die "bench: no parameter defaults found in $here/module/scm_bench_main.c"
fi
command -v gnuplot >/dev/null ||
	warn "bench: gnuplot is missing (Debian package gnuplot-nox): the plot check will fail"
mkdir -p "$LOGS"
rm -rf "$out"
mkdir -p "$out/boots"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
	echo "bench: $passed passed, $failed failed"
	((failed == 0))
	exit
}

# ---- the unpatched base: a worktree of the tree at scm-base ----------------
if [[ $base == "$BUILD"/bench-base* ]]; then
	"$SCRIPTS/base-worktree.sh" "$tree" "$base" >&2 ||
		{ fail "bench/build: base worktree $base"; finish; }
fi
[[ -f $base/drivers/firmware/qcom_scm.c && ! -f $base/drivers/firmware/qcom_scm-waitq.c ]] ||
	{ fail "bench/build: $base is not the unpatched base"; finish; }

# ---- the series without its trace events: a worktree of the tree at HEAD~1 --
# notrace_worktree TREE DIR: DIR a clean git worktree of TREE at HEAD~1,
# which must be the patch before the trace events: HEAD adds
# include/trace/events/qcom_scm.h, HEAD~1 has the wait queues and the test
# hook without it. TREE itself is not changed (no checkout, no branch).
notrace_worktree() {
	local tree=$1 wt=$2 rev common
	rev=$(git -C "$tree" rev-parse --verify -q 'HEAD~1^{commit}') ||
		{ echo "$tree has no HEAD~1"; return 1; }
	if ! git -C "$tree" cat-file -e HEAD:include/trace/events/qcom_scm.h 2>/dev/null ||
		git -C "$tree" cat-file -e "$rev:include/trace/events/qcom_scm.h" 2>/dev/null ||
		! git -C "$tree" cat-file -e "$rev:drivers/firmware/qcom_scm-waitq.c" 2>/dev/null ||
		! git -C "$tree" grep -q qcom_scm_test_smc_fn "$rev" -- drivers/firmware/qcom_scm-smc.c; then
		echo "HEAD~1 of $tree is not the series' patch before the trace events"
		echo "(want: HEAD adds include/trace/events/qcom_scm.h; HEAD~1 has qcom_scm-waitq.c and"
		echo "the test hook qcom_scm_test_smc_fn; HEAD is \"$(git -C "$tree" log -1 --format=%s HEAD)\","
		echo "HEAD~1 \"$(git -C "$tree" log -1 --format=%s "$rev")\")"
		return 1
	fi
	common=$(git -C "$tree" rev-parse --path-format=absolute --git-common-dir)
	if [[ -e $wt && $(git -C "$wt" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) != "$common" ]]; then
		info "removing stale $wt (not a worktree of $tree)"
		rm -rf "$wt"
	fi
	git -C "$tree" worktree prune
	if [[ ! -e $wt ]]; then
		step "creating worktree $wt at HEAD~1 of $tree (~15 s)"
		git -C "$tree" worktree add -q --detach "$wt" "$rev" || return 1
	elif [[ $(git -C "$wt" rev-parse HEAD) != "$rev" ]] ||
		[[ -n $(git -C "$wt" status --porcelain | head -n 1) ]]; then
		info "resetting $wt to HEAD~1 of $tree"
		git -C "$wt" checkout -q -f --detach "$rev" && git -C "$wt" clean -q -f -d -x || return 1
	fi
	[[ $(git -C "$wt" rev-parse HEAD) == "$rev" && ! -f $wt/include/trace/events/qcom_scm.h ]] ||
		{ echo "$wt is not at HEAD~1 of $tree"; return 1; }
}
notrace=$BUILD/bench-notrace-$tag
if ! why=$(notrace_worktree "$tree" "$notrace" 2>&1); then
	fail "bench/build: notrace worktree $notrace: ${why//$'\n'/ }"
	finish
fi
[[ -z $why ]] || printf '%s\n' "$why" >&2

# ---- provenance: what is built, on what ------------------------------------------
# bench/provenance.py start, before the builds: patch-ids of the tree and of
# patches/, both trees' state (end compares them again: a tree re-applied
# during the builds or the boots), QEMU, gcc, CPU. The quick run does not
# wait for its second of git on the kernel trees: it runs beside the builds.
# Throughput, the fast path and memory with several CPUs, the clients on
# CPUs of their own, but no more vCPUs than the host has (e2e_host_smp,
# e2e/lib.sh, says why). Wake-up latencies (and the park path's trace
# cost) on one CPU: with several, every wake-up of an idle vCPU is a
# wake-up of a QEMU thread on the shared host, whose scheduling delay then
# dominates both the latency and its floor (README.md, "Reading the numbers").
smp=$(e2e_host_smp)
prov=(python3 "$here/provenance.py" start "$out/meta.json" --tree "$tree" --base "$base"
	--patches "$PATCHES" --base-rev "$BASE_TAG" --base-tree "$BASE_TREE"
	"quick=$( ((quick)) && echo true || echo false)" "rounds=$rounds" "params=$params"
	"smp=$smp" "notrace_head=$(git -C "$notrace" rev-parse HEAD)")
prov_pid=
if ((quick)); then
	"${prov[@]}" &
	prov_pid=$!
else
	"${prov[@]}"
fi

# ---- builds -------------------------------------------------------------------
declare -A ksrc=([base]=$base [series]=$tree [hook]=$tree [notrace]=$notrace)
declare -A kfrag=([base]="" [series]="" [hook]=$here/hook.config [notrace]=$here/hook.config)
t=$(_now)
e2e_build_fakefw "$LOGS/bench-fakefw.log" || { fail "bench/build: fakefw"; finish; }
for k in series hook base notrace; do
	kout=$OUT/bench-$tag-$k
	step "bench: $k kernel from ${ksrc[$k]} into $kout (cold ~5 min; nothing to make while its stamp holds)"
	# shellcheck disable=SC2086
	e2e_build_kernel "${ksrc[$k]}" "$kout" "$LOGS/bench-$tag-$k-kernel.log" \
		"$here/kernel.config" ${kfrag[$k]} ||
		{ fail "bench/build: $k kernel (see $LOGS/bench-$tag-$k-kernel.log)"; finish; }
	e2e_build_module "${ksrc[$k]}" "$kout" "$here/module" "$LOGS/bench-$tag-$k-module.log" ||
		{ fail "bench/build: module for the $k kernel (see $LOGS/bench-$tag-$k-module.log)"; finish; }
	e2e_build_initramfs "$kout" "$kout/bench-initramfs.cpio" "$kout/module/scm_bench.ko" ||
		{ fail "bench/build: initramfs for the $k kernel"; finish; }
done
if grep -q '^CONFIG_QCOM_SCM_WAITQ_KUNIT_TEST' "$OUT/bench-$tag-series/.config"; then
	fail "bench/build: the series kernel has the test hook (fast path would not be production code)"
	finish
fi
info "bench: builds done ($(fmt_secs $(($(_now) - t))))"
# what was built (each Image's sha256, end compares them again) and the load
# the boots start in
[[ -z $prov_pid ]] || wait "$prov_pid" || warn "bench: provenance.py start failed"
python3 "$here/provenance.py" built "$out/meta.json" "base=$OUT/bench-$tag-base" \
	"series=$OUT/bench-$tag-series" "hook=$OUT/bench-$tag-hook" \
	"notrace=$OUT/bench-$tag-notrace" ||
	warn "bench: provenance.py built failed"

# ---- boots --------------------------------------------------------------------
# fakefw: wait queue = peripheral (nr_wq=8); a taken resource stays busy until
# the module releases it (no expiry, time does not advance with calls)
fwbase="nr_wq=8,pas_duration=4000000000,tick_per_call=0"
# (the double boot's device tree does not matter: the double has its own)
# info_irq=0: a board without a hypervisor, whose firmware reports no
# interrupt in GET_INFO (the series prefers that one to the DT's)
# serialized-poll: neither DT property, parked calls are polled (the
# alternative to multi-smc on a board without the interrupt)
declare -A dt_irq=([base]=yes [serialized]=yes [multi-irq]=yes [multi-smc]=no
	[serialized-poll]=no [double]=yes)
declare -A dt_multi=([base]=no [serialized]=no [multi-irq]=yes [multi-smc]=yes
	[serialized-poll]=no [double]=yes)
declare -A fw_mode=([base]="wake_mode=irq,multi_call=0" [serialized]="wake_mode=irq,multi_call=0"
	[multi-irq]="wake_mode=irq,multi_call=1" [multi-smc]="wake_mode=smc,multi_call=1,info_irq=0"
	[serialized-poll]="wake_mode=smc,multi_call=0,info_irq=0" [double]="wake_mode=irq,multi_call=1")

# bench_e2e_boot DIR KERNEL MODE RUN SMP: e2e_boot of KERNEL and its
# initramfs with MODE's device tree and fakefw configuration and the module
# parameters of RUN ($params too); returns QEMU's status. E2E_ACCEL and
# E2E_QEMU_EXTRA, when set, pass on to e2e_boot.
bench_e2e_boot() {
	local d=$1 kout=$OUT/bench-$tag-$2 mode=$3 run=$4 smp=$5 args w
	args="scm_bench.mode=$mode scm_bench.run=$run"
	for w in $params; do args+=" scm_bench.$w"; done
	E2E_SMP=$smp e2e_boot "$d" 1 "${dt_irq[$mode]}" "${dt_multi[$mode]}" \
		"$fwbase,${fw_mode[$mode]}" "$kout" "$kout/bench-initramfs.cpio" "$args" \
		"$timeout_s"
}

# boot NAME KERNEL MODE RUN ROUND SMP
boot() {
	local name=$1 k=$2 mode=$3 run=$4 round=$5 smp=$6
	local d=$out/boots/$name rc=0 t line
	step "bench: boot $name ($k kernel, $mode, -smp $smp, run=$run)"
	t=$(_now)
	bench_e2e_boot "$d" "$k" "$mode" "$run" "$smp" || rc=$?
	printf '{"boot": "%s", "kernel": "%s", "mode": "%s", "run": "%s", "round": %d, "smp": %d, "qemu_rc": %d, "secs": %d}\n' \
		"$name" "$k" "$mode" "$run" "$round" "$smp" "$rc" $(($(_now) - t)) >"$d/boot.json"
	line=$(tr -d '\r' <"$d/console.log" | grep -o 'scm-bench: {"name":"run".*' | tail -n 1 || true)
	if ((rc != 0)); then
		fail "bench/$name: QEMU exited $rc (124/137: timeout after ${timeout_s}s)"
	elif [[ $line != *'"status":0,'* ]]; then
		fail "bench/$name: the benchmark module did not finish cleanly: ${line:-no result line}"
	elif ! python3 "$here/report.py" splats "$d/console.log"; then
		fail "bench/$name: kernel splat in $d/console.log"
	else
		pass "bench/$name ($(fmt_secs $(($(_now) - t))))"
		return
	fi
	echo "---- $name: console tail ($d/console.log)"
	tail -n 20 "$d/console.log" | tr -d '\r'
	echo "----"
}

# (smp: see above)
boot double hook double dconc,dholds,dcontend,dbound,didle,dcpus,dmem 0 "$smp"
boot double-lat hook double dlat,dfloor,dctx,dtrace 0 1
boot conc-serialized series serialized conc,trace 0 "$smp"
for m in multi-irq multi-smc serialized-poll; do
	boot "conc-$m" series "$m" conc 0 "$smp"
done
for m in serialized multi-irq multi-smc; do
	boot "lat-$m" series "$m" lat 0 1
done
# the fast path: base and both modes of the series, in rounds of three boots
# whose order rotates, so that neither kernel is always first after a build
order=("base base" "series serialized" "series multi-irq")
for ((r = 1; r <= rounds; r++)); do
	for ((i = 0; i < 3; i++)); do
		# shellcheck disable=SC2086
		set -- ${order[$(((i + r - 1) % 3))]}
		boot "fast-$2-r$r" "$1" "$2" fast "$r" "$smp"
	done
done
# the park, wake and resume path with the trace events off (hook) and built
# without them (notrace), on one CPU as the latencies: rounds of two boots,
# the order alternated
for ((r = 1; r <= rounds; r++)); do
	ks=(hook notrace)
	((r % 2)) || ks=(notrace hook)
	for k in "${ks[@]}"; do
		boot "park-$k-r$r" "$k" double dpark "$r" 1
	done
done

# A device tree without the random rng-seed and kaslr-seed that QEMU puts
# into every one it dumps (and replaces in the guest's copy at reset)
dts_no_seeds() { grep -Ev '^[[:space:]]*(rng|kaslr)-seed = ' "$1"; }

# icount_boot NAME FROM KERNEL MODE RUN SMP: the fast path (or the park
# path) again, booted as boot FROM (KERNEL, MODE, RUN and SMP must be
# FROM's: the same device tree, checked, with the same command line), on a
# deterministic QEMU: one TCG thread, -icount shift=0, so that the guest
# clock counts executed instructions (1 ns = 1 instruction, the firmware's
# included) and the times become instruction counts, free of the host's
# noise.
icount_boot() {
	local name=$1 from=$out/boots/$2 k=$3 mode=$4 run=$5 smp=$6
	local d=$out/boots/$name rc=0 t line
	step "bench: boot $name ($k kernel, $mode, instruction counts)"
	t=$(_now)
	E2E_ACCEL=tcg,thread=single E2E_QEMU_EXTRA="-icount shift=0,sleep=off" \
		bench_e2e_boot "$d" "$k" "$mode" "$run" "$smp" || rc=$?
	printf '{"boot": "%s", "kernel": "%s", "mode": "%s", "run": "%s", "round": 0, "smp": %d, "icount": true, "qemu_rc": %d, "secs": %d}\n' \
		"$name" "$k" "$mode" "$run" "$smp" "$rc" $(($(_now) - t)) >"$d/boot.json"
	line=$(tr -d '\r' <"$d/console.log" | grep -o 'scm-bench: {"name":"run".*' | tail -n 1 || true)
	if ! cmp -s <(dts_no_seeds "$from/board.dts") <(dts_no_seeds "$d/board.dts"); then
		fail "bench/$name: its device tree is not that of $2 ($d/board.dts)"
	elif ((rc == 0)) && [[ $line == *'"status":0,'* ]] &&
		python3 "$here/report.py" splats "$d/console.log"; then
		pass "bench/$name ($(fmt_secs $(($(_now) - t))))"
	else
		fail "bench/$name: QEMU exited $rc; ${line:-no result line}"
	fi
}
icount_boot icount-base fast-base-r1 base base fast "$smp"
icount_boot icount-serialized fast-serialized-r1 series serialized fast "$smp"
icount_boot icount-multi-irq fast-multi-irq-r1 series multi-irq fast "$smp"
icount_boot icount-park-hook park-hook-r1 hook double dpark 1
icount_boot icount-park-notrace park-notrace-r1 notrace double dpark 1

# ---- report -------------------------------------------------------------------
step "bench: report"
# end: the load at the end, and whether a tree or an Image changed meanwhile
python3 "$here/provenance.py" end "$out/meta.json" "secs=$(($(_now) - t_start))" ||
	warn "bench: provenance.py end failed"
rep=$(python3 "$here/report.py" report --out "$out" "$out"/boots/*/) || true
printf '%s\n' "$rep"
grep -q '^[A-Z]* report/' <<<"$rep" || fail "bench/report: bench/report.py did not run (see above)"
passed=$((passed + $(grep -c '^PASS ' <<<"$rep" || true)))
failed=$((failed + $(grep -c '^FAIL ' <<<"$rep" || true)))
[[ -f $out/results.md ]] && { echo; cat "$out/results.md"; }

if ((publish)); then
	if why=$(python3 "$here/provenance.py" publishable "$out/meta.json" "$failed"); then
		# with the raw consoles beside the results: every figure can be
		# recomputed (report.py report --out DIR boots/*/)
		if mkdir -p "$here/results" &&
			cp "$out/results.md" "$out/results.json" "$out/throughput.png" \
				"$out/latency_cdf.png" "$here/results/" &&
			(cd "$out" && tar -cJf "$here/results/boots.tar.xz" boots/*/console.log \
				boots/*/fw.log boots/*/boot.json boots/*/board.dts); then
			pass "bench/publish: bench/results/ (results.md, results.json, plots, boots.tar.xz)"
		else
			fail "bench/publish: copying into bench/results/ failed"
		fi
	else
		fail "bench/publish: nothing published: ${why//$'\n'/; }"
	fi
fi
echo
echo "bench: results in $out (results.json, results.md, throughput.png, latency_cdf.png), $(fmt_secs $(($(_now) - t_start))) in all"
finish
