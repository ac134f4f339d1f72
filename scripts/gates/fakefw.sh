#!/usr/bin/env bash
# Gate fakefw: the fake TrustZone's host unit tests and its QEMU smoke boots
# (fakefw/run-tests.sh, whose last line is "fakefw: N passed, N failed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

gate_by_summary fakefw "$ROOT/fakefw/run-tests.sh"
