"""The base time phrases of news text, one pattern and one small resolver each.

The tuple ``BASES`` is ordered: at one position the first pattern that matches wins, so
longer readings ("March 8, 2019", "early 2019") come before shorter ones ("March",
"2019"). ``SCAN`` is all of them compiled into one alternation.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

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

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[89]\d|20\d\d)"
_WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PART = (
    r"(?:early|mid|late|(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle)\s+of|"
    r"(?:the\s+)?(?:first|second|1st|2nd|latter|back)\s+half\s+of)"
)
_QUARTER = (
    r"(?:Q[1-4]|(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?)"
)
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|several|a\s+few|few)"
_DATE_PREPOSITIONS = frozenset(
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


Builder = Callable[["re.Match[str]", str], Resolver | None]


def _b_full_date(m: re.Match[str], text: str) -> Resolver | None:
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


def _b_month_day(m: re.Match[str], text: str) -> Resolver | None:
    if _NOT_A_DAY.search(text[max(0, m.start() - 12) : m.start()]):
        return None  # "Season 2 May air": a season number, not the 2nd of May
    month, day = MONTHS[m["mon"].lower().rstrip(".")], int(m["day"].rstrip("stndrh"))
    if day > calendar.monthrange(2000, month)[1]:
        return None

    def make(y: int) -> Range:
        d = date(y, month, min(day, calendar.monthrange(y, month)[1]))
        return d, d

    return yearless(make)


def _b_month_year(m: re.Match[str], text: str) -> Resolver:
    return fixed(month_range(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")]))


def _b_part_year(m: re.Match[str], text: str) -> Resolver:
    part = m["part"] if m["part"] else quarter_part(m["quarter"])
    return fixed(part_range(int(m["year"]), part))


def _b_year_range(m: re.Match[str], text: str) -> Resolver | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if not first < last <= first + 5:
        return None
    return fixed((date(first, 1, 1), date(last, 12, 31)))


def _b_year(m: re.Match[str], text: str) -> Resolver:
    year = int(m["y"])
    return fixed((date(year, 1, 1), date(year, 12, 31)))


def _b_relative_year(m: re.Match[str], text: str) -> Resolver:
    which, part = m["which"].lower(), (m["rpart"] or "").lower().strip()
    offset = {"this": 0, "next": 1, "last": -1}[which]
    if part in ("later", "sometime", ""):
        part = ""

    def shift(p: date) -> Range:
        year = p.year + offset
        return part_range(year, part) if part else (date(year, 1, 1), date(year, 12, 31))

    return relative(shift)


def _b_end_of_year(m: re.Match[str], text: str) -> Resolver:
    return relative(lambda p: part_range(p.year, "late"))


def _b_end_of_month(m: re.Match[str], text: str) -> Resolver:
    """ "at the end of the month": its last ten days (SPEC's "end of" is a year's last third)."""
    ahead = (m["emwhich"] or "").lower() == "next"

    def shift(p: date) -> Range:
        _first, last = next_month(p) if ahead else month_range(p.year, p.month)
        return last.replace(day=21), last

    return relative(shift)


def _b_relative_month(m: re.Match[str], text: str) -> Resolver:
    which = m["mwhich"].lower()
    if which == "next":
        return relative(next_month)
    if which == "last":
        return relative(last_month)
    return relative(lambda p: month_range(p.year, p.month))


def _b_relative_week(m: re.Match[str], text: str) -> Resolver:
    which = m["wwhich"].lower()
    if which == "next":
        return relative(lambda p: (p + timedelta(days=1), p + timedelta(days=14)))
    if which == "last":
        return relative(lambda p: week_of(p - timedelta(days=7)))
    return relative(week_of)


def _b_weekend(m: re.Match[str], text: str) -> Resolver:
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


HOLIDAY = (
    r"\b(?P<holiday>christmas(?:\s+day|\s+eve)?|new\s+year's\s+(?:day|eve)|halloween|"
    r"valentine's\s+day|thanksgiving(?:\s+day)?|independence\s+day|the\s+fourth\s+of\s+july)\b"
)


def _b_holiday(m: re.Match[str], text: str) -> Resolver:
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


def _b_day_word(m: re.Match[str], text: str) -> Resolver:
    word = " ".join(m["dword"].lower().split())
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "last night": -1}[word]
    return relative(lambda p: (p + timedelta(days=offset), p + timedelta(days=offset)))


def _b_soon(m: re.Match[str], text: str) -> Resolver:
    return relative(lambda p: (p, p + timedelta(days=90)))


def _b_ago(m: re.Match[str], text: str) -> Resolver:
    amount = _AMOUNT.search(text, max(0, m.start() - 12), m.start())
    return ago(amount.group(1) if amount else "a", m["unit"])


_AMOUNT = re.compile(rf"\b({_NUMBER})\s+$", re.IGNORECASE)


def _b_season_word(m: re.Match[str], text: str) -> Resolver | None:
    which = (m["swhich"] or "").lower()
    season = m["season"].lower()
    if not which and not _after_preposition(text, m.start()):
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


def _b_quarter(m: re.Match[str], text: str) -> Resolver:
    part = quarter_part(m["q"])
    return yearless(lambda y: part_range(y, part))


def _b_month(m: re.Match[str], text: str) -> Resolver | None:
    month = MONTHS[m["mon"].lower().rstrip(".")]
    if not _after_preposition(text, m.start()) and not _RANGE_START.match(text, m.end()):
        return None
    return yearless(lambda y: month_range(y, month))


_RANGE_START = re.compile(rf"\s*(?:or|to|through|and|[-–/])\s*(?-i:{_MON})")


def _b_weekday(m: re.Match[str], text: str) -> Resolver:
    return weekday(m["wd"], (m["wdwhich"] or "").lower())


_NOT_A_DAY = re.compile(
    r"(?:\b(?i:season|series|episode|part|chapter|volume|vol\.|no\.)|#|\bS)\s*$"
)


def _after_preposition(text: str, start: int) -> bool:
    words = text[max(0, start - 16) : start].split()
    return bool(words) and words[-1].lower().rstrip("-") in _DATE_PREPOSITIONS


_BASES: tuple[tuple[str, str, Builder], ...] = (
    (
        "full_date",
        rf"(?:{_WDAY},?\s+)?(?-i:(?P<mon>{_MON}))\s+(?P<day>{_DAY}),?\s+(?P<year>{_YEAR})\b",
        _b_full_date,
    ),
    (
        "day_month_year",
        rf"(?P<day>{_DAY})\s+(?:of\s+)?(?-i:(?P<mon>{_MON}))\s*,?\s+(?P<year>{_YEAR})\b",
        _b_full_date,
    ),
    ("month_year", rf"(?-i:(?P<mon>{_MON})),?\s+(?:of\s+)?(?P<year>{_YEAR})\b", _b_month_year),
    (
        "month_day",
        rf"(?:{_WDAY},?\s+)?(?-i:(?P<mon>{_MON}))\s+(?P<day>{_DAY})\b(?!\s*(?:%|million|\d))",
        _b_month_day,
    ),
    ("day_month", rf"(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?-i:(?P<mon>{_MON}))", _b_month_day),
    (
        "part_year",
        rf"(?:(?P<part>{_PART}|{_SEASON})|(?P<quarter>{_QUARTER}))[\s-]*(?:of\s+)?(?:'|’)?(?P<year>{_YEAR})\b",
        _b_part_year,
    ),
    (
        "year_range",
        rf"(?<![\d$#])(?P<y1>{_YEAR})\s*(?:–|—|-|/|\bto\b|\bthrough\b|\bor\b|\band\b)\s*(?P<y2>{_YEAR}|\d\d)\b(?!-)",
        _b_year_range,
    ),
    ("year", rf"(?<![\d$#.,])(?P<y>{_YEAR})\b(?![-–]\d|%|,\d|\.\d)", _b_year),
    (
        "relative_year",
        rf"(?P<rpart>(?:{_PART}|later|sometime|early|late|mid)[\s-]*)?(?P<which>this|next|last)\s+year\b"
        r"(?!'s\s+(?:emmy|season))",
        _b_relative_year,
    ),
    (
        "end_of_year",
        r"(?:the\s+)?end\s+of\s+(?:the|this)\s+year|year'?s?[\s-]end|the\s+end\s+of\s+the\s+year",
        _b_end_of_year,
    ),
    (
        "end_of_month",
        r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(?P<emwhich>next)\s+)month\b",
        _b_end_of_month,
    ),
    (
        "relative_month",
        r"(?:later\s+|earlier\s+)?(?P<mwhich>this|next|last)\s+month\b",
        _b_relative_month,
    ),
    (
        "relative_week",
        r"(?:later\s+|earlier\s+)?(?P<wwhich>this|next|last)\s+week\b",
        _b_relative_week,
    ),
    (
        "weekend",
        r"(?P<wkwhich>this\s+past|this|next|last|past|over\s+the)\s+weekend\b",
        _b_weekend,
    ),
    ("day_word", r"\b(?P<dword>today|tonight|tomorrow|yesterday|last\s+night)\b", _b_day_word),
    ("holiday", HOLIDAY, _b_holiday),
    (
        "soon",
        r"\b(?:very\s+)?(?:soon|shortly|imminently|any\s+day\s+now|"
        r"(?:coming|upcoming|next\s+few)\s+(?:weeks|months)|near\s+future|"
        r"(?:few|couple\s+of)\s+(?:weeks|months)(?!\s+ago))\b(?!\s+as\b|\s+after\b|-to-be)",
        _b_soon,
    ),
    ("ago", r"\b(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _b_ago),
    (
        "season_word",
        rf"(?:(?P<swhich>this|next|last)\s+)?(?P<season>{_SEASON})\b(?![-\s]*\d)",
        _b_season_word,
    ),
    ("quarter", r"\b(?P<q>Q[1-4]|(?:first|second|third|fourth)\s+quarter)\b", _b_quarter),
    ("month", rf"(?-i:(?P<mon>{_MON}))", _b_month),
    ("weekday", rf"(?:(?P<wdwhich>this|next|last|on)\s+)?(?-i:(?P<wd>{_WDAY}))\b", _b_weekday),
)


_MONTH_STEMS = "jan feb mar apr may jun jul aug sep oct nov dec"
_DAY_STEMS = "mon tue wed thu fri sat sun"
_DIGITS = "0 1 2 3 4 5 6 7 8 9"
_PART_STEMS = "early mid late end start beginning middle very first second 1st 2nd latter back"
_SEASON_STEMS = "spring summer fall autumn winter"
# The words each phrase can start with (as prefixes): only there is its pattern tried.
_FIRST_WORDS = {
    "full_date": f"{_MONTH_STEMS} {_DAY_STEMS}",
    "day_month_year": _DIGITS,
    "month_year": _MONTH_STEMS,
    "month_day": f"{_MONTH_STEMS} {_DAY_STEMS}",
    "day_month": _DIGITS,
    "part_year": f"{_PART_STEMS} {_SEASON_STEMS} q1 q2 q3 q4 third fourth",
    "year_range": _DIGITS,
    "year": _DIGITS,
    "relative_year": f"{_PART_STEMS} later sometime this next last",
    "end_of_year": "end year",
    "end_of_month": "end",
    "relative_month": "later earlier this next last",
    "relative_week": "later earlier this next last",
    "weekend": "this next last past over",
    "day_word": "today tonight tomorrow yesterday last",
    "holiday": "christmas new halloween valentine thanksgiving independence fourth",
    "soon": "very soon shortly imminently any coming upcoming next near few couple",
    "ago": "day week month year",
    "season_word": f"this next last {_SEASON_STEMS}",
    "quarter": "q1 q2 q3 q4 first second third fourth",
    "month": _MONTH_STEMS,
    "weekday": f"this next last {_DAY_STEMS}",
}
COMPILED = tuple(
    (name, re.compile(pattern, re.IGNORECASE), build, tuple(_FIRST_WORDS[name].split()))
    for name, pattern, build in _BASES
)
STEMS = tuple(sorted({stem for *_, stems in COMPILED for stem in stems}))
