"""Estimates and times in words, the same in every command and screen.

A premiere window is two dates, but people say "2018", "early 2019", "Mar 8 2018",
"2018–2019" or "2018 or later". ``describe_window`` finds the shortest faithful
phrase; the dashboard and the headless commands both use it, so they always agree.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from rules import DateWindow, Phase

_NAMED_SPANS = (
    # (start month/day, end month/day, name) within one year; checked in order
    ((1, 1), (3, 31), "Q1 {y}"),
    ((4, 1), (6, 30), "Q2 {y}"),
    ((7, 1), (9, 30), "Q3 {y}"),
    ((10, 1), (12, 31), "Q4 {y}"),
    ((1, 1), (4, 30), "early {y}"),
    ((5, 1), (8, 31), "mid {y}"),
    ((9, 1), (12, 31), "late {y}"),
    ((3, 1), (5, 31), "spring {y}"),
    ((6, 1), (8, 31), "summer {y}"),
    ((9, 1), (11, 30), "fall {y}"),
    ((1, 1), (6, 30), "first half of {y}"),
    ((7, 1), (12, 31), "second half of {y}"),
)

PHASE_LABELS = {
    Phase.UNKNOWN: "unknown",
    Phase.RENEWED: "renewed",
    Phase.IN_PRODUCTION: "in production",
    Phase.WRAPPED: "wrapped",
    Phase.SCHEDULED: "scheduled",
    Phase.PREMIERED: "premiered",
    Phase.CANCELLED: "cancelled",
}


def _day(d: date) -> str:
    return f"{calendar.month_abbr[d.month]} {d.day} {d.year}"


def _month(d: date) -> str:
    return f"{calendar.month_abbr[d.month]} {d.year}"


def _is_year_start(d: date) -> bool:
    return (d.month, d.day) == (1, 1)


def _is_year_end(d: date) -> bool:
    return (d.month, d.day) == (12, 31)


def _is_month_start(d: date) -> bool:
    return d.day == 1


def _is_month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def describe_window(window: DateWindow) -> str:
    """The shortest phrase that says exactly the window ("2018", "Mar 8 2018", …)."""
    start, end = window.earliest, window.latest
    if start is None and end is None:
        return "unknown"
    if end is None:
        assert start is not None
        return f"{start.year if _is_year_start(start) else _day(start)} or later"
    if start is None:
        return f"by {end.year if _is_year_end(end) else _day(end)}"
    return _describe_span(start, end)


def _describe_span(start: date, end: date) -> str:
    if start == end:
        return _day(start)
    if _is_year_start(start) and _is_year_end(end):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year:
        for (m1, d1), (m2, d2), name in _NAMED_SPANS:
            if (start.month, start.day, end.month, end.day) == (m1, d1, m2, d2):
                return name.format(y=start.year)
    if _is_month_start(start) and _is_month_end(end):
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        if start.year == end.year:
            return f"{calendar.month_abbr[start.month]}–{_month(end)}"
        return f"{_month(start)} – {_month(end)}"
    if start.year == end.year:
        return f"{calendar.month_abbr[start.month]} {start.day} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def describe_phase(phase: Phase) -> str:
    """The phase as people say it ("in production", not "in_production")."""
    return PHASE_LABELS[phase]


def describe_season(season: int | None) -> str:
    """ "S2", or "show" for a show-level estimate."""
    return f"S{season}" if season is not None else "show"


def describe_confidence(confidence: float) -> str:
    """A confidence as a whole percentage."""
    return f"{round(confidence * 100)}%"


def describe_moment(moment: datetime | None, now: datetime) -> str:
    """A time relative to now: "just now", "5m ago", "in 2h", "never"."""
    if moment is None:
        return "never"
    seconds = (moment - now).total_seconds()
    future = seconds > 0
    span = abs(seconds)
    if span < 30:
        return "now" if future else "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if span >= size:
            amount = f"{int(span // size)}{unit}"
            return f"in {amount}" if future else f"{amount} ago"
    return "now"  # pragma: no cover - unreachable: span >= 30 s always matches a unit
