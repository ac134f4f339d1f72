#!/usr/bin/env python3
"""The series as a mailing list delivers it, for "b4 am -m".

  b4-mbox.py OUT PATCH...   writes OUT: the patch files (cover letter
                            first) as one mbox, each message with a
                            Message-Id, the patches in reply to the cover

git format-patch adds no Message-Id unless told to thread, and b4 needs
one per message.  Subject lines are unfolded, as a list archive's parser
hands them over: b4 0.12 (Debian bookworm) fails on a folded Subject in
a local mbox (Python 3.11 refuses the linefeed when it copies the header).
"""
import re
import sys


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    msgs = []
    for i, path in enumerate(paths):
        with open(path) as f:
            text = f.read()
        head, sep, body = text.partition('\n\n')
        head = re.sub(r'\n[ \t]+', ' ', head)
        ids = 'Message-Id: <scm-waitq-%d@example.org>' % i
        if i:
            ids += '\nIn-Reply-To: <scm-waitq-0@example.org>'
        head = head.replace('\nSubject:', '\n%s\nSubject:' % ids, 1)
        msgs.append(head + sep + body)
    with open(out, 'w') as f:
        f.write(''.join(m if m.endswith('\n') else m + '\n' for m in msgs))


if __name__ == '__main__':
    main()
