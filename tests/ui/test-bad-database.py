"""A database the app cannot use: the window says why and what the user can
do next, shows no panes, and leaves the file byte for byte as it was.
The app opens its first database in a thread while it connects to the
display (src/ui/kon-application.c), so this is the path every start takes.
Run by tests/ui/run-ui-test (meson test --suite ui)."""

import hashlib
import os

from konsensus_ui import App, Failure, Tap, TMPDIR

NEXT_STEPS = ['Open Another Database…', 'Create New Database…']

tap = Tap()


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_error_window(app, title):
    app.find('label', title, root=app.frame, showing=True)
    for name in NEXT_STEPS:
        app.find('push button', name, root=app.frame, showing=True)
    tabs = [t.name for t in app.find_all('page tab', showing=True)]
    if tabs:
        raise Failure(f'pane buttons showing beside the error: {tabs}')


# A text file that happens to be called .db: refused, and left alone
notes = os.path.join(TMPDIR, 'notes', 'referat.db')
os.makedirs(os.path.dirname(notes), exist_ok=True)
with open(notes, 'w', encoding='utf-8') as f:
    f.write('Referat fra SSU-møtet 12.03.2026\nSak 14/26: Felles plan for ø-hjelp\n' * 40)
before = digest(notes)

with tap.start(App(database=notes, name='not-konsensus')) as app:
    with tap.step('a text file: “The Database Cannot Be Opened”, with what to do next', app):
        check_error_window(app, 'The Database Cannot Be Opened')
        app.screenshot('not-konsensus')

    with tap.step('the text file is unchanged, with nothing written beside it', app):
        if digest(notes) != before:
            raise Failure('the file was changed')
        beside = sorted(os.listdir(os.path.dirname(notes)))
        if beside != ['referat.db']:
            raise Failure(f'files beside it: {beside}')

# A folder nobody can create (not even root): the database cannot be made
impossible = '/proc/konsensus-test/new.db'
with tap.start(App(database=impossible, name='cannot-create')) as app:
    with tap.step('a folder that cannot be created: “The Database Cannot Be Created”', app):
        check_error_window(app, 'The Database Cannot Be Created')
        app.screenshot('cannot-create')

tap.exit()
