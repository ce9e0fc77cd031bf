"""The SSU pane on the demo database, as a new user tries it: the SSU's seats
on today's date, the date moved with Alt+arrows (a day), Alt+Page Down (a
month) and Alt+Home (back to today), the rule breaks of a date when the
demo's terms have ended, the timeline reached with the keyboard (its focused
term read through its accessible description, opened with Enter) and its
zoom buttons.  Expected dates are computed from today and from the demo
template, not written here.  Run by tests/ui/run-ui-test (meson test --suite
ui)."""

import calendar
import datetime
import json
import os
import re
import subprocess

import pyatspi

from konsensus_ui import TMPDIR, App, Failure, Tap

TEMPLATE_DIR = os.environ.get('KONSENSUS_TEMPLATE_DIR') or \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'templates')
DEMO = os.path.join(TEMPLATE_DIR, 'lofoten-vesteralen-salten-demo.json')

TIMELINE = 'Timeline of seats and terms'
NO_BREAKS = 'No rule is broken on this date.'
HEADING = re.compile(r'^Timeline (\d{4})–(\d{4})$')


def iso(text):
    return datetime.date.fromisoformat(text) if text else None


def shown(date):
    """A date as the app writes it: dd.mm.yyyy."""
    return date.strftime('%d.%m.%Y')


def add_month(date):
    """date a month on, as Alt+Page Down moves it (GLib's g_date_add_months:
    the day is cut to the month's last day where the month is shorter)."""
    year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


# The demo's SSU: its seats in order, the terms in each, and the day after
# the last term of a required seat has ended
with open(DEMO, encoding='utf-8') as f:
    demo = json.load(f)
ssu = next(body for body in demo['bodies'] if body['kind'] == 'ssu')
SEATS = sorted((seat for seat in demo['seats'] if seat['body'] == ssu['uuid']),
               key=lambda seat: seat['position'])
SEAT_NAMES = [seat['name'] for seat in SEATS]
PERSONS = {person['uuid']: person['name'] for person in demo['persons']}
TERMS = {}   # seat name: [(holder, first day, last day)]
for role in demo['roles']:
    seat = next((seat for seat in SEATS if seat['uuid'] == role['seat']), None)
    # A chair's term is drawn in the chair's row, not in the seat's
    if seat is not None and role['kind'] not in ('leader', 'deputy_leader'):
        TERMS.setdefault(seat['name'], []).append(
            (PERSONS[role['person']], iso(role['from']), iso(role['to'])))
REQUIRED_ENDED = max(last for seat in SEATS if seat['required']
                     for _, _, last in TERMS.get(seat['name'], []) if last is not None)
# The seat whose terms the timeline test reads (one holder after another),
# and its term ending last
TIMELINE_SEAT = next(name for name in SEAT_NAMES if len(TERMS.get(name, [])) > 1)
LAST_TERM = max(TERMS[TIMELINE_SEAT], key=lambda term: (term[2] or datetime.date.max, term[1]))


def vacant_on(seat, date):
    """Whether no term of seat covers date."""
    return not any((first is None or first <= date) and (last is None or date <= last)
                   for _, first, last in TERMS.get(seat['name'], []))


tap = Tap()

directory = os.path.join(TMPDIR, 'terms')
os.makedirs(directory, exist_ok=True)
database = os.path.join(directory, 'test.db')
imported = subprocess.run([os.environ.get('KONSENSUS_BIN', 'konsensus'),
                           '--database', database, '--import', DEMO, '--create'],
                          capture_output=True, text=True, timeout=60)
if not tap.ok(imported.returncode == 0, 'the demo is imported from the command line',
              imported.stderr):
    tap.exit()


_found = {}


def once(app, role, name):
    """The node with this role and name in the main window, found once and
    then reused (every search of the tree costs hundreds of calls to the
    app; the SSU pane keeps its labels and lists, and changes their text)."""
    key = (role, name.pattern if hasattr(name, 'pattern') else name)
    if key not in _found:
        _found[key] = app.find(role, name, root=app.frame)
    return _found[key]


def date_button(app):
    """The date button (accessible name "Date: dd.mm.yyyy") and the button
    inside it, whose name is the date it shows."""
    outer = once(app, 'push button', re.compile(r'^Date: '))
    inner = [node for node in app.walk(outer)
             if node is not outer and node.getRole() == pyatspi.ROLE_PUSH_BUTTON]
    if not inner:
        raise Failure(f'the date button {app.describe(outer)} holds no button showing the date')
    return outer, inner[0]


def wait_date(app, button, date, after):
    """The date button shows date (and says so to a screen reader), and the
    seats shown are those of that date."""
    outer, inner = button
    want = shown(date)
    app.wait_for(lambda: inner.name == want and outer.name == f'Date: {want}',
                 lambda: f'after {after} the date button shows {inner.name!r} '
                         f'(accessible name {outer.name!r}); expected {want!r} '
                         f'(accessible name {"Date: " + want!r})')
    # The pane is taller than the window, so its middle is off screen:
    # its labels are found as they are, and then must show
    heading = once(app, 'label', re.compile(r'^Seats on '))
    app.wait_for(lambda: heading.name == f'Seats on {want}' and app.is_showing(heading),
                 lambda: f'after {after} the seats\' heading is {app.describe(heading)}; '
                         f'expected {"Seats on " + want!r}, showing')


