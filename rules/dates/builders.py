"""The small pure functions behind each base time phrase, and the words they are made of.

Each builder gets the phrase's match, the text and the start of the span being read (it
never looks before it), and returns a ``Resolver``: the window for a publication date
and a tense, or None when the match is not a date after all ("Season 2 May air"). The
patterns that call them, in their order, are in ``rules.dates.phrases``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final

from rules.dates.windows import (
    MONTHS,
    Range,
    Resolver,
    ago,
    fixed,
    last_month,
    month_range,
    next_month,
    part_range,
    quarter_part,
    relative,
    week_of,
    weekday,
    yearless,
)

MON: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR: Final = r"(?:19[89]\d|20\d\d)"
WDAY: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
SEASON: Final = r"(?:spring|summer|fall|autumn|winter)"
PART: Final = (
    r"(?:early|mid|late|(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle)\s+of|"
    r"(?:the\s+)?(?:first|second|1st|2nd|latter|back)\s+half\s+of)"
)
QUARTER: Final = (
    r"(?:Q[1-4]|(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?)"
)
_NUMBER: Final = r"(?:\d+|a|an|one|two|three|four|five|six|several|a\s+few|few)"
_DATE_PREPOSITIONS: Final = frozenset(
    [
        "in",
        "an",
        "as",
        "by",
        "until",
        "till",
        "til",
        "from",
        "since",
        "before",
        "after",
        "this",
        "next",
        "last",
        "early",
        "late",
        "mid",
        "of",
        "on",
        "during",
        "around",
        "through",
        "thru",
        "and",
        "or",
        "to",
        "come",
        "until",
        "sometime",
        "circa",
        "for",
        "the",
        "a",
        "its",
        "this",
    ]
)


Builder = Callable[["re.Match[str]", str, int], Resolver | None]


def build_full_date(m: re.Match[str], text: str, floor: int) -> Resolver | None:
    month, day, year = (
        MONTHS[m["mon"].lower().rstrip(".")],
        int(m["day"].rstrip("stndrh")),
        int(m["year"]),
    )
    try:
        day_ = date(year, month, day)
    except ValueError:
        return None
    return fixed((day_, day_))


def build_month_day(m: re.Match[str], text: str, floor: int) -> Resolver | None:
    if _NOT_A_DAY_REVERSED.match(text[max(floor, m.start() - 12) : m.start()][::-1]):
        return None  # "Season 2 May air": a season number, not the 2nd of May
    month, day = MONTHS[m["mon"].lower().rstrip(".")], int(m["day"].rstrip("stndrh"))
    if day > month_range(2000, month)[1].day:
        return None

    def make(y: int) -> Range:
        # month_range is memoised; calendar.monthrange computes a weekday each time
        d = date(y, month, min(day, month_range(y, month)[1].day))
        return d, d

    return yearless(make)


def build_month_year(m: re.Match[str], text: str, floor: int) -> Resolver:
    return fixed(month_range(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")]))


def build_part_year(m: re.Match[str], text: str, floor: int) -> Resolver:
    part = m["part"] if m["part"] else quarter_part(m["quarter"])
    return fixed(part_range(int(m["year"]), part))


def build_year_range(m: re.Match[str], text: str, floor: int) -> Resolver | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if not first < last <= first + 5:
        return None
    return fixed((date(first, 1, 1), date(last, 12, 31)))


def build_year(m: re.Match[str], text: str, floor: int) -> Resolver:
    year = int(m["y"])
    return fixed((date(year, 1, 1), date(year, 12, 31)))


def build_relative_year(m: re.Match[str], text: str, floor: int) -> Resolver:
    which, part = m["which"].lower(), (m["rpart"] or "").lower().strip()
    offset = {"this": 0, "next": 1, "last": -1}[which]
    if part in ("later", "sometime", ""):
        part = ""

    def shift(p: date) -> Range:
        year = p.year + offset
        return part_range(year, part) if part else (date(year, 1, 1), date(year, 12, 31))

    return relative(shift)


def build_end_of_year(m: re.Match[str], text: str, floor: int) -> Resolver:
    return relative(lambda p: part_range(p.year, "late"))


def build_end_of_month(m: re.Match[str], text: str, floor: int) -> Resolver:
    """ "at the end of the month": its last ten days (SPEC's "end of" is a year's last third)."""
    ahead = (m["emwhich"] or "").lower() == "next"

    def shift(p: date) -> Range:
        _first, last = next_month(p) if ahead else month_range(p.year, p.month)
        return last.replace(day=21), last

    return relative(shift)


def build_relative_month(m: re.Match[str], text: str, floor: int) -> Resolver:
    which = m["mwhich"].lower()
    if which == "next":
        return relative(next_month)
    if which == "last":
        return relative(last_month)
    return relative(lambda p: month_range(p.year, p.month))


def build_relative_week(m: re.Match[str], text: str, floor: int) -> Resolver:
    which = m["wwhich"].lower()
    if which == "next":
        return relative(lambda p: (p + timedelta(days=1), p + timedelta(days=14)))
    if which == "last":
        return relative(lambda p: week_of(p - timedelta(days=7)))
    return relative(week_of)


def build_weekend(m: re.Match[str], text: str, floor: int) -> Resolver:
    which = " ".join(m["wkwhich"].lower().split())
    always_past = which in ("last", "this past", "over the", "past")

    def resolve(p: date, past: bool, year: int | None) -> Range:
        if always_past or (past and which == "this"):
            # "wrapped over the weekend": the last Saturday-Sunday on or before P.
            saturday = p - timedelta(days=(p.weekday() - 5) % 7)
        else:
            saturday = p + timedelta(days=(5 - p.weekday()) % 7)
            if which == "next" and p.weekday() < 5:
                saturday += timedelta(days=7)
        return saturday, saturday + timedelta(days=1)

    return resolve


HOLIDAY: Final = (
    r"\b(?P<holiday>christmas(?:\s+day|\s+eve)?|new\s+year's\s+(?:day|eve)|halloween|"
    r"valentine's\s+day|thanksgiving(?:\s+day)?|independence\s+day|the\s+fourth\s+of\s+july)\b"
)


def build_holiday(m: re.Match[str], text: str, floor: int) -> Resolver:
    name = " ".join(m["holiday"].lower().split())

    def make(y: int) -> Range:
        if name.startswith("thanksgiving"):
            first = date(y, 11, 1)
            day = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        else:
            month, dom = {
                "christmas": (12, 25),
                "christmas day": (12, 25),
                "christmas eve": (12, 24),
                "new year's day": (1, 1),
                "new year's eve": (12, 31),
                "halloween": (10, 31),
                "valentine's day": (2, 14),
                "independence day": (7, 4),
                "the fourth of july": (7, 4),
            }[name]
            day = date(y, month, dom)
        return day, day

    return yearless(make)


def build_day_word(m: re.Match[str], text: str, floor: int) -> Resolver:
    word = " ".join(m["dword"].lower().split())
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "last night": -1}[word]
    return relative(lambda p: (p + timedelta(days=offset), p + timedelta(days=offset)))


def build_soon(m: re.Match[str], text: str, floor: int) -> Resolver:
    return relative(lambda p: (p, p + timedelta(days=90)))


def build_ago(m: re.Match[str], text: str, floor: int) -> Resolver:
    amount = _AMOUNT.search(text, max(floor, m.start() - 12), m.start())
    return ago(amount.group(1) if amount else "a", m["unit"])


_AMOUNT: Final = re.compile(rf"\b({_NUMBER})\s+$", re.IGNORECASE)


def build_season_word(m: re.Match[str], text: str, floor: int) -> Resolver | None:
    which = (m["swhich"] or "").lower()
    season = m["season"].lower()
    if not which and not _after_preposition(text, m.start(), floor):
        return None
    make: Callable[[int], Range] = lambda y: part_range(y, season)  # noqa: E731
    if which == "next":
        return relative(
            lambda p: next(make(y) for y in range(p.year - 1, p.year + 3) if make(y)[0] > p)
        )
    if which == "last":
        return relative(
            lambda p: next(make(y) for y in range(p.year + 1, p.year - 3, -1) if make(y)[1] < p)
        )
    return yearless(make)


def build_quarter(m: re.Match[str], text: str, floor: int) -> Resolver:
    part = quarter_part(m["q"])
    return yearless(lambda y: part_range(y, part))


def build_month(m: re.Match[str], text: str, floor: int) -> Resolver | None:
    month = MONTHS[m["mon"].lower().rstrip(".")]
    if not _after_preposition(text, m.start(), floor) and not _RANGE_START.match(
        text, m.end(), m.endpos
    ):
        return None
    return yearless(lambda y: month_range(y, month))


_RANGE_START: Final = re.compile(rf"\s*(?:or|to|through|and|[-–/])\s*(?-i:{MON})")


def build_weekday(m: re.Match[str], text: str, floor: int) -> Resolver:
    return weekday(m["wd"], (m["wdwhich"] or "").lower())


# "Season 2 May air", "#3 May": a number after these is not a day of the month. The 12
# characters before the number are read reversed, each word spelt backwards: the word
# must end where the number starts (but for space), so the engine tries one place
# instead of each of the twelve. A word's opening boundary becomes its closing one.
_NOT_A_DAY_WORDS: Final = (
    "season",
    "series",
    "episode",
    "part",
    "chapter",
    "volume",
    "vol.",
    "no.",
)
_NOT_A_DAY_REVERSED: Final = re.compile(
    r"\s*(?:(?i:" + "|".join(re.escape(word[::-1]) for word in _NOT_A_DAY_WORDS) + r")\b|#|S\b)"
)  # the reverse of r"(?:\b(?i:season|series|...|no\.)|#|\bS)\s*$"


def _after_preposition(text: str, start: int, floor: int) -> bool:
    words = text[max(floor, start - 16) : start].split()
    return bool(words) and words[-1].lower().rstrip("-") in _DATE_PREPOSITIONS
