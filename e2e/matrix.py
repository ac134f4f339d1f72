#!/usr/bin/env python3
"""The bad-firmware matrix, checked against real runs.

usage: matrix.py --kunit-log LOG [--kunit-log LOG...] --e2e DIR --out DIR
                 [--docs FILE] [--update-docs]

Each row of e2e/bad-firmware.tsv is a way firmware can misbehave with its
documented outcome. A row is confirmed when
  - its KUnit cases passed in every given KUnit log (the firmware double;
    each case ends by checking that nothing is left parked or in flight),
  - its e2e boot (fakefw, real SMCs) passed, the kernel logged the line the
    scenario expects, each kind of call got only the results the row allows
    and the kinds allowed to succeed did succeed, and the driver's debugfs
    state (qcom_scm/<device>/waitq, in result.json as the kernel's
    parked_now and in_flight) shows nothing parked or in flight at the end.
The table (OUT/bad-firmware-matrix.md) shows the documented outcome with a
mark for each check, so it is the same from run to run as long as every row
holds; the observed numbers go to OUT/details.md. With --docs the table must
equal FILE (the copy the README links); --update-docs rewrites FILE instead.
Prints one PASS/FAIL line per row and ends with "matrix: N passed, N failed".
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIME_PREFIX = re.compile(r'^\[\s*\d+\.\d+\]\s?')
OK, BAD = 'yes', 'NO'


def rows():
    out = []
    with open(os.path.join(HERE, 'bad-firmware.tsv')) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            inp, log, caller, allowed, e2e, kunit = line.split('\t')
            out.append({
                'input': inp, 'log': log, 'caller': caller, 'e2e': e2e,
                'kunit': kunit.split(','),
                'allowed': {k: set(v.split('|')) for k, v in
                            (a.split('=') for a in allowed.split())},
            })
    return out


def kunit_results(path):
    res = {}
    with open(path, errors='replace') as f:
        for line in f:
            line = TIME_PREFIX.sub('', line.rstrip('\n'))
            m = re.match(r'^\s*(ok|not ok) \d+ (\w+)', line)
            if m:
                res[m.group(2)] = m.group(1)
    return res


def e2e_result(d):
    try:
        with open(os.path.join(d, 'result.json')) as f:
            r = json.load(f)
        with open(os.path.join(d, 'console.log'), errors='replace') as f:
            console = f.read()
    except OSError:
        return None, ''
    return r, console


def client_totals(console):
    m = re.search(r'scm-e2e: results (.*)$', console, re.M)
    if not m:
        return {}
    return {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(1))}


def check_row(row, klogs, e2e_dir):
    """-> (cells, problems, details)"""
    probs, det = [], []
    # KUnit, in every log given
    kbad = []
    for path, res in klogs:
        for case in row['kunit']:
            if res.get(case) != 'ok':
                kbad.append('%s %s in %s' % (case, res.get(case, 'missing'),
                                              os.path.basename(path)))
    probs += ['KUnit: ' + k for k in kbad]
    # e2e
    r, console = e2e_result(os.path.join(e2e_dir, row['e2e']))
    log_ok = caller_ok = others_ok = leak_ok = e2e_ok = False
    if r is None:
        probs.append('e2e: no result for %s in %s' % (row['e2e'], e2e_dir))
    else:
        e2e_ok = r['pass']
        if not e2e_ok:
            probs.append('e2e: %s failed: %s' % (row['e2e'], '; '.join(r['why'])))
        expect = r['scenario']['expect']
        log_ok = expect != '-' and re.search(expect, console) is not None
        if not log_ok:
            probs.append('e2e: no kernel log line matching "%s"' % expect)
        tot = client_totals(console)
        det.append('client: %s' % (' '.join('%s=%d' % kv for kv in sorted(tot.items()))
                                   or 'no totals line'))
        got = {}
        for kind in ('pas', 'io'):
            got[kind] = {'0'} if tot.get(kind + '_ok') else set()
            if tot.get(kind + '_eio'):
                got[kind].add('-EIO')
        caller_ok = bool(tot) and not tot.get('other') and all(
            got[k] <= row['allowed'][k] for k in got)
        if not caller_ok:
            probs.append('e2e: calls got %s, allowed %s, other errors %d' % (
                {k: sorted(v) for k, v in got.items()},
                {k: sorted(v) for k, v in row['allowed'].items()}, tot.get('other', 0)))
        # the kinds of call allowed to succeed did succeed, and the client's
        # own cases (distinct peripherals, IO while calls park) passed
        tests = r.get('tests', {})
        others_ok = bool(tests) and all(v == 'ok' for v in tests.values()) and all(
            tot.get(k + '_ok', 0) > 0 for k in ('pas', 'io') if '0' in row['allowed'][k])
        if not others_ok:
            probs.append('e2e: other callers were not all served (tests %s)' % tests)
        ks = r.get('kernel', {})
        leak_ok = ks.get('parked_now') == 0 and ks.get('in_flight') == 0
        if not leak_ok:
            probs.append('e2e: left behind: parked_now %s, in_flight %s'
                         % (ks.get('parked_now'), ks.get('in_flight')))
        kinds = ' '.join('%s=%d' % (k[len('fw_error_'):], v) for k, v in sorted(ks.items())
                         if k.startswith('fw_error_') and v) or 'none'
        det.append('kernel (trace events): parks=%s resumes_timeout=%s firmware_errors=%s '
                   '(%s) longest_park_us=%s; debugfs state at the end: parked=%s '
                   'calls_in_flight=%s; fakefw: faults=%s' % (
                       ks.get('parks'), ks.get('resumes_timeout'), ks.get('firmware_errors'),
                       kinds, ks.get('longest_park_us'), ks.get('parked_now'),
                       ks.get('in_flight'), r.get('fakefw', {}).get('faults')))
    mark = lambda ok: OK if ok else BAD  # noqa: E731
    cells = [
        row['input'],
        '`%s` %s' % (row['log'], mark(log_ok)),
        '%s %s' % (row['caller'], mark(caller_ok)),
        'keep being served %s' % mark(others_ok),
        'none %s' % mark(leak_ok and not kbad),
        '%s %s' % (', '.join('`%s`' % c for c in row['kunit']), mark(not kbad)),
        '`%s` %s' % (row['e2e'], mark(e2e_ok)),
    ]
    return cells, probs, det


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kunit-log', action='append', required=True)
    ap.add_argument('--e2e', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--docs')
    ap.add_argument('--update-docs', action='store_true')
    a = ap.parse_args()

    klogs = []
    for p in a.kunit_log:
        if not os.path.isfile(p):
            print('FAIL matrix: no KUnit log %s (run the kunit gate first)' % p)
            print('matrix: 0 passed, 1 failed')
            return 1
        klogs.append((p, kunit_results(p)))

    hdr = ['firmware input', 'kernel logs (rate-limited)', 'caller gets',
           'other callers', 'leaks', 'KUnit (firmware double)', 'e2e (fakefw)']
    lines = ['| ' + ' | '.join(hdr) + ' |', '|' + '---|' * len(hdr)]
    details = ['# Bad-firmware matrix: observed details', '']
    passed = failed = 0
    for row in rows():
        cells, probs, det = check_row(row, klogs, a.e2e)
        lines.append('| ' + ' | '.join(c.replace('|', '\\|') for c in cells) + ' |')
        details += ['## ' + row['input'], ''] + ['- ' + d for d in det + probs] + ['']
        if probs:
            failed += 1
            print('FAIL matrix/%s: %s' % (row['e2e'], '; '.join(probs)))
        else:
            passed += 1
            print('PASS matrix/%s (%s)' % (row['e2e'], row['input']))

    table = '\n'.join([
        '# Bad-firmware matrix',
        '',
        'Generated by `e2e/matrix.py` from the KUnit gate (firmware double) and the',
        'e2e boots on fakefw (real SMCs) of one `make check`; documented outcomes',
        'are in `e2e/bad-firmware.tsv`. "yes" means the run confirmed the cell; the',
        'matrix gate fails on any "NO" and on any change from this file.',
        '',
    ] + lines) + '\n'
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'bad-firmware-matrix.md'), 'w') as f:
        f.write(table)
    with open(os.path.join(a.out, 'details.md'), 'w') as f:
        f.write('\n'.join(details) + '\n')
    if a.docs:
        if a.update_docs:
            with open(a.docs, 'w') as f:
                f.write(table)
            print('matrix: wrote %s' % a.docs)
        else:
            try:
                with open(a.docs) as f:
                    doc = f.read()
            except OSError:
                doc = ''
            if doc != table:
                failed += 1
                print('FAIL matrix: the table differs from %s (diff %s/bad-firmware-matrix.md %s)'
                      % (a.docs, a.out, a.docs))
    print('matrix: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
