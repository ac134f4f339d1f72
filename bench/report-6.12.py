#!/usr/bin/env python3
"""The 6.12 benchmark's report: the series against mainline's driver.

usage: report-6.12.py splats CONSOLE_LOG
       report-6.12.py report --out OUT [BOOT_DIR...]

splats: exit 1 when the kernel log has a splat (scripts/ktap_check.py).
report: reads every boot's boot.json, the module's "scm-bench-pub: {json}"
lines (console.log; the latency's raw samples come in chunks, merged by
name and label) and fakefw's counters (fw.log), writes OUT/results.json,
OUT/results.md and OUT/latency_cdf.png (gnuplot), and prints one
"PASS report/<check>" or "FAIL report/<check>: why" line per sanity check
(bench/README-6.12.md) and one "goal met: ..." or "goal MISSED: ..." line
per goal.

Latency percentiles are nearest-rank, of the samples; p99.9 only where at
least one sample lies beyond it (1000 samples), else the row says why it
has none (with fewer, nearest rank would return the max and call it
p99.9).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'scripts'))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True    # no __pycache__ in the source tree
import provenance  # noqa: E402
import report_common  # noqa: E402
from report_common import floors, median, need_for  # noqa: E402

DEPS = ['mainline', 'serialized', 'multi-irq', 'multi-smc']
DEP_TEXT = {
    'mainline': 'mainline 6.12 (one mutex across the park: serialized), interrupt',
    'serialized': 'series, serialized (no qcom,allow-multi-call), interrupt',
    'multi-irq': 'series, multi-call (qcom,allow-multi-call), interrupt',
    'multi-smc': 'series, multi-call, no interrupt (wake-ups in SMC answers)',
}
SHORT = {'mainline': 'mainline', 'serialized': 'ours serialized',
         'multi-irq': 'ours multi-call', 'multi-smc': 'ours multi-call, no irq'}
CLIENTS = [1, 2, 4, 8]
CALLS = ['atomic', 'standard']
LAT_DEPS = ['mainline', 'serialized', 'multi-irq']
FAST_DEPS = ['mainline', 'serialized', 'multi-irq']
LINE = re.compile(r'scm-bench-pub: (\{.*\})\s*$')
FWCNT = re.compile(r'fakefw: counters (.*)$')
# Multi-call at 4 clients against the ideal serialized rate, one call per
# hold (issue 14): interrupt wake-ups, and WAKE answers (no interrupt)
GOAL_VS_IDEAL = {'multi-irq': 3.6, 'multi-smc': 3.4}
COLORS = {'mainline': '#000000', 'serialized': '#d62728', 'multi-irq': '#1f77b4'}


def goals(conc):
    """(text, met) of each goal: multi-call at 4 clients against the ideal
    serialized rate of its cell, with the measured serialized modes beside."""
    out = []
    for dep, goal in GOAL_VS_IDEAL.items():
        r = conc.get(dep, {}).get(4)
        if not r or r.get('ratio_vs_ideal_serialized') is None:
            continue
        x = r['ratio_vs_ideal_serialized']
        meas = ''.join('; %.2fx %s' % (r[k], what) for k, what in (
            ('ratio_vs_mainline', 'mainline (measured, serialized)'),
            ('ratio_vs_serialized', 'the series serialized (measured)')) if r.get(k))
        out.append(('throughput %s: 4 clients %.2fx the ideal serialized rate (one call per '
                    'mean hold of %.2f ms, %.1f calls/s) (goal >= %.1fx)%s'
                    % (dep, x, r['held_ms_mean'], r['ideal_serialized_calls_per_s'], goal, meas),
                    x >= goal))
    return out


def merge_lines(objs):
    """The module's result lines, those of one measurement with samples
    merged: a line with a "v" array starts a record keyed by (name, label),
    and every later line with that key adds its samples (its "from", the
    index of its first sample, must be the count so far: a lost or
    reordered console line goes to the record's "_errors") and its other
    members (the closing count). Other lines stay as they are."""
    rows, recs = [], {}
    for o in objs:
        key = (o.get('name'), o.get('label'))
        rec = recs.get(key)
        if rec is None and 'v' not in o:
            rows.append(o)
            continue
        if rec is None:
            rec = recs[key] = {'v': [], '_errors': []}
            rows.append(rec)
        if 'v' in o:
            if o.get('from', len(rec['v'])) != len(rec['v']):
                rec['_errors'].append('a chunk starts at sample %s after %d samples'
                                      % (o.get('from'), len(rec['v'])))
            rec['v'].extend(o['v'])
        rec.update({k: x for k, x in o.items() if k not in ('v', 'from')})
    return rows


def load_boot(d):
    b = {'dir': d, 'rows': [], 'fw': {}}
    try:
        with open(os.path.join(d, 'boot.json')) as f:
            b.update(json.load(f))
    except (OSError, ValueError):
        b['boot'] = os.path.basename(d.rstrip('/'))
    objs = []
    try:
        with open(os.path.join(d, 'console.log'), errors='replace') as f:
            for raw in f:
                m = LINE.search(raw.replace('\r', ''))
                if m:
                    try:
                        objs.append(json.loads(m.group(1)))
                    except ValueError:
                        pass
    except OSError:
        pass
    b['rows'] = merge_lines(objs)
    try:
        with open(os.path.join(d, 'fw.log'), errors='replace') as f:
            for raw in f:
                m = FWCNT.search(raw.replace('\r', ''))
                if m:
                    b['fw'] = {k: int(v) for k, v in
                               (t.split('=', 1) for t in m.group(1).split() if '=' in t)
                               if v.lstrip('-').isdigit()}
    except OSError:
        pass
    return b


def lat_row(r, b):
    """One boot's wake-up latency from its raw samples (ns; under -icount
    1 ns of guest time is 1 instruction): the floors in us, and in
    instructions for an -icount boot."""
    ns = r.get('v', [])
    f = floors([x / 1e3 for x in ns])
    row = {'deployment': r.get('label'), 'samples': f['n'],
           'samples_taken': r.get('samples'), 'dropped': r.get('dropped'),
           'settle_us': r.get('settle_us'), 'us_p50': f['p50'], 'us_p99': f['p99'],
           'us_p99_9': f['p99_9'], 'us_max': f['max'], 'us_min': f['min'],
           'err': r.get('err', 0), 'boot': b.get('boot'), 'smp': b.get('smp'),
           'sample_errors': r.get('_errors', []), '_v': [x / 1e3 for x in ns], '_ns': ns}
    if f['p99_9'] is None:
        row['p99_9_missing'] = f['p99_9_missing']
    if b.get('icount'):
        fi = floors(ns)
        row.update(unit='instructions', instr_p50=fi['p50'], instr_p99=fi['p99'],
                   instr_p99_9=fi['p99_9'], instr_max=fi['max'], instr_min=fi['min'])
    return row


def lat_merge(dep, rounds, ml):
    """A deployment's latency over its rounds (boots): p50, p99 and p99.9
    the medians over rounds of each round's (p99.9 only when every round
    resolves it), max the largest, samples all; ratios to mainline (ml, its
    rounds) those of these medians and per round. 'pooled': the same
    floors of all rounds' samples together."""
    ks = sorted(rounds)
    per = {q: [rounds[k]['us_' + q] for k in ks] for q in ('p50', 'p99', 'p99_9', 'max')}

    def ratios(q):
        return [rounds[k]['us_' + q] / ml[k]['us_' + q] for k in ks
                if k in ml and rounds[k]['us_' + q] and ml[k]['us_' + q]]

    r50, r99, r999 = ratios('p50'), ratios('p99'), ratios('p99_9')
    short = ['%s: %s' % (rounds[k]['boot'], rounds[k]['p99_9_missing']) for k in ks
             if rounds[k]['us_p99_9'] is None]
    pooled = floors([x for k in ks for x in rounds[k]['_v']])
    row = {
        'deployment': dep, 'rounds': len(ks),
        'samples': sum(rounds[k]['samples'] for k in ks),
        'dropped': sum(rounds[k]['dropped'] or 0 for k in ks),
        'settle_us': rounds[ks[0]]['settle_us'], 'smp': rounds[ks[0]]['smp'],
        'us_p50': median(per['p50']), 'us_p99': median(per['p99']),
        'us_p99_9': None if short else median(per['p99_9']),
        'us_max': max(per['max']) if all(x is not None for x in per['max']) else None,
        'us_min': min((rounds[k]['us_min'] for k in ks if rounds[k]['us_min'] is not None),
                      default=None),
        'err': next((rounds[k]['err'] for k in ks if rounds[k]['err']), 0),
        'boot': ','.join(rounds[k]['boot'] for k in ks),
        'us_p50_rounds': per['p50'], 'us_p99_rounds': per['p99'],
        'us_p99_9_rounds': per['p99_9'], 'us_max_rounds': per['max'],
        'p50_ratio_vs_mainline_rounds': r50, 'p99_ratio_vs_mainline_rounds': r99,
        'p99_9_ratio_vs_mainline_rounds': r999,
        'p50_ratio_vs_mainline': median(r50) if r50 else None,
        'p99_ratio_vs_mainline': median(r99) if r99 else None,
        'p99_9_ratio_vs_mainline': median(r999) if r999 else None,
        'pooled': {'samples': pooled['n'], 'us_p50': pooled['p50'], 'us_p99': pooled['p99'],
                   'us_p99_9': pooled['p99_9'], 'us_max': pooled['max']},
        '_v': [x for k in ks for x in rounds[k]['_v']]}
    if short:
        row['p99_9_missing'] = ', '.join(short)
    if pooled['p99_9'] is None:
        row['pooled']['p99_9_missing'] = pooled['p99_9_missing']
    return row


