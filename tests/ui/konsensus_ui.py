"""konsensus_ui: drive the real Konsensus window as a screen-reader user does.

For the UI tests in tests/ui, run by tests/ui/run-ui-test (which provides
Xvfb, a D-Bus session, the accessibility bus and the environment):

    from konsensus_ui import App, Tap, Failure

    tap = Tap()
    with App() as app:
        with tap.step('the Cases pane can be chosen', app):
            app.click(app.find('page tab', 'Cases', showing=True))
            app.wait_showing('label', 'No Cases Yet')
    tap.exit()

Widgets are found by AT-SPI role and accessible name, polling until a
timeout.  What GTK 4.8 offers over AT-SPI (tried): buttons, toggles, page
tabs and menu items click through the Action interface; no widget but the
window reports the SHOWING state, so "showing" is decided here from the
extents and Component.contains (which is false for an unmapped widget, e.g.
the page a stack does not show).  A GtkEntry's text can be neither set nor
read: use App.type_into(), then check what the app did with the text.

Failures raise Failure with what was looked for and what was there, and a
step that fails takes a screenshot into UI_TEST_ARTIFACTS.

Every app a test starts has its log (standard output and error) checked
when the test ends (Tap.exit), or earlier with Tap.check_log(app): a
warning, critical or error from any log domain (Konsensus, Konsensus-Core,
-Render, -UI, Gtk, Gdk, Adwaita, GLib, GLib-GObject, …) fails the test.
tests/ui/test-log-check.py proves that this check can fail.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi
from gi.repository import GLib

# GTK 4.8 has no AT-SPI cache object; libatspi says so once per app
GLib.log_set_handler('dbind', GLib.LogLevelFlags.LEVEL_WARNING,
                     lambda domain, level, message, *data:
                     None if 'GetItems' in message else print(message, file=sys.stderr))

APP_ID = 'io.github.konsensus.Konsensus'
APP_PATH = '/' + APP_ID.replace('.', '/')

ARTIFACTS = os.environ.get('UI_TEST_ARTIFACTS') or os.getcwd()
TMPDIR = os.environ.get('UI_TEST_TMPDIR') or tempfile.mkdtemp(prefix='konsensus-ui-')

DEFAULT_TIMEOUT = 10.0

_ROLE_NAMES = {}


class Failure(Exception):
    """Something the test needed was not there; the message says what."""


def role_of(name):
    """The pyatspi role for a role name as AT-SPI prints it ('push button')."""
    if not _ROLE_NAMES:
        for value in range(pyatspi.ROLE_LAST_DEFINED):
            try:
                _ROLE_NAMES[pyatspi.Atspi.role_get_name(value)] = value
            except Exception:
                pass
    if isinstance(name, int):
        return name
    try:
        return _ROLE_NAMES[name]
    except KeyError:
        raise ValueError(f'unknown AT-SPI role {name!r}') from None


def _safe(fn, default=None):
    try:
        return fn()
    except Exception:
        return default


def _children(node):
    """node's children: one call for the count, one per child (pyatspi's
    own iteration asks for the count again before every child)."""
    count = _safe(node.get_child_count, 0) or 0
    children = []
    for index in range(count):
        child = _safe(lambda: node.get_child_at_index(index))
        if child is not None:
            children.append(child)
    return children


def _slug(text):
    return re.sub(r'[^A-Za-z0-9._-]+', '-', text).strip('-') or 'shot'


# ---------------------------------------------------------------- the app's log

# A warning, critical or error as GLib's default writer prints it (the app
# logs structured, G_LOG_USE_STRUCTURED; its output is a file, so no
# colours), whatever the domain:
#   (konsensus:123): Konsensus-UI-WARNING **: 10:00:00.000: message
#   (konsensus:123): Gtk-CRITICAL **: 10:00:00.000: gtk_widget_…: assertion … failed
#   (konsensus:123): GLib-GObject-CRITICAL **: …
#   ** (konsensus:123): WARNING **: 10:00:00.000: …        (no domain)
#   ** (konsensus:123): ERROR:file.c:12:func: assertion failed: …   (g_assert)
# Messages and debug output ("Gtk-Message", "Konsensus-DEBUG") do not count;
# run-ui-test unsets G_MESSAGES_DEBUG, so debug output is not there anyway.
LOG_PROBLEM = re.compile(r'(?:^|[\s:)])(?:(?P<domain>[\w.-]+?)-)?'
                         r'(?P<level>WARNING|CRITICAL|ERROR) \*\*'
                         r'|\*\* \(\S+:\d+\): ERROR:')

# Lines that would match but are not the app's doing, each with the reason.
# Add one only with a reason that holds on every machine, never to make a
# failing test pass.
LOG_ALLOWED = [
]

_LOG_PREFIX = re.compile(r'^\*{0,2} ?\([^():]+:\d+\): |\d\d:\d\d:\d\d\.\d+: ')

# Every App started in this process, for Tap.exit to check
_started_apps = []


def log_problems(lines):
    """The lines among lines that are warnings, criticals or errors (with
    the process id and time taken out), in order."""
    problems = []
    for line in lines:
        line = line.rstrip('\n')
        if LOG_PROBLEM.search(line) and \
           not any(pattern.search(line) for pattern, _ in LOG_ALLOWED):
            problems.append(_LOG_PREFIX.sub('', line.strip()))
    return problems


# ---------------------------------------------------------------- TAP


class Tap:
    """TAP output for meson (protocol 'tap'): one numbered line per check."""

    def __init__(self):
        self.count = 0
        self.failed = 0
        self.bailed = False

    def diag(self, text):
        for line in str(text).splitlines() or ['']:
            print(f'# {line}', flush=True)

    def ok(self, condition, description, diagnostics=None):
        self.count += 1
        if condition:
            print(f'ok {self.count} - {description}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.count} - {description}', flush=True)
            if diagnostics:
                self.diag(diagnostics)
            # meson shows a failing test's standard error, not its TAP comments
            print(f'not ok {self.count} - {description}', file=sys.stderr)
            for line in str(diagnostics or '').splitlines():
                print(f'    {line}', file=sys.stderr)
            sys.stderr.flush()
        return bool(condition)

    def step(self, description, app=None):
        """A check made of several actions: ok if the block raises nothing."""
        return _Step(self, description, app)

    def start(self, app, description='the app starts and its window appears'):
        """Start app as a check of its own; without a window nothing else
        can be checked, so a failure ends the test here."""
        try:
            app.start()
        except Failure as error:
            self.ok(False, description, str(error))
            self.bail('no window to test')
            self.exit()
        return app

    def check_log(self, app, description=None):
        """A check that app's log has no warning, critical or error (see
        LOG_PROBLEM).  Tap.exit makes it for every app not checked yet."""
        app.log_checked = True
        with self.step(description or
                       f'{app.name}: the app wrote no warnings or criticals', app) as step:
            app.check_log()
        return step.passed

    def bail(self, reason):
        self.bailed = True
        print(f'Bail out! {reason}', flush=True)
        print(f'Bail out! {reason}', file=sys.stderr, flush=True)

    def exit(self):
        if not self.bailed:
            for app in _started_apps:
                if not app.log_checked:
                    self.check_log(app)
            print(f'1..{self.count}', flush=True)
        sys.exit(1 if (self.failed or self.bailed) else 0)


class _Step:
    def __init__(self, tap, description, app):
        self.tap = tap
        self.description = description
        self.app = app
        self.passed = False

    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, exc_type, exc, tb):
        took = time.monotonic() - self.started
        if exc_type is None:
            self.passed = self.tap.ok(True, self.description)
            if took > 5:
                self.tap.diag(f'(took {took:.1f} s)')
            return False
        if exc_type in (KeyboardInterrupt, SystemExit):
            return False
        if isinstance(exc, Failure):
            details = str(exc)
        else:
            details = ''.join(traceback.format_exception(exc_type, exc, tb)).rstrip()
        if self.app is not None:
            shot = _safe(lambda: self.app.screenshot('failed-' + self.description))
            if shot:
                details += f'\nscreenshot: {shot}'
            log = _safe(self.app.log_tail)
            if log:
                details += '\napp output (last lines):\n' + log
        details += f'\n(took {took:.1f} s)'
        self.passed = self.tap.ok(False, self.description, details)
        return True  # go on with the next check


# ---------------------------------------------------------------- X11


def _xdotool(*args, check=True):
    result = subprocess.run(['xdotool', *map(str, args)],
                            capture_output=True, text=True, timeout=30)
    if check and result.returncode != 0:
        raise Failure(f'xdotool {" ".join(map(str, args))} failed: {result.stderr.strip()}')
    return result.stdout


def screenshot(name):
    """The whole screen into ARTIFACTS/NAME.png; returns the path."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, _slug(name) + '.png')
    subprocess.run(['import', '-window', 'root', path],
                   capture_output=True, timeout=30)
    return path


