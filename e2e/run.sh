#!/usr/bin/env bash
# End-to-end runs: boot the patched kernel on fakefw under QEMU, one boot per
# scenario of e2e/scenarios, and judge each from its console logs.
#
#   e2e/run.sh [--tree DIR] [--demo] [--mainline] [NAME...]
#
#   --tree DIR   kernel tree with the series applied (default: the workspace
#                build/linux; the e2e gate passes build/gate-tree)
#   --demo       only the scenarios marked demo (what `make` runs)
#   --mainline   DIR has no series: boot the mainline-* scenarios, which
#                judge mainline's own wait-queue code (6.12 and later) on
#                fakefw (the gate passes the unpatched build/gate-base-6.12)
#   NAME...      only these scenarios
#
# The base comes from SCM_BASE (scripts/lib.sh): its driver directory
# (SCM_DIR) and build directories; e2e/kernel-$SCM_BASE.config, when there
# is one, is added to e2e/kernel.config.
#
# Builds (ccache, out of tree): the kernel of e2e/kernel.config into
# $OUT/e2e-<tree name>, the client module, /init and the initramfs, and
# fakefw.  Then per scenario: QEMU's own DTB (dumpdtb) + /psci, the qcom,scm
# node and /chosen (dtc), a boot with a timeout, and e2e/report.py's verdict.
# Console logs: build/e2e/<tree name>/<scenario>/.  One line per scenario,
# the summary table, and last "e2e: N passed, N failed".
#
# Environment: E2E_TIMEOUT (seconds per boot, 300), E2E_SMP (4), E2E_CPU
# (cortex-a57), E2E_THREADS / E2E_ROUNDS (client kthreads and calls each).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

tree=$WORKSPACE
demo=0
mainline=0
only=()
while (($#)); do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--demo) demo=1; shift ;;
	--mainline) mainline=1; shift ;;
	-*) die "e2e/run.sh: unknown option $1" ;;
	*) only+=("$1"); shift ;;
	esac
done
tree=$(realpath "$tree")
[[ -f $tree/Makefile && -f $tree/$SCM_DIR/qcom_scm.c ]] ||
	die "e2e: $tree is not a kernel tree of base $SCM_BASE (no $SCM_DIR/qcom_scm.c; make tree first)"
# The client counts the series' trace events when the tree has them (6.1:
# its header; 6.12: its events in the driver's qcom_scm_trace.h), else
# mainline's own (client/scm_e2e_client.c); a mainline-*
# scenario needs the latter, every other scenario the former.
if [[ -f $tree/include/trace/events/qcom_scm.h ]] ||
	grep -qs scm_waitq_fw_error "$tree/$SCM_DIR/qcom_scm_trace.h"; then
	has_series=1
else
	has_series=0
fi
# kernel fragment of this base, on top of e2e/kernel.config
kfrags=()
[[ -f $here/kernel-$SCM_BASE.config ]] && kfrags+=("$here/kernel-$SCM_BASE.config")

timeout_s=${E2E_TIMEOUT:-300}
threads=${E2E_THREADS:-4}
rounds=${E2E_ROUNDS:-4}
tag=$(basename "$tree")
kout=$OUT/e2e-$tag
work=$BUILD/e2e/$tag
mkdir -p "$kout" "$work" "$LOGS"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
	echo "e2e: $passed passed, $failed failed"
	((failed == 0))
	exit
}

