"""The window speaks Bokmål and Nynorsk: pane names and menu items come out
translated (from the catalogues built in <build>/po).  Run by
tests/ui/run-ui-test (meson test --suite ui)."""

import re
import subprocess

from konsensus_ui import App, Failure, Tap

LANGUAGES = [
    # LANG, LANGUAGE, the four panes in order, menu items that must be there
    ('nb_NO.UTF-8', 'nb', ['Organisasjon', 'SSU', 'Saker', 'Avstemming'],
     ['Innstillinger', 'Om Konsensus']),
    ('nn_NO.UTF-8', 'nn', ['Organisasjon', 'SSU', 'Saker', 'Røysting'],
     ['Innstillingar']),
]

tap = Tap()


def locale_missing(lang):
    """A reason if the C library cannot use lang (then gettext stays English)."""
    have = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout.split()
    norm = lambda name: name.lower().replace('utf-8', 'utf8')
    if norm(lang) not in map(norm, have):
        return f'the locale {lang} is not generated (./build-aux/dev setup makes it)'
    return None


def pane_names(app):
    return [t.name for t in app.find_all('page tab', showing=True)]


for lang, language, panes, menu_items in LANGUAGES:
    app = App(lang=lang, language=language, name=language)
    with tap.start(app, f'{language}: the app starts with LANG={lang}'):
        with tap.step(f'{language}: the panes are {", ".join(panes)}', app):
            try:
                app.wait_for(lambda: pane_names(app) == panes, '')
            except Failure:
                reason = locale_missing(lang)
                raise Failure(f'the pane buttons say {pane_names(app)}, expected {panes}'
                              + (f'; {reason}' if reason else '')) from None
            app.screenshot('panes')

        with tap.step(f'{language}: the main menu has {", ".join(menu_items)}', app):
            # F10 opens the primary menu whatever the button is called
            app.key('F10')
            try:
                menu = app.find('menu', re.compile(''), showing=True)
            except Failure:
                buttons = app.names('push button', showing=True)
                raise Failure(f'F10 opened no menu; buttons showing: {buttons}') from None
            items = [n.name for n in app.find_all('menu item', root=menu, showing=True)]
            app.screenshot('menu')
            missing = [item for item in menu_items if item not in items]
            if missing:
                raise Failure(f'missing {missing}; the menu says {items}')
            app.key('Escape')

tap.exit()
