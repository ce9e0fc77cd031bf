"""The Organisation pane on a database that cannot be written: what would
change it (add, edit, delete, undo) is disabled, not offered and then
failing.  The demo is imported from the command line, then the file is made
immutable (chattr +i), which even root cannot write; where chattr cannot
do that, the checks are skipped.
Run by tests/ui/run-ui-test (meson test --suite ui)."""

import os
import re
import subprocess
import time

import pyatspi

from konsensus_ui import TMPDIR, App, Failure, Tap, window_titled

TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'templates')
DEMO = os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json')

tap = Tap()

directory = os.path.join(TMPDIR, 'read-only')
os.makedirs(directory, exist_ok=True)
database = os.path.join(directory, 'test.db')

imported = subprocess.run([os.environ.get('KONSENSUS_BIN', 'konsensus'),
                           '--database', database, '--import', DEMO, '--create'],
                          capture_output=True, text=True, timeout=60)
if not tap.ok(imported.returncode == 0, 'the demo is imported from the command line',
              imported.stderr):
    tap.exit()

locked = subprocess.run(['chattr', '+i', database], capture_output=True, text=True).returncode == 0
if not locked or os.access(database, os.W_OK):
    print('1..0 # SKIP chattr +i cannot make the database read-only here', flush=True)
    if locked:
        subprocess.run(['chattr', '-i', database])
    raise SystemExit(0)


def enabled(app, node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def assert_disabled(app, role, name, root=None):
    nodes = app.find_all(role, name, root=root or app.frame)
    if not nodes:
        raise Failure(f'no {role} {name!r} to check')
    on = [app.describe(node) for node in nodes if enabled(app, node)]
    if on:
        raise Failure(f'enabled in a read-only database: {on}')


try:
    with tap.start(App(database=database, name='read-only', lang='C.UTF-8')) as app:
        with tap.step('the window says the database is read-only', app):
            app.find('label', re.compile('read-only'), root=app.frame, showing=True)

        chart = None
        with tap.step('the chart shows; Add Body is disabled', app):
            chart = app.find('panel', 'Organisation chart', showing=True, timeout=30)
            assert_disabled(app, 'push button', 'Add Body')
            app.screenshot('read-only-chart')

        with tap.step('a body\'s details offer no edit, role or delete', app):
            button = app.find_all('push button', root=chart, showing=True)[0]
            app.click(button)
            for name in ('Edit Body…', 'Add Role…', 'Delete Body'):
                assert_disabled(app, 'push button', name)
            app.click(app.find('push button', 'Close the body’s details', root=app.frame))

        with tap.step('People: Add Person and every Delete are disabled', app):
            app.click(app.find('page tab', 'People', root=app.frame, showing=True))
            view = app.find('list', 'People', root=app.frame, showing=True)
            app.wait_for(lambda: len(app.find_all('list item', root=view)) > 0, 'People is empty')
            assert_disabled(app, 'push button', 'Add Person')
            assert_disabled(app, 'push button', re.compile('^Delete '), root=view)
            app.screenshot('read-only-people')

        with tap.step('clicking a person shows the person, with no Save, and Delete deletes nothing', app):
            items = app.find_all('list item', root=view)
            before = len(items)
            app.click_at(items[0])
            dialog = window_titled(app, 'Edit Person')
            app.find('label', re.compile('read-only: you can look'), root=dialog, showing=True)
            if app.find_all('push button', 'Save', root=dialog, showing=True):
                raise Failure('the person\'s form offers Save in a read-only database')
            app.screenshot('read-only-person')
            app.click(app.find('push button', 'Close', root=dialog, showing=True))
            app.wait_for(lambda: not [w for w in app.windows() if w.name == 'Edit Person' and app.is_showing(w)],
                         'the person\'s form did not close')
            app.click_at(app.find_all('list item', root=view)[0])
            dialog = window_titled(app, 'Edit Person')
            app.press('Escape', node=dialog)
            app.wait_for(lambda: not [w for w in app.windows() if w.name == 'Edit Person' and app.is_showing(w)],
                         'Escape did not close the person\'s form')
            app.key('Delete')
            time.sleep(1.0)
            after = len(app.find_all('list item', root=view))
            if after != before:
                raise Failure(f'People listed {before} rows before Delete, {after} after')

        with tap.step('the app quits cleanly', app):
            status = app.quit()
            if status != 0:
                raise Failure(f'konsensus ended with status {status}')
finally:
    subprocess.run(['chattr', '-i', database])

tap.exit()
