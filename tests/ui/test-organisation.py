"""The Organisation pane as a new user meets it: a fresh database offers the
community templates; the demo (with invented persons) is imported and its
chart shows every body; a body's details show its mandate and members; a
person is edited and deleted, each undone from the toast; partners are
searched; the chart is exported as PDF through the file chooser.
Run by tests/ui/run-ui-test (meson test --suite ui)."""

import collections
import json
import os
import re
import subprocess

import pyatspi

from konsensus_ui import ARTIFACTS, App, Failure, Tap, find_visible, has_state, window_titled

TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'templates')
DEMO = os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json')

NEW_TITLE = 'Fagsjef helse og omsorg'  # ASCII: xdotool types it as written
PDF_PATH = os.path.join(ARTIFACTS, 'organisation-chart.pdf')

# What the app needs up to a second for (an import, a toast queued behind
# another one, which stays 5 s): give it more than the default 5 s
SLOW = 30.0

with open(DEMO, encoding='utf-8') as f:
    demo = json.load(f)
BODIES = [body['name'] for body in demo['bodies']]
SSU = next(body for body in demo['bodies'] if body['kind'] == 'ssu')
PERSONS = {person['uuid']: person for person in demo['persons']}
SSU_MEMBERS = {PERSONS[role['person']]['name'] for role in demo['roles']
               if role['body'] == SSU['uuid']}
PERSON_BY_NAME = {person['name']: person for person in demo['persons']}

tap = Tap()


def rows_of(app, list_name):
    """The rows a GtkListView (by accessible name) shows, as {first part of
    the label (the name): row}; each row's box is labelled "name, subtitle".
    GTK 4.8 keeps a widget for every row of lists this size, so rows
    scrolled out of view are there too."""
    view = app.find('list', list_name, root=app.frame, showing=True)
    rows = {}
    for item in app.find_all('list item', root=view):
        for child in app.find_all('panel', re.compile('.'), root=item):
            rows[child.name.split(', ')[0]] = child
            break
    return rows


def focused_in(app, list_name):
    """The label of the row of that list that has the keyboard focus, or None."""
    view = app.find('list', list_name, root=app.frame, showing=True)
    for item in app.find_all('list item', root=view):
        if has_state(item, pyatspi.STATE_FOCUSED):
            child = next(iter(app.find_all('panel', re.compile('.'), root=item)), None)
            return child.name if child is not None else item.name
    return None


def in_view(app, list_name, row):
    """Whether the row is inside the part of the list scrolled into view."""
    view = app.find('list', list_name, root=app.frame, showing=True)
    _, view_y, _, view_height = app.extents(view)
    _, y, _, height = app.extents(row)
    return y >= view_y - 1 and y + height <= view_y + view_height + 1


def labels_of(app, list_name):
    return sorted(row.name for row in rows_of(app, list_name).values())


def wait_toast(app, text):
    """The toast saying text is showing; returns what clicks its Undo.

    A toast that an earlier one replaces stays in the tree while it fades
    out, with an Undo button of its own: so the button is looked up beside
    the label saying text, and again if it goes away under the click."""
    app.find('label', text, root=app.frame, showing=True, timeout=SLOW)

    def click_undo():
        def attempt():
            node = app.find('label', text, root=app.frame, showing=True)
            for _ in range(4):  # the toast holding the label holds its button
                node = node.parent
                buttons = [b for b in app.find_all('push button', re.compile('Undo'), root=node,
                                                   showing=True)]
                if buttons:
                    app.click(buttons[0])
                    return True
            return False
        app.wait_for(attempt, f'the Undo button of the toast “{text}” could not be clicked',
                     timeout=SLOW)
    return click_undo


def window_with_label(app, text, timeout=SLOW):
    """A toplevel other than the main window holding a label text (a message
    dialog's title is its heading, or nothing)."""
    main = app.frame.name

    def find():
        for window in app.windows():
            if window.name != main and app.find_all('label', text, root=window, showing=True):
                return window
        return None
    return app.wait_for(find, lambda: f'no dialog saying {text!r}; the app\'s windows: '
                                      f'{[w.name for w in app.windows()]}', timeout)