# ---- scenarios --------------------------------------------------------------
declare -a rows=()
while read -r name el irq multi fw client expect isdemo; do
	[[ -z $name || $name == \#* ]] && continue
	is_mainline=0
	[[ $name == mainline-* ]] && is_mainline=1
	if ((${#only[@]})); then
		[[ " ${only[*]} " == *" $name "* ]] || continue
	elif ((is_mainline != mainline)); then
		# mainline-* rows only with --mainline, and only they
		continue
	elif ((demo)) && [[ $isdemo != yes ]]; then
		continue
	fi
	rows+=("$name $el $irq $multi $fw $client $expect")
done <"$here/scenarios"
((${#rows[@]})) || { fail "e2e: no scenario selected (${only[*]:-})"; finish; }

# ---- builds -------------------------------------------------------------------
t=$(_now)
step "e2e: kernel of e2e/kernel.config from $tree into $kout (cold ~3 min, warm < 1 min)"
e2e_build_kernel "$tree" "$kout" "$LOGS/e2e-$tag-kernel.log" "${kfrags[@]}" ||
	{ fail "e2e/build: kernel (see $LOGS/e2e-$tag-kernel.log)"; finish; }
e2e_build_module "$tree" "$kout" "$here/client" "$LOGS/e2e-$tag-client.log" ||
	{ fail "e2e/build: client module (see $LOGS/e2e-$tag-client.log)"; finish; }
initramfs=$kout/e2e-initramfs.cpio
e2e_build_initramfs "$kout" "$initramfs" "$kout/client/scm_e2e_client.ko" ||
	{ fail "e2e/build: /init or the initramfs"; finish; }
e2e_build_fakefw "$LOGS/e2e-fakefw.log" || { fail "e2e/build: fakefw"; finish; }
info "e2e: builds done ($(fmt_secs $(($(_now) - t))))"

# ---- one boot -----------------------------------------------------------------
# boot NAME EL IRQ MULTI FW CLIENT EXPECT
boot() {
	local name=$1 el=$2 irq=$3 multi=$4 fw=$5 client=$6 expect=$7
	local d=$work/$name args rc=0 t p driver=series
	[[ $name == mainline-* ]] && driver=mainline
	if [[ $driver == mainline ]] && ((has_series)); then
		fail "e2e/$name: a scenario for mainline's driver, but $tree has the series (its trace events)"
		return
	elif [[ $driver == series ]] && ((!has_series)); then
		fail "e2e/$name: a scenario for the series, but $tree lacks it (no series trace events; an unpatched tree takes --mainline)"
		return
	fi
	args="scm_e2e_client.threads=$threads scm_e2e_client.rounds=$rounds"
	[[ $expect != - ]] && args+=" scm_e2e_client.faulty=1"
	if [[ $client != - ]]; then
		for p in ${client//,/ }; do
			args+=" scm_e2e_client.$p"
		done
	fi
	t=$(_now)
	e2e_boot "$d" "$el" "$irq" "$multi" "$fw" "$kout" "$initramfs" "$args" "$timeout_s" || rc=$?
	if ((rc == 2)); then
		fail "e2e/$name: dtc failed on $d/board.dts"
		return
	fi
	printf '{"name": "%s", "el": "%s", "irq": "%s", "multi": "%s", "fw": "%s", "client": "%s", "expect": "%s", "driver": "%s", "base": "%s", "qemu_rc": %d, "timeout": %d, "secs": %d}\n' \
		"$name" "$el" "$irq" "$multi" "$fw" "$client" "$expect" "$driver" "$SCM_BASE" "$rc" "$timeout_s" $(($(_now) - t)) >"$d/scenario.json"
	if python3 "$here/report.py" check "$d" >"$d/verdict.txt"; then
		pass "$(sed 's/^PASS //' "$d/verdict.txt") $(fmt_secs $(($(_now) - t)))"
	else
		fail "$(sed 's/^FAIL //' "$d/verdict.txt")"
		echo "---- $name: console tail ($d/console.log)"
		tail -n 25 "$d/console.log" | tr -d '\r'
		echo "---- $name: fakefw console tail ($d/fw.log)"
		tail -n 6 "$d/fw.log" | tr -d '\r'
		echo "----"
	fi
}

dirs=()
for r in "${rows[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	step "e2e: boot $1 (EL$2, interrupt $3, multi-call $4, fakefw: $5)"
	boot "$@"
	dirs+=("$work/$1")
done

echo
if ((mainline)); then
	echo "e2e boots of $tree (mainline's driver: counts of its own qcom_scm trace events, no debugfs state; logs in $work):"
else
	echo "e2e boots of $tree (counts of the qcom_scm trace events, final debugfs state; logs in $work):"
fi
python3 "$here/report.py" table "${dirs[@]}"
echo
finish
