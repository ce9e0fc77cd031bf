"""The Cases pane as a new user meets it, in English, on the demo imported
from the command line: the registry lists the demo's cases newest first; a
case is added with nothing but a title and takes the next number of its
body and this year; a search finds it; the keyboard reaches its row, Enter
opens it in the editor and Escape closes that; Ctrl+Shift+N there opens a new
case; Delete deletes it and Undo on the toast brings it back; the Kind
filter narrows the list; the app's log stays free of warnings.
Run by tests/ui/run-ui-test (meson test --suite ui).

What GTK 4.8 shows of the registry's GtkColumnView over AT-SPI (tried):
    tree table 'Cases'
      table row              (the header: a label per column title)
      list 'GtkColumnListView'
        table row            (one per case, top to bottom; FOCUSED and
          table cell           SELECTED states as the keyboard moves)
            label '11-2026'  (the cell's text)
A GtkDropDown is a 'combo box' named by its accessible label, with no
action: the toggle button inside opens its popover, whose choices are
'list item's holding a label.  An AdwComboRow is a 'combo box' named
"Title Title" whose choice shows as a 'list item' inside it; an
AdwEntryRow is a 'text' named "Title Title" whose text AT-SPI cannot read
(its Text interface answers ""): the editor's title is copied to the
clipboard and read back from there."""

import datetime
import json
import os
import re
import subprocess

import pyatspi

from konsensus_ui import TMPDIR, App, Failure, Tap, entry_text, find_visible, focused_row, has_state, window_titled

TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'templates')
DEMO = os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json')

# ASCII: xdotool types it as written.  SEARCH is part of it that nothing in
# the demo's searchable texts starts a word with (checked below), so the
# search must find the new case alone.
NEW_TITLE = 'Kvartalsrapport fra ambulansetjenesten'
SEARCH = 'ambulanse'

# Toasts, imports and dialogs may take longer than the default 10 s
SLOW = 30.0

# What the app shows for the demo's kinds and statuses, in English
KINDS = {'beslutningssak': 'Decision', 'droftingssak': 'Discussion',
         'orienteringssak': 'Information'}
STATUSES = {'received': 'Received', 'in_preparation': 'In preparation',
            'on_agenda': 'On an agenda', 'decided': 'Decided by consensus',
            'sent_back': 'Sent back to the secretariat', 'closed': 'Closed'}
DEFAULT_PATTERN = '{n:02}-{yyyy}'  # KON_CASE_PATTERN_DEFAULT
SEARCHED_FIELDS = ('title', 'public_title', 'recommendation', 'background', 'presentation')

with open(DEMO, encoding='utf-8') as f:
    demo = json.load(f)
BODIES = {body['uuid']: body for body in demo['bodies']}
BODY_BY_NAME = {body['name']: body for body in demo['bodies']}
SSU = next(body for body in demo['bodies'] if body['kind'] == 'ssu')
YEAR = datetime.date.today().year


def format_number(body, number, year):
    """A case number as the body writes it (src/core/kon-case-number.c):
    {n} or {n:0W} the number, {yyyy} or {yy} the year, {{ and }} braces."""
    pattern = body.get('case_pattern') or DEFAULT_PATTERN

    def placeholder(match):
        if match.group(0) in ('{{', '}}'):
            return match.group(0)[0]
        inner = match.group(1)
        if inner == 'n':
            return str(number)
        if re.fullmatch(r'n:0[1-9]', inner):
            return str(number).zfill(int(inner[3]))
        if inner == 'yyyy':
            return f'{year:04d}'
        if inner == 'yy':
            return f'{year % 100:02d}'
        raise ValueError(f'{body["name"]}: {pattern!r} has {{{inner}}}')
    return re.sub(r'\{\{|\}\}|\{([^{}]*)\}', placeholder, pattern)


def body_label(body):
    """The Body column: the short name, else the name."""
    return body.get('short_name') or body['name']


def demo_row(case):
    """The cells the table shows for a case of the demo."""
    body = BODIES[case['body']]
    # (the document date is a column only when chosen in the header menu)
    return [format_number(body, case['number'], case['year']), case['title'], body_label(body),
            KINDS[case['kind']], STATUSES[case['status']], shown_date(case.get('meeting_date'))]


def shown_date(iso):
    """A date as the table shows it, dd.mm.yyyy; '' for none."""
    if not iso:
        return ''
    y, m, d = iso.split('-')
    return f'{d}.{m}.{y}'