# ---------------------------------------------------------------- the app


class App:
    """The konsensus process and its accessibility tree.

    database: the database file (default: a fresh TMPDIR/<name>/test.db)
    lang, language: LANG and LANGUAGE for the app (LC_ALL is removed)
    env: more environment variables (a value of None removes one)
    """

    def __init__(self, database=None, lang=None, language=None, env=None,
                 args=(), name='app'):
        self.name = name
        if database is None:
            directory = os.path.join(TMPDIR, name)
            os.makedirs(directory, exist_ok=True)
            database = os.path.join(directory, 'test.db')
        self.database = database
        self.binary = os.environ.get('KONSENSUS_BIN', 'konsensus')
        self.env = dict(os.environ)
        self.env.setdefault('G_DEBUG', 'fatal-criticals')
        if lang is not None or language is not None:
            for key in ('LC_ALL', 'LC_MESSAGES', 'LANGUAGE'):
                self.env.pop(key, None)
        if lang is not None:
            self.env['LANG'] = lang
        if language is not None:
            self.env['LANGUAGE'] = language
        for key, value in (env or {}).items():
            if value is None:
                self.env.pop(key, None)
            else:
                self.env[key] = value
        self.args = list(args)
        self.process = None
        self.accessible = None
        self.xid = None
        self.log_path = os.path.join(ARTIFACTS, _slug(name) + '.log')
        self._log = None
        self.log_checked = False

    # -- lifetime

    def __enter__(self):
        return self.start() if self.process is None else self

    def __exit__(self, exc_type, exc, tb):
        self.quit()
        return False

    def start(self, timeout=20.0):
        """Start the app and wait until its window is on the AT-SPI bus."""
        os.makedirs(ARTIFACTS, exist_ok=True)
        self._log = open(self.log_path, 'w')
        command = [self.binary, '--database', self.database, *self.args]
        self.process = subprocess.Popen(command, env=self.env,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        if self not in _started_apps:
            _started_apps.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f'konsensus exited with status {self.process.returncode} '
                              f'before its window appeared:\n{self.log_tail()}')
            self.accessible = self._find_application()
            if self.accessible is not None and self._frames():
                break
            time.sleep(0.1)
        else:
            apps = [f'{_safe(lambda a=a: a.name)!r} pid {_safe(a.get_process_id)}'
                    for a in _safe(lambda: list(pyatspi.Registry.getDesktop(0)), [])]
            raise Failure(f'no window of konsensus (pid {self.process.pid}) on the '
                          f'accessibility bus after {timeout:.0f} s; applications '
                          f'there: {apps or "none"}\n{self.log_tail()}')
        self.xid = self._wait_xid(deadline)
        return self

    def _find_application(self):
        # No desktop.clear_cache() here: it recurses through every node
        # libatspi ever cached, of every app, gone ones too, and the tree
        # of an app that was killed (test-drafts.py) can hold a loop: the
        # recursion overflowed the stack and the test died of SIGSEGV.
        # Without a main loop libatspi asks the bus for the desktop's
        # children each time anyway (its cache is used with a main loop).
        desktop = pyatspi.Registry.getDesktop(0)
        for application in _safe(lambda: list(desktop), []):
            if application is not None and \
               _safe(application.get_process_id) == self.process.pid:
                return application
        return None

    def _wait_xid(self, deadline):
        while time.monotonic() < deadline:
            out = _xdotool('search', '--onlyvisible', '--pid', self.process.pid, check=False)
            ids = out.split()
            if ids:
                # The main window: the largest one
                def area(xid):
                    w, h = self._geometry(xid)
                    return w * h
                return max(ids, key=area)
            time.sleep(0.1)
        raise Failure('the konsensus window never became visible on the X display')

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def quit(self, timeout=10.0):
        """Quit through the app's own quit action (what Ctrl+Q does), so
        windows save their state; kill the app if it does not go.  Returns
        the exit status."""
        if self.process is None:
            return None
        if self.running:
            subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                            '--object-path', APP_PATH,
                            '--method', 'org.gtk.Actions.Activate', 'quit', '[]', '{}'],
                           capture_output=True, timeout=timeout)
        return self.wait_exit(timeout)

    def wait_exit(self, timeout=10.0):
        """Wait for the app to end; terminate, then kill it if it does not."""
        if self.process is None:
            return None
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None
        return self.process.returncode

    def log_problems(self):
        """The warnings, criticals and errors in the app's log so far."""
        try:
            with open(self.log_path, errors='replace') as f:
                return log_problems(f)
        except OSError:
            return []

    def check_log(self):
        """Failure if the app's log has a warning, critical or error."""
        problems = self.log_problems()
        if problems:
            counts = {}
            for problem in problems:
                counts[problem] = counts.get(problem, 0) + 1
            raise Failure(f'{self.name} ({self.log_path}) wrote (times, message):\n' +
                          '\n'.join(f'{count:5} {problem}' for problem, count in counts.items()))

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, errors='replace') as f:
                text = f.read().splitlines()
        except OSError:
            return ''
        return '\n'.join(text[-lines:])

    # -- the tree

    def _frames(self):
        return _children(self.accessible)

    def windows(self):
        """The app's toplevels (main window, dialogs) as accessibles."""
        return self._frames()

    @property
    def frame(self):
        for window in self.windows():
            if _safe(window.getRole) == pyatspi.ROLE_FRAME and \
               _safe(lambda: window.name.endswith('Konsensus'), False):
                return window
        windows = self.windows()
        if not windows:
            raise Failure('the app has no window')
        return windows[0]

    def walk(self, root=None, prune=None):
        """Every node under root (default: the application), depth first.
        prune(node) true skips the node's descendants."""
        root = root if root is not None else self.accessible
        stack = [root]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            yield node
            if prune is not None and node is not root and prune(node):
                continue
            children = _children(node)
            stack.extend(reversed(children))

    def find_all(self, role=None, name=None, root=None, showing=False):
        """Nodes with this role (name or number) and accessible name (a
        string for equality, or a compiled regex).  With showing, only those
        on screen; subtrees that are not mapped are not searched."""
        role = role_of(role) if role is not None else None
        root = root if root is not None else self.accessible
        found = []
        # (node, size of its toplevel): the toplevel is known on the way down
        root_window = None if _safe(root.getRole) == pyatspi.ROLE_APPLICATION \
            else self._toplevel_size(self._toplevel_of(root) or root)
        stack = [(root, root_window)]
        while stack:
            node, window = stack.pop()
            children = _children(node)
            # Extents and mapping cost a call each: only asked when needed
            state = {}

            def mapped():
                if 'mapped' not in state:
                    extents = _safe(lambda: self.extents(node))
                    state['mapped'] = self._mapped(node, extents, window)
                return state['mapped']

            if window is None:
                extents = _safe(lambda: self.extents(node))
                if extents is not None:
                    window = extents[2:]  # a toplevel: its own size
            if showing and children and node is not root and mapped() is False:
                continue  # nothing below an unmapped widget is on screen
            if role is None or _safe(node.getRole) == role:
                node_name = _safe(lambda: node.name, '')
                if name is None or \
                   (name.search(node_name) if hasattr(name, 'search') else node_name == name):
                    if not showing or mapped():
                        found.append(node)
            stack.extend((child, window) for child in reversed(children))
        return found

    def _mapped(self, node, extents, window):
        """True if on screen, False if not, None if node is no widget."""
        if extents is None:
            return None
        x, y, width, height = extents
        if width <= 0 or height <= 0:
            return False
        cx, cy = x + width // 2, y + height // 2
        if window is not None and window[0] > 0 and window[1] > 0 and \
           not (0 <= cx < window[0] and 0 <= cy < window[1]):
            return False
        return bool(_safe(lambda: node.queryComponent().contains(cx, cy, pyatspi.WINDOW_COORDS)))

    def _toplevel_size(self, window):
        extents = _safe(lambda: self.extents(window))
        return extents[2:] if extents else None

    def find(self, role, name, root=None, showing=False, timeout=DEFAULT_TIMEOUT):
        """The first node with this role and name, polling until timeout."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.find_all(role, name, root, showing)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                break
            time.sleep(0.15)
        what = f'{role} {name.pattern if hasattr(name, "pattern") else name!r}'
        if showing:
            hidden = self.find_all(role, name, root)
            if hidden:
                raise Failure(f'{what} is there but not showing ({self.describe(hidden[0])});\n'
                              f'showing {role}s: {self.names(role, root, showing=True)}')
        raise Failure(f'no {what} after {timeout:.0f} s; {role}s there: '
                      f'{self.names(role, root)}')

    def wait_for(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        """Poll predicate() until it returns something true; else Failure(what)."""
        deadline = time.monotonic() + timeout
        while True:
            value = _safe(predicate)
            if value:
                return value
            if time.monotonic() > deadline:
                value = predicate()  # once more, letting an error show
                if value:
                    return value
                raise Failure(what() if callable(what) else what)
            time.sleep(0.15)

    def wait_showing(self, role, name, root=None, timeout=DEFAULT_TIMEOUT):
        return self.find(role, name, root, showing=True, timeout=timeout)

    # -- geometry

    def extents(self, node):
        """(x, y, width, height) in window coordinates."""
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return (e.x, e.y, e.width, e.height)

    def is_showing(self, node):
        """Whether node is on screen: it has a size, its middle is inside
        its window, and the toolkit says that point is in the node (GTK
        answers no for a widget that is not mapped, e.g. a stack page
        that is not shown, even though its old extents remain)."""
        extents = _safe(lambda: self.extents(node))
        window = self._toplevel_of(node)
        size = self._toplevel_size(window) if window is not None else None
        return bool(self._mapped(node, extents, size))

    def is_mapped(self, node):
        """Whether the toolkit shows node, wherever it is: is_showing
        without the check that its middle is inside its window (a popover
        may reach past the window's edge; it is a surface of its own)."""
        extents = _safe(lambda: self.extents(node))
        return bool(self._mapped(node, extents, None))

    def _toplevel_of(self, node):
        parent = node
        for _ in range(200):
            up = _safe(lambda: parent.parent)
            if up is None or _safe(up.getRole) == pyatspi.ROLE_APPLICATION:
                return parent if parent is not node else None
            parent = up
        return None

    def window_size(self):
        """The main window's size on the X display (what a WM would see)."""
        return self._geometry(self.xid)

    def _geometry(self, xid):
        out = _xdotool('getwindowgeometry', '--shell', xid, check=False)
        values = dict(line.split('=', 1) for line in out.split() if '=' in line)
        return int(values.get('WIDTH', 0)), int(values.get('HEIGHT', 0))

    def resize(self, width, height, settle=0.6):
        """Ask for a window size as a window manager would; returns the
        size the window has once it stops changing (the app may refuse)."""
        _xdotool('windowsize', self.xid, width, height)
        last, stable_since = None, time.monotonic()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            size = self.window_size()
            if size != last:
                last, stable_since = size, time.monotonic()
            elif time.monotonic() - stable_since >= settle:
                break
            time.sleep(0.1)
        return last

    # -- acting

    def _actions(self, node):
        action = _safe(node.queryAction)
        if action is None:
            return None, []
        return action, [_safe(lambda i=i: action.getName(i), '') for i in range(action.nActions)]

    def click(self, node):
        """Activate node through its Action interface (click/activate).
        A GtkMenuButton has no action itself but holds a button of the same
        name that has one: that is clicked then."""
        action, names = self._actions(node)
        if not names:
            name = _safe(lambda: node.name)
            for inner in self.walk(node):
                if inner is not node and _safe(lambda: inner.name) == name:
                    inner_action, inner_names = self._actions(inner)
                    if inner_names:
                        node, action, names = inner, inner_action, inner_names
                        break
        if action is None:
            raise Failure(f'{self.describe(node)} has no Action interface')
        for wanted in ('click', 'activate', 'press', 'toggle'):
            if wanted in names:
                index = names.index(wanted)
                break
        else:
            raise Failure(f'{self.describe(node)} has no click action (actions: {names})')
        if not action.doAction(index):
            raise Failure(f'the {names[index]} action of {self.describe(node)} failed')

    def focus_window(self):
        _xdotool('windowfocus', '--sync', self.xid)

    def key(self, *keys):
        """Press keys (xdotool names, e.g. 'ctrl+q') in the main window."""
        self.focus_window()
        _xdotool('key', '--clearmodifiers', *keys)

    def type_into(self, node, text):
        """Click into a text entry at its extents and type text (GTK 4.8
        entries cannot be set over AT-SPI).  xdotool types upper-case
        Æ Ø Å as lower-case."""
        x, y, width, height = self.extents(node)
        self.focus_window()
        _xdotool('mousemove', '--window', self.xid, x + width // 2, y + height // 2)
        _xdotool('click', '1')
        _xdotool('type', '--delay', '20', text)

    # -- the pointer and the keyboard in any of the app's windows (dialogs,
    # file choosers): for what has no Action (list rows) and for entries

    def xid_of(self, node, timeout=DEFAULT_TIMEOUT):
        """The X window holding node (a widget, or a toplevel from
        windows()): the app's visible window titled as node's toplevel,
        else the one closest to it in size (a dialog may have no title)."""
        window = self._toplevel_of(node) or node
        deadline = time.monotonic() + timeout
        while True:
            title = _safe(lambda: window.name, '')
            extents = _safe(lambda: self.extents(window))
            ids = _xdotool('search', '--onlyvisible', '--pid', self.process.pid,
                           check=False).split()
            for xid in ids:
                if title and _xdotool('getwindowname', xid, check=False).strip() == title:
                    return xid
            if ids and extents is not None:
                def distance(xid):
                    w, h = self._geometry(xid)
                    return abs(w - extents[2]) + abs(h - extents[3])
                best = min(ids, key=distance)
                if distance(best) <= 64:  # client-side decorations add a margin
                    return best
            if time.monotonic() > deadline:
                raise Failure(f'no X window for {self.describe(window)}; the app\'s windows: '
                              + ', '.join(f'{xid} {self._geometry(xid)} '
                                          f'{_xdotool("getwindowname", xid, check=False).strip()!r}'
                                          for xid in ids))
            time.sleep(0.1)

    def click_at(self, node, repeat=1):
        """Click the middle of node with the pointer, in whichever of the
        app's windows it is; repeat=2 double-clicks (a GtkListView row
        opens so).  For widgets without an Action: list rows, entries."""
        xid = self.xid_of(node)
        x, y, width, height = self.extents(node)
        if width <= 0 or height <= 0:
            raise Failure(f'cannot click {self.describe(node)}: it has no size')
        _xdotool('windowfocus', '--sync', xid)
        _xdotool('mousemove', '--window', xid, x + width // 2, y + height // 2)
        _xdotool('click', '--repeat', repeat, '--delay', 60, '1')

    def press(self, *keys, node=None):
        """Press keys (xdotool names) in the window holding node (default:
        the main window)."""
        _xdotool('windowfocus', '--sync', self.xid if node is None else self.xid_of(node))
        _xdotool('key', '--clearmodifiers', *keys)

    def type_text(self, text):
        """Type text into whatever has the keyboard focus (see click_at).
        xdotool types upper-case Æ Ø Å as lower-case."""
        _xdotool('type', '--delay', '20', text)

    # -- diagnostics

    def describe(self, node):
        role = _safe(node.getRoleName, '?')
        name = _safe(lambda: node.name, '?')
        extents = _safe(lambda: self.extents(node))
        return f'{role} {name!r} at {extents}'

    def names(self, role=None, root=None, showing=False):
        """Names of the nodes with this role (or all named nodes)."""
        nodes = self.find_all(role, None, root, showing) if role is not None \
            else [n for n in self.walk(root) if _safe(lambda n=n: n.name)]
        return [_safe(lambda n=n: n.name, '?') for n in nodes]

    def dump(self, root=None):
        """The tree as indented lines: role, name, extents, showing."""
        root = root if root is not None else self.accessible
        lines = []

        def visit(node, depth):
            extents = _safe(lambda: self.extents(node))
            mark = ' showing' if extents and self.is_showing(node) else ''
            lines.append(f'{"  " * depth}{_safe(node.getRoleName, "?")} '
                         f'{_safe(lambda: node.name, "?")!r} {extents or ""}{mark}')
            for child in _children(node):
                if child is not None:
                    visit(child, depth + 1)
        visit(root, 0)
        return '\n'.join(lines)

    def screenshot(self, name):
        return screenshot(f'{self.name}-{name}' if self.name != 'app' else name)


# Helpers the UI tests share

SLOW = 30.0


def has_state(node, state):
    """Whether an accessible node has a state (pyatspi.STATE_FOCUSED, …)."""
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def focused_row(rows):
    """The index of the (cells, row) pair whose row has the keyboard focus,
    or None."""
    return next((i for i, (_, row) in enumerate(rows)
                 if has_state(row, pyatspi.STATE_FOCUSED)), None)


def window_titled(app, title, timeout=SLOW):
    """The app's window of that title, once it shows."""
    def find():
        return next((window for window in app.windows()
                     if window.name == title and app.is_showing(window)), None)
    return app.wait_for(find, lambda: f'no window {title!r}; the app\'s windows: '
                                      f'{[w.name for w in app.windows()]}', timeout)


def find_visible(app, role, name, root=None, timeout=DEFAULT_TIMEOUT):
    """A node on screen, found without find_all's showing filter: that one
    skips whatever is inside a widget whose middle is off screen (a form or
    a body's details taller than their window, in a scrolled window)."""
    what = f'{role} {name.pattern if hasattr(name, "pattern") else name!r}'

    def find():
        return next((node for node in app.find_all(role, name, root)
                     if app.is_showing(node)), None)
    return app.wait_for(find, lambda: f'no {what} showing; there: '
                        f'{[app.describe(n) for n in app.find_all(role, name, root)]}', timeout)


def row_named(title):
    """An AdwEntryRow's accessible name: its title, then what it holds."""
    return re.compile('^' + re.escape(title) + r'\b')


# The clipboard, by two small GTK programs of their own (no accessibility
# bridge, so no apps on the bus): one reads the clipboard's text, one holds
# a text on the clipboard until its standard input closes
CLIPBOARD_READER = r'''
import sys
import gi
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import GLib, Gtk
Gtk.init()
from gi.repository import Gdk
loop = GLib.MainLoop()
result = {}
def done(clipboard, res):
    try:
        result["text"] = clipboard.read_text_finish(res)
    except GLib.Error as error:
        result["error"] = error.message
    loop.quit()
Gdk.Display.get_default().get_clipboard().read_text_async(None, done)
GLib.timeout_add_seconds(5, loop.quit)
loop.run()
if "text" not in result:
    sys.exit("no text on the clipboard: " + result.get("error", "timed out"))
sys.stdout.write(result["text"] or "")
'''

CLIPBOARD_HOLDER = r'''
import sys
import gi
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import GLib, Gtk
Gtk.init()
from gi.repository import Gdk
Gdk.Display.get_default().get_clipboard().set(sys.argv[1])
GLib.timeout_add(200, lambda: print("ready", flush=True))
GLib.io_add_watch(GLib.IOChannel.unix_new(0), GLib.PRIORITY_DEFAULT,
                  GLib.IOCondition.IN | GLib.IOCondition.HUP, lambda *args: sys.exit(0))
GLib.MainLoop().run()
'''

# On the clipboard while an entry row is copied: Ctrl+C in an empty entry
# copies nothing, and the clipboard would still hold what it held before
_NOTHING_COPIED = 'nothing copied 8f3a'


def entry_text(app, dialog, title):
    """The text of an AdwEntryRow, by its title (AT-SPI answers ""): select
    it all, copy it, read the clipboard; "" when nothing was copied.
    Changes nothing in the app."""
    env = dict(os.environ, GTK_A11Y='none', GDK_BACKEND='x11')
    holder = subprocess.Popen([sys.executable, '-c', CLIPBOARD_HOLDER, _NOTHING_COPIED], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        if holder.stdout.readline().strip() != 'ready':
            raise Failure('the clipboard could not be emptied')
        app.click_at(find_visible(app, 'text', row_named(title), dialog))
        app.press('ctrl+a', 'ctrl+c', node=dialog)
        result = subprocess.run([sys.executable, '-c', CLIPBOARD_READER], env=env,
                                capture_output=True, text=True, timeout=30)
    finally:
        holder.stdin.close()
        try:
            holder.wait(5)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
    if result.returncode != 0:
        raise Failure(f'the clipboard could not be read: {result.stderr.strip()}')
    return '' if result.stdout == _NOTHING_COPIED else result.stdout
