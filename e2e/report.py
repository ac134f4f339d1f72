#!/usr/bin/env python3
"""Verdict and table of the end-to-end boots (e2e/run.sh).

  report.py check DIR     judge one boot: prints "PASS e2e/NAME ..." or
                          "FAIL e2e/NAME: reason; reason", writes DIR/result.json
  report.py table DIR...  the summary table of boots already judged

DIR holds scenario.json (written by run.sh: the row of e2e/scenarios plus
the QEMU exit status), console.log (the kernel's PL011) and fw.log (fakefw's
secure console).  What the kernel did comes from the series' trace events
(qcom_scm:qcom_scm_waitq_park, _wake, _resume, _fw_error), counted by the
client module's probes from before its first call to after its last and
printed between "scm-e2e: events begin" and "scm-e2e: events end", with the
calls the client issued.  The counts are cross-checked against the counters
fakefw prints at power-off.  What is left at the end comes from the debugfs
state (qcom_scm/<device>/waitq) that /init prints last, between
"scm-e2e: state begin" and "scm-e2e: state end": nothing may be in flight
or parked.

result.json keeps the event counts under "kernel" together with the final
state's parked calls ("parked_now") and calls in flight ("in_flight"), the
names e2e/matrix.py reads, and the whole state under "state".

A scenario whose driver is "mainline" (scenario.json; the mainline-* rows,
booted on a tree without the series) is judged on what that driver shows:
its own trace points (scm_waitq_sleep, _resume, _get_wq_ctx, counted by
the client the same way), its interrupt in /proc/interrupts (the lines
/init prints as "scm-e2e: interrupts"), its error messages, and fakefw's
counts; it has no firmware-error event and no debugfs state.
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
# What mainline's driver (6.12 and later, without the series) logs when its
# wait-queue code meets firmware it cannot follow (qcom_scm.c: the
# GET_WQ_CTX loop, the GET_INFO interrupt, the probe); any of them fails a
# "mainline" boot. Its WARN_ON_ONCE on a wq_ctx beyond the GET_INFO count
# is a splat (ktap_check.py).
MAINLINE_ERRORS = re.compile(r'GET_WQ_CTX SMC call failed|Invalid flags received for wq_ctx|'
                             r'Unexpected hwirq|Failed to request qcom-scm irq|'
                             r'qcom_scm\S* .*probe .*failed')


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read().replace('\r', '')
    except OSError:
        return ''


# The firmware-error kind (qcom_scm_waitq_fw_error) that each fakefw fault
# must make the driver report, and the only one (e2e/bad-firmware.tsv,
# "kernel logs"); a fault not listed here must produce some firmware error.
# wake_idle and spurious_irq are what healthy firmware may do ("none" in
# e2e/scenarios): no firmware error at all.
FAULT_FW_ERROR = {
    'sleep_bad_wq': 'park_timeout',
    'wake_bad_wq': 'park_timeout',
    'getwq_bad_wq': 'park_timeout',
    'lost_wake': 'park_timeout',
    'bad_flags': 'unknown_flags',
    'endless_pending': 'more_pending_endless',
    'getwq_fail': 'get_wq_ctx_failed',
    'sleep_atomic': 'fast_call_answer',
    'wake_atomic': 'fast_call_answer',
}


def events(console):
    """Counts of the client's "scm-e2e: events KEY: N" lines between
    "scm-e2e: events begin" and "scm-e2e: events end"; {} when the block is
    missing or incomplete (a partial count would pass for a healthy one)."""
    ev, inside = {}, False
    for line in console.splitlines():
        line = TIME_PREFIX.sub('', line)
        if line.startswith('scm-e2e: events begin'):
            ev, inside = {}, True
            continue
        if not inside:
            continue
        if line.startswith('scm-e2e: events end'):
            return ev
        m = re.match(r'^scm-e2e: events ([a-z_]+): (-?\d+)$', line)
        if m:
            ev[m.group(1)] = int(m.group(2))
    return {}


def fw_error_kinds(ev):
    """{kind: count} of the firmware errors the driver reported."""
    return {k[len('fw_error_'):]: v for k, v in ev.items()
            if k.startswith('fw_error_') and v}


def waitq_state(console):
    """The debugfs file qcom_scm/<device>/waitq that /init prints between
    "scm-e2e: state begin <device>" and "scm-e2e: state end": its "key: N"
    lines, and the "wq_ctx parked tokens" rows of the wait queues that are
    not idle, as "busy_wq_ctx"; {} when missing or incomplete."""
    st, inside = {}, False
    for line in console.splitlines():
        line = TIME_PREFIX.sub('', line)
        m = re.match(r'^scm-e2e: state begin (\S+)', line)
        if m:
            st, inside = {'device': m.group(1), 'busy_wq_ctx': []}, True
            continue
        if not inside:
            continue
        if line.startswith('scm-e2e: state end'):
            return st
        m = re.match(r'^([a-z_]+): (-?\d+)$', line)
        if m:
            st[m.group(1)] = int(m.group(2))
        m = re.match(r'^(\d+) (\d+) (\d+)$', line)
        if m:
            st['busy_wq_ctx'].append([int(g) for g in m.groups()])
    return {}


def scm_interrupts(console):
    """Times the driver's wait-queue interrupt fired, summed over the CPUs
    of the "scm-e2e: interrupts" lines /init copies from /proc/interrupts;
    None when there is no such line (no interrupt requested)."""
    total, seen = 0, False
    for line in console.splitlines():
        line = TIME_PREFIX.sub('', line)
        m = re.match(r'^scm-e2e: interrupts\s+\d+:((?:\s+\d+)+)', line)
        if m:
            seen = True
            total += sum(int(x) for x in m.group(1).split())
    return total if seen else None


def fw_counters(fwlog):
    m = re.search(r'^fakefw: counters (.*)$', fwlog, re.M)
    if not m:
        return {}
    return {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(1))}


def check_resumes_and_abi(ev, fw, parks, why):
    """What every boot must show, whichever driver: every parked call came
    back, each resume is one RESUME SMC, the kernel spoke the ABI as real
    firmware expects it and never sent more calls than firmware has call
    contexts for."""
    if ev.get('resumes', 0) != parks:
        why.append('kernel: %d parks but %d resumes' % (parks, ev.get('resumes', 0)))
    if ev.get('resumes', 0) != fw.get('resumes', 0):
        why.append('kernel resumed %d parked calls, fakefw got %d RESUMEs'
                   % (ev.get('resumes', 0), fw.get('resumes', 0)))
    if fw.get('abi_violations', 0):
        why.append('fakefw refused %d calls as ABI violations (see fw.log)'
                   % fw['abi_violations'])
    if fw.get('busy', 0):
        why.append('fakefw refused %d calls for want of a call context' % fw['busy'])


def check(d):
    sc = json.load(open(os.path.join(d, 'scenario.json')))
    name = sc['name']
    console = read(os.path.join(d, 'console.log'))
    fwlog = read(os.path.join(d, 'fw.log'))
    why = []
    ev = events(console)
    st = waitq_state(console)
    fw = fw_counters(fwlog)
    fwcfg = dict(kv.split('=', 1) for kv in sc['fw'].split(',') if '=' in kv)
    # "none": fakefw injects what healthy firmware may do (a wake-up of an
    # idle wait queue, an empty interrupt): no fault for the kernel either
    benign = sc['expect'] == 'none'
    fault = sc['expect'] not in ('-', 'none')
    # mainline's driver: no firmware-error event, no debugfs state
    mainline = sc.get('driver') == 'mainline'
    irqs = scm_interrupts(console)

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

    if not ev:
        why.append('no qcom_scm event counts from the client '
                   '("scm-e2e: events begin" ... "scm-e2e: events end")')
    if not st and not mainline:
        why.append('no debugfs state qcom_scm/*/waitq in the console')
    if mainline:
        if 'Lock dependency validator' not in bare:
            why.append('no lockdep (no "Lock dependency validator" line)')
        errs = sorted(set(m.group(0) for m in MAINLINE_ERRORS.finditer(bare)))
        if errs:
            why.append('driver errors: ' + ' | '.join(errs))
        if fault or benign:
            why.append('scenario injects firmware behaviour: not judged for the mainline driver')
    if not fw:
        why.append('no fakefw counters line')
    if fault:
        if not re.search(sc['expect'], console):
            why.append('kernel log has no line matching "%s"' % sc['expect'])
    if st:
        # nothing left behind once every call has returned
        if st.get('calls_in_flight') != 0:
            why.append('debugfs state: %s calls still in flight at the end'
                       % st.get('calls_in_flight'))
        left = ['wq_ctx %d: %d' % (r[0], r[1]) for r in st['busy_wq_ctx'] if r[1]]
        if st.get('parked') != 0 or left:
            why.append('debugfs state: %s calls still parked at the end%s'
                       % (st.get('parked'), ' (%s)' % ', '.join(left) if left else ''))
        # the driver runs the deployment the scenario describes: an
        # interrupt from DT or GET_INFO (fakefw reports one unless info_irq=0),
        # one call at a time unless multi-call, then as many as GET_INFO says
        want_irq = sc['irq'] == 'yes' or fwcfg.get('info_irq', '1') != '0'
        if (st.get('interrupt', 0) > 0) != want_irq:
            why.append('debugfs state: interrupt %s, the scenario %s one'
                       % (st.get('interrupt'), 'has' if want_irq else 'has no'))
        want_ctxs = 1 if sc['multi'] != 'yes' else int(fwcfg.get('call_ctxs', 0)) or \
            st.get('wait_queues')
        if st.get('call_contexts') != want_ctxs:
            why.append('debugfs state: %s call contexts, expected %s'
                       % (st.get('call_contexts'), want_ctxs))
    if ev and fw and mainline:
        irq_mode = fwcfg.get('wake_mode') == 'irq'
        want_irq = sc['irq'] == 'yes' or fwcfg.get('info_irq', '1') != '0'
        parks = ev.get('parks', 0)
        # Every SLEEP answer parked one call, each came back with one RESUME
        if parks != fw.get('sleeps'):
            why.append('kernel parks %d != fakefw SLEEP answers %d' % (parks, fw.get('sleeps')))
        if parks == 0:
            why.append('no call parked: the run did not exercise the wait path')
        check_resumes_and_abi(ev, fw, parks, why)
        if fw.get('faults', 0):
            why.append('fakefw injected %d faults' % fw['faults'])
        # mainline holds its lock across the park: one standard call in
        # firmware at a time, never refused as busy
        if sc['multi'] != 'yes' and (fw.get('max_in_fw', 0) != 1 or fw.get('ebusy', 0)):
            why.append('serialized: fakefw had %d calls in firmware at once, answered EBUSY %d times'
                       % (fw.get('max_in_fw', 0), fw.get('ebusy', 0)))
        # it takes no WAKE answer: wake-ups come through its interrupt
        # thread's GET_WQ_CTX, each answered (and traced) once, WAKE_ONE
        if fw.get('wake_answers', 0):
            why.append('fakefw answered WAKE %d times (mainline takes none)'
                       % fw['wake_answers'])
        if ev.get('get_wq_ctx', 0) != fw.get('get_wq_ctx', 0):
            why.append('kernel traced %d GET_WQ_CTX answers, fakefw answered %d'
                       % (ev.get('get_wq_ctx', 0), fw.get('get_wq_ctx', 0)))
        if ev.get('get_wq_ctx_not_wake_one', 0):
            why.append('%d GET_WQ_CTX answers not WAKE_ONE' % ev['get_wq_ctx_not_wake_one'])
        if irq_mode and not ev.get('wakes_irq', 0):
            why.append('interrupt mode: no wake-up by interrupt')
        if ev.get('wakes_irq', 0) > fw.get('wakes', 0):
            why.append('kernel counted more wake-ups (%d) than fakefw posted (%d)'
                       % (ev.get('wakes_irq', 0), fw.get('wakes', 0)))
        # its interrupt: requested when GET_INFO or DT give one, fired no
        # more often than fakefw raised it (edges may merge), and at all
        # when wake-ups come that way
        if want_irq and irqs is None:
            why.append('no qcom-scm interrupt in /proc/interrupts')
        if not want_irq and irqs is not None:
            why.append('a qcom-scm interrupt although neither DT nor GET_INFO gives one')
        if irqs is not None and irqs > fw.get('irqs', 0):
            why.append('qcom-scm interrupt fired %d times, fakefw raised it %d times'
                       % (irqs, fw.get('irqs', 0)))
        if irq_mode and want_irq and not irqs:
            why.append('interrupt mode: the qcom-scm interrupt never fired')
    elif ev and fw:
        irq_mode = fwcfg.get('wake_mode') == 'irq'
        parks = ev.get('parks', 0)
        kinds = fw_error_kinds(ev)
        kinds_txt = ', '.join('%s %d' % kv for kv in sorted(kinds.items())) or 'none'
        check_resumes_and_abi(ev, fw, parks, why)
        if 'call_ctxs' in fwcfg and fw.get('max_in_fw', 0) > int(fwcfg['call_ctxs']):
            why.append('%d calls in fakefw at once, it has %s call contexts'
                       % (fw.get('max_in_fw', 0), fwcfg['call_ctxs']))
        if not fault:
            # A healthy firmware gets no firmware error, in every deployment
            if ev.get('firmware_errors', 0) or (fw.get('faults', 0) and not benign):
                why.append('firmware errors without an injected fault (kernel %d: %s; fakefw %d)'
                           % (ev.get('firmware_errors', 0), kinds_txt, fw.get('faults', 0)))
            # Every SLEEP answer fakefw gave parks exactly one call
            if parks != fw.get('sleeps'):
                why.append('kernel parks %d != fakefw SLEEP answers %d'
                           % (parks, fw.get('sleeps')))
            if parks == 0:
                why.append('no call parked: the run did not exercise the wait path')
            if irq_mode and (ev.get('wakes_irq', 0) == 0 or ev.get('wakes_smc', 0)
                             or fw.get('wake_answers', 0)):
                why.append('interrupt mode: wakes irq %d smc %d, fakefw WAKE answers %d'
                           % (ev.get('wakes_irq', 0), ev.get('wakes_smc', 0),
                              fw.get('wake_answers', 0)))
            if not irq_mode and (ev.get('wakes_smc', 0) == 0 or ev.get('wakes_irq', 0)
                                 or fw.get('irqs', 0)):
                why.append('SMC-return mode: wakes irq %d smc %d, fakefw interrupts %d'
                           % (ev.get('wakes_irq', 0), ev.get('wakes_smc', 0),
                              fw.get('irqs', 0)))
            # Each WAKE answer is one wake-up, each GET_WQ_CTX at most one
            if not irq_mode and ev.get('wakes_smc', 0) != fw.get('wake_answers', 0):
                why.append('kernel saw %d WAKE answers, fakefw gave %d'
                           % (ev.get('wakes_smc', 0), fw.get('wake_answers', 0)))
            if irq_mode and ev.get('wakes_irq', 0) > fw.get('get_wq_ctx', 0):
                why.append('kernel saw %d wake-ups by interrupt, fakefw answered %d GET_WQ_CTX'
                           % (ev.get('wakes_irq', 0), fw.get('get_wq_ctx', 0)))
            # (a benign run's extra notifications name idle wait queues)
            if not benign and \
                    ev.get('wakes_irq', 0) + ev.get('wakes_smc', 0) > fw.get('wakes', 0):
                why.append('kernel counted more wake-ups (%d) than fakefw posted (%d)'
                           % (ev.get('wakes_irq', 0) + ev.get('wakes_smc', 0),
                              fw.get('wakes', 0)))
        else:
            # the firmware error of this fault, and no other kind
            want = FAULT_FW_ERROR.get(fwcfg.get('fault'))
            if want and (not kinds.get(want) or set(kinds) - {want}):
                why.append('injected fault %s: the kernel must report %s firmware errors '
                           'and no other kind, it reported %s'
                           % (fwcfg.get('fault'), want, kinds_txt))
            elif not want and ev.get('firmware_errors', 0) == 0:
                why.append('injected fault, but the kernel reported no firmware error')
            if fw.get('faults', 0) == 0:
                why.append('fakefw injected no fault (the run never reached it)')

    m = re.search(r'scm-e2e: results (.*)$', console, re.M)
    client = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(1))} if m else {}
    kernel = dict(ev)
    if st:
        # the names e2e/matrix.py reads for "nothing left behind"
        kernel['parked_now'] = st.get('parked')
        kernel['in_flight'] = st.get('calls_in_flight')
    if irqs is not None:
        kernel['interrupts'] = irqs
    res = {
        'scenario': sc, 'pass': not why, 'why': why, 'kernel': kernel,
        'state': st, 'fakefw': fw, 'tests': {t: r for r, t in tests},
        'client': client,
    }
    if freeze:
        res['freezer'] = freezer
    with open(os.path.join(d, 'result.json'), 'w') as f:
        json.dump(res, f, indent=1)
    if why:
        print('FAIL e2e/%s: %s' % (name, '; '.join(why)))
        return 1
    if mainline:
        print('PASS e2e/%s (mainline driver, EL%s, %s, %s; %d tests ok; %d calls, %d parked, '
              '%d woken by interrupt (%s interrupts, fakefw %d GET_WQ_CTX answers), '
              'longest park %.1f ms)'
              % (name, sc['el'], 'irq' if sc['irq'] == 'yes' else 'no irq',
                 'multi-call' if sc['multi'] == 'yes' else 'serialized',
                 len(tests), ev.get('calls', 0), ev.get('parks', 0), ev.get('wakes_irq', 0),
                 irqs if irqs is not None else 'no', fw.get('get_wq_ctx', 0),
                 ev.get('longest_park_us', 0) / 1000.0))
        return 0
    print('PASS e2e/%s (EL%s, %s, %s; %d tests ok; %d calls, %d parked%s)'
          % (name, sc['el'], 'irq' if sc['irq'] == 'yes' else 'no irq',
             'multi-call' if sc['multi'] == 'yes' else 'serialized',
             len(tests), ev.get('calls', 0), ev.get('parks', 0),
             '; freezer: %d parked at freeze, %d holders frozen after their call'
             % (freezer['parked_at_freeze'], freezer['frozen_after_call'])
             if freeze else ''))
    return 0


def table(dirs):
    hdr = ['base', 'driver', 'scenario', 'EL', 'irq', 'multi', 'calls', 'parked', 'wakes irq',
           'wakes smc', 'resumed w/o wake', 'longest park', 'fw errors',
           'failed calls', 'fakefw sleeps/wakes', 'left parked/in flight',
           'tests', 'result']
    rows = []
    for d in dirs:
        try:
            r = json.load(open(os.path.join(d, 'result.json')))
        except OSError:
            continue
        sc, ev, fw = r['scenario'], r['kernel'], r['fakefw']
        st = r.get('state', {})
        ntests = len(r['tests'])
        nok = sum(1 for v in r['tests'].values() if v == 'ok')
        kinds = fw_error_kinds(ev)
        rows.append([sc.get('base', '6.1'), sc.get('driver', 'series'),
                     sc['name'], sc['el'], sc['irq'], sc['multi'],
                     str(ev.get('calls', '-')), str(ev.get('parks', '-')),
                     str(ev.get('wakes_irq', '-')), str(ev.get('wakes_smc', '-')),
                     str(ev.get('resumes_timeout', '-')),
                     '%.1f ms' % (ev['longest_park_us'] / 1000.0)
                     if 'longest_park_us' in ev else '-',
                     ('%d (%s)' % (ev['firmware_errors'], ', '.join(sorted(kinds)))
                      if kinds else str(ev.get('firmware_errors', '-'))),
                     str(sum(r.get('client', {}).get(k, 0)
                             for k in ('pas_eio', 'io_eio', 'other')))
                     if r.get('client') else '-',
                     '%s/%s' % (fw.get('sleeps', '-'), fw.get('wakes', '-')),
                     '%s/%s' % (st.get('parked', '-'), st.get('calls_in_flight', '-')),
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
