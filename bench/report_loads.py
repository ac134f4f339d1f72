"""The loads of many clients and the parts of a wake-up (bench/module's
scm_bench_loads.c and the floors and many-wq_ctx runs of
scm_bench_double.c), for bench/report.py: rows, goals and Markdown.

Every figure here is a ratio or a count of the same run: throughput
against its ideal (clients, or call contexts, per hold time), SMCs and
RESUMEs answered SLEEP again per completed call, the share of grants that
went to the call parked longest, the floor of a wake-up path as the sum of
its parts timed alone.
"""
from report_common import fmt as _fmt, median, pct, rnd as _rnd

# RESUMEs answered SLEEP again per call that a WAKE_ONE handoff may cost
# with the interrupt: one wakes one waiter, so only a new call taking the
# resource first (it is not handed over) makes the woken one park again
HANDOFF_EARLY_MAX = 0.1
# the first samples of a run where firmware errs include the driver's
# rate-limited console message (burst of 10)
RATELIMIT_BURST = 10


def _find(recs, **kw):
    return [r for r in recs if all(r.get(k) == v for k, v in kw.items())]


def _one(recs, **kw):
    r = _find(recs, **kw)
    return r[0] if r and r[0].get('v') else None


def _jain(x):
    """Jain's fairness index of shares x: 1 = equal, 1/n = one takes all."""
    s = sum(x)
    q = sum(v * v for v in x)
    return _rnd(s * s / (len(x) * q)) if q else None


def _calls_row(e, call, name, extra=None):
    """Throughput of one load: e = the elapsed record, call = per-call
    latencies; the counters per completed call."""
    tput = [e['calls'] * 1e9 / x for x in e['v'] if x > 0]
    done = e['calls'] * len(e['v'])
    row = {'name': name, 'where': e['where'], 'mode': e['mode'],
           'clients': e['clients'], 'unit': 'calls/s',
           'median': _rnd(median(tput)), 'p99': _rnd(pct(tput, 1)),
           'repetitions': len(tput), 'hold_us': e.get('hold_us'),
           'calls_per_repetition': e['calls']}
    for k in ('smcs', 'resumes', 'resumes_too_early', 'wakes', 'ebusy'):
        if k in e and done:
            row[k + '_per_call'] = _rnd(e[k] / done)
    if 'fw_busy_ns' in e and done:
        # from the call's arrival in firmware to its final answer: the
        # hold plus the wake-up path and the RESUME
        row['fw_ms_per_call'] = _rnd(e['fw_busy_ns'] / done / 1e6)
    row.update(split_fw_time(e))
    if call and call.get('v'):
        cv = [x / 1e6 for x in call['v']]
        row.update(call_ms_median=_rnd(median(cv)), call_ms_p99=_rnd(pct(cv, 99)),
                   call_ms_max=_rnd(max(cv)))
    row.update(extra or {})
    return row


def split_fw_time(e):
    """The time a held call spends in firmware beyond its hold, split:
    the double's own hrtimer firing late (not the driver's doing) and the
    wake-up path from the operation's end to the final answer."""
    if not e.get('held'):
        return {}
    return {'timer_late_ms': _rnd(e['fw_late_ns'] / e['held'] / 1e6),
            'wake_path_ms': _rnd(e['fw_wake_ns'] / e['held'] / 1e6)}


