#!/usr/bin/env bash
# The warnings/bisect object list: qcom_scm*.o always, the series' new .c
# files when their Makefile builds them with the gate's config (a test
# object behind a disabled CONFIG_ is skipped, an #included file too).
. "$(dirname "$0")/lib.sh"
. "$SCRIPTS/lib.sh"
tree=$T/tree
mkdir -p "$tree/drivers/firmware" "$PATCHES"
# shellcheck disable=SC2016
printf 'qcom-scm-objs += qcom_scm.o qcom_scm-waitq.o\nobj-$(CONFIG_QCOM_SCM_FAKE_TEST) += qcom_scm_fake_test.o\n' >"$tree/drivers/firmware/Makefile"
touch "$tree/drivers/firmware/"{qcom_scm-waitq.c,qcom_scm_fake_test.c,qcom_scm_inc.c}
printf 'diff --git a/%s b/%s\n' drivers/firmware/qcom_scm-waitq.c drivers/firmware/qcom_scm-waitq.c \
	drivers/firmware/qcom_scm_fake_test.c drivers/firmware/qcom_scm_fake_test.c \
	drivers/firmware/qcom_scm_inc.c drivers/firmware/qcom_scm_inc.c \
	drivers/other/x.c drivers/other/x.c >"$PATCHES/0001-x.patch"
echo 'CONFIG_QCOM_SCM=y' >"$T/off.config"
printf 'CONFIG_QCOM_SCM=y\nCONFIG_QCOM_SCM_FAKE_TEST=y\n' >"$T/on.config"
off=$(gate_objects "$tree" "$T/off.config" 2>/dev/null | sort -u | tr '\n' ' ')
on=$(gate_objects "$tree" "$T/on.config" 2>/dev/null | sort -u | tr '\n' ' ')
want_off="drivers/firmware/qcom_scm-legacy.o drivers/firmware/qcom_scm-smc.o drivers/firmware/qcom_scm-waitq.o drivers/firmware/qcom_scm.o "
want_on="drivers/firmware/qcom_scm-legacy.o drivers/firmware/qcom_scm-smc.o drivers/firmware/qcom_scm-waitq.o drivers/firmware/qcom_scm.o drivers/firmware/qcom_scm_fake_test.o "
[[ $off == "$want_off" ]] || { echo "config off: got '$off'"; exit 1; }
[[ $on == "$want_on" ]] || { echo "config on: got '$on'"; exit 1; }