def lat_errors(rows, full):
    """Latency rows that are not what they claim: an error, no samples,
    fewer samples in the console than the module took (a lost line), a
    chunk out of place, percentiles out of order (p50 <= p99 <= p99.9 <=
    max), no p99.9 and no reason; in a full run (full), no p99.9 at all."""
    bad = []
    for where, r in rows:
        seq = [r.get('us_p50'), r.get('us_p99'), r.get('us_p99_9'), r.get('us_max')]
        if r.get('us_p99_9') is None:
            seq.pop(2)
        if r.get('err') or not r.get('samples'):
            bad.append('%s: %d samples, err %s' % (where, r.get('samples') or 0, r.get('err')))
        elif 'samples_taken' in r and r['samples_taken'] != r['samples']:
            bad.append('%s: %d samples in the console, the module took %s (a line lost?)'
                       % (where, r['samples'], r['samples_taken']))
        elif r.get('sample_errors'):
            bad.append('%s: %s' % (where, r['sample_errors'][0]))
        elif any(a is None or a > b for a, b in zip(seq, seq[1:])):
            bad.append('%s: percentiles out of order %s' % (where, seq))
        elif r.get('us_p99_9') is None and not r.get('p99_9_missing'):
            bad.append('%s: no p99.9 and no reason' % where)
        elif full and r.get('us_p99_9') is None:
            bad.append('%s: no p99.9 in a full run: %s' % (where, r['p99_9_missing']))
    return bad


