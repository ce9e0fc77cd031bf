"""The case editor never loses typed text when the app is killed, as a new
user finds out: on the demo imported from the command line, text typed
into the Background of an existing case is written as a draft under
$XDG_DATA_HOME/konsensus/drafts/ within a second and a half; the app is
killed (SIGKILL, the dialog open, nothing saved); started again, the same
case opens with "Unsaved text restored" and the typed text, while the
database still holds the case as it was.  The same for the title of a new
case of the body "New Case" offers; Discard there empties the title and
removes its draft, and Discard in the case shows its saved Background
again and removes the last draft.  The app's log stays free of
warnings.  Run by tests/ui/run-ui-test (meson test --suite ui test-drafts).

The form is taller than the dialog: the Background is reached by Tab from
the Title row (the scrolled window follows the focus).  A GtkTextView's
text is read through AT-SPI's Text interface; an AdwEntryRow's (the
title) only through the clipboard, as test-cases.py does."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import time

import pyatspi

from konsensus_ui import TMPDIR, App, Failure, Tap, entry_text, find_visible, focused_row, has_state, row_named, window_titled

TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'templates')
DEMO = os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json')

# ASCII, so xdotool types it as written; words the demo does not have
TYPED_BACKGROUND = ' Utkastprove: skrevet rett for krasjet, kode 4711.'
TYPED_TITLE = 'Utkastprove for en ny sak, kode 4712'

# How long after the last key the draft must be on disk (the app writes it
# half a second after the last change)
DRAFT_WAIT = 1.5

# Dialogs and the first look at the table may take longer than 10 s
SLOW = 30.0

with open(DEMO, encoding='utf-8') as f:
    demo = json.load(f)
BODIES = {body['uuid']: body for body in demo['bodies']}
# The case whose Background is typed into: 03-2026 of the Strategisk
# samarbeidsutvalg, a case with a background of its own
CASE = next(case for case in demo['cases']
            if BODIES[case['body']]['kind'] == 'ssu' and case['number'] == 3)
CASE_NUMBER = f'{CASE["number"]:02}-{CASE["year"]}'  # the body's pattern {n:02}-{yyyy}

tap = Tap()

directory = os.path.join(TMPDIR, 'drafts')
os.makedirs(directory, exist_ok=True)
database = os.path.join(directory, 'test.db')
data_home = os.path.join(directory, 'data-home')
os.makedirs(data_home, exist_ok=True)
DRAFTS = os.path.join(data_home, 'konsensus', 'drafts')


# ---------------------------------------------------------------- helpers


def text_of(node):
    """What a text widget (a GtkTextView, a label) holds, by its Text interface."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


def case_rows(app, table):
    """The rows the table shows, top to bottom, as (case number, row node)."""
    rows = []
    for view in app.find_all('list', root=table):
        for row in app.find_all('table row', root=view):
            extents = app.extents(row)
            if extents[3] <= 0 or not app.is_showing(row):
                continue  # a row widget GTK keeps without an item
            cells = app.find_all('table cell', root=row)
            labels = app.find_all('label', root=cells[0]) if cells else []
            # (a list cell is a label named by its text, without a Text interface)
            rows.append((extents[1], labels[0].name if labels else '', row))
    return [(number, row) for _, number, row in sorted(rows, key=lambda r: r[0])]


def open_cases(app):
    """The Cases pane: its table (once it lists the demo) and search entry."""
    app.click(app.find('page tab', 'Cases', root=app.frame, showing=True))
    table = app.find('tree table', 'Cases', root=app.frame, showing=True, timeout=SLOW)
    search = app.find('entry', 'Search Cases', root=app.frame, showing=True)
    app.wait_for(lambda: len(case_rows(app, table)) == len(demo['cases']),
                 lambda: f'the table lists {[n for n, _ in case_rows(app, table)]}, not the '
                         f'demo\'s {len(demo["cases"])} cases', SLOW)
    return table, search


