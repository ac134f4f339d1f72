#!/usr/bin/env python3
"""Print the arm64 Qualcomm boards whose DTS includes (directly or through
.dtsi files) a "qcom,scm" node, as make targets "qcom/<board>.dtb".

usage: dt-boards.py KERNEL_TREE
"""
import glob
import os
import re
import sys

d = os.path.join(sys.argv[1], 'arch/arm64/boot/dts/qcom')
text = {}
for f in glob.glob(os.path.join(d, '*.dts*')):
    with open(f, errors='replace') as fh:
        text[os.path.basename(f)] = fh.read()
have = {f for f, t in text.items() if re.search(r'compatible\s*=\s*"qcom,scm', t)}
incs = {f: set(re.findall(r'#include\s+"([^"]+)"', t)) for f, t in text.items()}
grew = True
while grew:
    grew = False
    for f, i in incs.items():
        if f not in have and i & have:
            have.add(f)
            grew = True
with open(os.path.join(d, 'Makefile')) as fh:
    built = set(re.findall(r'([\w,.+-]+)\.dtb\b', fh.read()))
for f in sorted(have):
    if f.endswith('.dts') and f[:-4] in built:
        print('qcom/%s.dtb' % f[:-4])