def cdf_gp(lat, lat_icount, out):
    """gnuplot lines of latency_cdf.png: the distribution of each
    deployment's wake-up latency, in time (all rounds pooled) and in
    instructions; [] without samples."""
    smp = next((r['smp'] for r in lat.values()), '-')
    rounds = next((r['rounds'] for r in lat.values()), 0)
    return report_common.cdf_gp(
        [('time, -smp %s, %d round(s) pooled' % (smp, rounds), 'us (log)',
          [(SHORT[d], lat[d]['_v'], COLORS[d], '') for d in LAT_DEPS if d in lat]),
         ('instructions (-icount shift=0, -smp 1)', 'instructions (log)',
          [(SHORT[d], lat_icount[d]['_ns'], COLORS[d], '')
           for d in LAT_DEPS if d in lat_icount])],
        os.path.join(out, 'latency_cdf.dat'), os.path.join(out, 'latency_cdf.png'),
        'Wake-up latency with the interrupt: fraction of samples at or below')


def fmt(x, nd=1):
    return '-' if x is None else ('%.*f' % (nd, x))


def p999(r, prefix='us_', nd=1):
    """A p99.9 cell: the figure, or why there is none."""
    x = r.get(prefix + 'p99_9')
    return fmt(x, nd) if x is not None else 'none: %s' % r.get('p99_9_missing', '?')


def public(r):
    """A row without its raw samples (keys starting with _)."""
    return {k: x for k, x in r.items() if not k.startswith('_')}


