#!/usr/bin/env python3
"""Check a KUnit run from its raw kernel log (KTAP + console).

usage: ktap_check.py LOG [--expect SUITE ...] [--patches DIR]

Fails (exit 1) when
  - an expected suite did not run (missing, or skipped as a whole),
  - a test or suite failed (a "not ok" that is not "# SKIP"),
  - the run crashed: a suite or the top-level plan was left incomplete,
  - the log has a kernel splat (lockdep, KASAN, UBSAN, WARNING, BUG, Oops,
    call trace, panic, ODEBUG...), even when every test passed.
Each problem is printed on its own line; with --patches the patch of the
series that adds a failing suite is named.
"""
import argparse
import os
import re
import sys

TIME_PREFIX = re.compile(r'^\[\s*\d+\.\d+\]\s?')
RESULT = re.compile(r'^(not ok|ok) (\d+)(?: -)? ?([^#]*?)\s*(#.*)?$')
PLAN = re.compile(r'^1\.\.(\d+)')
SUBTEST = re.compile(r'^# Subtest: (.+)$')
HEADER = re.compile(r'^(K?TAP version \d+)$')

SPLATS = [
    ('lockdep', re.compile(r'WARNING: possible|INFO: possible|'
                           r'inconsistent lock state|DEBUG_LOCKS_WARN_ON|'
                           r'possible circular locking|possible recursive locking')),
    ('KASAN', re.compile(r'BUG: KASAN')),
    ('UBSAN', re.compile(r'UBSAN:')),
    ('BUG', re.compile(r'BUG: ')),
    ('WARNING', re.compile(r'WARNING: CPU|WARNING: at ')),
    ('Oops', re.compile(r'\bOops\b|Internal error:')),
    ('call trace', re.compile(r'Call trace:|Call Trace:')),
    ('panic', re.compile(r'Kernel panic')),
    ('ODEBUG', re.compile(r'ODEBUG:')),
    ('sleep-in-atomic', re.compile(r'sleeping function called from invalid context|'
                                   r'scheduling while atomic')),
    ('hung task', re.compile(r'INFO: task .* blocked for more than|'
                             r'rcu: INFO: rcu_.* self-detected stall|soft lockup')),
]


def clean(line):
    line = line.rstrip('\r\n')
    return TIME_PREFIX.sub('', line)


