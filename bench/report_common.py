"""What bench/report.py (6.1) and bench/report-6.12.py share: the median,
the verdict lines run.sh counts, and the command line; the nearest-rank
percentiles and the latency CDF plot (gnuplot), which report-6.12.py uses
and which are those of report.py."""
import glob
import os
import statistics
import subprocess
import sys

import ktap_check


def median(values):
    """The median, or None of no values."""
    return statistics.median(values) if values else None


def pct(values, p):
    """Nearest-rank percentile p (0..100, to 0.001) of values."""
    v = sorted(values)
    if not v:
        return None
    # rank = ceil(p * n / 100) in integers: in floats 99.9 / 100 * 1000 is
    # 999.0000000000001, whose ceiling would make the p99.9 of 1000 the max
    k = max(1, -(-round(p * 1000) * len(v) // 100000))
    return v[min(k, len(v)) - 1]


def resolved(n, p):
    """Whether n samples resolve percentile p: at least one sample lies
    beyond it (p99.9: n >= 1000); otherwise pct() is the max in disguise."""
    return n * (100000 - round(p * 1000)) >= 100000


def rnd(x, digits=3):
    """x rounded for the JSON: 1 decimal from 100 on, else digits."""
    if x is None:
        return None
    if isinstance(x, float):
        if abs(x) >= 100:
            return round(x, 1)
        return round(x, digits)
    return x


def fmt(x, unit=''):
    """A table cell: '-' for None, 3 significant figures below 10."""
    if x is None:
        return '-'
    if isinstance(x, float):
        if abs(x) >= 1000:
            return '%.0f%s' % (x, unit)
        if abs(x) >= 10:
            return '%.1f%s' % (x, unit)
        return '%.3g%s' % (x, unit)
    return '%s%s' % (x, unit)


def need_for(p):
    """The fewest samples that resolve percentile p (p99.9: 1000)."""
    return -(-100000 // (100000 - round(p * 1000)))


def floors(values):
    """n, p50, p99, p99.9, max and min of a latency sample (nearest rank);
    p99.9 only when resolved, else None and p99_9_missing says why."""
    n = len(values)
    out = {'n': n, 'p50': pct(values, 50), 'p99': pct(values, 99),
           'p99_9': pct(values, 99.9) if resolved(n, 99.9) else None,
           'max': max(values) if values else None,
           'min': min(values) if values else None}
    if out['p99_9'] is None:
        out['p99_9_missing'] = '%d < %d samples' % (n, need_for(99.9))
    return out


def cdf_gp(panels, dat, png, title):
    """gnuplot lines of a CDF plot (latency_cdf.png of both reports): one
    panel per (panel title, x label, curves), a curve being (title, values,
    colour, style), style the line's gnuplot options ('' for solid, 2 wide);
    the sorted values go to the data file dat. [] when no curve has a
    value."""
    panels = [(t, x, [c for c in cs if c[1]]) for t, x, cs in panels]
    panels = [p for p in panels if p[2]]
    if not panels:
        return []
    gp = ['reset', 'set terminal pngcairo size %d,520 font ",11"' % (600 * max(len(panels), 2)),
          'set output "%s"' % png,
          'set multiplot layout 1,%d title "%s"' % (len(panels), title.replace('"', "'")),
          'set ylabel "fraction of samples"', 'set logscale x',
          'set yrange [0:1]', 'set key bottom right box opaque', 'set grid']
    idx = 0
    with open(dat, 'w') as f:
        for ptitle, xlabel, curves in panels:
            plots = []
            for ctitle, values, colour, style in curves:
                v = sorted(values)
                f.write('# %s: %s\n' % (ptitle, ctitle))
                for k, x in enumerate(v):
                    f.write('%g %g\n' % (x, (k + 1) / len(v)))
                f.write('\n\n')
                plots.append('"%s" index %d using 1:2 with lines %s lc rgb "%s" title "%s"'
                             % (dat, idx, style or 'lw 2', colour,
                                ctitle.replace('"', "'")))
                idx += 1
            gp.append('set title "%s"' % ptitle.replace('"', "'"))
            gp.append('set xlabel "%s"' % xlabel.replace('"', "'"))
            gp.append('plot ' + ', '.join(plots))
    gp.append('unset multiplot')
    return gp


def is_png(path):
    try:
        with open(path, 'rb') as f:
            return f.read(8) == b'\x89PNG\r\n\x1a\n'
    except OSError:
        return False


def gnuplot(script, lines, pngs):
    """Runs gnuplot on lines (saved as script) after removing the old pngs;
    returns the pngs that it wrote. A missing or failing gnuplot is said on
    stderr: the caller's check fails."""
    for png in pngs:
        if os.path.exists(png):
            os.unlink(png)
    if not lines:
        return []
    with open(script, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    try:
        subprocess.run(['gnuplot', script], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print('gnuplot failed: %s %s' % (e, getattr(e, 'stderr', '')), file=sys.stderr)
    return [png for png in pngs if is_png(png)]


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
