"""What bench/report.py (6.1) and bench/report-6.12.py share: the median,
the verdict lines run.sh counts, and the command line."""
import glob
import os
import statistics
import sys

import ktap_check


def median(values):
    """The median, or None of no values."""
    return statistics.median(values) if values else None


def print_verdicts(checks, goals):
    """PASS/FAIL report/<check> lines (run.sh counts them) and goal lines."""
    for name, ok, why in checks:
        print('PASS report/%s' % name if ok else 'FAIL report/%s: %s' % (name, why))
    for text, ok in goals:
        print('goal %s: %s' % ('met' if ok else 'MISSED', text))


def main(argv, report, doc):
    """splats LOG: exit 1 when the kernel log has a splat (printed);
    report --out DIR [BOOT...]: report(DIR, boot dirs, default DIR/boots/*)."""
    if len(argv) == 2 and argv[0] == 'splats':
        with open(argv[1], errors='replace') as f:
            sp = ktap_check.splats(f.readlines())
        for i, kind, text in sp[:5]:
            print('%s at line %d: %s' % (kind, i, text[:160]), file=sys.stderr)
        return 1 if sp else 0
    if len(argv) >= 3 and argv[0] == 'report' and argv[1] == '--out':
        dirs = argv[3:] or sorted(glob.glob(os.path.join(argv[2], 'boots', '*')))
        report(argv[2], dirs)
        return 0
    print(doc, file=sys.stderr)
    return 2
