"""The Organisation pane in Bokmål and Nynorsk: the demo template is offered
and imported, and the chart's tabs (Chart, Partners, People) carry the
translations of po/nb.po and po/nn.po, looked up there rather than written
here.  Screenshots of the chart and of the People list in each language land
in the test's output directory.  Run by tests/ui/run-ui-test (meson test
--suite ui)."""

import json
import os
import re
import subprocess

from konsensus_ui import App, Failure, Tap

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get('MESON_SOURCE_ROOT') or os.path.join(HERE, '..', '..')
TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(SOURCE_ROOT, 'data', 'templates')

with open(os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json'), encoding='utf-8') as f:
    N_PERSONS = len(json.load(f)['persons'])

LANGUAGES = [('nb_NO.UTF-8', 'nb'), ('nn_NO.UTF-8', 'nn')]
TABS = ['Chart', 'Partners', 'People']

tap = Tap()


def _unquote(text):
    """A PO string's contents ("…" with C escapes) as text."""
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """{msgid: msgstr, or [msgstr[0], msgstr[1], …] for a plural} of the
    entries translated and not fuzzy (what msgfmt puts in the catalogue).
    Entries are separated by blank lines, as gettext's tools write them."""
    with open(path, encoding='utf-8') as po:
        blocks = re.split(r'\n\s*\n', po.read())
    entries = {}
    for block in blocks:
        fields, field, fuzzy = {}, None, False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith('#,'):
                fuzzy = fuzzy or 'fuzzy' in line
            elif line.startswith('"') and field is not None:
                fields[field] += _unquote(line)
            elif line and not line.startswith('#'):
                field, _, value = line.partition(' ')
                fields[field] = _unquote(value)
        msgid = fields.get('msgid')
        if not msgid or fuzzy or 'msgctxt' in fields:
            continue
        if 'msgid_plural' in fields:
            forms = [fields[key] for key in sorted(k for k in fields if k.startswith('msgstr['))]
            if forms and all(forms):
                entries[msgid] = forms
        elif fields.get('msgstr'):
            entries[msgid] = fields['msgstr']
    return entries


def locale_missing(lang):
    """A reason if the C library cannot use lang (then gettext stays English)."""
    have = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout.split()
    norm = lambda name: name.lower().replace('utf-8', 'utf8')
    if norm(lang) not in map(norm, have):
        return f'; the locale {lang} is not generated (./build-aux/dev setup makes it)'
    return ''


def translated(catalogue, language, msgid):
    text = catalogue.get(msgid)
    if not text:
        raise Failure(f'po/{language}.po has no translation of {msgid!r}')
    return text


for lang, language in LANGUAGES:
    catalogue = read_po(os.path.join(SOURCE_ROOT, 'po', f'{language}.po'))
    app = App(lang=lang, language=language, name=language)
    with tap.start(app, f'{language}: the app starts with LANG={lang} LANGUAGE={language}'):
        tabs = {}
        with tap.step(f'{language}: the templates offer the demo with invented persons', app):
            plural = translated(catalogue, language, '%u invented person')[-1]
            pattern = re.compile(re.escape(plural).replace('%u', r'\d+'))
            try:
                template = app.find('list item', pattern, showing=True)
            except Failure as error:
                raise Failure(f'no template row says {pattern.pattern!r}{locale_missing(lang)}: '
                              f'{error}') from None

        with tap.step(f'{language}: the demo imported, the chart\'s tabs are '
                      + ', '.join(f'“{catalogue.get(tab, tab)}”' for tab in TABS), app):
            names = {tab: translated(catalogue, language, tab) for tab in TABS}
            app.click_at(template)
            app.find('panel', translated(catalogue, language, 'Organisation chart'),
                     showing=True, timeout=15)

            def showing_tabs():
                return {tab.name: tab for tab in app.find_all('page tab', root=app.frame,
                                                              showing=True)}
            try:
                tabs = app.wait_for(lambda: all(name in showing_tabs() for name in names.values())
                                    and showing_tabs(), '')
            except Failure:
                raise Failure(f'the tabs showing are {list(showing_tabs())}, expected '
                              f'{list(names.values())} among them{locale_missing(lang)}') from None
            app.screenshot('chart')

        with tap.step(f'{language}: “{catalogue.get("People")}” lists the demo\'s {N_PERSONS} persons', app):
            people = translated(catalogue, language, 'People')
            if people not in tabs:
                raise Failure(f'no {people!r} tab to click')
            app.click(tabs[people])
            view = app.find('list', people, root=app.frame, showing=True)
            app.wait_for(lambda: len(app.find_all('list item', root=view)) == N_PERSONS,
                         lambda: f'the list has {len(app.find_all("list item", root=view))} '
                                 f'rows, expected {N_PERSONS}')
            app.screenshot('people')

tap.exit()
