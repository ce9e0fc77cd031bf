"""The main window: its four panes, the primary menu, its dialogs, and how it
fits a narrow screen.  Run by tests/ui/run-ui-test (meson test --suite ui)."""

import re

import pyatspi

from konsensus_ui import App, Failure, Tap

# Pane (the view switcher's button) and the title the pane shows while empty
PANES = [
    ('Organisation', 'No Organisation Yet'),
    ('SSU', 'No Seats Yet'),
    ('Cases', 'No Cases Yet'),
    ('Voting', 'No Votes Yet'),
]
TITLES = [title for _, title in PANES]

# What the primary menu offers, by accessible name (the .ui labels carry
# mnemonic underscores, which AT-SPI does not expose)
MENU_ITEMS = [
    'New Database…', 'Open Database…', 'Import…', 'Export…',
    'Preferences', 'Keyboard Shortcuts', 'About Konsensus',
]

HALF_SCREEN = 640   # half of the 1280-pixel screen the tests run on
NARROW_WIDTH = 600  # the header switcher shows icons over names here (src/ui/kon-window.c)
BOTTOM_WIDTH = 400  # and this is too narrow for the header: the bar at the bottom

tap = Tap()


def showing_titles(app):
    return [n.name for n in app.find_all('label', re.compile(r'^No .* Yet$'),
                                         root=app.frame, showing=True)]


def pane_tabs(app):
    """The pane buttons the user can see, by name (found once, then reused:
    every search of the tree costs hundreds of calls to the app)."""
    tabs = {t.name: t for t in app.find_all('page tab', showing=True)}
    missing = [pane for pane, _ in PANES if pane not in tabs]
    if missing:
        raise Failure(f'no {missing} button showing; pane buttons showing: {list(tabs)}; '
                      f'all pane buttons: {[app.describe(t) for t in app.find_all("page tab")]}')
    return tabs


def choose_pane(app, tab, title):
    """Click a pane button; the pane's title must then be the only one
    showing, and the button show it is chosen."""
    pane = tab.name
    app.click(tab)
    app.wait_for(lambda: showing_titles(app) == [title],
                 lambda: f'after clicking {pane!r} the pane titles showing are '
                         f'{showing_titles(app)}, expected [{title!r}]')
    states = tab.getState()
    if not (states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_SELECTED)):
        raise Failure(f'the {pane!r} button does not show itself as chosen (pressed/selected)')


def open_menu(app):
    app.click(app.find('push button', 'Main Menu', showing=True))
    return app.find('menu', re.compile(''), showing=True)


def open_dialog(app, item, title):
    """Activate a menu item; a window titled title must appear.  Returns it."""
    menu = open_menu(app)
    app.click(app.find('menu item', item, root=menu, showing=True))

    def dialog():
        for window in app.windows():
            if window.name == title and app.is_showing(window):
                return window
        return None
    return app.wait_for(dialog, lambda: f'no window {title!r} after activating {item!r}; '
                                        f'windows: {[w.name for w in app.windows()]}')


def close_dialog(app, window, title):
    app.click(app.find('push button', 'Close', root=window, showing=True))
    app.wait_for(lambda: title not in [w.name for w in app.windows() if app.is_showing(w)],
                 f'the {title!r} window did not close')


