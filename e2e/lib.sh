# shellcheck shell=bash
# Build and boot helpers of the end-to-end runs, shared by e2e/run.sh and
# bench/run.sh. Source it after scripts/lib.sh.
#
#   e2e_build_kernel TREE KOUT LOG [FRAGMENT...]   Image + modules of
#                    e2e/kernel.config (+ fragments) into KOUT; nothing
#                    to make when KOUT's stamp holds (a clean checkout of
#                    the commit, configuration, build scripts and compiler
#                    of its last build)
#   e2e_module_defaults SRC PREFIX   the NAME=VALUE defaults of a module's
#                    parameters, from its "PREFIX<name> = <value>;" lines
#   e2e_host_smp     E2E_SMP, else as many vCPUs as the host has CPUs, at
#                    most 4: what a boot that measures time should use
#   e2e_build_module TREE KOUT SRCDIR LOG          out-of-tree module, built
#                    from a copy of SRCDIR in KOUT/<basename of SRCDIR>
#   e2e_build_initramfs KOUT CPIO KO...            static /init + the modules
#   e2e_build_fakefw LOG                           fakefw's EL3 images
#   e2e_boot DIR EL IRQ MULTI FWCFG KOUT CPIO BOOTARGS TIMEOUT
#                    one boot, consoles in DIR; returns QEMU's status
#                    (124/137: timeout, 2: bad device tree).
#                    E2E_SMP (4) and E2E_CPU (cortex-a57): -smp and -cpu;
#                    E2E_ACCEL (tcg,thread=multi) and E2E_QEMU_EXTRA (words
#                    added to the boot's QEMU command line, none by default):
#                    bench/ boots with -icount on one TCG thread.
#
# /init loads every /*.ko of the initramfs in name order; a module NAME gets
# the NAME.key=value words of the kernel command line as its parameters.

E2E_DIR=${E2E_DIR:-$ROOT/e2e}
E2E_FWOUT=${E2E_FWOUT:-$BUILD/fakefw}
E2E_INITRD_START=0x48000000

# The stamp of a kernel build: none for a tree with uncommitted changes,
# which is always made; make takes 10-15 s even with nothing to do.
_e2e_kernel_stamp() {
	local tree=$1 frag=$2
	[[ -z $(git -C "$tree" status --porcelain 2>/dev/null | head -n 1) ]] || return 1
	git -C "$tree" rev-parse -q --verify HEAD || return 1
	cat "$frag" "$ROOT/scripts/lib.sh" "$E2E_DIR/lib.sh" | sha256sum
	"${CROSS_COMPILE}gcc" --version | head -n 1
}

e2e_build_kernel() {
	local tree=$1 kout=$2 log=$3 frag stamp
	shift 3
	mkdir -p "$kout"
	frag=$kout/e2e.fragment
	cat "$E2E_DIR/kernel.config" "$@" >"$frag.new"
	stamp=$(_e2e_kernel_stamp "$tree" "$frag.new") || stamp=
	if [[ -n $stamp && -f $kout/arch/arm64/boot/Image && -f $kout/.config &&
		$(cat "$kout/e2e-kernel.stamp" 2>/dev/null) == "$stamp" ]]; then
		rm -f "$frag.new"
		info "kernel in $kout is up to date ($(git -C "$tree" log -1 --format='%h %s'))"
		return 0
	fi
	rm -f "$kout/e2e-kernel.stamp"
	# Reconfigure only when the fragment changed, so rebuilds stay incremental.
	if ! cmp -s "$frag.new" "$frag" || [[ ! -f $kout/.config ]]; then
		kconfig_from_fragments "$tree" "$kout" "$frag.new"
		mv "$frag.new" "$frag"
	fi
	rm -f "$frag.new"
	run_logged "$log" kmake "$tree" "$kout" Image modules || return 1
	if ! grep -q '^CONFIG_QCOM_SCM=y' "$kout/.config"; then
		warn "CONFIG_QCOM_SCM is not set in $kout/.config"
		return 1
	fi
	[[ -z $stamp ]] || printf '%s\n' "$stamp" >"$kout/e2e-kernel.stamp"
}

# A vCPU whose host thread waits for a core takes its timer interrupts and
# wake-ups late: with 16 clients at -smp 4 on a 2-core host, the bench's
# firmware double saw its 10 ms hrtimer fire 1.9 ms late on average (1.0 ms
# at -smp 2). Boots that only check behaviour keep e2e_boot's -smp 4.
e2e_host_smp() {
	local cpus
	cpus=$(nproc)
	echo "${E2E_SMP:-$((cpus < 4 ? cpus : 4))}"
}

