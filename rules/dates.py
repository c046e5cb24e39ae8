"""Every date rule in one place: time phrases in news text -> inclusive date windows.

SPEC.md's date table, relative to the publication date P, is implemented here and
nowhere else. The module works in two steps, ctparse style:

1. ``find_dates`` scans a text once with one compiled alternation of *base* phrases
   ("2019", "early 2019", "fall 2019", "Q3", "March 8", "next year", "soon" ...), each
   backed by a small pure function, then joins neighbours into ranges ("2018–2019",
   "March or April 2019") and applies the modifiers around them ("not until",
   "at the earliest", "by", "no later than", "until").
2. ``DateMention.window(published, past)`` resolves one phrase for an event that lies in
   the future or in the past, because "March" means the next March for a premiere and
   the last one for "began filming in March". A future window never starts before P;
   a past one never ends after it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rules.models import DateWindow

Range = tuple[date, date]
Resolver = Callable[[date, bool, int | None], Range | None]
"""(published, past, year taken from a range partner) -> the raw window, or None."""

_MONTHS = {
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
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[89]\d|20\d\d)"
_WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PART = (
    r"(?:early|mid|late|the\s+(?:very\s+)?(?:end|start|beginning|middle)\s+of|end\s+of|start\s+of|"
    r"beginning\s+of|(?:the\s+)?(?:first|second|1st|2nd|latter|back)\s+half\s+of)"
)
_QUARTER = (
    r"(?:Q[1-4]|(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?)"
)
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|several|a\s+few|few)"
_DATE_PREPOSITIONS = frozenset(
    [
        "in",
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


def _month_range(year: int, month: int) -> Range:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _part_range(year: int, part: str) -> Range:
    part = " ".join(part.lower().replace("-", " ").split())
    bounds = {
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
    for word in ("the ", "very "):
        part = part.replace(word, "")
    if part == "winter":
        return date(year - 1, 12, 1), _month_range(year, 2)[1]
    first, last = bounds[part]
    return date(year, first, 1), _month_range(year, last)[1]


def _quarter_part(text: str) -> str:
    text = text.lower()
    for word, q in (("first", 1), ("1st", 1), ("second", 2), ("2nd", 2), ("third", 3), ("3rd", 3)):
        if word in text:
            return f"q{q}"
    if "fourth" in text or "4th" in text:
        return "q4"
    return "q" + text.strip()[1]


def _occurrence(make: Callable[[int], Range], published: date, past: bool) -> Range:
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


def _fixed(window: Range) -> Resolver:
    return lambda published, past, year: window


def _yearless(make: Callable[[int], Range]) -> Resolver:
    def resolve(published: date, past: bool, year: int | None) -> Range:
        return make(year) if year is not None else _occurrence(make, published, past)

    return resolve


def _relative(shift: Callable[[date], Range]) -> Resolver:
    return lambda published, past, year: shift(published)


def _week_of(day: date) -> Range:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _next_month(day: date) -> Range:
    return _month_range(day.year + day.month // 12, day.month % 12 + 1)


def _last_month(day: date) -> Range:
    return _month_range(day.year - (day.month == 1), (day.month - 2) % 12 + 1)


def _weekday(name: str, which: str) -> Resolver:
    target = _WEEKDAYS.index(name.lower())

    def resolve(published: date, past: bool, year: int | None) -> Range:
        ahead = (target - published.weekday()) % 7
        if which == "last" or (past and which != "next"):
            back = (published.weekday() - target) % 7 or (7 if which == "last" else 0)
            day = published - timedelta(days=back)
        else:
            day = published + timedelta(days=ahead or (7 if which == "next" else 0))
        return day, day

    return resolve


def _ago(amount: str, unit: str) -> Resolver:
    n = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(
        amount.lower(), int(amount) if amount.isdigit() else 3
    )
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.lower().rstrip("s")]
    return _relative(
        lambda p: (
            p - timedelta(days=n * days + days // 2),
            p - timedelta(days=max(0, n * days - days // 2)),
        )
    )


# --- base phrases: (name, pattern, builder). Order matters: longer readings first. -------
Builder = Callable[["re.Match[str]", str], Resolver | None]


def _b_full_date(m: re.Match[str], text: str) -> Resolver | None:
    month, day, year = (
        _MONTHS[m["mon"].lower().rstrip(".")],
        int(m["day"].rstrip("stndrh")),
        int(m["year"]),
    )
    try:
        day_ = date(year, month, day)
    except ValueError:
        return None
    return _fixed((day_, day_))


def _b_month_day(m: re.Match[str], text: str) -> Resolver | None:
    if _NOT_A_DAY.search(text[max(0, m.start() - 12) : m.start()]):
        return None  # "Season 2 May air": a season number, not the 2nd of May
    month, day = _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"].rstrip("stndrh"))
    if day > calendar.monthrange(2000, month)[1]:
        return None

    def make(y: int) -> Range:
        d = date(y, month, min(day, calendar.monthrange(y, month)[1]))
        return d, d

    return _yearless(make)


def _b_month_year(m: re.Match[str], text: str) -> Resolver:
    return _fixed(_month_range(int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")]))


def _b_part_year(m: re.Match[str], text: str) -> Resolver:
    part = m["part"] if m["part"] else _quarter_part(m["quarter"])
    return _fixed(_part_range(int(m["year"]), part))


def _b_year_range(m: re.Match[str], text: str) -> Resolver | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if not first < last <= first + 5:
        return None
    return _fixed((date(first, 1, 1), date(last, 12, 31)))


def _b_year(m: re.Match[str], text: str) -> Resolver:
    year = int(m["y"])
    return _fixed((date(year, 1, 1), date(year, 12, 31)))


def _b_relative_year(m: re.Match[str], text: str) -> Resolver:
    which, part = m["which"].lower(), (m["rpart"] or "").lower().strip()
    offset = {"this": 0, "next": 1, "last": -1}[which]
    if part in ("later", "sometime", ""):
        part = ""

    def shift(p: date) -> Range:
        year = p.year + offset
        return _part_range(year, part) if part else (date(year, 1, 1), date(year, 12, 31))

    return _relative(shift)


def _b_end_of_year(m: re.Match[str], text: str) -> Resolver:
    return _relative(lambda p: _part_range(p.year, "late"))


def _b_relative_month(m: re.Match[str], text: str) -> Resolver:
    which = m["mwhich"].lower()
    if which == "next":
        return _relative(_next_month)
    if which == "last":
        return _relative(_last_month)
    return _relative(lambda p: _month_range(p.year, p.month))


def _b_relative_week(m: re.Match[str], text: str) -> Resolver:
    which = m["wwhich"].lower()
    if which == "next":
        return _relative(lambda p: (p + timedelta(days=1), p + timedelta(days=14)))
    if which == "last":
        return _relative(lambda p: _week_of(p - timedelta(days=7)))
    return _relative(_week_of)


def _b_weekend(m: re.Match[str], text: str) -> Resolver:
    def shift(p: date) -> Range:
        saturday = p + timedelta(days=(5 - p.weekday()) % 7)
        if m["wkwhich"].lower() == "next" and p.weekday() < 5:
            saturday += timedelta(days=7)
        return saturday, saturday + timedelta(days=1)

    return _relative(shift)


def _b_day_word(m: re.Match[str], text: str) -> Resolver:
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m["dword"].lower()]
    return _relative(lambda p: (p + timedelta(days=offset), p + timedelta(days=offset)))


def _b_soon(m: re.Match[str], text: str) -> Resolver:
    return _relative(lambda p: (p, p + timedelta(days=90)))


def _b_ago(m: re.Match[str], text: str) -> Resolver:
    return _ago(m["amount"], m["unit"])


def _b_season_word(m: re.Match[str], text: str) -> Resolver | None:
    which = (m["swhich"] or "").lower()
    season = m["season"].lower()
    if not which and not _after_preposition(text, m.start()):
        return None
    make: Callable[[int], Range] = lambda y: _part_range(y, season)  # noqa: E731
    if which == "next":
        return _relative(
            lambda p: next(make(y) for y in range(p.year - 1, p.year + 3) if make(y)[0] > p)
        )
    if which == "last":
        return _relative(
            lambda p: next(make(y) for y in range(p.year + 1, p.year - 3, -1) if make(y)[1] < p)
        )
    return _yearless(make)


def _b_quarter(m: re.Match[str], text: str) -> Resolver:
    part = _quarter_part(m["q"])
    return _yearless(lambda y: _part_range(y, part))


def _b_month(m: re.Match[str], text: str) -> Resolver | None:
    month = _MONTHS[m["mon"].lower().rstrip(".")]
    if not _after_preposition(text, m.start()):
        return None
    return _yearless(lambda y: _month_range(y, month))


def _b_weekday(m: re.Match[str], text: str) -> Resolver:
    return _weekday(m["wd"], (m["wdwhich"] or "").lower())


_NOT_A_DAY = re.compile(
    r"(?:season|series|episode|part|chapter|volume|no\.|#|S)\s*$", re.IGNORECASE
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
        "relative_month",
        r"(?:later\s+|earlier\s+)?(?P<mwhich>this|next|last)\s+month\b",
        _b_relative_month,
    ),
    (
        "relative_week",
        r"(?:later\s+|earlier\s+)?(?P<wwhich>this|next|last)\s+week\b",
        _b_relative_week,
    ),
    ("weekend", r"(?P<wkwhich>this|next)\s+weekend\b", _b_weekend),
    ("day_word", r"\b(?P<dword>today|tonight|tomorrow|yesterday)\b", _b_day_word),
    (
        "soon",
        r"\b(?:very\s+)?(?:soon|shortly|imminently|any\s+day\s+now|"
        r"(?:in|over)\s+the\s+(?:coming|next\s+few|next|upcoming)\s+(?:weeks|months)|"
        r"in\s+the\s+near\s+future|in\s+a\s+(?:few|couple\s+of)\s+(?:weeks|months))\b(?!\s+as\b|\s+after\b|-to-be)",
        _b_soon,
    ),
    ("ago", rf"\b(?P<amount>{_NUMBER})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _b_ago),
    (
        "season_word",
        rf"(?:(?P<swhich>this|next|last)\s+)?(?P<season>{_SEASON})\b(?![-\s]*\d)",
        _b_season_word,
    ),
    ("quarter", r"\b(?P<q>Q[1-4]|(?:first|second|third|fourth)\s+quarter)\b", _b_quarter),
    ("month", rf"(?-i:(?P<mon>{_MON}))", _b_month),
    ("weekday", rf"(?:(?P<wdwhich>this|next|last|on)\s+)?(?-i:(?P<wd>{_WDAY}))\b", _b_weekday),
)


def _rename_groups(pattern: str, index: int) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{g.group(1)}_{index}>", pattern)


_RULES = tuple((name, re.compile(pattern, re.IGNORECASE), build) for name, pattern, build in _BASES)
_SCAN = re.compile(
    "|".join(f"(?P<r{i}>{_rename_groups(p, i)})" for i, (_, p, _b) in enumerate(_BASES)),
    re.IGNORECASE,
)
_HAS_DATE_HINT = re.compile(
    r"\d|soon|shortly|coming|year|month|week|summer|spring|fall|autumn|winter|quarter|"
    r"tonight|today|tomorrow|yesterday|imminent|near future|any day|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day",
    re.IGNORECASE,
)
_OPEN_BEFORE = re.compile(
    r"(?:not\s+(?:un)?til|not\s+before|no\s+(?:earlier|sooner)\s+than|until|till|'til)"
    r"\s+(?:at\s+least\s+|sometime\s+(?:in\s+)?|in\s+|the\s+)?$",
    re.IGNORECASE,
)
_CLOSE_BEFORE = re.compile(r"(?:\bby|no\s+later\s+than|before)\s+(?:the\s+)?$", re.IGNORECASE)
_OPEN_AFTER = re.compile(
    r"^,?\s*(?:at\s+the\s+(?:very\s+)?earliest|the\s+earliest|or\s+later)\b", re.IGNORECASE
)
_CLOSE_AFTER = re.compile(r"^,?\s*at\s+the\s+(?:very\s+)?latest\b", re.IGNORECASE)
_RANGE_GAP = re.compile(
    r"^\s*(?:–|—|-|/|to|through|thru|until|or|and|,\s*or|into)\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time phrase found in a text, resolved only once the event's tense is known."""

    start: int
    end: int
    resolver: Resolver
    mode: str = ""
    """"" plain, "open" (not until / at the earliest), "by" (by / no later than), "before"."""

    def window(self, published: date, past: bool) -> DateWindow:
        """The window for an event in the past (``past``) or the future, clipped at P."""
        raw = self.resolver(published, past, None)
        if raw is None:
            return DateWindow()
        earliest: date | None
        latest: date | None
        earliest, latest = raw
        if self.mode == "open":
            latest = None
        elif self.mode == "by":
            earliest = None if past else published
        elif self.mode == "before":
            latest = raw[0] - timedelta(days=1)
            earliest = None if past else published
        return clip(DateWindow(earliest, latest), published, past)