NEWEST_FIRST = sorted(demo['cases'], key=lambda case: (case['year'], case['number']), reverse=True)
DEMO_ROWS = [demo_row(case) for case in NEWEST_FIRST]
DISCUSSIONS = [demo_row(case)[0] for case in NEWEST_FIRST if case['kind'] == 'droftingssak']


def next_number(body):
    """The number a new case of body gets this year, the next after the
    demo's last there (kon_cases_add), and how the body writes it."""
    numbers = [case['number'] for case in demo['cases']
               if case['body'] == body['uuid'] and case['year'] == YEAR]
    number = max(numbers, default=0) + 1
    return number, format_number(body, number, YEAR)


def words_of(case):
    text = ' '.join(case.get(field) or '' for field in SEARCHED_FIELDS)
    return re.findall(r'\w+', text.lower())


tap = Tap()

# ---------------------------------------------------------------- the table


def label_text(label):
    """A label's text.  Its accessible name is the text, but an empty
    GtkLabel is named after its class ("GtkLabel"): the Text interface says
    what it shows.  A list cell (KonTextCell) has no Text interface: its
    name is its text, empty when it is."""
    try:
        text = label.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return label.name


def case_rows(app, table):
    """The rows the table shows, top to bottom, as (cell texts, row node).
    Empty when the table is not showing (“No Matching Cases” instead)."""
    if not app.is_showing(table):
        return []
    rows = []
    for view in app.find_all('list', root=table):
        for row in app.find_all('table row', root=view):
            extents = app.extents(row)
            if extents[3] <= 0 or not app.is_showing(row):
                continue  # a row widget GTK keeps without an item
            cells = []
            for cell in app.find_all('table cell', root=row):
                labels = app.find_all('label', root=cell)
                cells.append(label_text(labels[0]) if labels else '')
            rows.append((extents[1], cells, row))
    return [(cells, row) for _, cells, row in sorted(rows, key=lambda r: r[0])]


def table_cells(app, table):
    return [cells for cells, _ in case_rows(app, table)]


def wait_rows(app, table, expected, what, timeout=SLOW):
    """Wait until the table shows exactly expected (lists of cell texts, or
    numbers alone when expected holds strings)."""
    def read():
        cells = table_cells(app, table)
        return [c[0] for c in cells] if expected and isinstance(expected[0], str) else cells
    app.wait_for(lambda: read() == expected,
                 lambda: f'{what}: the table shows {table_cells(app, table)}; expected {expected}',
                 timeout)


def keyboard_to_row(app, table, search, number):
    """As a keyboard user: from the search entry, Tab until a row of the
    table has the focus, then the arrow keys to the row of case number (at
    least one press, so the arrows are used).  Returns the rows."""
    rows = case_rows(app, table)
    target = next((i for i, (cells, _) in enumerate(rows) if cells[0] == number), None)
    if target is None:
        raise Failure(f'no row {number} to move to: the table shows {[c for c, _ in rows]}')
    app.click_at(search)
    index = None
    for tabs in range(1, 13):
        app.key('Tab')
        try:
            index = app.wait_for(lambda: focused_row(rows) is not None and (focused_row(rows),),
                                 'no row focused', timeout=0.6)[0]
            break
        except Failure:
            continue
    if index is None:
        raise Failure('Tab from the search entry never reached a row of the table (12 presses)')
    tap.diag(f'{tabs} Tab presses from the search reach row {index + 1} of {len(rows)}')

    def press(key, expected):
        app.key(key)
        def where():
            now = focused_row(rows)
            return 'no row' if now is None else f'row {now + 1}'
        app.wait_for(lambda: focused_row(rows) == expected,
                     lambda: f'{key} on row {index + 1} moved the focus to {where()}, '
                             f'expected row {expected + 1}')
        return expected

    if index == target and len(rows) > 1:
        index = press('Down', index + 1) if index + 1 < len(rows) else press('Up', index - 1)
    while index != target:
        index = press('Down', index + 1) if index < target else press('Up', index - 1)
    if not has_state(rows[target][1], pyatspi.STATE_SELECTED):
        raise Failure(f'the arrows moved the focus to row {number}, but it is not selected')
    return rows


# ---------------------------------------------------------------- windows and toasts


