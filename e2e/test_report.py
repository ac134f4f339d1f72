#!/usr/bin/env python3
"""Self-tests of report.py's verdict on a boot of mainline's driver (the
mainline-* scenarios): a healthy boot passes, and each thing that must fail
it does, with its reason.  The fixture is a boot of the unpatched 6.12
kernel on fakefw (mainline-irq), cut to the lines report.py reads.

  e2e/test_report.py     one PASS/FAIL line per case, last
                         "report: N passed, N failed"
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, 'report.py')

SCENARIO = {'name': 'mainline-irq', 'el': '1', 'irq': 'yes', 'multi': 'no',
            'fw': 'wake_mode=irq,multi_call=0', 'client': '-', 'expect': '-',
            'driver': 'mainline', 'base': '6.12', 'qemu_rc': 0, 'timeout': 300,
            'secs': 3}

CONSOLE = """\
[    0.021105] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.589239] qcom_scm: convention: smc arm 64
[    1.044548] KTAP version 1
[    1.044963] 1..0
scm-e2e: loading /scm_e2e_client.ko (params "threads=4 rounds=4")
[    1.328390]     KTAP version 1
[    1.328856]     # Subtest: qcom_scm_e2e
[    1.329355]     1..2
[    1.341677]     ok 1 e2e_scm_is_available
[    1.486390]     ok 2 e2e_pas_contended_calls_all_return
[    1.619407] # qcom_scm_e2e: pass:2 fail:0 skip:0 total:2
[    1.619884] ok 1 qcom_scm_e2e
[    1.620178] scm-e2e: results pas_ok=38 pas_eio=0 io_ok=52 io_eio=0 other=0
[    1.620400] scm-e2e: events begin (mainline qcom_scm trace points scm_waitq_sleep, scm_waitq_resume, scm_waitq_get_wq_ctx; probes attached before the first call)
[    1.620717] scm-e2e: events calls: 92
[    1.620830] scm-e2e: events parks: 31
[    1.620945] scm-e2e: events wakes_irq: 31
[    1.621062] scm-e2e: events get_wq_ctx: 31
[    1.621190] scm-e2e: events get_wq_ctx_not_wake_one: 0
[    1.621331] scm-e2e: events resumes: 31
[    1.621457] scm-e2e: events longest_park_us: 10981
[    1.621592] scm-e2e: events end
scm-e2e: interrupts  14:         31          0          0          0     GICv3 232 Edge      qcom-scm
scm-e2e: no /sys/kernel/debug/qcom_scm: the driver keeps no wait-queue state in debugfs
scm-e2e: init done rc=0
[    1.648723] reboot: Power down
"""

FWLOG = """\
fakefw: config nr_calls=16 nr_wq=16 wake_mode=irq multi_call=0 fault=none spi=200 release_flags=one pas_duration=8 tick_per_call=1 call_ctxs=0 wq_ctx_base=0 info_irq=1
fakefw: counters calls=158 unknown=1 sleeps=31 resleeps=0 resumes=31 acks=0 wake_answers=0 irqs=31 get_wq_ctx=31 wakes=31 acquires=38 releases=38 ebusy=0 einval=0 faults=0 queue_overflow=0 resume_idle=0 resume_beaten=0 abi_violations=0 busy=0 max_in_fw=1
fakefw: SYSTEM_OFF via secure GPIO line 0
"""

EVENTS_END = '[    1.621592] scm-e2e: events end\n'


def sub(pattern, repl):
    return lambda c, f, s: (re.sub(pattern, repl, c, flags=re.M), f, s)


def fwsub(pattern, repl):
    return lambda c, f, s: (c, re.sub(pattern, repl, f), s)


def before_events_end(line):
    return lambda c, f, s: (c.replace(EVENTS_END, line + '\n' + EVENTS_END), f, s)


def scenario(**kw):
    return lambda c, f, s: (c, f, dict(s, **kw))


# name, mutation of (console, fw.log, scenario), what the verdict must say
# (None: PASS)
CASES = [
    ('healthy', lambda c, f, s: (c, f, s), None),
    ('unknown-sdi-call-not-judged', fwsub(r'unknown=1', 'unknown=3'), None),
    ('hang', scenario(qemu_rc=124), r'hang: QEMU did not exit'),
    ('hung-task', before_events_end(
        '[   30.000000] INFO: task scm_e2e/0:77 blocked for more than 20 seconds.'),
     r'hung task'),
    ('splat', before_events_end('[    1.6] WARNING: CPU: 0 PID: 1 at drivers/firmware/qcom/qcom_scm.c:1929'),
     r'WARNING'),
    ('failed-case', sub(r'    ok 2 e2e_pas', '    not ok 2 e2e_pas'), r'KTAP/log'),
    ('no-lockdep', sub(r'^.*Lock dependency validator.*\n', ''), r'no lockdep'),
    ('driver-error', before_events_end(
        '[    1.6] qcom_scm firmware:scm: GET_WQ_CTX SMC call failed: -22'),
     r'driver errors: GET_WQ_CTX SMC call failed'),
    ('bad-flags', before_events_end(
        '[    1.6] qcom_scm firmware:scm: Invalid flags received for wq_ctx: 0'),
     r'driver errors: Invalid flags'),
    ('no-events', sub(r'^.*scm-e2e: events end\n', ''), r'no qcom_scm event counts'),
    ('parks-vs-sleeps', fwsub(r'sleeps=31', 'sleeps=32'), r'parks 31 != fakefw SLEEP answers 32'),
    ('no-park', lambda c, f, s: (
        re.sub(r'events (parks|resumes|wakes_irq|get_wq_ctx): 31', r'events \1: 0', c),
        re.sub(r'(sleeps|resumes|irqs|get_wq_ctx|wakes)=31', r'\1=0', f), s),
     r'no call parked'),
    ('resume-missing', sub(r'events resumes: 31', 'events resumes: 30'),
     r'31 parks but 30 resumes'),
    ('getwq-count', fwsub(r'get_wq_ctx=31', 'get_wq_ctx=33'),
     r'traced 31 GET_WQ_CTX answers, fakefw answered 33'),
    ('not-wake-one', sub(r'get_wq_ctx_not_wake_one: 0', 'get_wq_ctx_not_wake_one: 2'),
     r'2 GET_WQ_CTX answers not WAKE_ONE'),
    ('more-wakes-than-posted', fwsub(r'wakes=31', 'wakes=30'),
     r'more wake-ups \(31\) than fakefw posted \(30\)'),
    ('wake-answers', fwsub(r'wake_answers=0', 'wake_answers=1'), r'answered WAKE 1 times'),
    ('abi-violation', fwsub(r'abi_violations=0', 'abi_violations=1'), r'ABI violations'),
    ('not-serialized', fwsub(r'max_in_fw=1', 'max_in_fw=2'), r'serialized: fakefw had 2 calls'),
    ('ebusy', fwsub(r'ebusy=0', 'ebusy=3'), r'answered EBUSY 3 times'),
    ('fault', fwsub(r'faults=0', 'faults=1'), r'fakefw injected 1 faults'),
    ('no-interrupt-line', sub(r'^scm-e2e: interrupts.*\n', ''),
     r'no qcom-scm interrupt in /proc/interrupts'),
    ('interrupt-never-fired', sub(r'14:         31 ', '14:          0 '),
     r'the qcom-scm interrupt never fired'),
    ('interrupt-more-than-raised', sub(r'14:         31 ', '14:         40 '),
     r'fired 40 times, fakefw raised it 31 times'),
    ('interrupt-without-source', lambda c, f, s: (
        c, f, dict(s, irq='no', fw='wake_mode=irq,multi_call=0,info_irq=0')),
     r'although neither DT nor GET_INFO gives one'),
    ('init-failed', sub(r'init done rc=0', 'init done rc=1'), r'/init did not finish'),
    # the same logs judged as a boot of the series: its debugfs state is missing
    ('series-needs-state', scenario(driver='series'), r'no debugfs state'),
]


def run_case(tmp, mutate):
    console, fwlog, sc = mutate(CONSOLE, FWLOG, dict(SCENARIO))
    d = os.path.join(tmp, 'boot')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, 'console.log'), 'w') as f:
        f.write(console)
    with open(os.path.join(d, 'fw.log'), 'w') as f:
        f.write(fwlog)
    with open(os.path.join(d, 'scenario.json'), 'w') as f:
        json.dump(sc, f)
    p = subprocess.run([sys.executable, REPORT, 'check', d], capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr).strip()


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, mutate, want in CASES:
            rc, out = run_case(tmp, mutate)
            if want is None:
                ok = rc == 0 and out.startswith('PASS ')
            else:
                ok = rc == 1 and out.startswith('FAIL ') and re.search(want, out)
            if ok:
                passed += 1
                print('PASS report/%s' % name)
            else:
                failed += 1
                print('FAIL report/%s: want %s, got rc %d: %s'
                      % (name, want or 'PASS', rc, out[:300]))
    print('report: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
