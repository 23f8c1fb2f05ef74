#!/usr/bin/env python3
# check-po.py - the catalogue's test (TAP): extracts the marked strings of every file in
# po/POTFILES with xgettext (keywords from po/XGETTEXT_ARGS, as the build does) and fails for
# each one vi.po does not translate (missing, empty or fuzzy), naming the source line; checks
# vi.po with `msgfmt --check` (format directives of each translation match its msgid); and
# fails when vieclam.pot is stale (a string marked in the sources that the committed template
# lacks); sweeps the command line: every cli/*.c is listed, and no message it prints is left
# outside _() (JSON and lines marked machine-read excepted); and fails when a source of the
# library (engine/src/**) or of the server that calls a message function or marks text is not in
# po/POTFILES. Usage: check-po.py SOURCE_ROOT
import ast
import glob
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, 'po')
results = []


def check(name, ok, detail=''):
    results.append((name, ok, detail))


def parse_po(path):
    """[(msgid, msgid_plural, [msgstr...], fuzzy, references)], header excluded."""
    entries = []
    with open(path, encoding='utf-8') as f:
        blocks = f.read().split('\n\n')
    for b in blocks:
        d, cur, flags, refs = {}, None, '', []
        for line in b.split('\n'):
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if m:
                cur = m.group(1)
                d[cur] = ast.literal_eval(m.group(2))
            elif line.startswith('"') and cur:
                d[cur] += ast.literal_eval(line)
            else:
                cur = None
                if line.startswith('#,'):
                    flags += line
                elif line.startswith('#:'):
                    refs += line[2:].split()
        if 'msgid' not in d or d['msgid'] == '' or b.lstrip().startswith('#~'):
            continue
        strs = [v for k, v in sorted(d.items()) if k.startswith('msgstr')]
        entries.append((d['msgid'], d.get('msgid_plural'), strs, 'fuzzy' in flags, refs))
    return entries


args = [a for a in open(os.path.join(po_dir, 'XGETTEXT_ARGS')).read().split('\n') if a]
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'fresh.pot')
    r = subprocess.run(['xgettext'] + args + ['-f', 'po/POTFILES', '-D', root, '-o', pot],
                       cwd=root, capture_output=True, text=True)
    check('xgettext extracts the marked strings of po/POTFILES', r.returncode == 0, r.stderr)
    fresh = parse_po(pot) if r.returncode == 0 else []

    vi = {(e[0], e[1]): e for e in parse_po(os.path.join(po_dir, 'vi.po'))}
    missing = []
    for msgid, plural, _, _, refs in fresh:
        e = vi.get((msgid, plural))
        if not e or e[3] or not all(e[2]) or not e[2]:
            missing.append('%s: %r' % (refs[0] if refs else '?', msgid))
    check('every marked string has a Vietnamese translation in po/vi.po (%d strings)' % len(fresh),
          not missing, '\n'.join(missing))

    committed = {(e[0], e[1]) for e in parse_po(os.path.join(po_dir, 'vieclam.pot'))}
    stale = ['%s: %r' % (e[4][0] if e[4] else '?', e[0]) for e in fresh
             if (e[0], e[1]) not in committed]
    check('po/vieclam.pot holds every marked string (ninja vieclam-pot refreshes it)',
          not stale, '\n'.join(stale))

    r = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull,
                        os.path.join(po_dir, 'vi.po')], capture_output=True, text=True)
    check('msgfmt --check accepts po/vi.po (format directives match)', r.returncode == 0,
          r.stderr)

    listed = [l.strip() for l in open(os.path.join(po_dir, 'POTFILES')) if l.strip()]
    absent = [p for p in listed if not os.path.exists(os.path.join(root, p))]
    check('every file of po/POTFILES exists', not absent, '\n'.join(absent))

    # the sweep: a message the command line prints must go through the catalogue. Every string
    # literal given to printf/fprintf/fputs/puts in cli/*.c that reads as words (two or more)
    # is marked with _(), unless it is JSON (holds \") or a line a program reads (the comment
    # "machine-read" on one of the three lines before it: the demo's marker).
    call = re.compile(r'\b(printf\s*\(|fputs\s*\(|puts\s*\(|fprintf\s*\(\s*[A-Za-z_>\-\.]+\s*,)'
                      r'\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
    unmarked = []
    for p in listed:
        if not p.startswith('cli/') or not p.endswith('.c'):
            continue
        src = open(os.path.join(root, p), encoding='utf-8').read()
        for m in call.finditer(src):
            s = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)))
            words = re.findall(r'[A-Za-z]{3,}', re.sub(r'%[-0-9.*]*[a-z]+', '', s))
            if len(words) < 2 or '\\"' in s:
                continue
            if any('machine-read' in l for l in src[:m.start()].split('\n')[-3:]):
                continue
            unmarked.append('%s:%d: %r' % (p, src.count('\n', 0, m.start()) + 1, s[:70]))
    clis = sorted(os.path.relpath(x, root) for x in glob.glob(os.path.join(root, 'cli', '*.c')))
    check('every cli/*.c is in po/POTFILES', set(clis) <= set(listed),
          '\n'.join(sorted(set(clis) - set(listed))))
    check('no message of the command line is printed outside the catalogue (%d unmarked)'
          % len(unmarked), not unmarked, '\n'.join(unmarked))

    # the library and the server: a source that reports (the message functions translate their
    # format) or marks text must be listed, or its messages never reach the catalogue and stay
    # English under a Vietnamese locale. Comments are not calls.
    reports = re.compile(r'(?<![A-Za-z0-9_])(vl__error|vl__diag|vl__log|vl__tr|vl__db_sqlerr|'
                         r'vl_ctx_gettext|vl_gettext|vl_ngettext|_|N_)\s*\(')
    comment = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
    sources = glob.glob(os.path.join(root, 'engine', 'src', '**', '*.c'), recursive=True)
    sources += glob.glob(os.path.join(root, 'server', '*.c'))
    unlisted = []
    for path in sorted(sources):
        rel = os.path.relpath(path, root)
        text = comment.sub('', open(path, encoding='utf-8', errors='replace').read())
        if rel not in listed and reports.search(text):
            unlisted.append(rel)
    check('every library and server source with messages is in po/POTFILES (%d missing)'
          % len(unlisted), not unlisted, '\n'.join(unlisted))

print('1..%d' % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok and detail:
        for line in detail.strip().split('\n'):
            print('#   ' + line)
sys.exit(0 if all(r[1] for r in results) else 1)
