#!/usr/bin/env bash
# A failing KUnit case fails the kunit gate, naming the suite and the patch
# that adds it.
. "$(dirname "$0")/lib.sh"
mkdir -p "$PATCHES"
printf 'Subject: [PATCH 3/3] add test\n\n+\t.name = "scm_fake",\n' >"$PATCHES/0003-firmware-qcom_scm-Add-KUnit-suite.patch"
out=$(KUNIT_EXPECT_OVERRIDE=scm_fake KUNIT_LOG_FIXTURE=$FIXTURES/ktap-failing-case.log "$SCRIPTS/gates/kunit.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL kunit: .*suite scm_fake failed: scm_fake_simple.*0003-firmware-qcom_scm-Add-KUnit-suite'