def open_case_by_keyboard(app, table, search, number):
    """As test-cases.py: from the search entry, Tab to the table, the
    arrows to the row of case number, Enter; returns "Edit Case"."""
    rows = case_rows(app, table)
    target = next((i for i, (n, _) in enumerate(rows) if n == number), None)
    if target is None:
        raise Failure(f'no row {number}: the table shows {[n for n, _ in rows]}')
    app.click_at(search)
    index = None
    for _ in range(12):
        app.key('Tab')
        try:
            index = app.wait_for(lambda: focused_row(rows) is not None and (focused_row(rows),),
                                 'no row focused', timeout=0.6)[0]
            break
        except Failure:
            continue
    if index is None:
        raise Failure('Tab from the search entry never reached a row of the table (12 presses)')
    while index != target:
        key, index = ('Down', index + 1) if index < target else ('Up', index - 1)
        app.key(key)
        app.wait_for(lambda: focused_row(rows) == index,
                     lambda: f'{key} did not move the focus to row {index + 1}')
    app.key('Return')
    return window_titled(app, 'Edit Case')


def wait_closed(app, title):
    app.wait_for(lambda: title not in [w.name for w in app.windows() if app.is_showing(w)],
                 f'the {title!r} window did not close', SLOW)


def close_dialogs(app):
    """Escape on every dialog a failed step left open."""
    main = app.frame.name
    for window in app.windows():
        if window.name != main and app.is_showing(window):
            app.press('Escape', node=window)
            wait_closed(app, window.name)


def tab_to(app, dialog, node, what, presses=40):
    """From the Title row, Tab until node has the keyboard focus."""
    app.click_at(find_visible(app, 'text', row_named('Title'), dialog))
    for _ in range(presses):
        if has_state(node, pyatspi.STATE_FOCUSED):
            return
        app.press('Tab', node=dialog)
        time.sleep(0.05)
    if not has_state(node, pyatspi.STATE_FOCUSED):
        raise Failure(f'{presses} Tab presses from the Title row never reached {what}')


def background_view(app, dialog):
    return app.find('text', 'Background', root=dialog)


def restored_row(app, dialog):
    """The "Unsaved text restored" row, on screen (at the top of the form)."""
    return find_visible(app, None, row_named('Unsaved text restored'), dialog)


def drafts():
    """The draft files, by name, with their text."""
    try:
        names = sorted(os.listdir(DRAFTS))
    except FileNotFoundError:
        return {}
    found = {}
    for name in names:
        with open(os.path.join(DRAFTS, name), encoding='utf-8', errors='replace') as f:
            found[name] = f.read()
    return found


def saved_case():
    """The case as the database holds it: (background, revision)."""
    connection = sqlite3.connect(f'file:{database}?mode=ro', uri=True)
    try:
        row = connection.execute('SELECT background, revision FROM case_file WHERE uuid = ?',
                                 (CASE['uuid'],)).fetchone()
    finally:
        connection.close()
    if row is None:
        raise Failure(f'the database has no case {CASE["uuid"]} ({CASE_NUMBER})')
    return row


def start(name):
    """The app on the demo's database, its drafts in data_home."""
    return tap.start(App(database=database, lang='C.UTF-8', name=name,
                         env={'XDG_DATA_HOME': data_home}),
                     f'{name}: the app starts on the demo and its window appears')


def kill(app):
    """SIGKILL, as a crash or a power cut: no chance to write anything."""
    app.process.send_signal(signal.SIGKILL)
    status = app.wait_exit()
    if status != -signal.SIGKILL:
        raise Failure(f'konsensus ended with status {status}, not by SIGKILL')


def bail_if(failed, reason):
    if failed:
        tap.bail(reason)
        tap.exit()


# ---------------------------------------------------------------- the test

started = time.monotonic()
imported = subprocess.run([os.environ.get('KONSENSUS_BIN', 'konsensus'),
                           '--database', database, '--import', DEMO, '--create'],
                          capture_output=True, text=True, timeout=60)
if not tap.ok(imported.returncode == 0, 'the demo is imported from the command line',
              imported.stderr):
    tap.exit()
OLD_BACKGROUND, OLD_REVISION = saved_case()
tap.ok(OLD_BACKGROUND == CASE['background'] and TYPED_BACKGROUND.strip() not in OLD_BACKGROUND,
       f'case {CASE_NUMBER} of the demo has a background of its own',
       f'the database says {OLD_BACKGROUND!r}')
tap.ok(not drafts(), 'no drafts before the app runs', f'{DRAFTS} holds {list(drafts())}')

