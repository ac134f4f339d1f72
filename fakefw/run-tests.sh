#!/usr/bin/env bash
# fakefw test runner: installs what it needs, builds everything out of tree
# (into <repo>/build/fakefw), runs the host unit tests of the core and the
# QEMU smoke boots. One line per test; the last line is
#   fakefw: N passed, N failed
# and the exit status is non-zero on any failure.
#
# Environment: FAKEFW_OUT (build dir), SMOKE_TIMEOUT (seconds per boot, 60),
# FAKEFW_CPU (cortex-a57), FAKEFW_SMOKE_PAYLOAD (boot another payload: used
# to check that a hang or a bad payload fails).
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${FAKEFW_OUT:-$repo/build/fakefw}
timeout_s=${SMOKE_TIMEOUT:-60}
cpu=${FAKEFW_CPU:-cortex-a57}
payload=${FAKEFW_SMOKE_PAYLOAD:-}	# another payload, to test this runner

passed=0
failed=0
t_start=$(date +%s%N)

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
finish() {
	echo "fakefw: total $(ms_since "$t_start") ms"
	echo "fakefw: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# ---- packages -------------------------------------------------------------
need_pkgs=(make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	   qemu-system-arm)
missing=()
for p in "${need_pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	echo "fakefw: installing ${missing[*]}"
	if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
		>"${TMPDIR:-/tmp}/fakefw-apt.log" 2>&1; then
		tail -20 "${TMPDIR:-/tmp}/fakefw-apt.log"
		fail "packages: could not install ${missing[*]}"
		finish
	fi
fi

# ---- build ----------------------------------------------------------------
mkdir -p "$out"
t=$(date +%s%N)
if make -C "$here" O="$out" -j2 all "$out/test/core-freestanding.o" >"$out/build.log" 2>&1; then
	pass "build (host tests, fakefw-el1.bin, fakefw-el2.bin, payload.bin) $(ms_since "$t") ms"
else
	tail -30 "$out/build.log"
	fail "build: see $out/build.log"
	finish
fi

# ---- host unit tests ------------------------------------------------------
t=$(date +%s%N)
"$out/test/test_core" >"$out/test/core.log" 2>&1
rc=$?
n_pass=$(grep -c '^PASS ' "$out/test/core.log")
n_fail=$(grep -c '^FAIL ' "$out/test/core.log")
grep -E '^(PASS|FAIL) ' "$out/test/core.log"
passed=$((passed + n_pass))
failed=$((failed + n_fail))
if [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
	tail -20 "$out/test/core.log"
	fail "core unit test binary exited $rc (sanitizer?)"
fi
echo "fakefw: host unit tests $(ms_since "$t") ms"

# ---- QEMU smoke boots -----------------------------------------------------
config_file=opt/scm-waitq/config
# the line the firmware prints at SYSTEM_OFF/SYSTEM_RESET; the e2e harness parses it
counters_re='^fakefw: counters calls=[0-9]+ unknown=[0-9]+ sleeps=[0-9]+ resleeps=[0-9]+'
counters_re+=' resumes=[0-9]+ acks=[0-9]+ wake_answers=[0-9]+ irqs=[0-9]+ get_wq_ctx=[0-9]+'
counters_re+=' wakes=[0-9]+ acquires=[0-9]+ releases=[0-9]+ ebusy=[0-9]+ einval=[0-9]+'
counters_re+=' faults=[0-9]+ queue_overflow=[0-9]+ resume_idle=[0-9]+ resume_beaten=[0-9]+'
counters_re+=' abi_violations=[0-9]+ busy=[0-9]+ max_in_fw=[0-9]+$'
# the payload's test_abi_refusals makes four calls real firmware refuses
abi_re='^fakefw: ABI violation: fn 0xc2002402 WAITQ_RESUME: fast call, must be standard -> EOPNOTSUPP \(-4\)$'

# fw_has FILE ERE: the firmware console (CRLF line ends) has a matching line
fw_has() { tr -d '\r' <"$1" | grep -qE "$2"; }

# smoke NAME FW_VARIANT SMP EXPECT_EL MACHINE_EXTRA FINAL(off|reset) \
#       [CONFIG NR_WQ SPI WANT [WQ_BASE]]
# With CONFIG, fakefw gets it through fw_cfg; the payload is told to expect
# NR_WQ and SPI (as INTID SPI + 32) from GET_INFO and wq_ctx values from
# WQ_BASE, and the firmware's effective config line must contain every
# key=value of WANT.
smoke() {
	local name=$1 variant=$2 smp=$3 el=$4 mextra=$5 final=$6
	local config=${7:-} nr_wq=${8:-} spi=${9:-} want=${10:-} wq_base=${11:-0}
	local dir="$out/smoke/$name" t rc extra=() why="" kv
	mkdir -p "$dir"
	rm -f "$dir/console.log" "$dir/fw.log"
	if [ "$final" = reset ]; then
		extra=(-no-reboot -device "loader,addr=0x401ff000,data=1,data-len=4")
	fi
	if [ -n "$config" ]; then
		extra+=(-fw_cfg "name=$config_file,string=$config"
			-device "loader,addr=0x401ff004,data=$nr_wq,data-len=4"
			-device "loader,addr=0x401ff008,data=$spi,data-len=4"
			-device "loader,addr=0x401ff00c,data=$wq_base,data-len=4")
	fi
	t=$(date +%s%N)
	timeout -k 5 "$timeout_s" qemu-system-aarch64 \
		-M "virt,secure=on,gic-version=3$mextra" -cpu "$cpu" -smp "$smp" -m 512 \
		-accel tcg,thread=multi -nodefaults -display none \
		-serial "file:$dir/console.log" -serial "file:$dir/fw.log" \
		-bios "$out/el3/fakefw-$variant.bin" \
		-device "loader,file=${payload:-$out/smoke/payload.bin},addr=0x40200000,force-raw=on" \
		"${extra[@]}" >"$dir/qemu.log" 2>&1
	rc=$?
	local ms
	ms=$(ms_since "$t")
	touch "$dir/console.log" "$dir/fw.log"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="QEMU did not exit within ${timeout_s}s (hang)"
	elif [ "$rc" -ne 0 ]; then
		why="QEMU exited $rc"
	elif grep -q '^FAIL ' "$dir/console.log"; then
		why="$(grep -c '^FAIL ' "$dir/console.log") payload checks failed"
	elif ! grep -qE '^smoke: [0-9]+ passed, 0 failed' "$dir/console.log"; then
		why="payload never reported its result"
	elif ! grep -q "payload running at EL$el" "$dir/console.log"; then
		why="payload not at EL$el"
	elif [ "$final" = off ] && ! grep -q 'SYSTEM_OFF via secure GPIO line 0' "$dir/fw.log"; then
		why="firmware did not report SYSTEM_OFF"
	elif [ "$final" = reset ] && ! grep -q 'SYSTEM_RESET via secure GPIO line 1' "$dir/fw.log"; then
		why="firmware did not report SYSTEM_RESET"
	elif ! fw_has "$dir/fw.log" "$counters_re"; then
		why="no well-formed 'fakefw: counters' line"
	elif ! fw_has "$dir/fw.log" "$abi_re"; then
		why="no 'fakefw: ABI violation:' line for the payload's fast RESUME"
	elif ! fw_has "$dir/fw.log" '^fakefw: counters .* abi_violations=4 '; then
		why="abi_violations is not the payload's 4 refused calls"
	elif [ -z "$config" ] && ! grep -q '^fakefw: config: build defaults' "$dir/fw.log"; then
		why="firmware did not say it uses its build defaults"
	elif [ -n "$config" ] && ! grep -q '^fakefw: config from fw_cfg: ' "$dir/fw.log"; then
		why="firmware did not read its config from fw_cfg"
	fi
	for kv in $want; do
		[ -z "$why" ] || break
		fw_has "$dir/fw.log" "^fakefw: config (.* )?$kv( |\$)" ||
			why="effective config line lacks $kv"
	done
	local checks
	checks=$(grep -oE '^smoke: [0-9]+ passed' "$dir/console.log" | grep -oE '[0-9]+' || echo 0)
	if [ -z "$why" ]; then
		pass "smoke/$name (fw $variant, -smp $smp, EL$el, $final; $checks checks) $ms ms"
	else
		fail "smoke/$name (fw $variant, -smp $smp): $why, $ms ms"
		echo "---- $name console tail ($dir/console.log)"
		tail -15 "$dir/console.log" | tr -d '\r'
		echo "---- $name firmware console tail ($dir/fw.log)"
		tail -8 "$dir/fw.log" | tr -d '\r'
		[ -s "$dir/qemu.log" ] && { echo "---- qemu"; tail -5 "$dir/qemu.log"; }
		echo "----"
	fi
}

smoke el1-smp1 el1 1 1 "" off
smoke el1-smp4 el1 4 1 "" off
smoke el1-smp8 el1 8 1 "" off
smoke el2-smp2 el2 2 2 ",virtualization=on" off
smoke el1-virt-smp3 el1 3 1 ",virtualization=on" off
smoke el1-smp2-reset el1 2 1 "" reset
# One binary, configured per run. QEMU splits -fw_cfg options at commas, so a
# comma inside string= is written ",,"; spaces separate keys as well.
smoke el1-smp4-fwcfg el1 4 1 "" off \
	"wake_mode=smc,,nr_wq=8,,spi=201,,nr_calls=12 pas_duration=20 call_ctxs=8 wq_ctx_base=1000" \
	8 201 \
	"wake_mode=smc nr_wq=8 spi=201 nr_calls=12 pas_duration=20 fault=none call_ctxs=8 wq_ctx_base=1000" \
	1000

# smoke_bad_config NAME CONFIG ERROR: fakefw must refuse CONFIG with ERROR and
# power off, so QEMU exits (no hang) before the payload runs.
smoke_bad_config() {
	local name=$1 config=$2 error=$3
	local dir="$out/smoke/$name" t rc why="" ms
	mkdir -p "$dir"
	rm -f "$dir/console.log" "$dir/fw.log"
	t=$(date +%s%N)
	timeout -k 5 "$timeout_s" qemu-system-aarch64 \
		-M virt,secure=on,gic-version=3 -cpu "$cpu" -smp 2 -m 512 \
		-accel tcg,thread=multi -nodefaults -display none \
		-serial "file:$dir/console.log" -serial "file:$dir/fw.log" \
		-bios "$out/el3/fakefw-el1.bin" \
		-device "loader,file=${payload:-$out/smoke/payload.bin},addr=0x40200000,force-raw=on" \
		-fw_cfg "name=$config_file,string=$config" >"$dir/qemu.log" 2>&1
	rc=$?
	ms=$(ms_since "$t")
	touch "$dir/console.log" "$dir/fw.log"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="QEMU did not exit within ${timeout_s}s (hang)"
	elif [ "$rc" -ne 0 ]; then
		why="QEMU exited $rc"
	elif ! grep -qF "fakefw: config error: $error" "$dir/fw.log"; then
		why="no 'fakefw: config error: $error'"
	elif ! grep -q 'SYSTEM_OFF via secure GPIO line 0' "$dir/fw.log"; then
		why="firmware did not power off"
	elif ! fw_has "$dir/fw.log" "$counters_re"; then
		why="no well-formed 'fakefw: counters' line"
	elif [ -s "$dir/console.log" ]; then
		why="the next stage ran"
	fi
	if [ -z "$why" ]; then
		pass "smoke/$name (config '$config' refused, powered off) $ms ms"
	else
		fail "smoke/$name: $why, $ms ms"
		echo "---- $name firmware console tail ($dir/fw.log)"
		tail -8 "$dir/fw.log" | tr -d '\r'
		[ -s "$dir/qemu.log" ] && { echo "---- qemu"; tail -5 "$dir/qemu.log"; }
		echo "----"
	fi
}

smoke_bad_config el1-fwcfg-bad-key "nr_wq=8,,bogus=1" "unknown key 'bogus'"

finish
