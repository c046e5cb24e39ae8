"""A premiere window drawn on a time axis, with today and the news behind it marked.

Three lines: a "today" marker, the axis with the window as a thick bar (an arrow
where the window is open-ended) and a ◆ on each day news behind the estimate was
published, then the years under their middles::

                           ▼ today
    ──◆───◆──┼─────────────│─━━━━━━━━━━━━━━━━━━━┼───────────
           2017                     2018

A picture answers "how far away, how vague, how old is the news" at a glance where
a list of dates does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial

from textual.content import Content, Span
from textual.reactive import reactive
from textual.widget import Widget

from rules import DateWindow

OPEN_END_DAYS = 365
"""How far an open window ("2018 or later") is drawn before its arrow."""

Columns = Callable[[date], int]
"""Maps a day to its column on the axis being drawn."""


def axis_range(window: DateWindow, today: date, events: Iterable[date] = ()) -> tuple[date, date]:
    """Whole years covering today, the window (an open end drawn a year on) and the news."""
    points = [today, *events]
    if window.earliest:
        points.append(window.earliest)
    if window.latest:
        points.append(window.latest)
    elif window.earliest:
        points.append(window.earliest + timedelta(days=OPEN_END_DAYS))
    return date(min(points).year, 1, 1), date(max(points).year, 12, 31)


def column(day: date, *, start: date, end: date, width: int) -> int:
    """The column of ``day`` on an axis of ``width`` columns from ``start`` to ``end``."""
    total = max(1, (end - start).days)
    offset = min(max(0, (day - start).days), total)
    return round(offset / total * (width - 1))


class Timeline(Widget):
    """The estimate's window against the calendar."""

    DEFAULT_CSS = """
    Timeline {
        height: 3;
        width: 1fr;
    }
    """

    window: reactive[DateWindow] = reactive(DateWindow)
    today: reactive[date] = reactive(lambda: date(2000, 1, 1))
    derived: reactive[bool] = reactive(False)
    events: reactive[tuple[date, ...]] = reactive(tuple)
    """Days on which news behind the estimate was published."""

    def render(self) -> Content:
        width = max(10, self.size.width)
        start, end = axis_range(self.window, self.today, self.events)
        at = partial(column, start=start, end=end, width=width)
        lines = [
            self._marker(at(self.today), width),
            self._axis(start, end, width, at),
            self._years(start, end, width, at),
        ]
        return Content("\n").join(lines)

    def _marker(self, today: int, width: int) -> Content:
        label = "▼ today"
        left = today if today + len(label) <= width else max(0, today - len(label) + 1)
        if left != today:
            label = "today ▼"
        return Content.styled(" " * left + label, "bold $warning")

    def _axis(self, start: date, end: date, width: int, at: Columns) -> Content:
        chars = ["─"] * width
        for year in range(start.year + 1, end.year + 1):
            chars[at(date(year, 1, 1))] = "┼"
        spans = [Span(0, width, "$text-muted")]
        window = self.window
        if not window.is_open:
            first = at(window.earliest) if window.earliest else 0
            last = at(window.latest) if window.latest else width - 1
            chars[first : last + 1] = "━" * (last + 1 - first)
            if window.latest is None:
                chars[last] = "▶"
            if window.earliest is None:
                chars[first] = "◀"
            style = "bold $warning" if self.derived else "bold $accent"
            spans.append(Span(first, last + 1, style))
        for day in self.events:
            x = at(day)
            chars[x] = "◆"
            spans.append(Span(x, x + 1, "bold $text-secondary"))
        today = at(self.today)
        if chars[today] in "─┼━":
            chars[today] = "│"
        spans.append(Span(today, today + 1, "bold $warning"))
        return Content("".join(chars), spans)

    def _years(self, start: date, end: date, width: int, at: Columns) -> Content:
        line = [" "] * width
        for year in range(start.year, end.year + 1):
            middle = (at(date(year, 1, 1)) + at(date(year, 12, 31))) // 2
            label = str(year)
            left = min(max(0, middle - len(label) // 2), width - len(label))
            if all(c == " " for c in line[max(0, left - 1) : left + len(label) + 1]):
                line[left : left + len(label)] = label
        return Content.styled("".join(line), "$text-muted")
