#!/usr/bin/env bash
# Each base is declared once (config/bases/<base>.conf): SCM_BASE selects
# its paths and driver layout, an unknown base is refused, and make check's
# run list has every per-base gate once per base, named GATE@BASE.
. "$(dirname "$0")/lib.sh"
unset PATCHES LOGS
sel() { (SCM_BASE=$1 ROOT=$HROOT bash -c ". $SCRIPTS/lib.sh; echo \"\$SCM_DIR|\${WORKSPACE#$HROOT/}|\${GATE_TREE#$HROOT/}|\${PATCHES#$HROOT/}|\$BASE_PACKAGE\""); }
got=$(sel 6.1)
[[ $got == "drivers/firmware|build/linux|build/gate-tree|patches|linux-source-6.1" ]] || { echo "6.1: $got"; exit 1; }
got=$(sel 6.12)
[[ $got == "drivers/firmware/qcom|build/linux-6.12|build/gate-tree-6.12|patches-6.12|linux-source-6.12" ]] || { echo "6.12: $got"; exit 1; }
if sel 5.4 >/dev/null 2>&1; then echo "unknown base accepted"; exit 1; fi
# Every base of BASES has a config; gate objects follow the base's layout.
for b in $(. "$HROOT/config/base.conf" && echo "$BASES"); do
	[[ -f $HROOT/config/bases/$b.conf ]] || { echo "no config/bases/$b.conf"; exit 1; }
done
mkdir -p "$T/p"
: >"$T/p/0001-x.patch"
objs=$(SCM_BASE=6.12 ROOT=$HROOT PATCHES=$T/p bash -c ". $SCRIPTS/lib.sh; gate_objects /nonexistent /dev/null" 2>/dev/null | tr '\n' ' ')
[[ $objs == "drivers/firmware/qcom/qcom_scm.o drivers/firmware/qcom/qcom_scm-smc.o drivers/firmware/qcom/qcom_scm-legacy.o " ]] || { echo "6.12 objects: $objs"; exit 1; }
# make check's runs: per-base gates once per base, common gates once.
runs=$(CHECK_BASES="6.1 6.12" "$SCRIPTS/check.sh" --list kunit model e2e@6.12 | tr '\n' ' ')
[[ $runs == "kunit@6.1 kunit@6.12 model e2e@6.12 " ]] || { echo "runs: $runs"; exit 1; }
all=$(CHECK_BASES="6.1 6.12" "$SCRIPTS/check.sh" --list)
for b in 6.1 6.12; do
	want=$(. "$HROOT/config/bases/$b.conf" && echo "${BASE_GATES:-}")
	for g in ${want:-apply kunit}; do
		grep -qx "$g@$b" <<<"$all" || { echo "missing $g@$b"; exit 1; }
	done
done
exit 0
