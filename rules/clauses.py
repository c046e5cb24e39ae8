"""Shallow sentence structure: clauses, the shows each clause is about, and their seasons.

A claim belongs to the show its clause is about. News sentences pack several shows
and several facts together ("season 2 of Luke Cage and season 3 of Daredevil";
"Netflix is set to air A, B and C this year, which means that D will come only in
2018"), so a sentence is cut into clauses at semicolons, colons, spaced dashes and
commas that are not inside a list of shows or a date. In each clause the mentions are
grouped into *units* (a show with the season phrase bound to it: "season 3 of
Daredevil", "Jessica Jones season 2", "Stranger Things 4", "Iron Fist's sophomore run")
and units joined only by commas and "and" form one coordinated *group*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from rules.lexicon import NETWORKS
from rules.models import Mention
from rules.text import NUMBER_WORDS, ORDINAL_WORDS, number_value

_ORD: Final = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + ")"
_CARD: Final = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + ")"
_NOUN: Final = r"(?:season|series|run|installment|instalment|chapter|outing)"
# The season patterns are written in lower case and compiled twice: with IGNORECASE for
# any text, and as they are for lower-cased ASCII text (nearly all news). Case-sensitive
# literals let the engine reject each alternative of an alternation on its first
# character; IGNORECASE ones are each entered in full, at every position tried.
_SEASON_AFTER_SOURCE: Final = rf"""["']?(?:'s|')?\s*(?:
        (?:season|series)\s*(?P<card>{_CARD})\b
      | s(?P<s>\d{{1,2}})\b
      | (?P<ord>{_ORD})(?:\s+(?:and|&)\s+(?:final|last))?\s+{_NOUN}\b
      | (?P<bare>\d{{1,2}})\b(?!\s*(?:[:.,]\d|%|percent|million|episodes?|seasons?|years?|days?|
           weeks?|months?|january|february|march|april|may|june|july|august|september|october|november|december))
    )"""
_SEASON_AFTER: Final = re.compile(_SEASON_AFTER_SOURCE, re.IGNORECASE | re.VERBOSE)
_SEASON_AFTER_LOW: Final = re.compile(_SEASON_AFTER_SOURCE, re.VERBOSE)
_SEASON_BEFORE_SOURCE: Final = rf"""
    (?:(?:season|series)\s+(?P<card>{_CARD})
      | (?P<ord>{_ORD})(?:\s+(?:and|&)\s+(?:final|last))?
        (?:\s+(?:anime|live-action|animated|new|full))?\s+{_NOUN}(?P<plural>s)?)
    \s+(?:of|for)\s+(?:(?:the|a|an|its|\w+'s?|new|hit|original|
    acclaimed|popular|\w+)\s+){{0,5}}?["']?$"""
_SEASON_BEFORE: Final = re.compile(_SEASON_BEFORE_SOURCE, re.IGNORECASE | re.VERBOSE)
_SEASON_BEFORE_LOW: Final = re.compile(_SEASON_BEFORE_SOURCE, re.VERBOSE)
_LISTED_ORDINAL: Final = re.compile(rf"\b{_ORD}\s*(?:,|and|&|through|to|-|–)\s*$", re.IGNORECASE)
_NETWORK_WORDS: Final = "|".join(re.escape(n) for n in sorted(NETWORKS, key=len, reverse=True))
_LIST_GAP: Final = re.compile(
    rf"""^(?:\s|["',]|\band\b|\bor\b|&|\bas\s+well\s+as\b|\bplus\b|\bboth\b|
    (?:{_NETWORK_WORDS})'s?|\bthe\b|(?:season|series)\s+{_CARD}(?:\s+of)?\b|\b\d{{1,2}}\b|
    's\s+{_ORD}\s+{_NOUN}\b|
    {_ORD}\s+{_NOUN}s?\s+of\b|'s\b)*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Where a sentence splits: ; : and spaced dashes always; a comma unless a list or a date
# runs through it.
_BOUNDARY: Final = re.compile(
    # The look-ahead names every character a boundary can start with. (It does not let
    # a search skip ahead in C: the engine takes a skip only from a pattern that opens on
    # a character or a set, so ``_boundaries`` finds where a match can start instead.)
    r"(?=[\s;:,—])(?:"
    r"\s*(?:;|:(?=\s)|\s[-–—]\s|—)\s*|,\s+|"
    r",[\"'](?=\s+(?:which|who|where|while|and|but|as|with|though|although)\b)\s+|"
    r"\s+(?:but|while|whereas)\s+|"
    # "cancelled Mindhunter and renewed Ozark for a fourth season": a second verb, a
    # second clause (so the fourth season is not Mindhunter's).
    r"\s+and\s+(?=(?:is|are|was|were|will|would|has|have|had|should|could|may|might|must|can|"
    r"also|then|began|started|wrapped|premiered|returned|renewed|cancell?ed|axed|ordered|"
    r"picked|greenlit|confirmed|announced|scrapped|pulled|set|dated|pushed|delayed|moved|"
    r"released|debuted|dropped)\b))"
)


# Where a _BOUNDARY match can start: on one of the marks, or on the spaces before one
# of these (spaces, then ; : a dash or a conjunction; a comma's are tried for nothing).
_MARKS: Final = frozenset(";:,—")
_AFTER_SPACES: Final = (";", ":", ",", "—", "-", "–", "and", "but", "while", "whereas")


def _boundaries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_BOUNDARY.finditer(text, start, end)``.

    The pattern is tried only where it can start, found with ``str.find``: a pattern
    that opens on a space is tried at every space of the sentence (a look-ahead at every
    character), several times the cost of a few searches for its marks and words. Its
    matches end where the spaces after them end, so a scan resuming after one never
    resumes inside a run of spaces.
    """
    # Offsets in the sentence's own copy: "in" and find without bounds are much cheaper
    # calls than find(mark, start, end), and most marks are not there at all.
    sentence = text[start:end]
    starts = set()
    for mark in _AFTER_SPACES:
        if mark not in sentence:
            continue
        at = sentence.find(mark)
        while at >= 0:
            if mark in _MARKS:
                starts.add(at)
            spaces = at
            while spaces > 0 and sentence[spaces - 1].isspace():  # str.isspace is \s
                spaces -= 1
            if spaces < at:
                starts.add(spaces)
            at = sentence.find(mark, at + 1)
    cuts = []
    resume = start
    for at in sorted(starts):
        at += start
        if at >= resume and (m := _BOUNDARY.match(text, at, end)) is not None:
            cuts.append((at, m.end()))
            resume = m.end()
    return cuts


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class Unit(NamedTuple):
    """A show as a clause names it, with the season bound to that naming (if any)."""

    title: str
    start: int
    end: int
    season: int | None
    shared_season: bool = False
    """The season phrase was plural ("the first seasons of A, B and C"): it applies to all."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a sentence: its span and the groups of units it names."""

    start: int
    end: int
    groups: tuple[tuple[Unit, ...], ...]


def split(
    text: str, start: int, end: int, keep: Sequence[tuple[int, int]], mentions: Sequence[Mention]
) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into clause spans; never inside ``keep`` spans (dates) or lists."""
    spans: list[tuple[int, int]] = []
    cursor = start
    cuts = _boundaries(text, start, end)
    if text.find("(", start, end) >= 0:
        cuts = sorted(cuts + _status_asides(text, start, end, mentions))
    for cut, after in cuts:
        if cut < cursor or any(s < after and cut < e for s, e in keep):
            continue
        if text[cut:after].strip().rstrip("\"'") == "," and _joins_list(text, cut, after, mentions):
            continue
        if text[cursor:cut].strip(" \"'"):
            spans.append((cursor, cut))
        cursor = after
    if text[cursor:end].strip(" \"'"):
        spans.append((cursor, end))
    return spans or [(start, end)]


# "(S2 due 2019)", "(season 3, filming now)": a season's status in brackets after a show.
_ASIDE: Final = re.compile(r"\s*\(([^()]{2,80})\)")
_ASIDE_SEASON: Final = re.compile(
    rf"\b(?:S\d{{1,2}}|(?:season|series)\s+{_CARD}|{_ORD}\s+{_NOUN})\b", re.I
)


def _status_asides(
    text: str, start: int, end: int, mentions: Sequence[Mention]
) -> list[tuple[int, int]]:
    """Cuts around each bracketed season status right after a show: "Remaining: The
    Punisher (S2 due 2019) and Jessica Jones (S3 in production)" holds two clauses of
    news, each about the show before its brackets, not one sentence whose date and verbs
    go to whichever show is nearest. "Daredevil (Netflix)" has no season: no cut."""
    ends = {m.end for m in mentions}
    cuts = []
    for aside in _ASIDE.finditer(text, start, end):
        inner_start, inner_end = aside.span(1)
        if (
            aside.start() in ends
            and _ASIDE_SEASON.search(text, inner_start, inner_end)
            and not any(inner_start <= m.start < inner_end for m in mentions)
        ):
            cuts.append((aside.start(), inner_start))
            cuts.append((inner_end, aside.end()))
    return cuts


def _joins_list(text: str, cut: int, after: int, mentions: Sequence[Mention]) -> bool:
    """True when the comma sits between two mentions ("A, B and C")."""
    left = any(0 <= cut - m.end <= 2 for m in mentions)
    tail = text[after : after + 12]
    skip = len(tail) - len(tail.lstrip("\"' ")) + after
    word = re.match(r"(?:and|or|&)\s+[\"']?", text[skip : skip + 8])
    skip += word.end() if word else 0
    right = any(m.start == skip or 0 <= m.start - skip <= 1 for m in mentions)
    return left and right


def units_in(
    text: str, span: tuple[int, int], mentions: Sequence[Mention]
) -> tuple[tuple[Unit, ...], ...]:
    """The mentions inside ``span`` as units, grouped into coordinated lists."""
    start, end = span
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if not inside:
        return ()  # nearly half the clauses name no show
    units = [_unit(text, start, end, m) for m in inside]
    groups: list[list[Unit]] = []
    for unit in units:
        if groups and _LIST_GAP.match(text[groups[-1][-1].end : unit.start]):
            groups[-1].append(unit)
        else:
            groups.append([unit])
    out: list[tuple[Unit, ...]] = []
    for group in groups:
        shared = next((u.season for u in group if u.shared_season), None)
        if shared is not None:
            group = [
                u if u.season is not None and not u.shared_season else _with_season(u, shared)
                for u in group
            ]
        out.append(tuple(group))
    return tuple(out)


def _with_season(unit: Unit, season: int) -> Unit:
    return Unit(unit.title, unit.start, unit.end, season, True)


def _unit(text: str, start: int, end: int, mention: Mention) -> Unit:
    after_end = min(end, mention.end + 40)
    # The patterns read nothing before their start or past their end, so a slice reads
    # as the span of the text did.
    after_low = text[mention.end : after_end].lower()
    if after_low.isascii():
        after = _SEASON_AFTER_LOW.match(after_low)
    else:
        after = _SEASON_AFTER.match(text, mention.end, after_end)
    if after:
        raw = after.group("card") or after.group("s") or after.group("ord") or after.group("bare")
        value = number_value(raw)
        if value and 0 < value <= 40:
            return Unit(mention.title, mention.start, mention.end, value)
    window_start = max(start, mention.start - 90)
    window = text[window_start : mention.start].lower()
    has_noun = (  # a season noun of _NOUN, cheap test before the regex (no generator)
        "season" in window
        or "series" in window
        or "run" in window
        or "installment" in window
        or "instalment" in window
        or "chapter" in window
        or "outing" in window
    )
    before: re.Match[str] | None = None
    before_start = 0
    if has_noun and window.isascii():
        before = _SEASON_BEFORE_LOW.search(window)
        before_start = window_start + before.start() if before else 0
    elif has_noun:
        before = _SEASON_BEFORE.search(text, window_start, mention.start)
        before_start = before.start() if before else 0
    if before and before.group("ord") and _LISTED_ORDINAL.search(text, start, before_start):
        before = None  # "the third and fourth seasons of": a list, each a season of its own
    if before:
        value = number_value(before.group("card") or before.group("ord"))
        if value and 0 < value <= 40:
            return Unit(
                mention.title, mention.start, mention.end, value, bool(before.group("plural"))
            )
    if mention.end - mention.start > 1 and text[mention.start] == "#":
        digits = re.search(r"(\d{1,2})$", text[mention.start : mention.end])
        if digits:
            return Unit(mention.title, mention.start, mention.end, int(digits.group(1)))
    return Unit(mention.title, mention.start, mention.end, None)


def loose_seasons(
    seasons: Sequence[tuple[int, int, int, bool]], span: tuple[int, int], units: Sequence[Unit]
) -> list[tuple[int, int, bool]]:
    """Season phrases in the clause that no unit claimed: (offset, number, plural).

    ``seasons`` are the sentence's season phrases (``text.find_seasons``) with offsets in
    the whole text, found once per sentence.
    """
    start, end = span
    out = []
    for at, _e, value, plural in seasons:
        if not start <= at < end:
            continue
        if any(u.start - 90 <= at <= u.end + 40 and u.season == value for u in units):
            continue
        out.append((at, value, plural))
    return out


def nearest_group(groups: Sequence[tuple[Unit, ...]], pos: int, end: int) -> tuple[Unit, ...]:
    """The group closest to a trigger at ``pos:end``; ties go to the one before it."""

    def distance(group: tuple[Unit, ...]) -> int:
        g_start, g_end = group[0].start, group[-1].end
        if g_end <= pos:
            return pos - g_end
        if g_start >= end:
            return g_start - end + 1
        return 0

    return min(groups, key=distance)