def ratio(a, b, nd=2):
    return '-' if a is None or not b else '%.*fx' % (nd, a / b)


def report(out, dirs):
    boots = [load_boot(d) for d in dirs]
    checks = []

    def check(name, ok, why=''):
        checks.append((name, bool(ok), why))

    meta = {}
    try:
        with open(os.path.join(out, 'meta.json')) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        pass

    conc, fast_t, fast_i, lat, fw, fast_rounds, lat_rounds = {}, {}, {}, {}, {}, {}, {}
    lat_icount = {}
    for b in boots:
        name = b.get('boot', '')
        fw[name] = b['fw']
        for r in b['rows']:
            dep = r.get('label')
            if r.get('name') == 'conc':
                el = r['elapsed_ns']
                n = r['clients'] * r['calls']
                tput = [n * 1e9 / e for e in el if e > 0]
                row = {
                    'deployment': dep, 'clients': r['clients'], 'reps': r['reps'],
                    'calls_per_client': r['calls'], 'hold_us': r['hold_us'],
                    'calls_per_s_median': median(tput),
                    'calls_per_s_min': min(tput) if tput else None,
                    'calls_per_s_max': max(tput) if tput else None,
                    'call_ms_p50': r['call_ns_p50'] / 1e6, 'call_ms_p99': r['call_ns_p99'] / 1e6,
                    'call_ms_max': r['call_ns_max'] / 1e6,
                    'parks': r['parks'], 'held_calls': r['releases'],
                    'held_ms_mean': r['held_ns_mean'] / 1e6,
                    'held_ms_min': r['held_ns_min'] / 1e6, 'held_ms_max': r['held_ns_max'] / 1e6,
                    'boot': name,
                }
                # one call per hold: the ideal of a serialized driver
                row['ideal_serialized_calls_per_s'] = (1e3 / row['held_ms_mean']
                                                       if row['held_ms_mean'] else None)
                conc.setdefault(dep, {})[r['clients']] = row
            elif r.get('name') == 'fast':
                row = {'deployment': dep, 'call': r['call'], 'batches': r['batches'],
                       'per_batch': r['per_batch'], 'p50': r['ps_p50'] / 1e3,
                       'p99': r['ps_p99'] / 1e3, 'min': r['ps_min'] / 1e3,
                       'mean': r['ps_mean'] / 1e3, 'failed': r['failed'], 'boot': name}
                if b.get('icount'):
                    row['unit'] = 'instructions/call'
                    fast_i.setdefault(dep, {})[r['call']] = row
                else:
                    row['unit'] = 'ns/call'
                    m = re.search(r'-r(\d+)$', name)
                    row['round'] = int(m.group(1)) if m else 0
                    fast_rounds.setdefault(dep, {}).setdefault(r['call'], {})[row['round']] = row
            elif r.get('name') == 'lat':
                m = re.search(r'-r(\d+)$', name)
                row = lat_row(r, b)
                if b.get('icount'):
                    lat_icount[dep] = row
                else:
                    row['round'] = int(m.group(1)) if m else 0
                    lat_rounds.setdefault(dep, {})[row['round']] = row

    # the fast path's time: per call, the median over rounds of each round's
    # p50, and the median over rounds of the per-round ratio to mainline
    for dep, calls in fast_rounds.items():
        for c, rounds in calls.items():
            ml = fast_rounds.get('mainline', {}).get(c, {})
            per = [rounds[k]['p50'] / ml[k]['p50'] for k in sorted(rounds)
                   if k in ml and ml[k]['p50']]
            fast_t.setdefault(dep, {})[c] = {
                'deployment': dep, 'call': c, 'unit': 'ns/call',
                'rounds': len(rounds),
                'p50': median([x['p50'] for x in rounds.values()]),
                'p99': median([x['p99'] for x in rounds.values()]),
                'failed': sum(x['failed'] for x in rounds.values()),
                'boot': ','.join(x['boot'] for x in rounds.values()),
                'p50_rounds': [rounds[k]['p50'] for k in sorted(rounds)],
                'ratio_vs_mainline_rounds': per,
                'ratio_vs_mainline': median(per) if per else None}
    # ratios against mainline of the same run, and against the ideal
    for dep, rows in conc.items():
        for n, row in rows.items():
            ml = conc.get('mainline', {}).get(n)
            v = row['calls_per_s_median']
            row['ratio_vs_mainline'] = (v / ml['calls_per_s_median']
                                        if ml and v and ml['calls_per_s_median'] else None)
            ide = row['ideal_serialized_calls_per_s']
            row['ratio_vs_ideal_serialized'] = v / ide if v and ide else None
            se = conc.get('serialized', {}).get(n)
            row['ratio_vs_serialized'] = (v / se['calls_per_s_median']
                                          if se and v and se['calls_per_s_median'] else None)
    for dep, rows in fast_i.items():
        for c, row in rows.items():
            ml = fast_i.get('mainline', {}).get(c)
            row['ratio_vs_mainline'] = row['p50'] / ml['p50'] if ml and ml['p50'] else None
            row['delta_vs_mainline'] = row['p50'] - ml['p50'] if ml else None
    # latency: per deployment the median over rounds of each round's p50,
    # p99 and p99.9, the largest max, all samples; ratios = median of
    # per-round ratios
    for dep, rounds in lat_rounds.items():
        lat[dep] = lat_merge(dep, rounds, lat_rounds.get('mainline', {}))

    # ---- sanity checks (they fail when the measurement is not what it claims)
    missing = []
    for dep in DEPS:
        for n in CLIENTS:
            if n not in conc.get(dep, {}):
                missing.append('conc %s %d' % (dep, n))
    for dep in FAST_DEPS:
        for c in CALLS:
            if c not in fast_t.get(dep, {}):
                missing.append('fast time %s %s' % (dep, c))
            if c not in fast_i.get(dep, {}):
                missing.append('fast icount %s %s' % (dep, c))
    for dep in LAT_DEPS:
        if dep not in lat:
            missing.append('latency %s' % dep)
        if dep not in lat_icount:
            missing.append('latency icount %s' % dep)
    check('rows', not missing, 'missing: ' + ', '.join(missing[:8]))

    bad = []
    for dep, rows in conc.items():
        for n, row in rows.items():
            want = n * row['calls_per_client'] * row['reps']
            if row['held_calls'] != want or row['parks'] < want:
                bad.append('%s/%d: %d calls, %d parked, %d held' %
                           (dep, n, want, row['parks'], row['held_calls']))
    check('every-call-held', conc and not bad, '; '.join(bad[:4]) or 'no rows')

    bad = ['%s/%d: %.3f ms < %d us' % (d, n, r['held_ms_min'], r['hold_us'])
           for d, rows in conc.items() for n, r in rows.items()
           if r['held_ms_min'] * 1e3 < r['hold_us']]
    check('hold-not-early', conc and not bad, '; '.join(bad[:4]) or 'no rows')

    bad = []
    for dep, mx in (('mainline', 1), ('serialized', 1)):
        got = fw.get('conc-' + dep, {}).get('max_in_fw')
        if got != mx:
            bad.append('%s: fakefw max_in_fw %s, not %d' % (dep, got, mx))
    for dep in ('multi-irq', 'multi-smc'):
        got = fw.get('conc-' + dep, {}).get('max_in_fw')
        if got is None or got < 2:
            bad.append('%s: fakefw max_in_fw %s, calls never overlapped in firmware' % (dep, got))
    check('concurrency-in-firmware', not bad, '; '.join(bad))

    bad = ['%s/%d: %.3f calls per hold' % (d, n, r['ratio_vs_ideal_serialized'] or 0)
           for d in ('mainline', 'serialized') for n, r in conc.get(d, {}).items()
           if not r['ratio_vs_ideal_serialized'] or r['ratio_vs_ideal_serialized'] > 1.02]
    check('serialized-bound', conc.get('mainline') and not bad,
          '; '.join(bad[:4]) or 'no rows (a serialized driver cannot beat one call per hold)')

    bad = []
    for b in boots:
        f = b['fw']
        if not f:
            bad.append('%s: no fakefw counters' % b.get('boot'))
            continue
        for k in ('abi_violations', 'busy', 'einval', 'faults'):
            if f.get(k):
                bad.append('%s: fakefw %s=%d' % (b.get('boot'), k, f[k]))
        dep = b.get('dep')
        if dep in ('mainline', 'serialized', 'multi-irq') and f.get('wake_answers'):
            bad.append('%s: WAKE answers in interrupt mode' % b.get('boot'))
        if dep == 'multi-smc' and f.get('irqs'):
            bad.append('%s: interrupts without an interrupt' % b.get('boot'))
    check('fakefw-clean', boots and not bad, '; '.join(bad[:4]))

    bad = ['%s %s %s' % (r['boot'], d, c) for tab in (fast_t, fast_i) for d, rows in tab.items()
           for c, r in rows.items() if r['failed'] or not r['p50'] > 0]
    check('fast-path-calls', (fast_t or fast_i) and not bad, 'failed or empty: ' + ', '.join(bad[:4]))

    # every boot's samples, then the deployments' figures over rounds
    bad = lat_errors([(r['boot'], r) for d in LAT_DEPS
                      for k, r in sorted(lat_rounds.get(d, {}).items())] +
                     [(r['boot'], r) for d, r in lat_icount.items()] +
                     [(d, r) for d, r in lat.items()], not meta.get('quick'))
    check('latency-samples', lat and not bad, '; '.join(bad[:4]) or 'no rows')
    os.makedirs(out, exist_ok=True)
    png = os.path.join(out, 'latency_cdf.png')
    check('latency-cdf-written', report_common.gnuplot(
        os.path.join(out, 'latency_cdf.gp'), cdf_gp(lat, lat_icount, out), [png]),
        'gnuplot did not write latency_cdf.png')

    gl = goals(conc)
    meta['kernels_booted'] = provenance.booted(
        [(b.get('kernel', '?'), os.path.join(b['dir'], 'console.log')) for b in boots])

    # ---- results.json and results.md
    res = {'meta': meta,
           'goals': [{'goal': t, 'met': ok} for t, ok in gl], 'throughput': [r for d in DEPS for n, r in sorted(conc.get(d, {}).items())],
           'fast_path_time': [r for d in FAST_DEPS for c, r in fast_t.get(d, {}).items()],
           'fast_path_time_rounds': [r for d in FAST_DEPS for c in CALLS
                                     for k, r in sorted(fast_rounds.get(d, {}).get(c, {}).items())],
           'fast_path_instructions': [r for d in FAST_DEPS for c, r in fast_i.get(d, {}).items()],
           # the raw samples ("_v") stay in the consoles
           'wake_latency': [public(lat[d]) for d in LAT_DEPS if d in lat],
           'wake_latency_instructions': [public(lat_icount[d]) for d in LAT_DEPS
                                         if d in lat_icount],
           'wake_latency_rounds': [public(r) for d in LAT_DEPS
                                   for k, r in sorted(lat_rounds.get(d, {}).items())],
           'not_runnable': [{'deployment': 'mainline, no interrupt',
                             'why': 'mainline 6.12 has no wake-up by SMC answer (WAKE) and no '
                                    'poll: a parked call would never be woken'}],
           'checks': [{'name': n, 'ok': ok, 'why': w} for n, ok, w in checks]}
    md = []
    q = ' (QUICK RUN: proves that it works, the numbers mean nothing)' if meta.get('quick') else ''
    md.append('# qcom_scm on 6.12: the series against mainline%s\n' % q)
    md.append('Same run, same kernels configuration (e2e kernels: lockdep on, HZ=250 periodic, '
              'no high-resolution timers), same module (`bench/pub`, public qcom_scm API only) on '
              'fakefw under QEMU TCG. Absolute times are not hardware numbers; read the ratios.\n')
    md.append('## Goals\n')
    for t, ok in gl:
        md.append('- %s %s' % ('met:' if ok else '**MISSED**:', t))
    md.append('')
    md.append('## Throughput: calls firmware holds (calls/s; ratio to mainline; to one call per hold)\n')
    hold = next((r['hold_us'] for rows in conc.values() for r in rows.values()), None)
    md.append('Each call of `qcom_scm_pas_auth_and_reset()` is parked by fakefw and released '
              '%s us after its SLEEP answer (`scm_waitq_sleep`, timer of 4 ms ticks: mean hold '
              'per cell below), then woken (interrupt, or WAKE answer). Median of %s '
              'repetitions of N clients x %s calls.\n' %
              (hold, next((r['reps'] for rows in conc.values() for r in rows.values()), '-'),
               next((r['calls_per_client'] for rows in conc.values() for r in rows.values()), '-')))
    md.append('| clients | ' + ' | '.join(SHORT[d] for d in DEPS) + ' | mainline, no irq |')
    md.append('|---:|' + '---:|' * len(DEPS) + '---|')
    for n in CLIENTS:
        cells = []
        for d in DEPS:
            r = conc.get(d, {}).get(n)
            if not r:
                cells.append('-')
                continue
            cells.append('%s (%s; %s)' % (fmt(r['calls_per_s_median']),
                                          ratio(r['calls_per_s_median'],
                                                (conc.get('mainline', {}).get(n) or {}).get('calls_per_s_median')),
                                          fmt(r['ratio_vs_ideal_serialized'], 2) + 'x'))
        md.append('| %d | %s | cannot run: no WAKE answers, no poll |' % (n, ' | '.join(cells)))
    md.append('')
    md.append('Mean hold (ms) per cell, from the SLEEP answer to the release: ' + '; '.join(
        '%s %s' % (SHORT[d], '/'.join(fmt(conc[d][n]['held_ms_mean'], 1) for n in CLIENTS if n in conc[d]))
        for d in DEPS if d in conc) + '.')
    md.append('Ideal serialized = 1 call per mean hold of the same cell; a ratio above 1 is calls '
              'held in firmware at once. It is the baseline of the goals: a measured serialized '
              'mode falls short of it, which flatters a speedup against that mode (in '
              'results.json each cell also has `ratio_vs_serialized`, against the series '
              'serialized).\n')
    md.append('## Fast path: a call firmware answers at once\n')
    md.append('`qcom_scm_io_readl()` (atomic, one SMC) and `qcom_scm_pas_supported()` (standard, '
              'two SMCs: IS_CALL_AVAIL and PAS_IS_SUPPORTED). Instructions: median per call of '
              'batches under `-icount shift=0` (one CPU, deterministic, fakefw included). Time: '
              'median ns per call of batches, -smp %s, median over rounds of three boots back '
              'to back (order rotated); its ratio is the median of the per-round ratios.\n'
              % next((b.get('smp') for b in boots if str(b.get('boot', '')).startswith(
                  ('fast-', 'conc-'))), meta.get('smp', '?')))
    md.append('| call | mainline | ours serialized | ratio | ours multi-call | ratio |')
    md.append('|---|---:|---:|---:|---:|---:|')
    for c in CALLS:
        for tab, unit, nd in ((fast_i, 'instr.', 1), (fast_t, 'ns', 0)):
            ml = tab.get('mainline', {}).get(c)
            se = tab.get('serialized', {}).get(c)
            mu = tab.get('multi-irq', {}).get(c)
            g = lambda r: fmt(r['p50'] if r else None, nd) + ' ' + unit  # noqa: E731
            if tab is fast_i:
                rs = ratio(se and se['p50'], ml and ml['p50'], 3)
                rm = ratio(mu and mu['p50'], ml and ml['p50'], 3)
            else:
                rr = lambda r: ('-' if not r or r['ratio_vs_mainline'] is None else  # noqa: E731
                                '%.3fx (rounds %s)' % (r['ratio_vs_mainline'], ', '.join(
                                    '%.2f' % x for x in r['ratio_vs_mainline_rounds'])))
                rs, rm = rr(se), rr(mu)
            md.append('| %s, %s | %s | %s | %s | %s | %s |' % (
                c, 'instructions' if tab is fast_i else 'time', g(ml), g(se), rs, g(mu), rm))
    md.append('')
    md.append('## Wake-up latency with the interrupt\n')
    md.append('From the release SMC returning with fakefw\'s interrupt pending (local interrupts '
              'masked until the time is taken) to the parked caller back from '
              '`qcom_scm_pas_auth_and_reset()`; one client, -smp %s, released %s us after the '
              'park; the first %s samples of each boot dropped. Nearest-rank percentiles of '
              'each boot\'s samples; with rounds, p50, p99 and p99.9 are the medians over rounds '
              'of three boots back to back (order rotated), the ratios those of these medians, '
              'max the largest, samples all. p99.9 only where every round resolves it (at least '
              'one sample beyond it: %d samples a round), else the cell says why. '
              '`latency_cdf.png`: the distributions.\n' %
              (next((r['smp'] for r in lat.values()), '-'),
               next((r['settle_us'] for r in lat.values()), '-'),
               next((r['dropped'] // max(r['rounds'], 1) for r in lat.values()), '-'),
               need_for(99.9)))
    md.append('| deployment | samples | p50 us | p99 us | p99.9 us | max us | p50 vs mainline | p99 vs mainline |')
    md.append('|---|---:|---:|---:|---:|---:|---:|---:|')
    mll = lat.get('mainline', {})
    rr = lambda a, b, v, k: ratio(a, b) + (  # noqa: E731
        '; per round %s (%s)' % ('-' if v is None else '%.2fx' % v,
                                 ', '.join('%.2f' % x for x in k)) if len(k) > 1 else '')
    for d in LAT_DEPS:
        r = lat.get(d)
        if r:
            md.append('| %s | %d | %s | %s | %s | %s | %s | %s |' % (
                SHORT[d], r['samples'], fmt(r['us_p50']), fmt(r['us_p99']), p999(r),
                fmt(r['us_max']),
                rr(r['us_p50'], mll.get('us_p50'), r['p50_ratio_vs_mainline'],
                   r['p50_ratio_vs_mainline_rounds']),
                rr(r['us_p99'], mll.get('us_p99'), r['p99_ratio_vs_mainline'],
                   r['p99_ratio_vs_mainline_rounds'])))
    if any(len(r['p50_ratio_vs_mainline_rounds']) > 1 for r in lat.values()):
        md.append('')
        md.append('Ratio columns: the ratio of the medians over rounds; then the median of the '
                  'per-round ratios and each round\'s. Where the two disagree, the host\'s load '
                  'moved more than the kernels differ.')
    if any(r['rounds'] > 1 for r in lat.values()):
        md.append('')
        md.append('All rounds pooled: ' + '; '.join(
            '%s %d samples, p50 %s, p99 %s, p99.9 %s, max %s us' % (
                SHORT[d], lat[d]['pooled']['samples'], fmt(lat[d]['pooled']['us_p50']),
                fmt(lat[d]['pooled']['us_p99']), p999(lat[d]['pooled']),
                fmt(lat[d]['pooled']['us_max'])) for d in LAT_DEPS if d in lat) + '.')
    md.append('')
    md.append('The same span in instructions (`icount-*` boots: -smp 1, `-icount shift=0`, so '
              '1 ns of guest time = 1 instruction executed, the kernel\'s and fakefw\'s; '
              'deterministic, free of the host\'s load):\n')
    md.append('| deployment | samples | p50 instr. | p99 instr. | p99.9 instr. | max instr. '
              '| p50 vs mainline |')
    md.append('|---|---:|---:|---:|---:|---:|---:|')
    mli = lat_icount.get('mainline', {})
    for d in LAT_DEPS:
        r = lat_icount.get(d)
        if r:
            md.append('| %s | %d | %s | %s | %s | %s | %s |' % (
                SHORT[d], r['samples'], fmt(r['instr_p50'], 0), fmt(r['instr_p99'], 0),
                p999(r, 'instr_', 0), fmt(r['instr_max'], 0),
                ratio(r['instr_p50'], mli.get('instr_p50'), 3)))
    md.append('')
    md.append('## Sanity checks\n')
    for n, ok, w in checks:
        md.append('- %s %s%s' % ('PASS' if ok else 'FAIL', n, '' if ok else ': ' + w))
    md.append('')
    md.append(provenance.markdown(meta))
    md.append('Deployments: ' + '; '.join('%s = %s' % (SHORT[d], DEP_TEXT[d]) for d in DEPS) + '.')

    ok_files = True
    try:
        with open(os.path.join(out, 'results.json'), 'w') as f:
            json.dump(res, f, indent=1)
        with open(os.path.join(out, 'results.md'), 'w') as f:
            f.write('\n'.join(md) + '\n')
    except OSError:
        ok_files = False
    check('files', ok_files and os.path.getsize(os.path.join(out, 'results.md')) > 0,
          'results.json/results.md not written')
    report_common.print_verdicts(checks, gl)


if __name__ == '__main__':
    sys.exit(report_common.main(sys.argv[1:], report, __doc__))