def hold_rows(recs, conc_rows):
    """Throughput at holds of 0.1 and 1 ms (hold_sweep) and 10 ms (the
    concurrency rows), 1 and 4 clients: against clients / hold."""
    rows = []
    for e in _find(recs, name='hold_sweep'):
        if not e['variant'].endswith('us') or not e.get('v'):
            continue
        call = _one(recs, name='hold_sweep', where=e['where'], mode=e['mode'],
                    clients=e['clients'], variant=e['variant'] + '_call')
        rows.append(_calls_row(e, call, 'hold_sweep'))
    for c in conc_rows:
        if c['where'] == 'double' and c['clients'] in (1, 4) and \
                c['mode'] in ('serialized', 'multi-irq', 'multi-smc'):
            r = {k: c[k] for k in ('where', 'mode', 'clients', 'median', 'p99',
                                   'hold_us', 'call_ms_median', 'call_ms_p99') if k in c}
            e = _one(recs, name='concurrency', where='double', mode=c['mode'],
                     clients=c['clients'], variant='elapsed')
            done = e['calls'] * len(e['v']) if e else 0
            for k in ('smcs', 'resumes_too_early'):
                if e and k in e and done:
                    r[k + '_per_call'] = _rnd(e[k] / done)
            if e and 'fw_busy_ns' in e and done:
                r['fw_ms_per_call'] = _rnd(e['fw_busy_ns'] / done / 1e6)
            if e:
                r.update(split_fw_time(e))
            rows.append(dict(r, name='hold_sweep', unit='calls/s', from_concurrency=True))
    for r in rows:
        r['ideal'] = _rnd(r['clients'] * 1e6 / r['hold_us'])
        r['ratio_vs_ideal'] = _rnd(r['median'] / r['ideal']) if r['median'] else None
        r['speedup_vs_ideal_serialized'] = _rnd(r['median'] * r['hold_us'] / 1e6) \
            if r['median'] else None
    rows.sort(key=lambda r: (r['hold_us'], r['mode'], r['clients']))
    return rows


def contention_rows(recs):
    rows = []
    for e in _find(recs, name='contention'):
        if e['variant'] not in ('wake_one', 'wake_all') or not e.get('v'):
            continue
        call = _one(recs, name='contention', where=e['where'], mode=e['mode'],
                    clients=e['clients'], variant=e['variant'] + '_call')
        g = e.get('grants') or []
        r = _calls_row(e, call, 'contention', {
            'wake': e['variant'], 'ideal': _rnd(1e6 / e['hold_us']),
            'grants_while_all_call': g, 'fairness_jain': _jain(g) if sum(g) else None,
            'handoffs': e.get('handoffs'),
            'fifo_share': _rnd(e['fifo'] / e['handoffs']) if e.get('handoffs') else None,
            'barged_per_call': _rnd(e.get('barged', 0) / (e['calls'] * len(e['v'])))})
        r['ratio_vs_ideal'] = _rnd(r['median'] / r['ideal']) if r['median'] else None
        rows.append(r)
    return rows


def contexts_rows(recs):
    rows = []
    for e in _find(recs, name='call_contexts'):
        if e['variant'] not in ('bounded', 'ebusy', 'no_queue') or not e.get('v'):
            continue
        call = _one(recs, name='call_contexts', where=e['where'], mode=e['mode'],
                    clients=e['clients'], variant=e['variant'] + '_call')
        r = _calls_row(e, call, 'call_contexts', {
            'driver': e['variant'], 'contexts': e['contexts'],
            'max_calls': e['max_calls'], 'ebusy': e['ebusy'], 'failed': e['failed'],
            'ideal': _rnd(e['contexts'] * 1e6 / e['hold_us'])})
        if 'fw_busy_ns' in e and sum(e['v']):
            # the share of the run's context time that calls held
            r['occupancy'] = _rnd(e['fw_busy_ns'] / (sum(e['v']) * e['contexts']))
        r['ratio_vs_ideal'] = _rnd(r['median'] / r['ideal']) if r['median'] else None
        rows.append(r)
    eb = [r for r in rows if r['driver'] == 'ebusy']
    for r in rows:
        if eb and eb[0]['median']:
            r['ratio_vs_ebusy'] = _rnd(r['median'] / eb[0]['median'])
    return rows


