"""The UI tests fail when the app writes a warning or critical: proof that
the check in konsensus_ui.py can fail.

1. LOG_PROBLEM on sample lines: every domain the app's log can show
   (Konsensus, Konsensus-Core/-Render/-UI, Gtk, Gdk, Adwaita, GLib, …) at
   WARNING and CRITICAL counts; messages and debug output do not.
2. A real test, run as a child with this file's --child: it starts the app
   with KONSENSUS_TEST_EMIT_WARNING=1 (src/main.c then writes a warning in
   the Konsensus domain), checks nothing itself and ends with tap.exit().
   The harness must report it failed: status 1, and a "not ok" naming the
   warning.  The same child without the variable passes, so it is the
   warning that fails it.
Run by tests/ui/run-ui-test (meson test --suite ui)."""

import os
import subprocess
import sys

from konsensus_ui import App, Failure, Tap, log_problems

EMIT = 'KONSENSUS_TEST_EMIT_WARNING'


def child(emit):
    """A test as any other: start the app, look at the window, quit."""
    tap = Tap()
    name = 'emits-warning' if emit else 'quiet'
    with tap.start(App(name=name, env={EMIT: '1' if emit else None})) as app:
        with tap.step('the window is there', app):
            if not app.windows():
                raise Failure('the app has no window')
        with tap.step('the app quits', app):
            status = app.quit()
            if status != 0:
                raise Failure(f'konsensus ended with status {status}')
    tap.exit()


if sys.argv[1:] in (['--child', 'emit'], ['--child', 'quiet']):
    child(sys.argv[2] == 'emit')

tap = Tap()

COUNTED = [
    '(konsensus:4711): Konsensus-WARNING **: 10:00:00.000: from main.c',
    '(konsensus:4711): Konsensus-Core-WARNING **: 10:00:00.000: from core',
    '(konsensus:4711): Konsensus-Core-CRITICAL **: 10:00:00.000: kon_store_open: assertion failed',
    '(konsensus:4711): Konsensus-Render-WARNING **: 10:00:00.000: from render',
    '(konsensus:4711): Konsensus-UI-CRITICAL **: 10:00:00.000: from the UI',
    '(konsensus:4711): Gtk-CRITICAL **: 10:00:00.000: gtk_widget_get_parent: assertion \'GTK_IS_WIDGET (widget)\' failed',
    '(konsensus:4711): Gtk-WARNING **: 10:00:00.000: Allocating size to GtkBox without calling measure',
    '(konsensus:4711): Gdk-WARNING **: 10:00:00.000: from GDK',
    '(konsensus:4711): Adwaita-WARNING **: 10:00:00.000: from libadwaita',
    '(konsensus:4711): GLib-CRITICAL **: 10:00:00.000: g_hash_table_lookup: assertion failed',
    '(konsensus:4711): GLib-GObject-CRITICAL **: 10:00:00.000: g_object_unref: assertion failed',
    '(konsensus:4711): GLib-GIO-WARNING **: 10:00:00.000: from GIO',
    '(konsensus:4711): Pango-WARNING **: 10:00:00.000: from Pango',
    '** (konsensus:4711): WARNING **: 10:00:00.000: no domain',
    '(konsensus:4711): Konsensus-UI-ERROR **: 10:00:00.000: g_error',
    '** (konsensus:4711): ERROR:../src/ui/kon-window.c:12:kon_window_init: assertion failed: (x)',
]
NOT_COUNTED = [
    'Gtk-Message: 10:00:00.000: Failed to load module "canberra-gtk-module"',
    '(konsensus:4711): Konsensus-Message: 10:00:00.000: a message',
    '** Message: 10:00:00.000: a message without a domain',
    'Imported “Helsefellesskap” (1 added)',
    'a person called WARNING in a line of output',
]

with tap.step('the check counts warnings and criticals of every domain, and nothing else'):
    missed = [line for line in COUNTED if not log_problems([line])]
    wrong = [line for line in NOT_COUNTED if log_problems([line])]
    if missed or wrong:
        raise Failure(f'not counted: {missed}\ncounted, wrongly: {wrong}')


def run_child(kind):
    result = subprocess.run([sys.executable, os.path.abspath(__file__), '--child', kind],
                            capture_output=True, text=True, timeout=120)
    tap.diag(f'the child ({kind}) said, with status {result.returncode}:')
    tap.diag(result.stdout)
    return result


with tap.step('a test whose app writes a warning fails, naming the warning'):
    result = run_child('emit')
    failed = [line for line in result.stdout.splitlines() if line.startswith('not ok')]
    if result.returncode != 1:
        raise Failure(f'the child ended with status {result.returncode}, not 1;\n'
                      f'stderr: {result.stderr[-2000:]}')
    if len(failed) != 1 or 'no warnings or criticals' not in failed[0]:
        raise Failure(f'expected one failed check, that of the log; failed: {failed}')
    if 'Konsensus-WARNING' not in result.stdout or EMIT not in result.stdout:
        raise Failure('the failure does not name the warning (Konsensus-WARNING, '
                      f'{EMIT})')

with tap.step('the same test without the warning passes'):
    result = run_child('quiet')
    if result.returncode != 0 or 'not ok' in result.stdout:
        raise Failure(f'the child ended with status {result.returncode};\n'
                      f'stderr: {result.stderr[-2000:]}')

tap.exit()
