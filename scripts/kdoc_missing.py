#!/usr/bin/env python3
"""Non-static functions of a C file that have no kernel-doc comment.

  kdoc_missing.py FILE [NAME]   prints "NAME:LINE: FUNC() has no kernel-doc"
                                for each one, NAME (default FILE) in messages

A definition starts at column 0, is not static, and its body's "{" opens
at column 0 on a later line (kernel style).  Its kernel-doc is a "/**"
comment that ends right above it and names "FUNC()".
"""
import re
import sys

DEF = re.compile(r'^(?!static\b|#|typedef\b|struct\b[^(]*;|extern\b)'
                 r'[A-Za-z_][\w \*]*?\b(\w+)\(')


def missing(text):
    lines = text.split('\n')
    out = []
    for i, line in enumerate(lines):
        m = DEF.match(line)
        if not m or line.rstrip().endswith(';'):
            continue
        # the signature must end in a line "{" at column 0 before any ";"
        j = i
        while j < len(lines) and not lines[j].startswith('{'):
            if lines[j].rstrip().endswith(';') or (j > i and DEF.match(lines[j])):
                j = -1
                break
            j += 1
        if j < 0 or j >= len(lines):
            continue
        name = m.group(1)
        k = i - 1
        ok = False
        if k >= 0 and lines[k].strip() == '*/':
            while k >= 0 and not lines[k].lstrip().startswith('/*'):
                k -= 1
            ok = k >= 0 and lines[k].startswith('/**') and \
                k + 1 < len(lines) and re.match(r'^ \* %s\(\)' % re.escape(name), lines[k + 1]) is not None
        if not ok:
            out.append((i + 1, name))
    return out


def main():
    path = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else path
    with open(path, errors='replace') as f:
        found = missing(f.read())
    for line, func in found:
        print('%s:%d: %s() has no kernel-doc' % (name, line, func))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
