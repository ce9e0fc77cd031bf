"""The window remembers its size and the pane last shown: quit with Cases
shown in a resized window, start again, and Cases is there at that size.
Settings are kept in a key file under the runner's temporary
XDG_CONFIG_HOME (GSETTINGS_BACKEND=keyfile), as a real session keeps them
in dconf.  Run by tests/ui/run-ui-test (meson test --suite ui)."""

import os
import re

import pyatspi

from konsensus_ui import App, Failure, Tap, TMPDIR

# Neither is the default (Organisation, 1000x700), and the width is above
# the header's minimum, so the window takes it
PANE, TITLE = 'Cases', 'No Cases Yet'
SIZE = (1150, 620)

ENV = {'GSETTINGS_BACKEND': 'keyfile'}
DATABASE = os.path.join(TMPDIR, 'remember.db')
TITLES = re.compile(r'^No .* Yet$')
KEYFILE = os.path.join(os.environ.get('XDG_CONFIG_HOME', ''), 'glib-2.0', 'settings', 'keyfile')

tap = Tap()


def settings_text():
    try:
        with open(KEYFILE) as f:
            return f.read().strip()
    except OSError as error:
        return f'(no key file: {error.strerror})'


def showing_titles(app):
    return [n.name for n in app.find_all('label', TITLES, showing=True)]


first = App(database=DATABASE, env=ENV, name='first')
with tap.start(first, 'first run: the app starts'):
    with tap.step('first run: starts on Organisation at the default size', first):
        first.wait_for(lambda: showing_titles(first) == ['No Organisation Yet'],
                       lambda: f'pane titles showing: {showing_titles(first)}')
        size = first.window_size()
        if size == SIZE:
            raise Failure(f'the window already has the size {SIZE} the test will set')

    with tap.step(f'first run: choose {PANE} and make the window {SIZE[0]}x{SIZE[1]}', first):
        first.click(first.find('page tab', PANE, showing=True))
        first.wait_for(lambda: showing_titles(first) == [TITLE],
                       lambda: f'pane titles showing: {showing_titles(first)}')
        size = first.resize(*SIZE)
        if size != SIZE:
            raise Failure(f'asked for {SIZE}, the window is {size}')
        first.screenshot('before-close')

    with tap.step('first run: closing the window ends the app cleanly', first):
        # As a user does: the window's close button
        first.click(first.find('push button', 'Close', root=first.frame, showing=True))
        status = first.wait_exit(10)
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.diag('settings after the first run:\n' + settings_text())

second = App(database=DATABASE, env=ENV, name='second')
with tap.start(second, 'second run: the app starts again'):
    second.screenshot('after-start')

    with tap.step(f'second run: {PANE} is shown', second):
        second.wait_for(lambda: showing_titles(second) == [TITLE],
                        lambda: f'pane titles showing: {showing_titles(second)}, '
                                f'expected [{TITLE!r}]; settings:\n{settings_text()}')
        tab = second.find('page tab', PANE, showing=True)
        states = tab.getState()
        if not (states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_SELECTED)):
            raise Failure(f'the {PANE!r} button is not shown as chosen')

    with tap.step(f'second run: the window is {SIZE[0]}x{SIZE[1]} again', second):
        size = second.window_size()
        if size != SIZE:
            raise Failure(f'the window is {size[0]}x{size[1]}, expected {SIZE[0]}x{SIZE[1]}; '
                          f'settings:\n{settings_text()}')

    with tap.step('second run: the app quits cleanly', second):
        status = second.quit()
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.exit()