def check_narrow(app, width):
    """At width the panes are reachable, from the header or from the bar at
    the bottom, all from the same place; at BOTTOM_WIDTH from the bar."""
    if app.window_size()[0] != width:
        # The window refused the first request (the step before says so);
        # a second one is taken, so the rest can still be checked
        app.resize(width, 700)
    size = app.window_size()
    shot = app.screenshot(f'width-{width}')
    tap.diag(f'window is {size[0]}x{size[1]}; screenshot {shot}')
    if size[0] != width:
        raise Failure(f'the window refused {width} px twice: it is {size[0]} px wide')
    _, _, frame_width, frame_height = app.extents(app.frame)
    tabs = pane_tabs(app)
    places = set()
    for pane, _ in PANES:
        tab = tabs[pane]
        x, y, w, h = app.extents(tab)
        places.add('header' if y < frame_height // 2 else 'bottom')
        if width <= BOTTOM_WIDTH and y < frame_height // 2:
            raise Failure(f'at {width} px the {pane!r} button is still in the header '
                          f'({app.describe(tab)}), not in the bottom bar')
        if x < 0 or x + w > frame_width:
            raise Failure(f'at {width} px the {pane!r} button is outside the window '
                          f'({app.describe(tab)}, window {frame_width} px)')
    if len(places) != 1:
        raise Failure(f'at {width} px the pane buttons are split between {sorted(places)}')
    app.find('push button', 'Main Menu', showing=True)
    for pane, title in PANES[1:] + PANES[:1]:
        choose_pane(app, tabs[pane], title)
    app.screenshot(f'width-{width}')


with tap.start(App()) as app:
    with tap.step('the window opens on the database it was given', app):
        app.wait_for(lambda: 'test.db' in app.frame.name,
                     lambda: f'window title is {app.frame.name!r}, expected it to name test.db')
        app.screenshot('start')

    tabs = {}
    with tap.step('the view switcher offers Organisation, SSU, Cases and Voting', app):
        tabs = pane_tabs(app)

    with tap.step('the window starts on the Organisation pane', app):
        app.wait_for(lambda: showing_titles(app) == ['No Organisation Yet'],
                     lambda: f'pane titles showing: {showing_titles(app)}')

    for pane, title in PANES[1:] + PANES[:1]:
        with tap.step(f'clicking {pane} shows “{title}”', app):
            if pane not in tabs:
                raise Failure(f'no {pane!r} button to click')
            choose_pane(app, tabs[pane], title)
    app.screenshot('pane-organisation')

    with tap.step('the main menu holds ' + ', '.join(MENU_ITEMS), app):
        menu = open_menu(app)
        app.screenshot('main-menu')
        items = [n.name for n in app.find_all('menu item', root=menu, showing=True)]
        missing = [item for item in MENU_ITEMS if item not in items]
        if missing:
            raise Failure(f'missing from the main menu: {missing}; menu items there: {items}')
        app.key('Escape')
        app.wait_for(lambda: not app.find_all('menu item', 'Preferences', showing=True),
                     'the main menu did not close on Escape')

    with tap.step('Preferences opens the preferences window, with the case list\'s document date column '
                  'and the warning window for ending terms', app):
        window = open_dialog(app, 'Preferences', 'Preferences')
        app.find('check box', re.compile('Open the last database at start'), root=window, showing=True)
        app.find('check box', re.compile('Document date in the list'), root=window, showing=True)
        spin = app.find('spin button', 'Warn of terms ending within', root=window, showing=True)
        value = spin.queryValue().currentValue
        if value != 6:
            raise Failure(f'the warning window for ending terms shows {value} months, expected the default 6')
        app.screenshot('preferences')
        close_dialog(app, window, 'Preferences')

    with tap.step('About Konsensus opens the about window', app):
        window = open_dialog(app, 'About Konsensus', 'About')
        app.find('label', 'Konsensus', root=window, showing=True)
        app.screenshot('about')
        close_dialog(app, window, 'About')

    with tap.step(f'at {HALF_SCREEN} px (half the screen) the window takes that width', app):
        size = app.resize(HALF_SCREEN, 700)
        app.screenshot(f'width-{HALF_SCREEN}')
        if size[0] > HALF_SCREEN:
            tabs = [app.describe(t) for t in app.find_all('page tab', showing=True)]
            raise Failure(f'asked for {HALF_SCREEN}x700, the window made itself {size[0]}x{size[1]}: '
                          f'its minimum width is more than half the screen, so a window manager '
                          f'cannot tile it; pane buttons showing: {tabs}')

    with tap.step(f'at {HALF_SCREEN} px all four pane buttons show in the header, inside the window', app):
        if app.window_size()[0] != HALF_SCREEN:
            app.resize(HALF_SCREEN, 700)
        size = app.window_size()
        shot = app.screenshot(f'width-{HALF_SCREEN}')
        tap.diag(f'window is {size[0]}x{size[1]}; screenshot {shot}')
        _, _, frame_width, _ = app.extents(app.frame)
        problems = []
        for pane, _ in PANES:
            tabs = app.find_all('page tab', pane)
            header = [t for t in tabs if app.extents(t)[1] < 47]
            if not header or not app.is_showing(header[0]):
                problems.append(f'{pane!r} not showing in the header '
                                f'({[app.describe(t) for t in tabs]})')
                continue
            x, _, w, _ = app.extents(header[0])
            if x < 0 or x + w > frame_width:
                problems.append(f'{pane!r} at x {x}..{x + w}, outside the window '
                                f'(0..{frame_width})')
        # Nothing in the header may lie on top of another thing there
        header = [n for n in app.find_all('page tab', showing=True) + app.find_all(
            'push button', re.compile(r'^(Main Menu|Minimize|Maximize|Close)$'), showing=True)
            if app.extents(n)[1] < 47]
        if not any(n.name == 'Main Menu' for n in header):
            problems.append('the Main Menu button is not showing')
        for i, a in enumerate(header):
            for b in header[i + 1:]:
                ax, ay, aw, ah = app.extents(a)
                bx, by, bw, bh = app.extents(b)
                # (the Main Menu button holds a button of the same name)
                if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah and \
                   a.name != b.name:
                    problems.append(f'{a.name!r} (x {ax}..{ax + aw}) overlaps '
                                    f'{b.name!r} (x {bx}..{bx + bw})')
        if problems:
            raise Failure('; '.join(problems))

    for width in (NARROW_WIDTH, BOTTOM_WIDTH):
        with tap.step(f'at {width} px the window takes that width', app):
            size = app.resize(width, 700)
            if size[0] != width:
                app.screenshot(f'width-{width}-refused')
                raise Failure(f'asked for {width}x700, the window made itself '
                              f'{size[0]}x{size[1]} (its minimum width)')
        with tap.step(f'at {width} px every pane is reachable', app):
            check_narrow(app, width)

    with tap.step('the app quits cleanly', app):
        status = app.quit()
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.exit()
