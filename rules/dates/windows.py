"""Calendar arithmetic for date phrases: month, season, quarter and relative windows.

Everything here is a pure function of a year or of the publication date; the phrase
patterns that call them live in ``rules.dates.phrases``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

Range = tuple[date, date]
Resolver = Callable[[date, bool, int | None], Range | None]
MONTHS: Final = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# The two window builders below are pure functions of a year and a short phrase that
# every workload repeats (each resolved phrase calls them for up to four years), so
# they are memoised; the values are tuples of dates, immutable.


@lru_cache(maxsize=4096)
def month_range(year: int, month: int) -> Range:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=4096)
def part_range(year: int, part: str) -> Range:
    part = " ".join(part.lower().replace("-", " ").split())
    for word in ("the ", "very "):
        part = part.replace(word, "")
    if part == "winter":
        return date(year - 1, 12, 1), month_range(year, 2)[1]
    first, last = _PART_MONTHS[part]
    return date(year, first, 1), month_range(year, last)[1]


_PART_MONTHS: Final = {
    "early": (1, 4),
    "start of": (1, 4),
    "beginning of": (1, 4),
    "mid": (5, 8),
    "middle of": (5, 8),
    "late": (9, 12),
    "end of": (9, 12),
    "first half of": (1, 6),
    "1st half of": (1, 6),
    "second half of": (7, 12),
    "2nd half of": (7, 12),
    "latter half of": (7, 12),
    "back half of": (7, 12),
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
}


def quarter_part(text: str) -> str:
    text = text.lower()
    for word, q in (("first", 1), ("1st", 1), ("second", 2), ("2nd", 2), ("third", 3), ("3rd", 3)):
        if word in text:
            return f"q{q}"
    if "fourth" in text or "4th" in text:
        return "q4"
    return "q" + text.strip()[1]


def occurrence(make: Callable[[int], Range], published: date, past: bool) -> Range:
    """The next window on/after P (future) or the last one on/before P (past)."""
    year = published.year
    if past:
        for y in (year + 1, year, year - 1, year - 2):
            window = make(y)
            if window[0] <= published:
                return window
    for y in (year - 1, year, year + 1, year + 2):
        window = make(y)
        if window[1] >= published:
            return window
    return make(year)


def fixed(window: Range) -> Resolver:
    return lambda published, past, year: window


def yearless(make: Callable[[int], Range]) -> Resolver:
    def resolve(published: date, past: bool, year: int | None) -> Range:
        return make(year) if year is not None else occurrence(make, published, past)

    return resolve


def relative(shift: Callable[[date], Range]) -> Resolver:
    return lambda published, past, year: shift(published)


def week_of(day: date) -> Range:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def next_month(day: date) -> Range:
    return month_range(day.year + day.month // 12, day.month % 12 + 1)


def last_month(day: date) -> Range:
    return month_range(day.year - (day.month == 1), (day.month - 2) % 12 + 1)


def weekday(name: str, which: str) -> Resolver:
    target = WEEKDAYS.index(name.lower())

    def resolve(published: date, past: bool, year: int | None) -> Range:
        ahead = (target - published.weekday()) % 7
        if which == "last" or (past and which != "next"):
            back = (published.weekday() - target) % 7 or (7 if which == "last" else 0)
            day = published - timedelta(days=back)
        else:
            day = published + timedelta(days=ahead or (7 if which == "next" else 0))
        return day, day

    return resolve


def ago(amount: str, unit: str) -> Resolver:
    n = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(
        amount.lower(), int(amount) if amount.isdigit() else 3
    )
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.lower().rstrip("s")]
    return relative(
        lambda p: (
            p - timedelta(days=n * days + days // 2),
            p - timedelta(days=max(0, n * days - days // 2)),
        )
    )


# --- base phrases: (name, pattern, builder). Order matters: longer readings first. -------