def clip(window: DateWindow, published: date, past: bool) -> DateWindow:
    """A future window starts no earlier than P; a past one ends no later than P."""
    earliest, latest = window.earliest, window.latest
    if past:
        if (
            latest is not None
            and latest > published
            and (earliest is None or earliest <= published)
        ):
            latest = published
    elif earliest is not None and earliest < published and (latest is None or latest >= published):
        earliest = published
    return DateWindow(earliest, latest)


@dataclass(frozen=True, slots=True)
class _Base:
    start: int
    end: int
    resolver: Resolver
    has_year: bool


def _bases(text: str, exclude: Sequence[tuple[int, int]]) -> list[_Base]:
    found: list[_Base] = []
    for m in _SCAN.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in exclude):
            continue
        index = int((m.lastgroup or "r0")[1:])
        name, regex, build = _RULES[index]
        own = regex.match(text, m.start(), m.end())
        if own is None:
            continue
        resolver = build(own, text)
        if resolver is not None:
            has_year = "year" in own.groupdict() or name in ("year", "year_range")
            found.append(
                _Base(own.start(), own.end(), resolver, has_year and name != "relative_year")
            )
    return found


def _join(first: _Base, second: _Base) -> _Base:
    def resolve(published: date, past: bool, year: int | None) -> Range | None:
        b = second.resolver(published, past, year)
        hint = b[1].year if b is not None and second.has_year and not first.has_year else year
        a = first.resolver(published, past, hint)
        if a is None or b is None:
            return a or b
        return (a[0], b[1]) if a[0] <= b[1] else (a[0], a[1])

    return _Base(first.start, second.end, resolve, second.has_year)