def idle_rows(recs):
    rows = []
    for e in _find(recs, name='parked_idle'):
        secs = e['elapsed_ns'] / 1e9
        rows.append({
            'name': 'parked_idle', 'where': e['where'], 'mode': e['mode'],
            'clients': e['clients'], 'unit': 'wake-ups/s', 'hold_us': e['hold_us'],
            'elapsed_ms': _rnd(e['elapsed_ns'] / 1e6),
            'smcs_per_call': _rnd(e['smcs'] / e['calls']),
            'resumes_per_call': _rnd(e['resumes'] / e['calls']),
            # a RESUME answered SLEEP again woke a CPU and firmware for nothing
            'median': _rnd(e['resumes_too_early'] / secs) if secs else None,
            'resumes_too_early': e['resumes_too_early'],
            'smcs_per_s': _rnd(e['smcs'] / secs) if secs else None})
        if 'sleeps' in e and secs:
            rows[-1]['sleeps_per_call'] = _rnd(e['sleeps'] / e['calls'])
            # one sleep per call is the park itself; with multi-call (32
            # contexts, 4 clients: no wait for one) every other woke the
            # client for nothing, with or without an SMC. Serialized, a
            # client also sleeps on the call lock: not told apart here.
            if e['mode'].startswith('multi'):
                rows[-1]['idle_wakeups_per_s'] = _rnd(max(e['sleeps'] - e['calls'], 0) / secs)
    for r in rows:
        r['p99'] = r['median']     # one run: its only value
    return rows


def cpus_rows(recs):
    rows = []
    for mode in ('serialized', 'multi-irq'):
        def per_call(variant, all_cpus):
            r = [x for x in _find(recs, name='fast_all_cpus', mode=mode, variant=variant)
                 if x.get('v') and (x['clients'] > 1) == all_cpus]
            return (median([v / r[0]['per'] for v in r[0]['v']]), r[0]) if r else (None, None)
        m1, one = per_call('standard', False)
        ma, a = per_call('standard', True)
        f1, _ = per_call('firmware_only', False)
        fa, _ = per_call('firmware_only', True)
        if not one or not a:
            continue
        row = {
            'name': 'fast_all_cpus', 'where': 'double', 'mode': mode,
            'clients': a['clients'], 'unit': 'ns/call', 'variant': 'standard',
            'median': _rnd(ma), 'p99': _rnd(pct([x / a['per'] for x in a['v']], 99)),
            'one_cpu_median': _rnd(m1), 'ratio_vs_one_cpu': _rnd(ma / m1) if m1 else None,
            'calls_per_s_all': _rnd(a['clients'] * 1e9 / ma) if ma else None,
            'calls_per_s_one': _rnd(1e9 / m1) if m1 else None}
        if f1 and fa is not None:
            # the double's handler alone, its one lock shared by every CPU:
            # how much of the ratio above is the double's, not the driver's
            # (a difference of two noisy medians would not say it better)
            row.update(firmware_one_cpu=_rnd(f1), firmware_all_cpus=_rnd(fa),
                       firmware_ratio_vs_one_cpu=_rnd(fa / f1))
        rows.append(row)
    return rows


def floor_rows(recs, lat_rows):
    """The floor of each wake-up path: the sum of the medians of its parts,
    each timed alone in the same boot, against the path's own median."""
    def part(name, per_call=False):
        r = _one(recs, name=name, where='double')
        if not r:
            return None
        v = [x / (r['per'] if per_call else 1) / 1e3 for x in r['v']]
        return median(v)

    def lat(name, mode):
        r = [x for x in lat_rows if x['name'] == name and x['where'] == 'double' and
             x['mode'] == mode]
        return r[0] if r else None

    hop = lat('completion_handoff', 'multi-irq')
    hop_smc = lat('completion_handoff', 'multi-smc')
    irq, gwc, std = (part('floor_irq_delivery'), part('floor_get_wq_ctx', True),
                     part('floor_standard_call', True))
    rows = []
    w = lat('wake_latency', 'multi-irq')
    if w and hop and irq is not None and gwc is not None:
        parts = {'irq_delivery_us': _rnd(irq), 'get_wq_ctx_us': _rnd(gwc),
                 'one_handoff_us': hop['median']}
        rows.append(_floor_row('irq', 'multi-irq', w, parts,
                               'interrupt delivery + one GET_WQ_CTX + one wake-up'))
    for name, what in (('wake_latency', 'from the WAKE answer'),
                       ('wake_latency_op_end', 'from the end of the operation')):
        w = lat(name, 'multi-smc')
        if not (w and hop_smc and std is not None):
            continue
        if name == 'wake_latency':
            # the carrier's driver ACKs the WAKE answer, then wakes the
            # parked call
            parts = {'standard_call_us': _rnd(std), 'one_handoff_us': hop_smc['median']}
            text = 'the ACK + one wake-up'
        else:
            # firmware's timer wakes the carrier thread, whose call is
            # answered WAKE, then the parked call wakes
            parts = {'carrier_handoff_us': hop_smc['median'],
                     'standard_calls_us': _rnd(2 * std), 'one_handoff_us': hop_smc['median']}
            text = 'waking the carrier + its call and the ACK + one wake-up'
        rows.append(_floor_row('smc ' + what, 'multi-smc', w, parts, text))
    return rows


