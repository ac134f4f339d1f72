#!/usr/bin/env bash
# An expected suite that did not run fails the gate (not a skip).
. "$(dirname "$0")/lib.sh"
out=$(KUNIT_EXPECT_OVERRIDE=scm_fake KUNIT_LOG_FIXTURE=$FIXTURES/ktap-missing-suite.log "$SCRIPTS/gates/kunit.sh" 2>/dev/null) && exit 1
expect_line "$out" '^FAIL kunit: .*expected suite scm_fake did not run'