def find_dates(text: str, exclude: Sequence[tuple[int, int]] = ()) -> tuple[DateMention, ...]:
    """Every time phrase in ``text`` (outside the ``exclude`` spans), ranges joined."""
    if not _HAS_DATE_HINT.search(text):
        return ()
    bases = _bases(text, exclude)
    joined: list[_Base] = []
    for base in bases:
        if joined and _RANGE_GAP.match(text[joined[-1].end : base.start]):
            gap = text[joined[-1].end : base.start].strip().lower()
            if gap != "and" or text[
                max(0, joined[-1].start - 8) : joined[-1].start
            ].lower().strip().endswith("between"):
                joined[-1] = _join(joined[-1], base)
                continue
        joined.append(base)
    out: list[DateMention] = []
    for base in joined:
        before, after = text[max(0, base.start - 40) : base.start], text[base.end : base.end + 30]
        mode, start, end = "", base.start, base.end
        if (m := _OPEN_BEFORE.search(before)) is not None:
            mode, start = "open", base.start - len(m.group())
        elif (m := _CLOSE_BEFORE.search(before)) is not None:
            mode, start = (
                ("before" if m.group().lower().startswith("before") else "by"),
                base.start - len(m.group()),
            )
        if (m2 := _OPEN_AFTER.match(after)) is not None:
            mode, end = "open", base.end + len(m2.group())
        elif _CLOSE_AFTER.match(after) is not None:
            mode = "by"
        out.append(DateMention(start, end, base.resolver, mode))
    return tuple(out)
