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

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final, NamedTuple

from rules.dates.builders import YEAR, Builder
from rules.dates.phrases import COMPILED, STEMS
from rules.dates.windows import Range, Resolver
from rules.models import DateWindow
from rules.text import any_of, stem_finder

_OPEN_BEFORE: Final = re.compile(
    r"(?:not\s+(?:un)?til|not\s+before|no\s+(?:earlier|sooner)\s+than|until|till|'til|"
    r"as\s+(?:early|soon)\s+as|n't\s+(?:\w+\s+){0,2}before|not\s+(?:\w+\s+){0,2}before)"
    r"\s+(?:at\s+least\s+|sometime\s+(?:in\s+)?|in\s+|the\s+)?$",
    re.IGNORECASE,
)
_MODIFIER_KEYS: Final = ("til", "before", "than", "early as", "soon as", "by")
_MODIFIER_GATE: Final = any_of(_MODIFIER_KEYS)
_END_OF: Final = re.compile(r"(?:the\s+)?end\s+of\b", re.IGNORECASE)
_CLOSE_BEFORE: Final = re.compile(
    r"(?:\bby|no\s+later\s+than|before)\s+(?:the\s+)?(?:(?:very\s+)?end\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_OPEN_AFTER: Final = re.compile(
    r"^,?\s*(?:at\s+the\s+(?:very\s+)?earliest|the\s+earliest|or\s+later)\b", re.IGNORECASE
)
_CLOSE_AFTER: Final = re.compile(r"^,?\s*at\s+the\s+(?:very\s+)?latest\b", re.IGNORECASE)
_RANGE_GAP: Final = re.compile(
    r"^\s*(?:–|—|-|/|to|through|thru|until|or|and|,\s*or|into)\s*$", re.IGNORECASE
)


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class DateMention(NamedTuple):
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
        return _clipped(earliest, latest, published, past)


def clip(window: DateWindow, published: date, past: bool) -> DateWindow:
    """A future window starts no earlier than P; a past one ends no later than P."""
    return _clipped(window.earliest, window.latest, published, past)


def _clipped(earliest: date | None, latest: date | None, published: date, past: bool) -> DateWindow:
    """``clip`` on the two bounds, so a window is built once, not twice."""
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


class _Base(NamedTuple):  # a NamedTuple for the reason DateMention is one
    start: int
    end: int
    resolver: Resolver
    has_year: bool


_STEM_FINDER: Final = stem_finder(STEMS)


_Candidates = tuple[tuple[str, re.Pattern[str], Builder], ...]
_CANDIDATES: dict[str, tuple[re.Pattern[str], _Candidates]] = {}
_ALTERNATIONS: dict[tuple[str, ...], re.Pattern[str]] = {}
_SOURCE: Final = {name: rx.pattern for name, rx, _b, _s in COMPILED}
_INDEX: Final = {f"_d{i}": i for i in range(len(COMPILED))}
_NONE: Final = re.compile(r"(?!)")
# "year" and "year_range" open on a year: a word that does not (a season number, a day)
# is not worth trying them on, and numbers are the commonest date-stem words in news.
_YEAR_LED: Final = frozenset({"year", "year_range"})
_YEAR_START: Final = re.compile(YEAR)


def _candidates(word: str) -> tuple[re.Pattern[str], _Candidates]:
    """The phrase patterns that can start at ``word``, in order, and the same as one
    alternation (tried in C; the first that matches wins, as one by one), memoised in a
    plain dict."""
    found = tuple(
        (name, rx, build)
        for name, rx, build, stems in COMPILED
        if word.startswith(stems) and (name not in _YEAR_LED or _YEAR_START.match(word))
    )
    names = tuple(name for name, _rx, _b in found)
    either = _ALTERNATIONS.get(names)
    if either is None:
        either = (
            _NONE
            if not names
            else re.compile(
                "|".join(f"(?P<_d{i}>{_remove_groups(_SOURCE[n])})" for i, n in enumerate(names)),
                re.IGNORECASE,
            )
        )
        _ALTERNATIONS[names] = either
    if len(_CANDIDATES) > 1 << 16:
        _CANDIDATES.clear()  # bounded: a stream of new numbers cannot grow it for ever
    _CANDIDATES[word] = (either, found)
    return either, found


