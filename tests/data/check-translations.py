#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-translations.py PO_DIR LANG
#
# Fails unless PO_DIR/LANG.po is a complete translation of the strings the
# sources have today: the file exists and is not empty, msgfmt --check
# accepts it, msgfmt --statistics counts no fuzzy and no untranslated
# message, and every message that xgettext finds in the files of
# POTFILES.in (with the same keywords as meson's glib preset) has a
# translation in it.  A .po file that was not updated after a string
# changed in the code fails here, not in front of a user.

import os
import re
import subprocess
import sys
import tempfile

# The arguments of meson's i18n.gettext(preset: 'glib'), which po/meson.build uses
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '-k_',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]


def fail(message):
    print('FAIL: ' + message)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        print('usage: check-translations.py PO_DIR LANG', file=sys.stderr)
        return 2

    po_dir, lang = sys.argv[1], sys.argv[2]
    po_file = os.path.join(po_dir, lang + '.po')
    source_root = os.path.dirname(os.path.abspath(po_dir))

    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        linguas = f.read().split()
    if lang not in linguas:
        fail('%s is not listed in %s' % (lang, os.path.join(po_dir, 'LINGUAS')))

    if not os.path.isfile(po_file):
        fail('%s is missing' % po_file)
    if os.path.getsize(po_file) == 0:
        fail('%s is empty' % po_file)

    result = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po_file],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, env=dict(os.environ, LC_ALL='C'))
    print(result.stdout.strip())
    if result.returncode != 0:
        fail('msgfmt --check rejects %s' % po_file)

    counts = {}
    for kind in ('translated', 'fuzzy', 'untranslated'):
        match = re.search(r'(\d+) %s (messages?|translations?)' % kind, result.stdout)
        counts[kind] = int(match.group(1)) if match else 0

    if counts['translated'] == 0:
        fail('%s translates no message' % po_file)
    if counts['fuzzy'] > 0 or counts['untranslated'] > 0:
        fail('%s has %d fuzzy and %d untranslated messages' %
             (po_file, counts['fuzzy'], counts['untranslated']))

    # Messages in the sources that the .po file does not have yet
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'current.pot')
        subprocess.run(['xgettext', '--package-name=konsensus',
                        '-f', os.path.join(po_dir, 'POTFILES.in'),
                        '-D', source_root, '-o', pot] + XGETTEXT_ARGS,
                       check=True)
        # msgcmp ignores fuzzy and untranslated entries of the .po file
        result = subprocess.run(['msgcmp', po_file, pot],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                universal_newlines=True, env=dict(os.environ, LC_ALL='C'))
        if result.returncode != 0:
            # Say which: merge without guessing, list what stays untranslated
            merged = os.path.join(tmp, 'merged.po')
            subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po_file, pot],
                           check=True)
            missing = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', '--no-wrap',
                                      '--no-location', merged],
                                     stdout=subprocess.PIPE, universal_newlines=True, check=True)
            print('\n'.join(l for l in missing.stdout.splitlines()
                            if l.startswith(('msgid', 'msgctxt')) and l != 'msgid ""'))
            fail('%s lacks these messages of the sources (ninja konsensus-update-po, then translate)' %
                 po_file)

    print('ok: %s translates all %d messages' % (po_file, counts['translated']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