# -- 1: type into an existing case, then the app is killed

app = start('first')
with tap.step(f'case {CASE_NUMBER} opens from the keyboard in “Edit Case”; the typed text '
              f'lands at the end of its Background', app) as step:
    table, search = open_cases(app)
    dialog = open_case_by_keyboard(app, table, search, CASE_NUMBER)
    view = background_view(app, dialog)
    app.wait_for(lambda: text_of(view) == OLD_BACKGROUND,
                 lambda: f'the Background shows {text_of(view)!r}, not the case\'s '
                         f'{OLD_BACKGROUND!r}')
    tab_to(app, dialog, view, 'the Background')
    app.press('ctrl+End', node=dialog)
    app.type_text(TYPED_BACKGROUND)
    app.wait_for(lambda: text_of(view) == OLD_BACKGROUND + TYPED_BACKGROUND,
                 lambda: f'the Background shows {text_of(view)!r} after typing')
    time.sleep(DRAFT_WAIT)
    app.screenshot('typed')
tap.check_log(app, 'first: the app wrote no warnings or criticals before it was killed')
with tap.step('the app is killed (SIGKILL) with “Edit Case” open and nothing saved'):
    kill(app)
bail_if(not step.passed, 'nothing was typed: nothing to restore')

background_draft = None
with tap.step(f'{DRAFT_WAIT} s after the last key, a draft with the typed text was in '
              f'$XDG_DATA_HOME/konsensus/drafts/'):
    found = drafts()
    if len(found) != 1:
        raise Failure(f'{DRAFTS} holds {list(found) or "nothing"}, expected one draft')
    background_draft, text = next(iter(found.items()))
    if TYPED_BACKGROUND.strip() not in text:
        raise Failure(f'the draft {background_draft} does not hold the typed text:\n{text}')
with tap.step(f'the database still holds case {CASE_NUMBER} as it was'):
    if saved_case() != (OLD_BACKGROUND, OLD_REVISION):
        raise Failure(f'the database holds {saved_case()!r}, '
                      f'was {(OLD_BACKGROUND, OLD_REVISION)!r}')

# -- 2: started again, the text comes back; then a new case, killed again

app = start('second')
with tap.step(f'started again, case {CASE_NUMBER} opens with “Unsaved text restored”, '
              f'typed today into this case, and the typed text in its Background', app):
    table, search = open_cases(app)
    dialog = open_case_by_keyboard(app, table, search, CASE_NUMBER)
    row = restored_row(app, dialog)
    subtitle = row.description or ''
    today = time.strftime('%d.%m.%Y')
    if not re.fullmatch(rf'Typed on {re.escape(today)} at \d\d:\d\d into this case, '
                        r'and not saved\.', subtitle):
        raise Failure(f'the row says {subtitle!r}, expected “Typed on {today} at HH:MM '
                      f'into this case, and not saved.”')
    find_visible(app, 'push button', re.compile('Discard'), dialog)
    view = background_view(app, dialog)
    app.wait_for(lambda: text_of(view) == OLD_BACKGROUND + TYPED_BACKGROUND,
                 lambda: f'the Background shows {text_of(view)!r}, expected the case\'s '
                         f'with {TYPED_BACKGROUND!r} at the end')
    app.screenshot('restored')
    tab_to(app, dialog, view, 'the Background')  # scrolls it into view
    app.screenshot('restored-background')
with tap.step('restoring saved nothing: the database holds the case as it was'):
    if saved_case() != (OLD_BACKGROUND, OLD_REVISION):
        raise Failure(f'the database holds {saved_case()!r}, '
                      f'was {(OLD_BACKGROUND, OLD_REVISION)!r}')