def _remove_groups(pattern: str) -> str:
    """The pattern with its named groups made plain (names repeat across patterns)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _bases(
    text: str, low: str, start: int, end: int, exclude: Sequence[tuple[int, int]]
) -> list[_Base]:
    """The base phrases, tried only at words that can start one (see ``phrases.STEMS``).

    Builders see the match's ``pos`` and ``endpos``: they never look past the span.
    """
    found: list[_Base] = []
    resume = start
    cache = _CANDIDATES
    for at, word in _STEM_FINDER.finditer(low, start, end):
        if at < resume:
            continue
        cached = cache.get(word)
        either, candidates = cached if cached is not None else _candidates(word)
        if either is _NONE or (first := either.match(text, at, end)) is None:
            continue
        for name, regex, build in candidates[_INDEX[first.lastgroup or ""] :]:
            if (own := regex.match(text, at, end)) is None:
                continue
            if any(s < own.end() and own.start() < e for s, e in exclude):
                continue
            resolver = build(own, text, start)
            if resolver is None:
                continue
            has_year = "year" in own.groupdict() or name in ("year", "year_range")
            found.append(
                _Base(own.start(), own.end(), resolver, has_year and name != "relative_year")
            )
            resume = own.end()
            break
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


def may_hold_date(lower: str, start: int, end: int) -> bool:
    """Whether ``lower[start:end]`` has a word a date phrase can start with (cheap)."""
    return _STEM_FINDER.search(lower, start, end)


def find_dates(
    text: str,
    exclude: Sequence[tuple[int, int]] = (),
    lo: int = 0,
    hi: int | None = None,
    lower: str | None = None,
) -> tuple[DateMention, ...]:
    """Every time phrase in ``text[lo:hi]`` (outside the ``exclude`` spans), ranges
    joined; offsets are offsets in ``text``. Nothing outside the span is looked at.

    ``lower`` is ``text.lower()`` when the caller has it.
    """
    hi = len(text) if hi is None else hi
    low = lower if lower is not None and len(lower) == len(text) else text.lower()
    if len(low) != len(text):
        low = text
    bases = _bases(text, low, lo, hi, exclude)
    joined: list[_Base] = []
    for base in bases:
        if joined and _RANGE_GAP.match(text[joined[-1].end : base.start]):
            gap = text[joined[-1].end : base.start].strip().lower()
            if gap != "and" or text[
                max(lo, joined[-1].start - 8) : joined[-1].start
            ].lower().strip().endswith("between"):
                joined[-1] = _join(joined[-1], base)
                continue
        joined.append(base)
    out: list[DateMention] = []
    for base in joined:
        mode, start, end = "", base.start, base.end
        if not _MODIFIER_GATE.search(low, max(lo, base.start - 40), base.start):
            pass  # the common case: no modifier word before the phrase
        elif m := _OPEN_BEFORE.search(before := text[max(lo, base.start - 40) : base.start]):
            mode, start = "open", base.start - len(m.group())
        elif (m := _CLOSE_BEFORE.search(before)) is not None:
            plain_before = (
                m.group().lower().startswith("before")
                and "end" not in m.group().lower()
                and not _END_OF.match(text, base.start, hi)
            )
            mode, start = ("before" if plain_before else "by"), base.start - len(m.group())
        after = text[base.end : min(hi, base.end + 30)]
        if "earliest" not in after and "later" not in after and "latest" not in after:
            pass  # the common case (three ``in`` tests on the slice: cheaper than ``find``)
        elif (m2 := _OPEN_AFTER.match(after)) is not None:
            mode, end = "open", base.end + len(m2.group())
        elif _CLOSE_AFTER.match(after) is not None:
            mode = "by"
        out.append(DateMention(start, end, base.resolver, mode))
    return tuple(out)