def wait_closed(app, title):
    app.wait_for(lambda: title not in [w.name for w in app.windows() if app.is_showing(w)],
                 f'the {title!r} window did not close', SLOW)


def what_the_app_says(app):
    """The text of the app's dialogs and what the main window shows (an
    error toast, say), for a failure message."""
    main = app.frame.name
    parts = []
    for window in app.windows():
        if window.name != main and app.is_showing(window):
            labels = [label.name for label in app.find_all('label', root=window, showing=True)]
            parts.append(f'a window {window.name!r} says {labels}')
    labels = [label.name for label in app.find_all('label', root=app.frame, showing=True)]
    parts.append(f'the main window shows {labels}')
    return '; '.join(parts)


def choose_tab(app, name):
    app.click(app.find('page tab', name, root=app.frame, showing=True))


with tap.start(App(lang='C.UTF-8')) as app:
    with tap.step('a fresh database offers the templates, the demo with invented persons among them', app):
        template = app.find('list item', re.compile('invented persons'), showing=True)
        app.screenshot('templates')

    chart = None
    with tap.step('choosing the demo template imports it and shows its chart', app) as step:
        app.click_at(template)
        try:
            chart = app.find('panel', 'Organisation chart', showing=True, timeout=SLOW)
        except Failure:
            raise Failure(f'no chart {SLOW:.0f} s after choosing the demo; '
                          f'{what_the_app_says(app)}') from None
        for tab in ('Chart', 'Partners', 'People'):
            app.find('page tab', tab, root=app.frame, showing=True)
        app.screenshot('chart')

    if not step.passed:
        tap.bail('the demo was not imported: nothing else to check')
        app.quit()
        tap.exit()

    with tap.step(f'the chart shows a button for each of the demo\'s {len(BODIES)} bodies', app):
        buttons = app.find_all('push button', root=chart)
        named = {button.name: button for button in buttons}
        missing = [body for body in BODIES if body not in named]
        hidden = [body for body in BODIES if body in named and not app.is_showing(named[body])]
        if missing or hidden:
            raise Failure(f'bodies of {os.path.basename(DEMO)} missing from the chart: {missing}, '
                          f'there but not showing: {hidden}; the chart\'s buttons: '
                          f'{[app.describe(b) for b in buttons]}')

    with tap.step(f'clicking {SSU["name"]} shows its mandate and members', app):
        app.click(app.find('push button', SSU['name'], root=chart, showing=True))
        find_visible(app, 'label', SSU['name'], root=app.frame)
        start = SSU['mandate'][:40]
        find_visible(app, 'label', re.compile('^' + re.escape(start)), root=app.frame)
        members = app.find('list', 'Members and Roles', root=app.frame)
        items = app.find_all('list item', root=members)
        listed = [item.name for item in items]
        if items and not app.is_showing(items[0]):
            raise Failure(f'the first member is not on screen: {app.describe(items[0])}')
        strangers = [name for name in listed if name not in SSU_MEMBERS]
        if not listed or strangers:
            raise Failure(f'the members listed are {listed}; not members of {SSU["name"]} in '
                          f'the demo: {strangers}; its members there: {sorted(SSU_MEMBERS)}')
        # Named once, without the mnemonic (see kon_compat_name_button ())
        for button in ('Edit Body…', 'Add Role…', 'Delete Body'):
            app.find('push button', button, root=app.frame)
        app.screenshot('ssu-details')
        tap.diag(f'{len(listed)} roles listed for {SSU["name"]}')

    with tap.step('the body\'s details close', app):
        app.click(find_visible(app, 'push button', 'Close the body’s details', root=app.frame))
        mandate = app.find('label', re.compile('^' + re.escape(SSU['mandate'][:40])), root=app.frame)
        app.wait_for(lambda: not app.is_showing(mandate),
                     'the mandate is still showing after Close')

    with tap.step('Escape closes the body\'s details too', app):
        app.click(app.find('push button', SSU['name'], root=chart, showing=True))
        mandate = find_visible(app, 'label', re.compile('^' + re.escape(SSU['mandate'][:40])),
                               root=app.frame)
        app.key('Escape')
        app.wait_for(lambda: not app.is_showing(mandate),
                     'the mandate is still showing after Escape')

    rows = {}
    with tap.step(f'People lists the demo\'s {len(PERSONS)} persons', app):
        choose_tab(app, 'People')
        rows = app.wait_for(lambda: len(rows_of(app, 'People')) == len(PERSONS) and
                            rows_of(app, 'People'),
                            lambda: f'People lists {len(rows_of(app, "People"))} rows: '
                                    f'{labels_of(app, "People")}')
        strangers = [name for name in rows if name not in PERSON_BY_NAME]
        if strangers:
            raise Failure(f'People lists persons the demo does not have: {strangers}')
        app.screenshot('people')

    def first_showing(rows):
        showing = [row for row in rows.values() if app.is_showing(row)]
        if not showing:
            raise Failure('no row of People is showing')
        return min(showing, key=lambda row: app.extents(row)[1])

    edited, old_label = None, None
    with tap.step(f'editing a person\'s title to “{NEW_TITLE}” shows it in the list, with a toast', app):
        row = first_showing(rows)
        old_label = row.name
        edited = old_label.split(', ')[0]
        old_title = PERSON_BY_NAME[edited]['title']
        if not old_title or not old_label.startswith(f'{edited}, {old_title}'):
            raise Failure(f'{edited}\'s row says {old_label!r}, expected the demo\'s title '
                          f'{old_title!r} there before editing')
        # one click opens a row (a double click did, before)
        app.click_at(row)
        dialog = window_titled(app, 'Edit Person')
        app.screenshot('edit-person')
        # Both buttons named once, without the mnemonic
        app.find('push button', 'Cancel', root=dialog, showing=True)
        app.click_at(app.find('text', re.compile('^Title'), root=dialog, showing=True))
        app.press('ctrl+a', node=dialog)
        app.type_text(NEW_TITLE)
        app.click(app.find('push button', 'Save', root=dialog, showing=True))
        wait_closed(app, 'Edit Person')
        undo = wait_toast(app, f'“{edited}” saved')
        app.screenshot('person-saved')
        app.wait_for(lambda: rows_of(app, 'People')[edited].name.startswith(f'{edited}, {NEW_TITLE}'),
                     lambda: f'{edited}\'s row says {rows_of(app, "People").get(edited) and rows_of(app, "People")[edited].name!r}, '
                             f'expected the title {NEW_TITLE!r} (it was {old_label!r})')

    with tap.step('Undo on the toast brings the old title back', app):
        if edited is None:
            raise Failure('nothing was edited')
        undo()
        app.wait_for(lambda: rows_of(app, 'People')[edited].name == old_label,
                     lambda: f'after Undo {edited}\'s row says '
                             f'{rows_of(app, "People")[edited].name!r}, expected {old_label!r}')

    deleted, deleted_label = None, None
    with tap.step('deleting a person with roles asks first, then the row is gone, with a toast', app):
        rows = rows_of(app, 'People')
        before = len(rows)
        # someone on SSU, so their roles can be seen to come back
        candidates = {name: row for name, row in rows.items()
                      if name in SSU_MEMBERS and name != edited}
        row = first_showing(candidates)
        deleted_label = row.name
        deleted = deleted_label.split(', ')[0]
        app.click(app.find('push button', f'Delete {deleted}', root=row, showing=True))
        dialog = window_with_label(app, f'Delete “{deleted}”?')
        app.screenshot('delete-person')
        app.click(app.find('push button', re.compile('Delete'), root=dialog, showing=True))
        # the toast first: it goes away by itself, and reading the list takes a while
        undo = wait_toast(app, f'“{deleted}” deleted')
        app.screenshot('person-deleted')
        app.wait_for(lambda: deleted not in rows_of(app, 'People'),
                     f'{deleted} is still listed after Delete')
        after = len(rows_of(app, 'People'))
        if after != before - 1:
            raise Failure(f'People listed {before} rows before deleting {deleted}, {after} after')

    with tap.step('Undo on the toast brings the person back, with their roles', app):
        if deleted is None:
            raise Failure('nobody was deleted')
        undo()
        app.wait_for(lambda: rows_of(app, 'People').get(deleted) is not None and
                     rows_of(app, 'People')[deleted].name == deleted_label,
                     lambda: f'after Undo People says {labels_of(app, "People")}, '
                             f'expected {deleted_label!r} among them')
        choose_tab(app, 'Chart')
        app.click(app.find('push button', SSU['name'], root=chart, showing=True))
        find_visible(app, 'label', SSU['name'], root=app.frame)
        members = app.find('list', 'Members and Roles', root=app.frame)
        app.wait_for(lambda: deleted in [item.name for item in app.find_all('list item', root=members)],
                     lambda: f'{deleted} is not among the members of {SSU["name"]} again: '
                             f'{[item.name for item in app.find_all("list item", root=members)]}')
        app.click(find_visible(app, 'push button', 'Close the body’s details', root=app.frame))

    keyed = None
    with tap.step('a click opens a person, Escape closes, Enter on the row opens it again', app):
        choose_tab(app, 'People')
        rows = rows_of(app, 'People')
        candidates = {name: row for name, row in rows.items() if name not in (edited, deleted)}
        row = first_showing(candidates)
        keyed_label = row.name
        keyed = keyed_label.split(', ')[0]
        app.click_at(row)
        dialog = window_titled(app, 'Edit Person')
        app.press('Escape', node=dialog)
        wait_closed(app, 'Edit Person')
        app.key('Return')
        dialog = window_titled(app, 'Edit Person')
        app.screenshot('enter-opens')
        app.press('Escape', node=dialog)
        wait_closed(app, 'Edit Person')

    with tap.step('Delete deletes the row chosen, and Ctrl+Z brings it back', app):
        if keyed is None:
            raise Failure('no row was chosen')
        app.key('Delete')
        # everyone in the demo has roles: the app asks first
        dialog = window_with_label(app, f'Delete “{keyed}”?')
        app.click(app.find('push button', re.compile('Delete'), root=dialog, showing=True))
        wait_toast(app, f'“{keyed}” deleted')
        app.wait_for(lambda: keyed not in rows_of(app, 'People'),
                     f'{keyed} is still listed after Delete')
        # the focus stays in the list, on the row that took its place
        app.wait_for(lambda: focused_in(app, 'People'),
                     lambda: f'after deleting {keyed} the focus left the People list')
        app.key('ctrl+z')
        app.wait_for(lambda: rows_of(app, 'People').get(keyed) is not None and
                     rows_of(app, 'People')[keyed].name == keyed_label,
                     lambda: f'after Ctrl+Z People says {labels_of(app, "People")}, '
                             f'expected {keyed_label!r} among them')
        # the first row, back, is in view (not scrolled off above the rest)
        app.wait_for(lambda: in_view(app, 'People', rows_of(app, 'People')[keyed]),
                     lambda: f'after Ctrl+Z {keyed} is listed but scrolled out of view')
        app.screenshot('ctrl-z-restored')

    with tap.step('Ctrl+F in People goes to the search, and typing there searches', app):
        app.key('ctrl+f')
        app.type_text('zzzzqq')
        app.find('label', 'No People Found', root=app.frame, showing=True)
        app.key('ctrl+a', 'BackSpace')
        app.wait_for(lambda: len(rows_of(app, 'People')) == len(PERSONS),
                     lambda: f'after clearing the search People lists {len(rows_of(app, "People"))}')

    with tap.step('searching partners for “bod” lists Bodø kommune and not Bø kommune', app):
        choose_tab(app, 'Partners')
        partners = app.wait_for(lambda: len(rows_of(app, 'Partners')) == len(demo['partners']) and
                                rows_of(app, 'Partners'),
                                lambda: f'Partners lists {labels_of(app, "Partners")}')
        for name in ('Bodø kommune', 'Bø kommune'):
            if name not in partners:
                raise Failure(f'{name} is not listed before searching: {labels_of(app, "Partners")}')
        # xdotool cannot type ø reliably: "bod" is enough to tell the two apart
        app.click_at(app.find(None, 'Search partners', root=app.frame, showing=True))
        app.type_text('bod')

        def found():
            names = [name for name, row in rows_of(app, 'Partners').items() if app.is_showing(row)]
            return 'Bodø kommune' in names and 'Bø kommune' not in names and names
        names = app.wait_for(found, lambda: f'after typing “bod” the partners showing are '
                             f'{[n for n, r in rows_of(app, "Partners").items() if app.is_showing(r)]}')
        app.screenshot('partners-bod')
        tap.diag(f'partners found by “bod”: {names}')

    with tap.step('the chart exports as PDF through the menu and the file chooser', app):
        if os.path.exists(PDF_PATH):
            os.unlink(PDF_PATH)
        choose_tab(app, 'Chart')
        app.click(app.find('push button', 'Export or Print the Chart', root=app.frame, showing=True))
        # The menu reaches past the window's edge, where find_all's showing
        # filter does not look: is_mapped asks the toolkit alone
        item = app.wait_for(
            lambda: next((node for node in app.find_all('menu item', 'Export as PDF…',
                                                        root=app.frame)
                          if app.is_mapped(node)), None),
            lambda: f'the menu does not show Export as PDF…; menu items there: '
                    f'{[app.describe(n) for n in app.find_all("menu item", root=app.frame)]}')
        app.click(item)
        chooser = window_titled(app, 'Export the Organisation Chart')
        app.screenshot('file-chooser')
        # A save dialog starts in its name field: replace the name by a full path
        app.press('ctrl+a', node=chooser)
        app.type_text(PDF_PATH)
        app.press('Return', node=chooser)
        wait_closed(app, 'Export the Organisation Chart')
        app.find('label', 'Chart exported', root=app.frame, showing=True, timeout=SLOW)
        if not os.path.isfile(PDF_PATH) or os.path.getsize(PDF_PATH) == 0:
            raise Failure(f'“Chart exported”, but {PDF_PATH} is '
                          f'{"empty" if os.path.exists(PDF_PATH) else "not there"}; '
                          f'files there: {os.listdir(ARTIFACTS)}')
        prefix = os.path.join(ARTIFACTS, 'organisation-chart-page')
        render = subprocess.run(['pdftoppm', '-png', '-r', '50', '-f', '1', '-l', '1',
                                 PDF_PATH, prefix], capture_output=True, text=True, timeout=60)
        pages = [name for name in os.listdir(ARTIFACTS)
                 if name.startswith('organisation-chart-page') and name.endswith('.png')]
        if render.returncode != 0 or not pages:
            raise Failure(f'pdftoppm could not render {PDF_PATH} (status {render.returncode}): '
                          f'{render.stderr.strip()}')
        text = subprocess.run(['pdftotext', PDF_PATH, '-'], capture_output=True,
                              text=True, timeout=60).stdout
        flat = ' '.join(text.split())
        absent = [body for body in BODIES if body not in flat]
        if absent:
            raise Failure(f'the PDF does not name {absent}; its text: {flat[:400]!r}')
        tap.diag(f'{PDF_PATH}: {os.path.getsize(PDF_PATH)} bytes, page 1 as {pages[0]}')

    with tap.step('the app wrote no warnings or criticals while it was used', app):
        with open(app.log_path, errors='replace') as log:
            messages = collections.Counter(
                re.sub(r'^\(konsensus:\d+\): |\d\d:\d\d:\d\d\.\d+: ', '', line.strip())
                for line in log if re.search(r'-(WARNING|CRITICAL) \*\*', line))
        if messages:
            raise Failure('the app wrote (times, message):\n' + '\n'.join(
                f'{count:5} {message}' for message, count in messages.most_common()))

    with tap.step('the app quits cleanly', app):
        status = app.quit()
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.exit()
