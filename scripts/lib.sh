# shellcheck shell=bash
# Shared helpers for the scm-waitq scripts: paths, logging, timing,
# git identity and the kernel build environment.  Source it, do not run it.

set -euo pipefail

# ---------------------------------------------------------------- paths
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SCRIPTS=$ROOT/scripts
export SCRIPTS
CONFIG=$ROOT/config
# shellcheck source=../config/base.conf
. "$CONFIG/base.conf"
# The base this script acts on (config/bases/$SCM_BASE.conf).
SCM_BASE=${SCM_BASE:-${BASES%% *}}
[[ -f $CONFIG/bases/$SCM_BASE.conf ]] || {
	echo "unknown base '$SCM_BASE' (config/bases/: ${BASES})" >&2
	exit 1
}
export SCM_BASE
# shellcheck source=../config/bases/6.1.conf
. "$CONFIG/bases/$SCM_BASE.conf"
PATCHES=${PATCHES:-$ROOT/$BASE_PATCHES}
BUILD=${BUILD:-$ROOT/build}
# Developer workspace (make tree / make export).
WORKSPACE=${WORKSPACE:-$BUILD/linux$BASE_SUFFIX}
# Throwaway tree for the gates: never the developer workspace.
GATE_TREE=${GATE_TREE:-$BUILD/gate-tree$BASE_SUFFIX}
# Base (unpatched) checkout of GATE_TREE, a git worktree.
GATE_BASE=${GATE_BASE:-$BUILD/gate-base$BASE_SUFFIX}
OUT=${OUT:-$BUILD/out$BASE_SUFFIX}
LOGS=${LOGS:-$BUILD/logs$BASE_SUFFIX}
CACHE=${SCM_WAITQ_CACHE:-${HOME:-/root}/.cache/scm-waitq}

JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# ---------------------------------------------------------------- logging
_T0=${_T0:-$(date +%s)}
export _T0

_now() { date +%s; }