new_body = None
with tap.step('Escape keeps the draft; in “New Case” the title typed is in a draft of its '
              'own 1.5 s later, when the app is killed', app) as step:
    app.press('Escape', node=dialog)
    wait_closed(app, 'Edit Case')
    app.click(app.find('push button', re.compile('New Case'), root=app.frame, showing=True))
    dialog = window_titled(app, 'New Case')
    if app.find_all(None, row_named('Unsaved text restored'), dialog) and \
       app.is_showing(app.find_all(None, row_named('Unsaved text restored'), dialog)[0]):
        raise Failure('“New Case” shows “Unsaved text restored” before anything was typed')
    combo = find_visible(app, 'combo box', row_named('Body'), dialog)
    new_body = [label.name for label in app.find_all('label', root=combo)][-1]
    app.click_at(find_visible(app, 'text', row_named('Title'), dialog))
    app.type_text(TYPED_TITLE)
    time.sleep(DRAFT_WAIT)
    kill(app)
    found = drafts()
    if background_draft not in found:
        raise Failure(f'the draft of case {CASE_NUMBER} is gone: {DRAFTS} holds {list(found)}')
    new = {name: text for name, text in found.items() if name != background_draft}
    if len(new) != 1 or TYPED_TITLE not in next(iter(new.values())):
        raise Failure(f'expected one more draft, with the title typed; {DRAFTS} holds {found}')
tap.check_log(app, 'second: the app wrote no warnings or criticals before it was killed')
bail_if(not step.passed, 'no draft of a new case: nothing more to check')

# -- 3: the new case's title comes back and Discard forgets it

app = start('third')
with tap.step(f'started again, “New Case” for {new_body} shows “Unsaved text restored” '
              f'and the title typed; Discard empties it and removes its draft', app):
    open_cases(app)
    app.click(app.find('push button', re.compile('New Case'), root=app.frame, showing=True))
    dialog = window_titled(app, 'New Case')
    row = restored_row(app, dialog)
    subtitle = row.description or ''
    if not re.fullmatch(r'Typed on \d\d\.\d\d\.\d{4} at \d\d:\d\d into a new case of this '
                        r'body, and not saved\.', subtitle):
        raise Failure(f'the row says {subtitle!r}')
    combo = find_visible(app, 'combo box', row_named('Body'), dialog)
    body = [label.name for label in app.find_all('label', root=combo)][-1]
    if body != new_body:
        raise Failure(f'“New Case” is for {body!r}, the draft was typed for {new_body!r}')
    title = entry_text(app, dialog, 'Title')
    if title != TYPED_TITLE:
        raise Failure(f'the Title is {title!r}, expected {TYPED_TITLE!r}')
    app.screenshot('new-case-restored')
    app.click(find_visible(app, 'push button', re.compile('Discard'), dialog))
    app.wait_for(lambda: not app.is_showing(row),
                 '“Unsaved text restored” still shows after Discard')
    title = entry_text(app, dialog, 'Title')
    if title != '':
        raise Failure(f'after Discard the Title is {title!r}, expected it empty')
    time.sleep(DRAFT_WAIT)  # nothing may write the draft again
    left = drafts()
    if list(left) != [background_draft]:
        raise Failure(f'after Discard {DRAFTS} holds {list(left)}, expected only the '
                      f'draft of case {CASE_NUMBER}')
    app.click(app.find('push button', 'Cancel', root=dialog, showing=True))
    wait_closed(app, 'New Case')

with tap.step(f'Discard in case {CASE_NUMBER} shows its saved Background again and removes '
              f'the last draft', app):
    close_dialogs(app)
    table, search = open_cases(app)
    dialog = open_case_by_keyboard(app, table, search, CASE_NUMBER)
    row = restored_row(app, dialog)
    view = background_view(app, dialog)
    app.click(find_visible(app, 'push button', re.compile('Discard'), dialog))
    app.wait_for(lambda: text_of(view) == OLD_BACKGROUND,
                 lambda: f'after Discard the Background shows {text_of(view)!r}')
    app.wait_for(lambda: not app.is_showing(row),
                 '“Unsaved text restored” still shows after Discard')
    time.sleep(DRAFT_WAIT)
    if drafts():
        raise Failure(f'after Discard {DRAFTS} holds {list(drafts())}')
    app.press('Escape', node=dialog)
    wait_closed(app, 'Edit Case')
    if saved_case() != (OLD_BACKGROUND, OLD_REVISION):
        raise Failure(f'the database holds {saved_case()!r}')

tap.check_log(app, 'third: the app wrote no warnings or criticals')
with tap.step('the app quits cleanly', app):
    status = app.quit()
    if status != 0:
        raise Failure(f'konsensus ended with status {status}')
tap.diag(f'the whole test took {time.monotonic() - started:.1f} s')
tap.exit()