def parse(lines):
    """Return (suites, problems).  suites: name -> dict(result, tests)."""
    suites = {}
    problems = []
    started = False
    top_plan = None
    top_results = 0
    # Stack of open subtests: [name, indent, plan, results, failures]
    stack = []
    for raw in lines:
        line = clean(raw)
        stripped = line.lstrip(' ')
        indent = len(line) - len(stripped)
        if HEADER.match(stripped):
            if indent == 0:
                started = True
            elif started:
                # nested KTAP header opens a subtest whose name follows
                stack.append({'name': None, 'indent': indent, 'plan': None,
                              'results': 0, 'failed': [], 'skipped': []})
            continue
        if not started:
            continue
        m = SUBTEST.match(stripped)
        if m:
            name = m.group(1).strip()
            if stack and stack[-1]['indent'] == indent and stack[-1]['name'] is None:
                stack[-1]['name'] = name
            elif indent > 0:
                stack.append({'name': name, 'indent': indent, 'plan': None,
                              'results': 0, 'failed': [], 'skipped': []})
            continue
        m = PLAN.match(stripped)
        if m:
            if stack and indent == stack[-1]['indent']:
                stack[-1]['plan'] = int(m.group(1))
            elif indent == 0 and not stack:
                top_plan = int(m.group(1))
            continue
        m = RESULT.match(stripped)
        if not m:
            continue
        ok = m.group(1) == 'ok'
        name = m.group(3).strip()
        directive = (m.group(4) or '').upper()
        skip = 'SKIP' in directive
        # A result at the indentation of the innermost open subtest's
        # children is a test case; one at the parent's level closes it.
        if stack and indent == stack[-1]['indent']:
            cur = stack[-1]
            cur['results'] += 1
            if not ok and not skip:
                cur['failed'].append(name)
            if skip:
                cur['skipped'].append(name)
            continue
        if stack and indent == stack[-1]['indent'] - 4:
            cur = stack.pop()
            if cur['name'] is None:
                cur['name'] = name
            if cur['plan'] is not None and cur['results'] < cur['plan']:
                problems.append('suite %s crashed or stopped early: %d of %d results'
                                % (cur['name'], cur['results'], cur['plan']))
            if not ok and not skip and not cur['failed']:
                cur['failed'].append('(suite-level failure)')
            if stack:
                # a parameterised test or nested suite: fold into parent
                parent = stack[-1]
                parent['results'] += 1
                if cur['failed'] or (not ok and not skip):
                    parent['failed'].append(cur['name'] + ': ' +
                                            ', '.join(cur['failed']))
                continue
            top_results += 1
            suites[cur['name']] = {'ok': ok, 'skip': skip,
                                   'failed': cur['failed'],
                                   'tests': cur['results'],
                                   'skipped': cur['skipped']}
            continue
        if indent == 0 and not stack:
            # top-level result without "# Subtest:" header
            top_results += 1
            suites[name] = {'ok': ok, 'skip': skip,
                            'failed': [] if ok or skip else ['(suite-level failure)'],
                            'tests': 0, 'skipped': []}
    if not started:
        problems.append('no KTAP output found (kernel did not boot or KUnit did not run)')
    for cur in reversed(stack):
        problems.append('suite %s crashed: no result after %d test result(s)'
                        % (cur['name'], cur['results']))
    if top_plan is not None and top_results < top_plan:
        problems.append('run stopped early: %d of %d suites reported'
                        % (top_results, top_plan))
    return suites, problems


def splats(lines):
    found = []
    for i, raw in enumerate(lines, 1):
        line = clean(raw)
        # KTAP diagnostic lines of tests that print expected text are
        # still kernel output: a splat is a splat.
        for kind, rx in SPLATS:
            if rx.search(line):
                found.append((i, kind, line.strip()))
                break
    return found


def patch_adding(patch_dir, needle):
    if not patch_dir or not os.path.isdir(patch_dir):
        return None
    for fn in sorted(os.listdir(patch_dir)):
        if not fn.endswith('.patch') or fn.startswith('0000-'):
            continue
        with open(os.path.join(patch_dir, fn), errors='replace') as f:
            for line in f:
                if line.startswith('+') and '"%s"' % needle in line:
                    return fn[:-len('.patch')]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('--expect', nargs='*', default=[])
    ap.add_argument('--patches')
    a = ap.parse_args()
    with open(a.log, errors='replace') as f:
        lines = f.readlines()
    suites, problems = parse(lines)
    where = lambda s: (' (suite added by %s)' % p) if (p := patch_adding(a.patches, s)) else ''
    for s in a.expect:
        if s not in suites:
            problems.append('expected suite %s did not run%s' % (s, where(s)))
        elif suites[s]['skip']:
            problems.append('expected suite %s was skipped%s' % (s, where(s)))
    for name, s in suites.items():
        if s['failed']:
            problems.append('suite %s failed: %s%s' % (name, ', '.join(s['failed']), where(name)))
    sp = splats(lines)
    for i, kind, text in sp[:10]:
        problems.append('%s splat at log line %d: %s' % (kind, i, text[:160]))
    if len(sp) > 10:
        problems.append('... %d more splat lines' % (len(sp) - 10))
    for name, s in sorted(suites.items()):
        state = 'SKIPPED' if s['skip'] else ('ok' if not s['failed'] else 'FAILED')
        print('  suite %-40s %-7s %d test(s)%s' % (
            name, state, s['tests'],
            (', %d skipped' % len(s['skipped'])) if s['skipped'] else ''))
    for p in problems:
        print('  problem: ' + p)
    print('  %d suite(s), %d problem(s)' % (len(suites), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
