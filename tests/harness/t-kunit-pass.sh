#!/usr/bin/env bash
# A clean KTAP log with the expected suite passes (no false positives).
. "$(dirname "$0")/lib.sh"
out=$(KUNIT_EXPECT_OVERRIDE="scm_fake other" KUNIT_LOG_FIXTURE=$FIXTURES/ktap-pass.log "$SCRIPTS/gates/kunit.sh" 2>/dev/null)
expect_line "$out" '^PASS kunit$'