def rule_breaks(app):
    """The names of the rows of the Rule Breaks list (the line saying that
    no rule is broken is no row of a break)."""
    breaks = once(app, 'list', 'Rule Breaks')
    return [row.name for row in app.find_all('list item', root=breaks)
            if row.name != NO_BREAKS]


def heading_years(app):
    """The first and last year of the timeline, as its heading says."""
    label = once(app, 'label', HEADING)
    match = HEADING.match(label.name)
    if not match:
        raise Failure(f'the timeline\'s heading is {label.name!r}, expected {HEADING.pattern!r}')
    return int(match.group(1)), int(match.group(2))


def focused(node):
    return node.getState().contains(pyatspi.STATE_FOCUSED)


def term_pattern(seat, holder, first, last):
    """The description of a focused term: "Seat: Holder (Partner), first to last"."""
    return re.compile(rf'^{re.escape(seat)}: {re.escape(holder)}( \(.*\))?, '
                      rf'{re.escape(shown(first))} to {re.escape(shown(last))}$')


with tap.start(App(database=database, lang='C.UTF-8')) as app:
    today = datetime.date.today()
    button = None

    with tap.step('the SSU tab opens the SSU pane: the SSU\'s seats in order, '
                  'today\'s date on the date button', app):
        app.click(app.find('page tab', 'SSU', root=app.frame, showing=True))
        # The list is taller than the window: its middle is off screen,
        # so it is found as it is and its first row must show
        seats = app.find('list', 'Seats', root=app.frame)

        def seat_rows():
            return [row.name for row in app.find_all('list item', root=seats)]
        app.wait_for(lambda: seat_rows() == SEAT_NAMES,
                     lambda: f'the seat list has {seat_rows()}, expected the SSU\'s seats '
                             f'{SEAT_NAMES}')
        first = app.find('list item', SEAT_NAMES[0], root=seats)
        app.wait_for(lambda: app.is_showing(first),
                     lambda: f'the first seat is not showing: {app.describe(first)}')
        today = datetime.date.today()
        button = date_button(app)
        wait_date(app, button, today, 'opening the pane')
        app.screenshot('ssu-today')

    with tap.step('Alt+Right moves the date a day on, Alt+Left a day back, '
                  'Alt+Home back to today', app):
        if button is None:
            raise Failure('no date button to read')
        app.key('alt+Right')
        wait_date(app, button, today + datetime.timedelta(days=1), 'Alt+Right')
        app.key('alt+Left')
        wait_date(app, button, today, 'Alt+Right, Alt+Left')
        app.key('alt+Left', 'alt+Left')
        wait_date(app, button, today - datetime.timedelta(days=2), 'Alt+Left twice')
        app.key('alt+Home')
        wait_date(app, button, datetime.date.today(), 'Alt+Home')

    far = datetime.date.today()
    presses = 0
    while far <= REQUIRED_ENDED:
        far = add_month(far)
        presses += 1
    vacant_required = [seat['name'] for seat in SEATS if seat['required'] and vacant_on(seat, far)]

    with tap.step(f'Alt+Page Down {presses} times reaches {shown(far)}, after the last '
                  f'term of a required seat ends ({shown(REQUIRED_ENDED)}): more rule breaks, '
                  f'one for each vacant required seat', app):
        if button is None:
            raise Failure('no date button to read')
        app.key('alt+Home')
        wait_date(app, button, datetime.date.today(), 'Alt+Home')
        breaks_today = rule_breaks(app)
        app.key(*['alt+Page_Down'] * presses)
        wait_date(app, button, far, f'Alt+Page Down {presses} times')
        app.wait_for(lambda: len(rule_breaks(app)) > len(breaks_today),
                     lambda: f'on {shown(far)} the Rule Breaks list has {rule_breaks(app)}; '
                             f'today it has {breaks_today}: expected more')
        breaks = rule_breaks(app)
        missing = [seat for seat in vacant_required
                   if not any(seat in row for row in breaks)]
        app.screenshot('ssu-far-ahead')
        if missing:
            raise Failure(f'on {shown(far)} the required seats {missing} are vacant, but no rule '
                          f'break names them; rule breaks: {breaks}')
        app.key('alt+Home')
        wait_date(app, button, datetime.date.today(), 'Alt+Home')

    timeline = None
    with tap.step('the timeline takes the keyboard focus (Shift+Tab from the pane '
                  'switcher) and describes its first term', app):
        timeline = app.find('image', TIMELINE, root=app.frame)
        before = timeline.description
        for _ in range(80):  # a lap of the window's focus chain is about 50
            app.key('shift+Tab')
            try:
                app.wait_for(lambda: focused(timeline), '', timeout=0.3)
                break
            except Failure:
                pass
        else:
            raise Failure(f'Shift+Tab never reached the timeline ({app.describe(timeline)})')
        app.wait_for(lambda: timeline.description != before and ' to ' in timeline.description,
                     lambda: f'the focused timeline describes {timeline.description!r} '
                             f'(before the focus {before!r}), expected a term')
        app.screenshot('timeline-focused')

    with tap.step(f'Down moves to the next row\'s term and on to {TIMELINE_SEAT}; End '
                  f'there describes its last term, Home its first, Right the next', app):
        if timeline is None or not focused(timeline):
            raise Failure('the timeline has no focus')
        seen = [timeline.description]
        for _ in range(len(SEAT_NAMES) + 2):
            if seen[-1].startswith(f'{TIMELINE_SEAT}: '):
                break
            app.key('Down')
            app.wait_for(lambda: timeline.description != seen[-1],
                         lambda: f'Down did not change the description {seen[-1]!r}; '
                                 f'seen so far: {seen}')
            seen.append(timeline.description)
        else:
            raise Failure(f'Down never reached {TIMELINE_SEAT}; descriptions seen: {seen}')
        for description in seen[1:]:
            seat = description.split(':', 1)[0]
            if seat not in SEAT_NAMES + ['Leader', 'Deputy leader']:
                raise Failure(f'the description {description!r} names no seat of the SSU')
        terms = TERMS[TIMELINE_SEAT]
        holder, first, last = LAST_TERM
        app.key('End')
        want = term_pattern(TIMELINE_SEAT, holder, first, last)
        app.wait_for(lambda: want.search(timeline.description),
                     lambda: f'End on the {TIMELINE_SEAT} row describes {timeline.description!r}, '
                             f'expected {want.pattern!r}')
        last_term = timeline.description
        if len(terms) > 1:
            app.key('Home')
            app.wait_for(lambda: timeline.description != last_term and
                         any(term_pattern(TIMELINE_SEAT, *term).search(timeline.description)
                             for term in terms),
                         lambda: f'Home on the {TIMELINE_SEAT} row describes '
                                 f'{timeline.description!r}, expected another of its terms '
                                 f'{terms}')
            first_term = timeline.description
            app.key('Right')
            app.wait_for(lambda: timeline.description != first_term and
                         any(term_pattern(TIMELINE_SEAT, *term).search(timeline.description)
                             for term in terms),
                         lambda: f'Right from {first_term!r} describes '
                                 f'{timeline.description!r}, expected the next of the '
                                 f'{TIMELINE_SEAT} row\'s terms {terms}')
        app.screenshot('timeline-salten')

    with tap.step('Enter on the focused term opens “Edit Appointment” for it; Escape '
                  'closes it and the timeline has the focus again', app):
        if timeline is None or not focused(timeline):
            raise Failure('the timeline has no focus')
        holder = LAST_TERM[0]
        want = term_pattern(TIMELINE_SEAT, *LAST_TERM)
        app.key('End')
        app.wait_for(lambda: want.search(timeline.description),
                     lambda: f'End describes {timeline.description!r}, expected {want.pattern!r}')
        app.key('Return')

        def dialog():
            for window in app.windows():
                if window.name == 'Edit Appointment' and app.is_showing(window):
                    return window
            return None
        window = app.wait_for(dialog, lambda: f'no “Edit Appointment” window after Enter; '
                                              f'windows: {[w.name for w in app.windows()]}')
        app.find('label', holder, root=window, showing=True)
        app.find('label', TIMELINE_SEAT, root=window)
        app.screenshot('edit-appointment')
        app.press('Escape', node=window)
        app.wait_for(lambda: dialog() is None, 'the “Edit Appointment” window did not close '
                                               'on Escape')
        app.focus_window()
        app.wait_for(lambda: focused(timeline),
                     lambda: f'after the dialog closed the timeline has no focus; '
                             f'it describes {timeline.description!r}')

    with tap.step('“Show More Years” widens the timeline\'s years, “Show Fewer Years” '
                  'narrows them; the span holds the date shown', app):
        def years():
            first, last = heading_years(app)
            return f'{first}–{last}'

        def span():
            first, last = heading_years(app)
            return last - first + 1

        year = int(date_button(app)[1].name[-4:])
        start, start_span = years(), span()
        more = app.find('push button', 'Show More Years', root=app.frame)
        fewer = app.find('push button', 'Show Fewer Years', root=app.frame)
        for button_name, node, check, what in (
                ('Show More Years', more, lambda: span() > start_span, f'more years than {start}'),
                ('Show Fewer Years', fewer, lambda: years() == start, f'{start} again'),
                ('Show Fewer Years', fewer, lambda: span() < start_span, f'fewer years than {start}')):
            app.click(node)
            app.wait_for(check, lambda: f'after “{button_name}” the timeline shows {years()}, '
                                        f'expected {what}')
            first, last = heading_years(app)
            if not first <= year <= last:
                raise Failure(f'after “{button_name}” the timeline shows {years()}, without the '
                              f'year of the date shown, {year}')
        app.screenshot('timeline-fewer-years')

    tap.check_log(app)

    with tap.step('the app quits cleanly', app):
        status = app.quit()
        if status != 0:
            raise Failure(f'konsensus ended with status {status}')

tap.exit()
