#!/usr/bin/env python3
"""Print the lines of PATCHED that occur more often than in BASE.

usage: count-diff.py BASE PATCHED   (plain text files, one finding a line)
Output: "<extra count>\t<line>" sorted; empty when nothing is new.
"""
import collections
import sys


def load(path):
    with open(path, errors='replace') as f:
        return collections.Counter(l.rstrip('\n') for l in f if l.strip())


base, patched = load(sys.argv[1]), load(sys.argv[2])
for line in sorted(patched):
    extra = patched[line] - base.get(line, 0)
    if extra > 0:
        print('%d\t%s' % (extra, line))
