#!/usr/bin/env python3
"""Verdict and table of the end-to-end boots (e2e/run.sh).

  report.py check DIR     judge one boot: prints "PASS e2e/NAME ..." or
                          "FAIL e2e/NAME: reason; reason", writes DIR/result.json
  report.py table DIR...  the summary table of boots already judged

DIR holds scenario.json (written by run.sh: the row of e2e/scenarios plus
the QEMU exit status), console.log (the kernel's PL011) and fw.log (fakefw's
secure console).  The numbers in the table come from the series' debugfs
statistics (qcom_scm-*/waitq_stats), printed by the initramfs' /init, and
are cross-checked against the counters fakefw prints at power-off.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KTAP_CHECK = os.path.join(HERE, '..', 'scripts', 'ktap_check.py')
SUITE = 'qcom_scm_e2e'
FREEZE_SUITE = 'qcom_scm_e2e_freeze'
# What the freezer-test scenarios (client parameter freeze_holders=1) must
# print, from the client's suite qcom_scm_e2e_freeze (e2e/README.md, "Suspend
# while calls are parked")
FREEZE_LINE = re.compile(
    r'# (?:\w+: )?freezer: state write returned (-?\d+), (\d+) calls parked at freeze, '
    r'(\d+) frozen while parked, (\d+) of (\d+) holders frozen after their call, '
    r'(all (\d+) calls completed|.*)$', re.M)
# Kernel lines that fail any boot, beyond the splats of ktap_check.py: the
# freezer giving up, lockdep switching itself off (it would hide later
# splats).
FAIL_LINES = re.compile(r'Freezing of tasks (?:failed|aborted)|'
                        r'turning off the locking correctness validator|'
                        r'INFO: lockdep is turned off|Invalid wait context')
TIME_PREFIX = re.compile(r'^\[\s*\d+\.\d+\]\s?')


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read().replace('\r', '')
    except OSError:
        return ''


def kernel_stats(console):
    """key: value lines between '(scm-e2e: )stats begin' and 'stats end'."""
    stats, inside, per_ctx = {}, False, []
    for line in console.splitlines():
        line = TIME_PREFIX.sub('', line)
        if line.startswith('scm-e2e: stats begin'):
            inside = True
            continue
        if line.startswith('scm-e2e: stats end'):
            break
        if not inside:
            continue
        m = re.match(r'^([a-z_]+): (-?\d+)$', line)
        if m:
            stats[m.group(1)] = int(m.group(2))
        m = re.match(r'^(\d+) (\d+) (\d+)$', line)
        if m:
            per_ctx.append([int(g) for g in m.groups()])
    if stats:
        stats['per_wq_ctx'] = per_ctx
    return stats


def fw_counters(fwlog):
    m = re.search(r'^fakefw: counters (.*)$', fwlog, re.M)
    if not m:
        return {}
    return {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(1))}


def check(d):
    sc = json.load(open(os.path.join(d, 'scenario.json')))
    name = sc['name']
    console = read(os.path.join(d, 'console.log'))
    fwlog = read(os.path.join(d, 'fw.log'))
    why = []
    ks = kernel_stats(console)
    fw = fw_counters(fwlog)
    # "none": fakefw injects what healthy firmware may do (a wake-up of an
    # idle wait queue, an empty interrupt): no fault for the kernel either
    benign = sc['expect'] == 'none'
    fault = sc['expect'] not in ('-', 'none')

    if sc['qemu_rc'] in (124, 137):
        why.append('hang: QEMU did not exit within %ss' % sc['timeout'])
    elif sc['qemu_rc'] != 0:
        why.append('QEMU exited %d' % sc['qemu_rc'])
    if 'SYSTEM_OFF' not in fwlog:
        why.append('no PSCI SYSTEM_OFF (the kernel did not power off)')
    if 'fakefw: config error' in fwlog:
        why.append('fakefw rejected its configuration')
    if 'scm-e2e: init done rc=0' not in console:
        why.append('/init did not finish cleanly')

    # KTAP of the client suite + kernel splats, by the same checker as the
    # KUnit gates
    freeze = 'freeze_holders=1' in sc['client'].split(',')
    expect = [SUITE] + ([FREEZE_SUITE] if freeze else [])
    kt = subprocess.run([sys.executable, KTAP_CHECK, os.path.join(d, 'console.log'),
                         '--expect'] + expect, capture_output=True, text=True)
    if kt.returncode != 0:
        # the checker's "problem:" lines (not its per-suite summary)
        out = [l.strip() for l in (kt.stdout + kt.stderr).splitlines() if l.strip()]
        probs = [l[len('problem: '):] for l in out if l.startswith('problem: ')] or out[-1:]
        why.append('KTAP/log: ' + ' | '.join(probs[:4]))
    bare = '\n'.join(TIME_PREFIX.sub('', l) for l in console.splitlines())
    tests = re.findall(r'^\s*(ok|not ok) \d+ (e2e_\w+)', bare, re.M)
    bad = sorted(set(m.group(0) for m in FAIL_LINES.finditer(bare)))
    if bad:
        why.append('kernel log: ' + ' | '.join(bad))
    freezer = {}
    if freeze:
        m = FREEZE_LINE.search(bare)
        if 'Lock dependency validator' not in bare:
            why.append('freezer test without lockdep (no "Lock dependency validator" line)')
        if not m:
            why.append('no "freezer: state write returned ..." line from %s' % FREEZE_SUITE)
        else:
            rc, parked, in_call, after, alive = (int(g) for g in m.groups()[:5])
            freezer = {'state_rc': rc, 'parked_at_freeze': parked,
                       'frozen_while_parked': in_call, 'frozen_after_call': after,
                       'holders': alive, 'calls': int(m.group(7) or 0)}
            if rc != 0:
                why.append('freezer: echo freeze > /sys/power/state returned %d' % rc)
            if parked == 0:
                why.append('freezer: no call was parked when the freeze started')
            if in_call:
                why.append('freezer: %d holders frozen inside a parked call' % in_call)
            if after != alive or alive == 0:
                why.append('freezer: %d of %d holders frozen after their call'
                           % (after, alive))
            if not m.group(7):
                why.append('freezer: not every call completed: ' + m.group(6))

    if not ks:
        why.append('no waitq_stats in the console')
    if not fw:
        why.append('no fakefw counters line')
    if fault:
        if not re.search(sc['expect'], console):
            why.append('kernel log has no line matching "%s"' % sc['expect'])
    if ks and fw:
        irq_mode = 'wake_mode=irq' in sc['fw']
        parks = ks.get('parks', 0)
        if ks.get('parked_now', -1) != 0:
            why.append('%s calls still parked at the end' % ks.get('parked_now'))
        # The kernel spoke the ABI as real firmware expects it, and never
        # sent more calls than firmware has call contexts for
        if fw.get('abi_violations', 0):
            why.append('fakefw refused %d calls as ABI violations (see fw.log)'
                       % fw['abi_violations'])
        if fw.get('busy', 0):
            why.append('fakefw refused %d calls for want of a call context'
                       % fw['busy'])
        m = re.search(r'call_ctxs=(\d+)', sc['fw'])
        if m and fw.get('max_in_fw', 0) > int(m.group(1)):
            why.append('%d calls in fakefw at once, it has %s call contexts'
                       % (fw.get('max_in_fw', 0), m.group(1)))
        if not fault:
            # A healthy firmware gets no firmware error, in every deployment
            if ks.get('firmware_errors', 0) or (fw.get('faults', 0) and not benign):
                why.append('firmware errors without an injected fault (kernel %d, fakefw %d)'
                           % (ks.get('firmware_errors', 0), fw.get('faults', 0)))
            # Every SLEEP answer fakefw gave parks exactly one call
            if parks != fw.get('sleeps'):
                why.append('kernel parks %d != fakefw SLEEP answers %d'
                           % (parks, fw.get('sleeps')))
            if parks == 0:
                why.append('no call parked: the run did not exercise the wait path')
            if irq_mode and (ks.get('wakes_irq', 0) == 0 or ks.get('wakes_smc', 0)
                             or fw.get('wake_answers', 0)):
                why.append('interrupt mode: wakes irq %d smc %d, fakefw WAKE answers %d'
                           % (ks.get('wakes_irq', 0), ks.get('wakes_smc', 0),
                              fw.get('wake_answers', 0)))
            if not irq_mode and (ks.get('wakes_smc', 0) == 0 or ks.get('wakes_irq', 0)
                                 or fw.get('irqs', 0)):
                why.append('SMC-return mode: wakes irq %d smc %d, fakefw interrupts %d'
                           % (ks.get('wakes_irq', 0), ks.get('wakes_smc', 0),
                              fw.get('irqs', 0)))
            # (a benign run's extra notifications name idle wait queues)
            if not benign and \
                    ks.get('wakes_irq', 0) + ks.get('wakes_smc', 0) > fw.get('wakes', 0):
                why.append('kernel counted more wake-ups (%d) than fakefw posted (%d)'
                           % (ks.get('wakes_irq', 0) + ks.get('wakes_smc', 0),
                              fw.get('wakes', 0)))
        else:
            if ks.get('firmware_errors', 0) == 0:
                why.append('injected fault, but the kernel counted no firmware error')
            if fw.get('faults', 0) == 0:
                why.append('fakefw injected no fault (the run never reached it)')

    m = re.search(r'scm-e2e: results (.*)$', console, re.M)
    client = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(1))} if m else {}
    res = {
        'scenario': sc, 'pass': not why, 'why': why, 'kernel': ks, 'fakefw': fw,
        'tests': {t: r for r, t in tests}, 'client': client,
    }
    if freeze:
        res['freezer'] = freezer
    with open(os.path.join(d, 'result.json'), 'w') as f:
        json.dump(res, f, indent=1)
    if why:
        print('FAIL e2e/%s: %s' % (name, '; '.join(why)))
        return 1
    print('PASS e2e/%s (EL%s, %s, %s; %d tests ok; %d calls, %d parked%s)'
          % (name, sc['el'], 'irq' if sc['irq'] == 'yes' else 'no irq',
             'multi-call' if sc['multi'] == 'yes' else 'serialized',
             len(tests), ks.get('calls', 0), ks.get('parks', 0),
             '; freezer: %d parked at freeze, %d holders frozen after their call'
             % (freezer['parked_at_freeze'], freezer['frozen_after_call'])
             if freeze else ''))
    return 0


def table(dirs):
    hdr = ['scenario', 'EL', 'irq', 'multi', 'calls', 'parked', 'wakes irq',
           'wakes smc', 'longest park', 'fw errors', 'failed calls',
           'fakefw sleeps/wakes', 'tests', 'result']
    rows = []
    for d in dirs:
        try:
            r = json.load(open(os.path.join(d, 'result.json')))
        except OSError:
            continue
        sc, ks, fw = r['scenario'], r['kernel'], r['fakefw']
        ntests = len(r['tests'])
        nok = sum(1 for v in r['tests'].values() if v == 'ok')
        rows.append([sc['name'], sc['el'], sc['irq'], sc['multi'],
                     str(ks.get('calls', '-')), str(ks.get('parks', '-')),
                     str(ks.get('wakes_irq', '-')), str(ks.get('wakes_smc', '-')),
                     '%.1f ms' % (ks['longest_park_us'] / 1000.0)
                     if 'longest_park_us' in ks else '-',
                     str(ks.get('firmware_errors', '-')),
                     str(sum(r.get('client', {}).get(k, 0)
                             for k in ('pas_eio', 'io_eio', 'other')))
                     if r.get('client') else '-',
                     '%s/%s' % (fw.get('sleeps', '-'), fw.get('wakes', '-')),
                     '%d/%d' % (nok, ntests),
                     'PASS' if r['pass'] else 'FAIL'])
    w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
         for i, h in enumerate(hdr)]
    fmt = '| ' + ' | '.join('%%-%ds' % x for x in w) + ' |'
    print(fmt % tuple(hdr))
    print('|' + '|'.join('-' * (x + 2) for x in w) + '|')
    for r in rows:
        print(fmt % tuple(r))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == 'check':
        return check(sys.argv[2])
    if len(sys.argv) >= 2 and sys.argv[1] == 'table':
        table(sys.argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
