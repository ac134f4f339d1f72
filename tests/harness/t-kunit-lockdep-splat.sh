#!/usr/bin/env bash
# A lockdep splat fails the gate although every test passed.
. "$(dirname "$0")/lib.sh"
mkdir -p "$PATCHES"
printf 'Subject: [PATCH 2/2] x\n\n' >"$PATCHES/0002-firmware-qcom_scm-Series-head.patch"
out=$(KUNIT_EXPECT_OVERRIDE=scm_fake KUNIT_LOG_FIXTURE=$FIXTURES/ktap-lockdep.log "$SCRIPTS/gates/kunit.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL kunit: .*lockdep splat.*possible circular locking.*0002-firmware-qcom_scm-Series-head'