# One place for a module's run parameters: the defaults in its source are
# the full run's, and a runner passes them on explicitly so that every
# boot's command line names them.
e2e_module_defaults() {
	local src=$1 prefix=$2 params
	params=$(sed -n "s/^${prefix}\([a-z_]*\) = \([0-9]*\);\$/\1=\2/p" "$src" | tr '\n' ' ')
	printf '%s\n' "${params% }"
}

e2e_build_module() {
	local tree=$1 kout=$2 src=$3 log=$4 dst
	dst=$kout/$(basename "$src")
	mkdir -p "$dst"
	rsync -a --delete "$src/" "$dst/"
	run_logged "$log" kmake "$tree" "$kout" M="$dst" modules
}

e2e_build_initramfs() {
	local kout=$1 cpio=$2 ko
	shift 2
	"${CROSS_COMPILE}gcc" -static -O2 -Wall -Wextra -Werror -o "$kout/e2e-init" \
		"$E2E_DIR/init/init.c" || return 1
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "dir /proc 0755 0 0"
		echo "dir /sys 0755 0 0"
		echo "file /init $kout/e2e-init 0755 0 0"
		for ko in "$@"; do
			echo "file /$(basename "$ko") $ko 0644 0 0"
		done
	} >"$cpio.list"
	"$kout/usr/gen_init_cpio" "$cpio.list" >"$cpio"
}

e2e_build_fakefw() {
	run_logged "$1" make -C "$ROOT/fakefw" O="$E2E_FWOUT" -j"$JOBS" el3
}

# The DTS that QEMU's own device tree lacks for a firmware boot
_e2e_dts_extra() {
	local scm=$1 args=$2 end=$3 smp=$4 i
	cat <<-DTS
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
				bootargs = "console=ttyAMA0 panic=-1 $args";
				linux,initrd-start = <0x0 $E2E_INITRD_START>;
				linux,initrd-end = <0x0 $end>;
			};
		};
	DTS
	for ((i = 0; i < smp; i++)); do
		echo "&{/cpus/cpu@$i} { enable-method = \"psci\"; };"
	done
}

e2e_boot() {
	local d=$1 el=$2 irq=$3 multi=$4 fw=$5 kout=$6 cpio=$7 args=$8 tmo=$9
	local mach="virt,secure=on,gic-version=3" spi=200 scm rc=0 end
	local smp=${E2E_SMP:-4} cpu=${E2E_CPU:-cortex-a57} accel=${E2E_ACCEL:-tcg,thread=multi}
	local -a extra=()
	[[ -z ${E2E_QEMU_EXTRA:-} ]] || read -ra extra <<<"$E2E_QEMU_EXTRA"
	local bios=$E2E_FWOUT/el3/fakefw-el$el.bin
	rm -rf "$d"
	mkdir -p "$d"
	((el == 2)) && mach+=",virtualization=on"
	# fakefw's SPI: GET_INFO reports it, the DT names it
	[[ $fw =~ (^|,)spi=([0-9]+) ]] && spi=${BASH_REMATCH[2]}
	end=$(printf '0x%x' $((E2E_INITRD_START + $(stat -c %s "$cpio"))))

	qemu-system-aarch64 -M "$mach,dumpdtb=$d/qemu.dtb" -cpu "$cpu" -smp "$smp" -m 512 \
		-nodefaults -display none -bios "$bios" >/dev/null 2>&1
	# as the binding allows interrupts and qcom,allow-multi-call: SM8450
	scm="compatible = \"qcom,scm-sm8450\", \"qcom,scm\";"
	[[ $irq == yes ]] && scm+=" interrupts = <0 $spi 1>;"
	[[ $multi == yes ]] && scm+=" qcom,allow-multi-call;"
	{
		dtc -q -I dtb -O dts "$d/qemu.dtb"
		_e2e_dts_extra "$scm" "$args" "$end" "$smp"
	} >"$d/board.dts"
	dtc -q -I dts -O dtb -o "$d/board.dtb" "$d/board.dts" || return 2

	timeout -k 5 "$tmo" qemu-system-aarch64 -M "$mach" -cpu "$cpu" -smp "$smp" -m 512 \
		-accel "$accel" "${extra[@]}" -nodefaults -display none -no-reboot \
		-serial "file:$d/console.log" -serial "file:$d/fw.log" \
		-bios "$bios" -dtb "$d/board.dtb" \
		-fw_cfg "name=opt/scm-waitq/config,string=${fw//,/ }" \
		-device "loader,file=$kout/arch/arm64/boot/Image,addr=0x40200000,force-raw=on" \
		-device "loader,file=$cpio,addr=$E2E_INITRD_START,force-raw=on" \
		>"$d/qemu.log" 2>&1 || rc=$?
	touch "$d/console.log" "$d/fw.log"
	return "$rc"
}