def other_windows(app):
    main = app.frame.name
    return [w for w in app.windows() if w.name != main and app.is_showing(w)]


def wait_closed(app, title):
    app.wait_for(lambda: title not in [w.name for w in app.windows() if app.is_showing(w)],
                 lambda: f'the {title!r} window did not close; {what_the_app_says(app)}', SLOW)


def what_the_app_says(app):
    """The text of the app's dialogs, for a failure message."""
    parts = []
    for window in other_windows(app):
        labels = [label.name for label in app.find_all('label', root=window, showing=True)]
        parts.append(f'a window {window.name!r} says {labels}')
    return '; '.join(parts) or 'no dialog is open'


def wait_toast(app, text):
    """The toast saying text is showing; returns what clicks its Undo (the
    button beside the label: a toast fading out keeps one of its own)."""
    app.find('label', text, root=app.frame, showing=True, timeout=SLOW)

    def click_undo():
        def attempt():
            node = app.find('label', text, root=app.frame, showing=True)
            for _ in range(4):
                node = node.parent
                buttons = app.find_all('push button', re.compile('Undo'), root=node, showing=True)
                if buttons:
                    app.click(buttons[0])
                    return True
            return False
        app.wait_for(attempt, f'the Undo button of the toast “{text}” could not be clicked',
                     timeout=SLOW)
    return click_undo


def close_dialogs(app):
    """Escape on every dialog a failed step left open, so the next step
    starts from the main window."""
    for window in other_windows(app):
        name = window.name
        app.press('Escape', node=window)
        wait_closed(app, name)


def choice_of(app, dialog, title):
    """What an AdwComboRow of dialog (by its title) shows as chosen."""
    row = find_visible(app, 'combo box', re.compile('^' + re.escape(title) + r'\b'), dialog)
    for item in app.find_all('list item', root=row):
        labels = [label.name for label in app.find_all('label', root=item)]
        if labels:
            return labels[0]
    raise Failure(f'the {title!r} row of {dialog.name!r} shows no choice: {app.dump(row)}')


def choose(app, toolbar, dropdown, text):
    """Choose text in the pane's GtkDropDown named dropdown as a keyboard
    user does: open its popover through the button inside (the popover's
    list then has the focus, on the choice made), arrows to text, Enter.
    (The pointer cannot be used: GTK 4.8 reports the popover's items
    about 30 pixels above where they are drawn.)"""
    combo = app.find('combo box', dropdown, root=toolbar, showing=True)
    app.click(app.find('push button', re.compile('.'), root=combo))

    def items():
        found = [(node, [label.name for label in app.find_all('label', root=node)])
                 for node in app.find_all('list item', root=combo)]
        return [(node, labels[0] if labels else '') for node, labels in found]

    def focused(listed):
        return next((i for i, (node, _) in enumerate(listed)
                     if has_state(node, pyatspi.STATE_FOCUSED)), None)

    listed = app.wait_for(lambda: (lambda listed: listed if listed and focused(listed) is not None
                                   and app.is_mapped(listed[0][0]) else None)(items()),
                          lambda: f'the {dropdown} filter\'s list did not open with the focus '
                                  f'on a choice: {[label for _, label in items()]}')
    texts = [label for _, label in listed]
    if text not in texts:
        app.key('Escape')
        raise Failure(f'the {dropdown} filter does not offer {text!r}: {texts}')
    target = texts.index(text)
    index = focused(listed)
    def where():
        now = focused(listed)
        return 'nothing' if now is None else repr(texts[now])
    while index != target:
        key, index = ('Down', index + 1) if index < target else ('Up', index - 1)
        app.key(key)
        app.wait_for(lambda: focused(listed) == index,
                     lambda: f'{key} in the {dropdown} filter\'s list focused {where()}, '
                             f'expected {texts[index]!r}')
    app.key('Return')
    app.wait_for(lambda: not any(app.is_mapped(node) for node, _ in listed)
                 and shown_choice(app, combo) == text,
                 lambda: f'the {dropdown} filter shows {shown_choice(app, combo)!r}, '
                         f'expected {text!r}')


def shown_choice(app, combo):
    """What a GtkDropDown shows as chosen (the label of its button)."""
    button = app.find_all('push button', root=combo)[0]
    labels = [label for label in app.find_all('label', root=button) if app.is_mapped(label)]
    return labels[0].name if labels else None