def _floor_row(path, mode, w, parts, text):
    floor = sum(parts.values())
    return {'name': 'latency_floor', 'where': 'double', 'mode': mode, 'clients': 1,
            'unit': 'us', 'path': path, 'parts': parts, 'floor_text': text,
            'floor': _rnd(floor), 'median': w['median'], 'p99': w['p99'],
            'p99_9': w.get('p99_9'), 'max': w.get('max'), 'samples': w.get('samples'),
            'ratio_vs_floor': _rnd(w['median'] / floor) if floor else None}


def many_rows(recs):
    rows = []
    for e in _find(recs, name='many_wq_ctx'):
        v = [x / 1e3 for x in e['v'][RATELIMIT_BURST:]] if e['kind'] != 'wake' else \
            [x / 1e3 for x in e['v']]
        if not v:
            continue
        rows.append({'name': 'many_wq_ctx', 'where': e['where'], 'mode': e['mode'],
                     'clients': 1, 'unit': 'us', 'variant': e['variant'],
                     'kind': e['kind'], 'nr_ctx': e['nr_ctx'],
                     'median': _rnd(median(v)), 'p99': _rnd(pct(v, 99)),
                     'samples': len(v),
                     'get_wq_ctx_per_wake': _rnd(e['get_wq_ctx_calls'] / e['wakes'])
                     if e.get('wakes') else None})
    for r in rows:
        b = [x for x in rows if x['kind'] == 'wake' and x['nr_ctx'] == 1]
        if b and b[0]['median']:
            r['ratio_vs_wake_nr_ctx_1'] = _rnd(r['median'] / b[0]['median'])
    rows.sort(key=lambda r: (['wake', 'get_wq_ctx_fails', 'more_pending_endless']
                             .index(r['kind']), r['nr_ctx']))
    return rows


def rows(recs, conc_rows, lat_rows):
    """Every row of this module's measurements present in recs."""
    return (hold_rows(recs, conc_rows) + contention_rows(recs) + contexts_rows(recs) +
            idle_rows(recs) + cpus_rows(recs) + floor_rows(recs, lat_rows) +
            many_rows(recs))


# the row names, and the field each one's ratio is in
RATIO_FIELD = {
    'hold_sweep': 'ratio_vs_ideal', 'contention': 'ratio_vs_ideal',
    'call_contexts': 'ratio_vs_ideal', 'parked_idle': 'smcs_per_call',
    'fast_all_cpus': 'ratio_vs_one_cpu', 'latency_floor': 'ratio_vs_floor',
    'many_wq_ctx': 'ratio_vs_wake_nr_ctx_1',
}
# what a full run must have
NEEDED = ['hold_sweep', 'contention', 'call_contexts', 'parked_idle', 'fast_all_cpus',
          'latency_floor', 'many_wq_ctx']


def goals(rs):
    """(text, met) for the checks of these loads that can fail."""
    out = []
    for r in rs:
        if r['name'] == 'contention' and r['wake'] == 'wake_one' and r['mode'] == 'multi-irq':
            x = r.get('resumes_too_early_per_call') or 0
            out.append(('contention on one wq_ctx, WAKE_ONE handoff with the interrupt, %d '
                        'clients: %.3f RESUMEs answered SLEEP again per call (goal <= %g: a '
                        'handoff wakes one waiter)' % (r['clients'], x, HANDOFF_EARLY_MAX),
                        x <= HANDOFF_EARLY_MAX))
        if r['name'] == 'call_contexts' and r['driver'] == 'bounded' and r['clients'] > 8:
            out.append(('16 clients on 8 call contexts, driver bounded to 8: %d EBUSY '
                        'answers, %d failed calls (goal 0 and 0: the driver queues what '
                        'firmware cannot take)' % (r['ebusy'], r['failed']),
                        r['ebusy'] == 0 and r['failed'] == 0))
        if r['name'] == 'parked_idle' and r['mode'] in ('multi-irq', 'serialized'):
            out.append(('calls parked for %g ms with the interrupt (%s): %d RESUMEs answered '
                        'SLEEP again (goal 0: nothing polls)'
                        % (r['hold_us'] / 1000.0, r['mode'], r['resumes_too_early']),
                        r['resumes_too_early'] == 0))
    return out


