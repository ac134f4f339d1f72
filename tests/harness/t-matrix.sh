#!/usr/bin/env bash
# The bad-firmware matrix confirms a row only from real evidence: with
# results that match every documented outcome it passes and reproduces its
# own docs copy; a missing kernel log line, a result the row does not allow,
# a call left parked, a failing KUnit case or a changed docs copy fail the
# row that is affected.
. "$(dirname "$0")/lib.sh"
E2E=$T/e2e
KLOG=$T/kunit.log

# mkfixtures: one passing e2e result per row of e2e/bad-firmware.tsv and a
# KUnit log in which every case passed
mkfixtures() {
	rm -rf "$E2E"
	python3 - "$HROOT/e2e/bad-firmware.tsv" "$HROOT/e2e/scenarios" "$E2E" "$KLOG" <<'PY'
import json, os, sys
tsv, scen, out, klog = sys.argv[1:]
expect = {}
for l in open(scen):
    f = l.split()
    if f and not f[0].startswith('#'):
        expect[f[0]] = f[6]
cases = []
for l in open(tsv):
    if l.startswith('#') or not l.strip():
        continue
    inp, log, caller, allowed, e2e, kunit = l.rstrip('\n').split('\t')
    cases += kunit.split(',')
    d = os.path.join(out, e2e)
    os.makedirs(d)
    al = dict(a.split('=') for a in allowed.split())
    tot = {'pas_ok': 5 if '0' in al['pas'] else 0, 'pas_eio': 0,
           'io_ok': 5 if '0' in al['io'] else 0, 'io_eio': 0 if '0' in al['io'] else 3,
           'other': 0}
    # a log line the scenario's regular expression matches
    line = expect[e2e].replace('.*', ' x ').replace('.', ' ')
    open(os.path.join(d, 'console.log'), 'w').write(
        '[    1.000000] qcom_scm firmware:scm: %s\n[    2.000000] scm-e2e: results %s\n'
        % (line, ' '.join('%s=%d' % kv for kv in tot.items())))
    json.dump({'pass': True, 'why': [], 'scenario': {'name': e2e, 'expect': expect[e2e]},
               'kernel': {'parked_now': 0, 'in_flight': 0}, 'fakefw': {'faults': 1},
               'tests': {'e2e_a': 'ok', 'e2e_b': 'ok'}},
              open(os.path.join(d, 'result.json'), 'w'))
with open(klog, 'w') as f:
    f.write('KTAP version 1\n1..1\n')
    for i, c in enumerate(cases):
        f.write('    ok %d %s\n' % (i + 1, c))
PY
}

matrix() { python3 "$HROOT/e2e/matrix.py" --kunit-log "$KLOG" --e2e "$E2E" --out "$T/out" "$@"; }

mkfixtures
out=$(matrix --docs "$T/doc.md" --update-docs) || { echo "$out"; exit 1; }
expect_line "$out" '^matrix: 9 passed, 0 failed$'
out=$(matrix --docs "$T/doc.md") || { echo "$out"; exit 1; }
expect_line "$out" '^matrix: 9 passed, 0 failed$'

# the kernel did not log the expected line
sed -i '/qcom_scm/d' "$E2E/fault-getwq-fail/console.log"
out=$(matrix --docs "$T/doc.md") && exit 1
expect_line "$out" '^FAIL matrix/fault-getwq-fail: e2e: no kernel log line matching'
expect_line "$out" '^FAIL matrix: the table differs from'

# an atomic call that firmware told to sleep must not succeed ...
mkfixtures
sed -i 's/io_ok=0/io_ok=2/' "$E2E/fault-sleep-atomic/console.log"
out=$(matrix) && exit 1
expect_line "$out" '^FAIL matrix/fault-sleep-atomic: e2e: calls got'
# ... nor a parked call stay behind, nor a KUnit case fail
mkfixtures
sed -i 's/"parked_now": 0/"parked_now": 1/' "$E2E/fault-lost-wake/result.json"
sed -i 's/ok \([0-9]*\) get_wq_ctx_failure_resumes_parked_calls/not ok \1 get_wq_ctx_failure_resumes_parked_calls/' "$KLOG"
out=$(matrix) && exit 1
expect_line "$out" '^FAIL matrix/fault-lost-wake: e2e: left behind: parked_now 1'
expect_line "$out" '^FAIL matrix/fault-getwq-fail: KUnit: get_wq_ctx_failure_resumes_parked_calls not ok'
expect_line "$out" '^matrix: 7 passed, 2 failed$'