# ---------------------------------------------------------------- the test

directory = os.path.join(TMPDIR, 'cases')
os.makedirs(directory, exist_ok=True)
database = os.path.join(directory, 'test.db')
imported = subprocess.run([os.environ.get('KONSENSUS_BIN', 'konsensus'),
                           '--database', database, '--import', DEMO, '--create'],
                          capture_output=True, text=True, timeout=60)
if not tap.ok(imported.returncode == 0, 'the demo is imported from the command line',
              imported.stderr):
    tap.exit()

clashes = [case['title'] for case in demo['cases']
           if any(word.startswith(SEARCH) for word in words_of(case))]
if not tap.ok(not clashes, f'no case of the demo has a word starting “{SEARCH}”',
              f'these do, so the search cannot show the new case alone: {clashes}'):
    tap.exit()

with tap.start(App(database=database, lang='C.UTF-8')) as app:
    table = toolbar = search = None
    with tap.step(f'the Cases button opens the pane; its table lists the demo\'s '
                  f'{len(DEMO_ROWS)} cases, newest first: '
                  f'{", ".join(row[0] for row in DEMO_ROWS)}', app) as step:
        app.click(app.find('page tab', 'Cases', root=app.frame, showing=True))
        table = app.find('tree table', 'Cases', root=app.frame, showing=True, timeout=SLOW)
        search = app.find('entry', 'Search Cases', root=app.frame, showing=True)
        toolbar = search.parent
        app.find('push button', re.compile('New Case'), root=toolbar, showing=True)
        wait_rows(app, table, DEMO_ROWS, 'the demo imported')
        app.screenshot('1-cases')

    if not step.passed:
        tap.bail('no table of the demo\'s cases: nothing else to check')
        app.quit()
        tap.exit()

    new_number, new_row, new_key = None, None, None
    with tap.step(f'with the Body filter on {SSU["name"]}, the table lists its cases', app):
        choose(app, toolbar, 'Body', SSU['name'])
        wait_rows(app, table, [row for row in DEMO_ROWS if row[2] == body_label(SSU)],
                  f'the Body filter on {SSU["name"]}')
        app.screenshot('2-body-filter')

    with tap.step(f'New Case… opens “New Case” for {SSU["name"]}; with a title and Add, '
                  f'the case is listed with the next number of its body and {YEAR}', app):
        app.click(app.find('push button', re.compile('New Case'), root=toolbar, showing=True))
        dialog = window_titled(app, 'New Case')
        body_name = choice_of(app, dialog, 'Body')
        if body_name not in BODY_BY_NAME:
            raise Failure(f'the dialog\'s Body row says {body_name!r}, no body of the demo')
        if body_name != SSU['name']:
            raise Failure(f'the dialog\'s Body row says {body_name!r}; the filter chose '
                          f'{SSU["name"]!r}, which the new case should belong to')
        body = BODY_BY_NAME[body_name]
        kind, status = choice_of(app, dialog, 'Kind'), choice_of(app, dialog, 'Status')
        app.click_at(find_visible(app, 'text', re.compile(r'^Title\b'), dialog))
        app.type_text(NEW_TITLE)
        app.screenshot('3-new-case')
        app.click(app.find('push button', 'Add', root=dialog, showing=True))
        wait_closed(app, 'New Case')
        number, new_number = next_number(body)
        new_key = (YEAR, number)
        new_row = [new_number, NEW_TITLE, body_label(body), kind, status, '']
        tap.diag(f'the new case of {body_name} should be {new_number} '
                 f'(the demo\'s last there in {YEAR} + 1)')
        wait_rows(app, table, [new_row] + [row for row in DEMO_ROWS if row[2] == body_label(SSU)],
                  f'after adding “{NEW_TITLE}”')
        app.screenshot('4-case-added')

    # newest first: by year and number, whatever the bodies' patterns
    keyed = [((case['year'], case['number']), row) for case, row in zip(NEWEST_FIRST, DEMO_ROWS)]
    if new_row is not None:
        keyed.append((new_key, new_row))
    all_rows = [row for _, row in sorted(keyed, key=lambda pair: pair[0], reverse=True)]
    with tap.step('All Bodies lists every case again, the new one among them, newest first', app):
        close_dialogs(app)
        choose(app, toolbar, 'Body', 'All Bodies')
        wait_rows(app, table, all_rows, 'the Body filter on All Bodies')

    with tap.step(f'searching “{SEARCH}” shows only the new case; clearing the search '
                  f'shows every case', app):
        close_dialogs(app)
        if new_row is None:
            raise Failure('no case was added')
        app.type_into(search, SEARCH)
        try:
            wait_rows(app, table, [new_row], f'after typing “{SEARCH}” in Search Cases')
            app.screenshot('5-search')
        finally:
            app.click_at(search)
            app.key('ctrl+a', 'BackSpace')
        wait_rows(app, table, all_rows, 'after clearing the search')

    with tap.step('the keyboard reaches the new case\'s row (Tab, arrows); Enter opens '
                  '“Edit Case” with its title; Escape closes it', app):
        close_dialogs(app)
        if new_row is None:
            raise Failure('no case was added')
        keyboard_to_row(app, table, search, new_number)
        app.screenshot('6-row-focused')
        app.key('Return')
        dialog = window_titled(app, 'Edit Case')
        app.screenshot('7-edit-case')
        for title, expected in (('Body', SSU['name']), ('Kind', new_row[3]),
                                ('Status', new_row[4])):
            shown = choice_of(app, dialog, title)
            if shown != expected:
                raise Failure(f'“Edit Case” shows {title} {shown!r}, expected {expected!r} '
                              f'(case {new_number})')
        title = entry_text(app, dialog, 'Title')
        if title != NEW_TITLE:
            raise Failure(f'“Edit Case” opened with the title {title!r}, expected {NEW_TITLE!r} '
                          f'(case {new_number})')
        app.press('Escape', node=dialog)
        wait_closed(app, 'Edit Case')
        wait_rows(app, table, all_rows, 'after closing “Edit Case” unchanged')

    with tap.step('Ctrl+Shift+N in the table opens “New Case”; Cancel closes it', app):
        close_dialogs(app)
        keyboard_to_row(app, table, search, all_rows[-1][0])
        app.key('ctrl+shift+n')
        try:
            dialog = window_titled(app, 'New Case', timeout=5)
        except Failure:
            said = what_the_app_says(app)
            opened = other_windows(app)
            names = [w.name for w in opened]
            for window in opened:
                app.press('Escape', node=window)
            raise Failure(f'Ctrl+Shift+N with the focus on a row of the table opened '
                          f'{names or "nothing"}, not “New Case”; {said}')
        app.click(app.find('push button', 'Cancel', root=dialog, showing=True))
        wait_closed(app, 'New Case')
        wait_rows(app, table, all_rows, 'after cancelling “New Case”')

    undo = None
    with tap.step('Delete on the selected row deletes the case; the toast says so and '
                  'offers Undo', app):
        close_dialogs(app)
        if new_row is None:
            raise Failure('no case was added')
        keyboard_to_row(app, table, search, new_number)
        app.key('Delete')
        undo = wait_toast(app, f'Case {new_number} deleted')
        app.screenshot('8-deleted')
        wait_rows(app, table, DEMO_ROWS, f'after deleting {new_number}')

    with tap.step('Undo on the toast brings the case back', app):
        close_dialogs(app)
        if undo is None:
            raise Failure('nothing was deleted')
        undo()
        wait_rows(app, table, all_rows, 'after Undo')
        app.screenshot('9-undone')

    with tap.step('Delete again, then Ctrl+Z in the table brings the case back', app):
        close_dialogs(app)
        keyboard_to_row(app, table, search, new_number)
        app.key('Delete')
        wait_toast(app, f'Case {new_number} deleted')
        wait_rows(app, table, DEMO_ROWS, f'after deleting {new_number} again')
        app.key('ctrl+z')
        wait_rows(app, table, all_rows, 'after Ctrl+Z')

    with tap.step(f'the Kind filter on Discussion shows only {", ".join(DISCUSSIONS)}', app):
        close_dialogs(app)
        choose(app, toolbar, 'Kind', 'Discussion')
        wait_rows(app, table, DISCUSSIONS, 'the Kind filter on Discussion')
        app.screenshot('10-discussion')
        choose(app, toolbar, 'Kind', 'All Kinds')
        wait_rows(app, table, all_rows, 'the Kind filter on All Kinds')

    tap.check_log(app, 'the app wrote no warnings or criticals while it was used')

    with tap.step('the app quits cleanly', app):
        status = app.quit()
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.exit()
