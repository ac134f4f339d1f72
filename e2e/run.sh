#!/usr/bin/env bash
# End-to-end runs: boot the patched kernel on fakefw under QEMU, one boot per
# scenario of e2e/scenarios, and judge each from its console logs.
#
#   e2e/run.sh [--tree DIR] [--demo] [NAME...]
#
#   --tree DIR   kernel tree with the series applied (default: the workspace
#                build/linux; the e2e gate passes build/gate-tree)
#   --demo       only the scenarios marked demo (what `make` runs)
#   NAME...      only these scenarios
#
# Builds (ccache, out of tree): the kernel of e2e/kernel.config into
# build/out/e2e-<tree name>, the client module, /init and the initramfs, and
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

tree=$WORKSPACE
demo=0
only=()
while (($#)); do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--demo) demo=1; shift ;;
	-*) die "e2e/run.sh: unknown option $1" ;;
	*) only+=("$1"); shift ;;
	esac
done
tree=$(realpath "$tree")
[[ -f $tree/Makefile && -f $tree/drivers/firmware/qcom_scm.c ]] || die "e2e: $tree is not a kernel tree (make tree first)"

timeout_s=${E2E_TIMEOUT:-300}
smp=${E2E_SMP:-4}
cpu=${E2E_CPU:-cortex-a57}
threads=${E2E_THREADS:-4}
rounds=${E2E_ROUNDS:-4}
tag=$(basename "$tree")
kout=$OUT/e2e-$tag
work=$BUILD/e2e/$tag
fwout=$BUILD/fakefw
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
while read -r name el irq multi fw expect isdemo; do
	[[ -z $name || $name == \#* ]] && continue
	if ((${#only[@]})); then
		[[ " ${only[*]} " == *" $name "* ]] || continue
	elif ((demo)) && [[ $isdemo != yes ]]; then
		continue
	fi
	rows+=("$name $el $irq $multi $fw $expect")
done <"$here/scenarios"
((${#rows[@]})) || { fail "e2e: no scenario selected (${only[*]:-})"; finish; }

# ---- builds -------------------------------------------------------------------
t=$(_now)
step "e2e: kernel of e2e/kernel.config from $tree into $kout (cold ~6 min, warm < 1 min)"
# Reconfigure only when the fragment changed, so rebuilds stay incremental.
if ! cmp -s "$here/kernel.config" "$kout/scm-waitq.fragment" 2>/dev/null || [[ ! -f $kout/.config ]]; then
	kconfig_from_fragments "$tree" "$kout" "$here/kernel.config"
fi
if ! run_logged "$LOGS/e2e-$tag-kernel.log" kmake "$tree" "$kout" Image modules; then
	fail "e2e/build: kernel (see $LOGS/e2e-$tag-kernel.log)"
	finish
fi
grep -q '^CONFIG_QCOM_SCM=y' "$kout/.config" || { fail "e2e/build: CONFIG_QCOM_SCM is not set in $kout/.config"; finish; }

# The client is built out of tree from a copy, so the repository stays clean.
mkdir -p "$kout/scm-e2e-client"
rsync -a --delete "$here/client/" "$kout/scm-e2e-client/"
if ! run_logged "$LOGS/e2e-$tag-client.log" kmake "$tree" "$kout" M="$kout/scm-e2e-client" modules; then
	fail "e2e/build: client module (see $LOGS/e2e-$tag-client.log)"
	finish
fi
initramfs=$kout/e2e-initramfs.cpio
if ! "${CROSS_COMPILE}gcc" -static -O2 -Wall -Wextra -Werror -o "$kout/e2e-init" "$here/init/init.c" 2>"$LOGS/e2e-$tag-init.log"; then
	cat "$LOGS/e2e-$tag-init.log"
	fail "e2e/build: /init"
	finish
fi
cat >"$kout/e2e-initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $kout/e2e-init 0755 0 0
file /scm_e2e_client.ko $kout/scm-e2e-client/scm_e2e_client.ko 0644 0 0
EOF
"$kout/usr/gen_init_cpio" "$kout/e2e-initramfs.list" >"$initramfs"
if ! run_logged "$LOGS/e2e-fakefw.log" make -C "$ROOT/fakefw" O="$fwout" -j"$JOBS" el3; then
	fail "e2e/build: fakefw"
	finish
fi
info "e2e: builds done ($(fmt_secs $(($(_now) - t))))"

# ---- one boot -----------------------------------------------------------------
initrd_size=$(stat -c %s "$initramfs")
initrd_start=0x48000000
initrd_end=$(printf '0x%x' $((initrd_start + initrd_size)))

# boot NAME EL IRQ MULTI FW EXPECT
boot() {
	local name=$1 el=$2 irq=$3 multi=$4 fw=$5 expect=$6
	local d=$work/$name mach="virt,secure=on,gic-version=3" spi scm args rc t
	rm -rf "$d"
	mkdir -p "$d"
	((el == 2)) && mach+=",virtualization=on"
	# fakefw's default SPI; GET_INFO reports it, the DT names it
	spi=200
	[[ $fw =~ (^|,)spi=([0-9]+) ]] && spi=${BASH_REMATCH[2]}

	qemu-system-aarch64 -M "$mach,dumpdtb=$d/qemu.dtb" -cpu "$cpu" -smp "$smp" -m 512 \
		-nodefaults -display none -bios "$fwout/el3/fakefw-el$el.bin" >/dev/null 2>&1
	scm="compatible = \"qcom,scm\";"
	[[ $irq == yes ]] && scm+=" interrupts = <0 $spi 1>;"
	[[ $multi == yes ]] && scm+=" qcom,allow-multi-call;"
	args="console=ttyAMA0 panic=-1 scm_e2e.threads=$threads scm_e2e.rounds=$rounds"
	[[ $expect != - ]] && args+=" scm_e2e.faulty=1"
	{
		dtc -q -I dtb -O dts "$d/qemu.dtb"
		cat <<EOF
/ {
	psci {
		compatible = "arm,psci-1.0", "arm,psci-0.2";
		method = "smc";
	};
	firmware {
		scm {
			$scm
		};
	};
	chosen {
		bootargs = "$args";
		linux,initrd-start = <0x0 $initrd_start>;
		linux,initrd-end = <0x0 $initrd_end>;
	};
};
EOF
		for ((i = 0; i < smp; i++)); do
			echo "&{/cpus/cpu@$i} { enable-method = \"psci\"; };"
		done
	} >"$d/board.dts"
	if ! dtc -q -I dts -O dtb -o "$d/board.dtb" "$d/board.dts"; then
		fail "e2e/$name: dtc failed on $d/board.dts"
		return
	fi

	t=$(_now)
	rc=0
	timeout -k 5 "$timeout_s" qemu-system-aarch64 -M "$mach" -cpu "$cpu" -smp "$smp" -m 512 \
		-accel tcg,thread=multi -nodefaults -display none -no-reboot \
		-serial "file:$d/console.log" -serial "file:$d/fw.log" \
		-bios "$fwout/el3/fakefw-el$el.bin" -dtb "$d/board.dtb" \
		-fw_cfg "name=opt/scm-waitq/config,string=${fw//,/ }" \
		-device "loader,file=$kout/arch/arm64/boot/Image,addr=0x40200000,force-raw=on" \
		-device "loader,file=$initramfs,addr=$initrd_start,force-raw=on" \
		>"$d/qemu.log" 2>&1 || rc=$?
	touch "$d/console.log" "$d/fw.log"
	printf '{"name": "%s", "el": "%s", "irq": "%s", "multi": "%s", "fw": "%s", "expect": "%s", "qemu_rc": %d, "timeout": %d, "secs": %d}\n' \
		"$name" "$el" "$irq" "$multi" "$fw" "$expect" "$rc" "$timeout_s" $(($(_now) - t)) >"$d/scenario.json"
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
echo "e2e boots of $tree (statistics read from the booted kernel's debugfs; logs in $work):"
python3 "$here/report.py" table "${dirs[@]}"
echo
finish
