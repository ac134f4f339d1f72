#!/usr/bin/env python3
"""What produced a benchmark run, and whether it may be published.

usage: provenance.py start META --tree DIR --base DIR --patches DIR --base-rev REV
                           [--base-tree ID] [KEY=VALUE]...
       provenance.py built META NAME=BUILD_DIR...
       provenance.py end META [KEY=VALUE]...
       provenance.py publishable META FAILED

start (before the builds): writes META (JSON): project commit, both trees
(HEAD, uncommitted changes), the git patch-id of each commit REV..HEAD of the
tree and of each patch file of the patch directory, QEMU, gcc, host kernel,
CPU model, CPU count; KEY=VALUE adds the run's parameters (VALUE as JSON
when it parses, else a string).
built (after the builds, as the boots start): the release and the Image's
sha256 of each kernel, the date and the load average.
end: the date and load average at the end and (unless quick) whether both
trees are still what start saw and every Image what built saw: another job
on the machine may re-apply a tree or rebuild a kernel during the builds or
the boots.
publishable: exit 0 when the run may replace the published results (bench/
results*); else print each reason and exit 1. Used by run.sh --publish and
run-6.12.sh --publish, so both bases refuse alike.
"""
import hashlib
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def sh(args, stdin=None, cwd=None):
    """stdout of a command, '' when it fails (provenance never stops a run)."""
    try:
        return subprocess.run(args, input=stdin, cwd=cwd, capture_output=True,
                              text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ''


def git(tree, *args):
    return sh(['git', '-C', tree] + list(args)).strip()


def patch_id(diff):
    out = sh(['git', 'patch-id', '--stable'], stdin=diff).split()
    return out[0] if out else ''


def tree_series(tree, rev):
    """'patch-id subject' of each commit rev..HEAD, oldest first."""
    out = []
    for c in git(tree, 'rev-list', '--reverse', rev + '..HEAD').split():
        out.append('%s %s' % (patch_id(git(tree, 'show', c) + '\n'),
                              git(tree, 'log', '-1', '--format=%s', c)))
    return out


def dir_series(d):
    """'patch-id file' of each patch file NNNN-*.patch but the cover letter."""
    out = []
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if f.endswith('.patch') and f[:4].isdigit() and not f.startswith('0000-'):
            with open(os.path.join(d, f), errors='replace') as fh:
                out.append('%s %s' % (patch_id(fh.read()), f))
    return out


def tree_state(tree):
    """HEAD, its tree id and the tracked files changed but not committed."""
    return {'head': git(tree, 'rev-parse', 'HEAD'),
            'tree_id': git(tree, 'rev-parse', 'HEAD^{tree}'),
            'uncommitted': sh(['git', '-C', tree, 'status', '--porcelain',
                               '--untracked-files=no']).splitlines()}


def image_hash(build_dir):
    """sha256 of the kernel Image the boots load (None when missing)."""
    try:
        with open(os.path.join(build_dir, 'arch', 'arm64', 'boot', 'Image'), 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def first_line(args):
    out = sh(args).splitlines()
    return out[0] if out else 'unknown (%s failed)' % args[0]


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.split(':')[0].strip() in ('model name', 'Hardware'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def loadavg():
    try:
        with open('/proc/loadavg') as f:
            return ' '.join(f.read().split()[:3])
    except OSError:
        return 'unknown'


def now():
    return time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())


def value(v):
    try:
        return json.loads(v)
    except ValueError:
        return v


def start(meta_path, opts, extra):
    tree, base, rev = opts['tree'], opts['base'], opts['base_rev']
    series = tree_series(tree, rev)
    files = dir_series(opts['patches'])
    cross = os.environ.get('CROSS_COMPILE', 'aarch64-linux-gnu-')
    m = {
        'date_build_utc': now(),
        'project_commit': git(ROOT, 'describe', '--always', '--dirty') or 'unknown',
        # what --dirty stands for (build/ is ignored by git)
        'project_uncommitted': sh(['git', '-C', ROOT, 'status', '--porcelain',
                                   '--untracked-files=no']).splitlines(),
        'tree': tree, 'tree_head': git(tree, 'log', '-1', '--format=%h %s'),
        'tree_state': tree_state(tree),
        'base': base, 'base_head': git(base, 'log', '-1', '--format=%h %s'),
        'base_state': tree_state(base),
        'base_rev': rev, 'base_rev_tree_id': git(tree, 'rev-parse', rev + '^{tree}'),
        'base_tree_expected': opts.get('base_tree') or None,
        'series_patch_ids': series,
        'patches_dir': opts['patches'], 'patches_dir_patch_ids': files,
        'qemu': first_line(['qemu-system-aarch64', '--version']),
        'gcc': first_line([cross + 'gcc', '--version']),
        'host_kernel': platform.release(),
        'cpu': cpu_model(), 'nproc': os.cpu_count(),
    }
    m.update(extra)
    with open(meta_path, 'w') as f:
        json.dump(m, f, indent=1)


def built(meta_path, kernels):
    with open(meta_path) as f:
        m = json.load(f)
    m['kernels'] = {}
    for nd in kernels:
        name, d = nd.split('=', 1)
        k = m['kernels'][name] = {'build_dir': d, 'image_sha256': image_hash(d), 'release': None}
        try:
            with open(os.path.join(d, 'include', 'config', 'kernel.release')) as f:
                k['release'] = f.read().strip()
        except OSError:
            pass
    m['date_utc'] = now()
    m['loadavg_start'] = loadavg()
    with open(meta_path, 'w') as f:
        json.dump(m, f, indent=1)


def end(meta_path, extra):
    with open(meta_path) as f:
        m = json.load(f)
    m['date_end_utc'] = now()
    m['loadavg_end'] = loadavg()
    m.update(extra)
    # a quick run is never published: spare it the two git status (~0.5 s)
    if m.get('quick'):
        m['inputs_unchanged'] = 'not checked (quick run)'
    else:
        m['inputs_unchanged'] = (
            tree_state(m['tree']) == m.get('tree_state') and
            tree_state(m['base']) == m.get('base_state') and
            bool(m.get('kernels')) and
            all(image_hash(k['build_dir']) == k['image_sha256']
                for k in m['kernels'].values()))
    with open(meta_path, 'w') as f:
        json.dump(m, f, indent=1)


def refusals(m, failed):
    """Why this run may not replace the published results ([] = it may)."""
    why = []
    if m.get('quick'):
        why.append('a quick run measures nothing')
    if failed:
        why.append('the run has %d failure(s)' % failed)
    ids = [x.split()[0] for x in m.get('series_patch_ids') or [] if x.split()]
    want = [x.split()[0] for x in m.get('patches_dir_patch_ids') or [] if x.split()]
    if not want:
        why.append('no patch files in %s' % m.get('patches_dir'))
    elif ids != want:
        k = next((i for i, (a, b) in enumerate(zip(ids, want)) if a != b),
                 min(len(ids), len(want)))
        why.append('the tree is not the series of %s: git patch-ids of %s..HEAD differ '
                   '(%d commits, %d patch files, first difference at patch %d)'
                   % (m.get('patches_dir'), m.get('base_rev'), len(ids), len(want), k + 1))
    for t in ('tree', 'base'):
        st = m.get(t + '_state') or {}
        if not st.get('head'):
            why.append('the %s %s is not a git tree' % (t, m.get(t)))
        elif st.get('uncommitted'):
            why.append('the %s has uncommitted changes (built code is not its commits): %s'
                       % (t, ', '.join(st['uncommitted'][:3])))
    exp = m.get('base_tree_expected')
    if exp:
        if (m.get('base_state') or {}).get('tree_id') != exp:
            why.append('the unpatched base is not the base commit (tree %s, want %s)'
                       % ((m.get('base_state') or {}).get('tree_id'), exp))
        if m.get('base_rev_tree_id') != exp:
            why.append('the series does not sit on the base commit (%s is tree %s, want %s)'
                       % (m.get('base_rev'), m.get('base_rev_tree_id'), exp))
    if m.get('inputs_unchanged') is not True:
        why.append('a tree or a kernel image changed during the run (another job rebuilt or '
                   're-applied it), or the run\'s end was not recorded')
    return why


def booted(boots):
    """{kernel: [distinct "Linux version" banners]} of [(kernel, console.log)]:
    the booted kernel's own word on its release and compiler."""
    out = {}
    for kernel, log in boots:
        try:
            with open(log, errors='replace') as f:
                for i, line in enumerate(f):
                    if 'Linux version ' in line:
                        b = line.split('Linux version ', 1)[1].strip()
                        if b not in out.setdefault(kernel, []):
                            out[kernel].append(b)
                        break
                    if i > 200:
                        break
        except OSError:
            pass
    return out


def series_matches(m):
    """True/False: the tree's series is the patch directory's; None: unknown."""
    ids = [x.split()[0] for x in m.get('series_patch_ids') or [] if x.split()]
    want = [x.split()[0] for x in m.get('patches_dir_patch_ids') or [] if x.split()]
    if not ids or not want:
        return None
    return ids == want


FIELDS = [('date_build_utc', 'date (start of the builds)'),
          ('date_utc', 'date (start of the boots)'), ('date_end_utc', 'date (end)'),
          ('project_commit', 'project commit'), ('tree', 'tree'), ('tree_head', 'tree HEAD'),
          ('base', 'unpatched base'), ('base_head', 'base HEAD'), ('kernels', 'kernels built'),
          ('kernels_booted', 'kernels booted (their banner)'), ('qemu', 'QEMU'), ('gcc', 'gcc'),
          ('host_kernel', 'host kernel'), ('cpu', 'CPU'), ('nproc', 'CPUs'),
          ('loadavg_start', 'load average at start'), ('loadavg_end', 'load average at end'),
          ('inputs_unchanged', 'trees and Images unchanged during the run'),
          ('params', 'module parameters'), ('rounds', 'rounds')]
# shown only when a run recorded them (kernel_version: 6.12 runs before
# provenance.py)
OPTIONAL = [('kernel_version', 'kernel version'), ('smp', 'QEMU -smp'),
            ('secs', 'seconds in all'), ('boots_secs', 'seconds in all')]


def markdown(m):
    """The Provenance section of a results.md: every field, or "not recorded"."""
    def show(v):
        if isinstance(v, dict):
            return '; '.join('%s: %s' % (k, show(x)) for k, x in sorted(v.items()))
        if isinstance(v, list):
            return ', '.join('`%s`' % x for x in v)
        return '`%s`' % (v,) if isinstance(v, str) else str(v)

    L = ['## Provenance', '']
    for k, label in FIELDS + OPTIONAL:
        v = m.get(k)
        if v in (None, '', [], {}):
            if (k, label) not in OPTIONAL:
                L.append('- %s: **not recorded** by this run' % label)
        else:
            L.append('- %s: %s' % (label, show(v)))
    if m.get('project_uncommitted'):
        L.append('- project files changed but not committed: %s'
                 % ', '.join('`%s`' % x.strip() for x in m['project_uncommitted']))
    ok = series_matches(m)
    L.append('- series as applied = `%s`: %s' % (
        m.get('patches_dir', 'the patch directory'),
        {True: 'yes (same git patch-ids, same order)', False: '**NO**',
         None: '**not recorded** by this run'}[ok]))
    for k, what in (('series_patch_ids', 'series as applied (git patch-id, subject)'),
                    ('patches_dir_patch_ids', 'patch files (git patch-id, file)')):
        if m.get(k) and (k == 'series_patch_ids' or ok is False):
            L.append('- %s:' % what)
            L.extend('  - `%s`' % x for x in m[k])
    return '\n'.join(L) + '\n'


def main(argv):
    if len(argv) >= 2 and argv[0] == 'start':
        opts = {}
        extra = {}
        a = argv[2:]
        while a:
            k = a.pop(0)
            if k.startswith('--') and a:
                opts[k[2:].replace('-', '_')] = a.pop(0)
            elif '=' in k and not k.startswith('--'):
                extra[k.split('=', 1)[0]] = value(k.split('=', 1)[1])
            else:
                print('provenance.py: bad argument %s' % k, file=sys.stderr)
                return 2
        if not all(k in opts for k in ('tree', 'base', 'patches', 'base_rev')):
            print(__doc__, file=sys.stderr)
            return 2
        start(argv[1], opts, extra)
        return 0
    if len(argv) >= 3 and argv[0] == 'built':
        built(argv[1], argv[2:])
        return 0
    if len(argv) >= 2 and argv[0] == 'end':
        end(argv[1], {k: value(v) for k, v in (x.split('=', 1) for x in argv[2:])})
        return 0
    if len(argv) == 3 and argv[0] == 'publishable':
        with open(argv[1]) as f:
            why = refusals(json.load(f), int(argv[2]))
        for w in why:
            print(w)
        return 1 if why else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