def _table(L, align, head, rows):
    """A Markdown table and the blank line after it; align has an l or r
    for each column."""
    L.append('| %s |' % ' | '.join(head))
    L.append('|%s|' % '|'.join('---' if a == 'l' else '---:' for a in align))
    L.extend('| %s |' % ' | '.join(str(c) for c in row) for row in rows)
    L.append('')


def markdown(rs, first=5):
    """Sections numbered from first; [] without rows."""
    L = []
    n = first

    def sec(title, text):
        nonlocal n
        L.extend(['## %d. %s' % (n, title), '', text, ''])
        n += 1

    fl = [r for r in rs if r['name'] == 'latency_floor']
    if fl:
        sec('Latency floors per path (firmware double, `-smp 1`)',
            'Each path\'s floor is the sum of the medians of its parts, each timed alone in '
            'the same boot: interrupt delivery (a bare threaded irq_sim interrupt made '
            'pending on CPU 0 from an hrtimer, timed to its thread), one GET_WQ_CTX (atomic '
            'call answered WAKE_NONE, batches), one standard call answered at once, one '
            'completion handoff between kthreads. Without the interrupt a wake-up rides on '
            'another call\'s answer: "from the end of the operation" includes waiting for '
            'that carrier (here a thread firmware\'s timer wakes; with no other traffic it '
            'is the 10 ms poll, see parked idle).')
        _table(L, 'llrrrrrrr',
               ['path', 'floor (parts)', 'floor us', 'p50 us', 'p99 us', 'p99.9 us',
                'max us', 'samples', 'p50 / floor'],
               [[r['path'],
                 '%s: %s' % (r['floor_text'],
                             ' + '.join('%s %s' % (k[:-3].replace('_', ' '), _fmt(v))
                                        for k, v in r['parts'].items())),
                 _fmt(r['floor']), _fmt(r['median']), _fmt(r['p99']), _fmt(r.get('p99_9')),
                 _fmt(r.get('max')), r.get('samples', '-'), _fmt(r['ratio_vs_floor'], 'x')]
                for r in fl])
    hs = [r for r in rs if r['name'] == 'hold_sweep']
    if hs:
        sec('Hold times of 0.1, 1 and 10 ms (firmware double)',
            'The concurrency run at shorter holds (10 ms: the concurrency rows), 1 and 4 '
            'clients, each on its own wq_ctx. Ideal = clients / hold. At short holds the '
            'per-call overhead and, without the interrupt, the wait for a carrier or for '
            'the 10 ms poll weigh more. A call\'s time in firmware beyond its hold is '
            'split: the double\'s own hrtimer firing late (the host\'s doing, not the '
            'driver\'s) and the wake-up path, from the end of the operation to the final '
            'answer (interrupt or carrier or poll, GET_WQ_CTX, wake-up, RESUME).')
        _table(L, 'rlrrrrrrrrrrrr',
               ['hold ms', 'mode', 'clients', 'calls/s median', 'ideal', 'of ideal',
                'x ideal serialized', 'SMCs/call', 'early RESUMEs/call', 'ms in firmware/call',
                'of which timer late', 'of which wake path', 'call ms p50', 'call ms p99'],
               [[_fmt(r['hold_us'] / 1000.0), r['mode'], r['clients'], _fmt(r['median']),
                 _fmt(r['ideal']), _fmt(r.get('ratio_vs_ideal')),
                 _fmt(r.get('speedup_vs_ideal_serialized'), 'x'),
                 _fmt(r.get('smcs_per_call')), _fmt(r.get('resumes_too_early_per_call')),
                 _fmt(r.get('fw_ms_per_call')), _fmt(r.get('timer_late_ms')),
                 _fmt(r.get('wake_path_ms')), _fmt(r.get('call_ms_median')),
                 _fmt(r.get('call_ms_p99'))] for r in hs])
    ct = [r for r in rs if r['name'] == 'contention']
    if ct:
        sec('Contention on one wq_ctx (firmware double, multi-call: serialized, one call is '
            'in firmware at a time and nothing contends there)',
            'Clients need one firmware resource, which each call holds for %s ms and then '
            'returns (an operation that firmware runs on); a call that finds it busy is '
            'parked on one wq_ctx, which firmware wakes when the resource frees up, with '
            'WAKE_ONE (one waiter is resumed) or WAKE_ALL (every waiter races; the losers '
            'are parked again). The resource is not handed over: a new call can take it '
            'before the woken waiter resumes ("barged"). Ideal = one call per hold. Early '
            'RESUMEs = RESUMEs that found the resource busy. FIFO = the share of grants to a '
            'woken waiter that went to the one parked longest; Jain = fairness of the '
            'grants per client while every client still called (1 = equal, 1/n = one took '
            'all).' % _fmt(ct[0]['hold_us'] / 1000.0))
        _table(L, 'llrrrrrrrrrrr',
               ['mode', 'wake', 'clients', 'calls/s median', 'of ideal', 'early RESUMEs/call',
                'SMCs/call', 'FIFO', 'barged/call', 'Jain', 'call ms p50', 'call ms p99',
                'call ms max'],
               [[r['mode'], r['wake'].upper(), r['clients'], _fmt(r['median']),
                 _fmt(r.get('ratio_vs_ideal')), _fmt(r.get('resumes_too_early_per_call')),
                 _fmt(r.get('smcs_per_call')), _fmt(r.get('fifo_share')),
                 _fmt(r.get('barged_per_call')), _fmt(r.get('fairness_jain')),
                 _fmt(r.get('call_ms_median')), _fmt(r.get('call_ms_p99')),
                 _fmt(r.get('call_ms_max'))] for r in ct])
    cc = [r for r in rs if r['name'] == 'call_contexts']
    if cc:
        sec('More clients than call contexts: 16 clients, 8 contexts (firmware double)',
            'Firmware holds each call %s ms and has 8 call contexts; it answers a new call '
            'beyond them EBUSY. "bounded": the driver knows of the 8 and queues the other '
            'calls itself, handing a context to the next in line as a call completes. '
            '"ebusy": a driver that believes in 16 sends every call, and retries an EBUSY '
            'answer after 30 ms (21 times at most). "no_queue": 8 clients, nobody waits in '
            'line. Ideal = 8 calls per hold. Contexts busy = the share of the run\'s '
            'context time that calls spent in firmware; ms in firmware/call = from a '
            'call\'s arrival to its final answer (the hold, the wake-up path, the RESUME).'
            % _fmt(cc[0]['hold_us'] / 1000.0))
        _table(L, 'lrrrrrrrrrrrr',
               ['driver', 'clients', 'calls/s median', 'of ideal', 'vs ebusy', 'contexts busy',
                'ms in firmware/call', 'EBUSY answers', 'failed', 'SMCs/call', 'call ms p50',
                'call ms p99', 'call ms max'],
               [[r['driver'], r['clients'], _fmt(r['median']), _fmt(r.get('ratio_vs_ideal')),
                 _fmt(r.get('ratio_vs_ebusy'), 'x'), _fmt(r.get('occupancy')),
                 _fmt(r.get('fw_ms_per_call')), r['ebusy'], r['failed'],
                 _fmt(r.get('smcs_per_call')), _fmt(r.get('call_ms_median')),
                 _fmt(r.get('call_ms_p99')), _fmt(r.get('call_ms_max'))] for r in cc])
    pi = [r for r in rs if r['name'] == 'parked_idle']
    if pi:
        sec('Calls parked for long: SMCs per call and wake-ups for nothing (firmware double)',
            'Four clients, one call each, held %s ms. Every RESUME answered SLEEP again woke '
            'a CPU and entered firmware for nothing: that is the power cost of a poll; '
            'client sleeps/call are its voluntary context switches: one is the park; '
            'serialized, a client also waits for the call lock; with multi-call every '
            'other sleep is a wake-up for nothing, including polls that found another '
            'call in firmware and slept again without an SMC (per second in the next '
            'column, multi-call only). The '
            'fewest SMCs a call needs: with the interrupt 3 (the call, GET_WQ_CTX, RESUME); '
            'without it the call and its RESUME plus what brings the wake-up.'
            % _fmt(pi[0]['hold_us'] / 1000.0))
        _table(L, 'lrrrrrrrr',
               ['mode', 'elapsed ms', 'SMCs/call', 'RESUMEs/call',
                'RESUMEs answered SLEEP again', 'per second', 'client sleeps/call',
                'wake-ups for nothing per second', 'SMCs per second'],
               [[r['mode'], _fmt(r['elapsed_ms']), _fmt(r['smcs_per_call']),
                 _fmt(r['resumes_per_call']), r['resumes_too_early'], _fmt(r['median']),
                 _fmt(r.get('sleeps_per_call')), _fmt(r.get('idle_wakeups_per_s')),
                 _fmt(r['smcs_per_s'])] for r in pi])
    fc = [r for r in rs if r['name'] == 'fast_all_cpus']
    if fc:
        sec('The fast path from every CPU at once (firmware double)',
            'Standard calls that firmware answers at once, one client bound to each CPU, '
            'against one client alone, ns per call (median of batches). Serialized, the '
            'clients queue on the SCM mutex; with multi-call they share the call-context '
            'counter. QEMU\'s TCG models no caches: what shows is the lock and the host\'s '
            'atomics, not cache lines moving between cores; and its vCPUs share the '
            'host\'s cores, so all-CPU figures also carry that. The double\'s SMC handler '
            'takes one lock that all CPUs share: "the double alone" times that handler '
            'called directly, from one CPU and from all: as much of the ratio is the '
            'double\'s, not the driver\'s.')
        _table(L, 'lrrrrrrrr',
               ['mode', 'CPUs', 'ns/call one CPU', 'ns/call each, all CPUs', 'ratio',
                'the double alone: one CPU, all CPUs', 'its ratio', 'calls/s one CPU',
                'calls/s all CPUs'],
               [[r['mode'], r['clients'], _fmt(r['one_cpu_median']), _fmt(r['median']),
                 _fmt(r.get('ratio_vs_one_cpu'), 'x'),
                 '%s, %s' % (_fmt(r.get('firmware_one_cpu')), _fmt(r.get('firmware_all_cpus'))),
                 _fmt(r.get('firmware_ratio_vs_one_cpu'), 'x'),
                 _fmt(r.get('calls_per_s_one')), _fmt(r.get('calls_per_s_all'))] for r in fc])
    mw = [r for r in rs if r['name'] == 'many_wq_ctx']
    if mw:
        sec('Many wait queues: 1, 32 and 255 (firmware double, `-smp 1`)',
            'A call parked on the last wait queue (1 ms hold: it is asleep), then woken '
            'by its GET_WQ_CTX answer ("wake"), or, when firmware gets GET_WQ_CTX wrong, '
            'by resuming every '
            'parked call, which walks every wait queue: after a failed GET_WQ_CTX, or after '
            'the loop bound (2 x wait queues, at least 16) when more_pending never clears. '
            'Signal to RESUME; the three kinds take turns sample by sample; the mistake '
            'kinds drop their first %d samples (the driver\'s rate-limited message). '
            'Reported, not judged: with a correct firmware the loop makes one GET_WQ_CTX '
            'per wake-up whatever the count.' % RATELIMIT_BURST)
        _table(L, 'lrrrrrr',
               ['wake-up', 'wait queues', 'p50 us', 'p99 us', 'samples',
                'GET_WQ_CTX per wake-up', 'p50 vs wake at 1'],
               [[r['kind'], r['nr_ctx'], _fmt(r['median']), _fmt(r['p99']), r['samples'],
                 _fmt(r.get('get_wq_ctx_per_wake')), _fmt(r.get('ratio_vs_wake_nr_ctx_1'), 'x')]
                for r in mw])
    return L