# elapsed SECONDS -> "1m05s"
fmt_secs() {
	local s=$1
	if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

_stamp() { printf '[%s +%s]' "$(date -u +%H:%M:%S)" "$(fmt_secs $(($(_now) - _T0)))"; }

step() { printf '%s ==> %s\n' "$(_stamp)" "$*" >&2; }
info() { printf '%s     %s\n' "$(_stamp)" "$*" >&2; }
warn() { printf '%s WARNING: %s\n' "$(_stamp)" "$*" >&2; }
die() {
	printf '%s ERROR: %s\n' "$(_stamp)" "$*" >&2
	exit 1
}

# run_logged LOGFILE CMD... : run CMD with output to LOGFILE, printing a
# progress line every 30 s; on failure show the log's tail.
run_logged() {
	local log=$1 t0 pid rc=0 last
	shift
	mkdir -p "$(dirname "$log")"
	t0=$(_now)
	"$@" >"$log" 2>&1 &
	pid=$!
	last=$t0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		if (($(_now) - last >= 30)); then
			last=$(_now)
			info "... still running ($(fmt_secs $((last - t0)))): $(tail -n 1 "$log" | cut -c1-100)"
		fi
	done
	wait "$pid" || rc=$?
	if ((rc != 0)); then
		printf '%s     last lines of %s:\n' "$(_stamp)" "$log" >&2
		tail -n 25 "$log" | sed 's/^/        | /' >&2
	fi
	return "$rc"
}

# ---------------------------------------------------------------- git
git_identity_env() {
	export GIT_AUTHOR_NAME="$GIT_IDENTITY_NAME" GIT_AUTHOR_EMAIL="$GIT_IDENTITY_EMAIL"
	export GIT_COMMITTER_NAME="$GIT_IDENTITY_NAME" GIT_COMMITTER_EMAIL="$GIT_IDENTITY_EMAIL"
}

# List the series' patch files (not the cover letter) of directory $1.
series_patches() {
	local dir=${1:-$PATCHES}
	[[ -d $dir ]] || return 0
	find "$dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort
}

# Files a patch (or all patches of dir $1) adds or changes, one per line.
patch_files() { sed -n 's|^diff --git a/\(.*\) b/\(.*\)$|\2|p' "$@" | sort -u; }

# patch_touching FILE [DIR]: names of the series' patches that change FILE.
patch_touching() {
	local f=$1 p out=()
	while IFS= read -r p; do
		grep -qxF "diff --git a/$f b/$f" "$p" && out+=("$(patch_name "$p")")
	done < <(series_patches "${2:-$PATCHES}")
	((${#out[@]})) && printf '%s\n' "${out[*]}"
	return 0
}

# Short name of a patch for messages: "0002-firmware-qcom_scm-..."
patch_name() { basename "$1" .patch; }

# ---------------------------------------------------------------- kernel build
export ARCH=arm64
export CROSS_COMPILE=aarch64-linux-gnu-
KCC="ccache ${CROSS_COMPILE}gcc"
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=scm-waitq
export KBUILD_BUILD_HOST=scm-waitq
export KBUILD_BUILD_VERSION=1
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$ROOT
export CCACHE_NOHASHDIR=true
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_COMPILERCHECK=content

# kmake SRC OUTDIR ARGS... : make in kernel source SRC with O=OUTDIR
kmake() {
	local src out
	src=$(realpath -m "$1")
	out=$(realpath -m "$2")
	shift 2
	mkdir -p "$out"
	make -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" \
		CC="$KCC" -j"$JOBS" "$@"
}

# kconfig_from_fragments SRC OUTDIR FRAGMENT... : allnoconfig + fragments
kconfig_from_fragments() {
	local src out
	src=$(realpath -m "$1")
	out=$(realpath -m "$2")
	shift 2
	mkdir -p "$out"
	cat "$@" >"$out/scm-waitq.fragment"
	kmake "$src" "$out" KCONFIG_ALLCONFIG="$out/scm-waitq.fragment" allnoconfig >/dev/null
	# Report requested options that did not survive (missing deps or
	# symbols that do not exist in this tree).
	local line sym val
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*}
			val=${line#*=}
			if ! grep -qx "$sym=$val" "$out/.config"; then
				info "note: $sym=$val requested but not set in $out/.config"
			fi
			;;
		esac
	done <"$out/scm-waitq.fragment"
}

# qcom_fragment KERNEL_TREE OUTFILE: config fragment shared by the warnings,
# users and bisect gates: config/qcom.config (+ config/qcom-<base>.config
# where a base needs more) + the KUnit config of
# config/kunit.conf + every .kunitconfig the series adds (those that exist
# in KERNEL_TREE).
qcom_fragment() {
	local tree=$1 outf=$2 kc f
	kc=$(. "${KUNIT_CONF:-$CONFIG/kunit.conf}" && echo "$KUNITCONFIG")
	cat "$CONFIG/qcom.config" >"$outf"
	# what this base's Kconfig needs beyond it
	[[ ! -f $CONFIG/qcom-$SCM_BASE.config ]] || cat "$CONFIG/qcom-$SCM_BASE.config" >>"$outf"
	{
		echo "$kc"
		series_patches | xargs -r cat | patch_files /dev/stdin | grep -E '(^|/)([^/]*\.)?kunitconfig$' || true
	} | sort -u | while IFS= read -r f; do
		if [[ -f $tree/$f ]]; then
			echo "# from $f"
			cat "$tree/$f"
		fi
	done >>"$outf"
}

# gate_objects KERNEL_TREE DOTCONFIG: objects of the warnings gate (and of
# the bisect gate): drivers/firmware/qcom_scm*.o plus the series' .c files
# under drivers/firmware/ and lib/kunit/ that their Makefile builds with
# DOTCONFIG (an "obj-$(CONFIG_X)" line needs X=y or m).
gate_objects() {
	local tree=$1 dotconfig=$2 f o mk line sym
	printf '%s\n' "$SCM_DIR/qcom_scm.o" "$SCM_DIR/qcom_scm-smc.o" "$SCM_DIR/qcom_scm-legacy.o"
	while IFS= read -r f; do
		case $f in drivers/firmware/*.c | lib/kunit/*.c) ;; *) continue ;; esac
		[[ -f $tree/$f ]] || continue
		o=$(basename "${f%.c}.o")
		mk=$tree/$(dirname "$f")/Makefile
		line=$(grep -E "(^|[[:space:]=])${o//./\\.}([[:space:]]|$)" "$mk" | head -n 1 || true)
		if [[ -z $line ]]; then
			info "$f: not an object of $(dirname "$f")/Makefile (#included?): skipped"
			continue
		fi
		# shellcheck disable=SC2016
		sym=$(grep -oE '\$\(CONFIG_[A-Za-z0-9_]+\)' <<<"$line" | head -n 1 | tr -d '$()' || true)
		if [[ -n $sym ]] && ! grep -qE "^$sym=(y|m)$" "$dotconfig"; then
			info "$f: $sym is not enabled in the gate config: skipped"
			continue
		fi
		echo "${f%.c}.o"
	done < <(series_patches | xargs -r cat | patch_files /dev/stdin)
}

# ---------------------------------------------------------------- gates
# gate_pass NAME / gate_fail NAME REASON : the gate's result line.
gate_pass() { printf 'PASS %s\n' "$1"; }
# gate_needs_trees NAME [base] : the patched gate tree (and the unpatched
# base worktree), or the gate fails saying which is missing.
gate_needs_trees() {
	"$SCRIPTS/gate-tree.sh" >&2 || gate_fail "$1" "the series does not apply"
	[[ ${2:-} != base ]] || "$SCRIPTS/base-worktree.sh" >&2 ||
		gate_fail "$1" "cannot create the base worktree $GATE_BASE"
}
# gate_by_summary NAME CMD... : run a test runner whose last line is
# "NAME: N passed, 0 failed" on success; its output goes to stderr.
gate_by_summary() {
	local gate=$1 out rc last bad
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	printf '%s\n' "$out" >&2
	last=$(tail -n 1 <<<"$out")
	if ((rc == 0)) && [[ $last =~ ^$gate:\ [0-9]+\ passed,\ 0\ failed$ ]]; then
		gate_pass "$gate"
		return
	fi
	bad=$(grep -E '^(FAIL|mutant .*: survived)' <<<"$out" | head -n 3 | tr '\n' ';' || true)
	gate_fail "$gate" "$* exited $rc (${last:-no summary})${bad:+: $bad}"
}
gate_fail() {
	printf 'FAIL %s: %s\n' "$1" "$2"
	exit 1
}

# ---------------------------------------------------------------- verdict cache
# A gate whose verdict is a pure function of its inputs (source trees by git
# tree id, its scripts and configs, tool versions) may reuse a PASS from an
# earlier run with exactly the same inputs, as ccache reuses an object: a
# warm `make check` then only re-runs what changed.  Only passes are kept;
# NO_VERDICT_CACHE=1 disables the reuse.
VERDICTS=$CACHE/verdicts

# verdict_key PART... : sha256 of the parts; a part naming a file or a
# directory stands for its content.
verdict_key() {
	local p
	for p in "$@"; do
		if [[ -d $p ]]; then
			# the files git would see (tracked or new), not build output
			(cd "$p" && git ls-files -z --cached --others --exclude-standard . |
				sort -z | xargs -0 -r sha256sum)
		elif [[ -f $p ]]; then
			sha256sum <"$p"
		else
			printf '%s\n' "$p"
		fi
	done | sha256sum | cut -c1-32
}

# verdict_cached NAME KEY : true (and says so) when NAME passed with KEY.
verdict_cached() {
	[[ ${NO_VERDICT_CACHE:-0} != 1 && -f $VERDICTS/$1/$2 ]] || return 1
	info "$1: inputs unchanged since the pass of $(cat "$VERDICTS/$1/$2") (verdict cache, NO_VERDICT_CACHE=1 re-runs)"
}

# verdict_store NAME KEY : remember that NAME passed with KEY.
verdict_store() {
	mkdir -p "$VERDICTS/$1"
	date -u '+%Y-%m-%d %H:%M UTC' >"$VERDICTS/$1/$2"
}

# tool_versions : the compilers and checkers the kernel gates use.
tool_versions() {
	"${CROSS_COMPILE}gcc" --version 2>/dev/null | head -n 1
	dpkg-query -W -f '${Package} ${Version}\n' sparse dt-schema device-tree-compiler yamllint qemu-system-arm spin 2>/dev/null || true
}
