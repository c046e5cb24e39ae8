"""Season claims read from one news text: ``read(text, published, matcher) -> Reading``.

The reading goes sentence by sentence. A sentence with no trigger word is skipped after
one cheap regex test (most feed text says nothing about seasons). Otherwise it is cut
into clauses (``rules.clauses``), triggers are found (``rules.triggers``), and each
trigger becomes a claim about the shows ``rules.subjects`` finds for it: the ones its
clause names, nearest first, else what the clause refers back to ("its production",
"the show's sophomore run", "the HBO drama"). Dates come from ``rules.dates``, resolved
in the tense of the trigger's verb; a date in an introductory clause ("This summer,
Netflix will ...") serves the clause after it. Identical claims from several sentences
are kept once, and a renewal the text says was undone is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from rules.certainty import hedge_at
from rules.clauses import loose_seasons, split, units_in
from rules.dates import DateMention, find_dates, may_hold_date
from rules.kinds import Sentence, Subject, claims_for
from rules.mentions import ShowMatcher, is_title_case
from rules.models import Certainty, Claim, ClaimKind, Mention, Reading
from rules.subjects import (
    ClauseParts,
    inherit,
    labelled,
    opening_participle,
    seasoned,
    subject_of,
    who_for,
)
from rules.text import clean, find_seasons, fold, lower_text, sentences
from rules.triggers import DATED, RETURN, Trigger, find_triggers
from rules.wording import (
    RETURN_FOR,
    SEASON_JUST_BEFORE,
    blocked,
    foreign_subject,
    modifier_mentions,
    quoted_titles,
    yes_no_question,
)

_WORDS: Final = re.compile(r"[A-Za-z]+")


def read(text: str, published: date, matcher: ShowMatcher) -> Reading:
    """The mentions and season claims of one text published on ``published``."""
    cleaned = clean(text)
    folded = fold(cleaned)
    lower = lower_text(folded)
    mentions, cut = matcher.scan_sentences(folded, None, lower)
    if not mentions:
        return Reading((), ())  # most feed text: decided before any sentence is cut
    titles = tuple(dict.fromkeys(m.title for m in mentions))
    bounds = cut if cut is not None else list(sentences(folded))
    claims: list[Claim] = []
    focus: Subject = ()
    # What a sentence is about (``subject_of``) matters only to a later sentence that
    # names no show or has a trigger, and often no such sentence follows (a text's last
    # sentence never has one): the sentences whose subject may become the focus wait
    # here, newest last, and are read only when the focus is asked for. The newest with
    # a subject gives the focus, as when each sentence's was read at once.
    waiting: list[tuple[int, int, tuple[Mention, ...]]] = []
    bound: dict[int, set[str]] = {}
    shows_at = frozenset(m.start for m in mentions)
    modifiers = modifier_mentions(folded, mentions)
    first = 0
    for start, end in bounds:
        while first < len(mentions) and mentions[first].start < start:
            first += 1
        last = first
        while last < len(mentions) and mentions[last].start < end:
            last += 1
        inside = mentions[first:last]
        if modifiers:
            inside = tuple(m for m in inside if m.start not in modifiers)
        if not inside and not focus:
            if not waiting:
                continue
            focus = _focus(folded, waiting, focus)
            if not focus:
                continue
        triggers = (
            []
            if yes_no_question(folded, start, end)
            else [
                t
                for t in find_triggers(folded, start, end, lower)
                if _viable(folded, lower, t, end, shows_at)
            ]
        )
        if not triggers:
            if inside:  # no show named: no subject, the focus stays
                waiting.append((start, end, inside))
            continue
        if waiting:
            focus = _focus(folded, waiting, focus)
        evidence = cleaned[start:end].strip()
        hedge = hedge_at(lower, start, end)
        sentence = Sentence(
            folded,
            evidence,
            start,
            end,
            inside,
            hedge,
            lower,
            len(inside) < last - first,
            frozenset(m.start for m in inside),
        )
        found, subject = _read_sentence(sentence, triggers, published, focus, bound)
        claims.extend(found)
        for claim in found:
            if claim.season is not None:
                bound.setdefault(claim.season, set()).add(claim.show)
        if subject:
            focus = subject
        elif inside:
            waiting.append((start, end, inside))
    return Reading(titles, _dedupe(_undone(claims)))


def _focus(
    text: str, waiting: list[tuple[int, int, tuple[Mention, ...]]], focus: Subject
) -> Subject:
    """The focus once the ``waiting`` sentences are read: the subject of the newest that
    has one, else ``focus``. Empties ``waiting``."""
    while waiting:
        start, end, inside = waiting.pop()
        subject = subject_of(text, start, end, inside)
        if subject:
            waiting.clear()
            return subject
    return focus


_PLUPERFECT_RENEWAL: Final = re.compile(
    r"\bhad\s+(?:already\s+)?(?:been\s+)?(?:renewed|picked\s+up|ordered)\b", re.IGNORECASE
)


def _undone(claims: list[Claim]) -> list[Claim]:
    """Drop a renewal the same text says was undone: "Netflix cancels The Society. Both
    shows had been renewed for second seasons before the pandemic" — the past perfect
    tells of a decision the cancellation reversed."""
    cancelled = {c.show for c in claims if c.kind is ClaimKind.CANCELLED}
    if not cancelled:
        return claims
    return [
        c
        for c in claims
        if not (
            c.kind is ClaimKind.RENEWED
            and c.show in cancelled
            and _PLUPERFECT_RENEWAL.search(c.evidence)
        )
    ]


def _viable(text: str, lower: str, trigger: Trigger, end: int, shows_at: frozenset[int]) -> bool:
    """A cheap look at a trigger's surroundings: can it make a claim at all?

    "The cast is expected to return" (no date, no season) and "the trailer dropped" never
    do, and skipping them spares their sentence the clause analysis.
    """
    if trigger.kind in ("premiere", RETURN, DATED) and blocked(text, trigger, end, shows_at):
        return False
    if trigger.kind == DATED:
        return may_hold_date(lower, trigger.end, min(end, trigger.end + 90))
    if trigger.name == "season_wraps":
        return bool(SEASON_JUST_BEFORE.search(text, max(0, trigger.start - 24), trigger.start))
    if trigger.kind == RETURN:
        near = lower[max(0, trigger.start - 60) : min(end, trigger.end + 50)]
        return (
            "back" in trigger.text.lower()
            or "season" in near
            or "series" in near
            or bool(RETURN_FOR.match(text, trigger.end, end))
            or may_hold_date(lower, trigger.end, min(end, trigger.end + 45))
        )
    return True


def _clauses(s: Sentence, triggers: list[Trigger]) -> list[ClauseParts]:
    text = s.text
    spans_m = [(m.start, m.end) for m in s.mentions]
    dates = find_dates(text, spans_m, s.start, s.end, s.lower)
    keep = [(d.start, d.end) for d in dates] + spans_m + quoted_titles(text, s.mentions)
    # "in the coming weeks" is a date, not a show "coming" back.
    triggers = [
        t
        for t in triggers
        if t.kind != RETURN or not any(d.start <= t.start < d.end for d in dates)
    ]
    seasons = [
        found
        for found in find_seasons(text, s.start, s.end, s.lower)
        if not _BACKGROUND_SEASON.search(text, max(s.start, found[0] - 24), found[0])
    ]
    out = []
    for c_start, c_end in split(text, s.start, s.end, keep, s.mentions):
        groups = units_in(text, (c_start, c_end), s.mentions)
        units = [u for g in groups for u in g]
        out.append(
            ClauseParts(
                c_start,
                c_end,
                groups,
                loose_seasons(seasons, (c_start, c_end), units),
                [d for d in dates if c_start <= d.start < c_end],
                [t for t in triggers if c_start <= t.start < c_end],
            )
        )
    return out


# "returns nearly three years after its first season": a season named as a point in
# time is not the one the sentence's news is about.
_BACKGROUND_SEASON: Final = re.compile(
    r"\b(?:after|since|following)\s+(?:its|their)\s+$", re.IGNORECASE
)


def _read_sentence(
    s: Sentence,
    triggers: list[Trigger],
    published: date,
    focus: Subject,
    bound: dict[int, set[str]] | None = None,
) -> tuple[list[Claim], Subject]:
    text = s.text
    clauses = _clauses(s, triggers)
    claims: list[Claim] = []
    subject: Subject = ()
    floating: list[DateMention] = []
    since = s.start
    hedged_clauses = _hedged(text, clauses, s.hedge)
    for i, clause in enumerate(clauses):
        span = (clause.start, clause.end)
        if clause.groups:
            clause_subject = seasoned(clause.groups[-1], clause.groups)
            if len(clause_subject) == 1 and clause_subject[0][1] is None and clause.seasons:
                clause_subject = ((clause_subject[0][0], clause.seasons[0][1]),)
        elif clause.triggers:
            ends = frozenset(m.end for m in s.mentions)
            clause_subject = labelled(text, clauses, i) or inherit(
                text, clause, subject, focus, since, ends, bound or {}
            )
        else:
            clause_subject = ()  # nothing to attach here, and the subject carries on
        following = _following(clauses, i)
        for trigger in clause.triggers:
            if not clause.groups and foreign_subject(
                text, clause.start, trigger.start, lambda: is_title_case(text[s.start : s.end])
            ):
                continue  # "the Kingpin returns": someone else does the returning
            who = (
                focus
                if focus and i == 0 and opening_participle(text, s.start, trigger, clause)
                else who_for(text, clause, trigger, clause_subject)
            )
            dates = clause.dates or floating or (following.dates if following else [])
            hedged = i in hedged_clauses
            claims.extend(claims_for(s, hedged, trigger, who, span, dates, published))
        if not clause.triggers and clause.dates and _only_a_date(text, clause):
            floating = clause.dates
        elif clause.triggers:
            floating = []
        if clause_subject:
            subject = clause_subject
        if clause.groups or clause.triggers:
            since = clause.end
    return claims, subject


_CONTRAST: Final = re.compile(r"\b(?:while|but|whereas|meanwhile)\b", re.IGNORECASE)


def _hedged(text: str, clauses: Sequence[ClauseParts], hedge: int) -> frozenset[int]:
    """The clauses a sentence's hedge ("sources say", "reportedly") covers.

    One in a clause of its own (", insiders claim") covers the clauses before it, or all
    when it opens the sentence; one inside a claim ("and NBC is reportedly in talks")
    covers that claim. Either reaches on to later clauses until a "while" or "but"
    starts another statement ("..., sources say, while Killing Eve is in production").
    """
    at = next((i for i, c in enumerate(clauses) if c.start <= hedge < c.end), -1)
    if hedge < 0 or at < 0:
        return frozenset()
    covered = {at}
    if not clauses[at].triggers:
        covered.update(range(at) if at else range(len(clauses)))
    for i in range(at + 1, len(clauses)):
        if _CONTRAST.search(text, clauses[at].end, clauses[i].start + 9):
            break
        covered.add(i)
    return frozenset(covered)


def _following(clauses: Sequence[ClauseParts], i: int) -> ClauseParts | None:
    """The next clause with a date and nothing else, past empty asides ("Vilnius, Lithuania,").

    "began shooting in Vilnius, Lithuania, last month": the place's commas cut the date
    off from its verb; a clause that says nothing at all does not stop the search.
    """
    for clause in clauses[i + 1 :]:
        if clause.triggers or clause.groups:
            return None
        if clause.dates:
            return clause
    return None


def _only_a_date(text: str, clause: ClauseParts) -> bool:
    """The clause is an introductory date ("This summer, ..."), not "HBO's 2022 outlook"."""
    rest = text[clause.start : clause.dates[0].start] + text[clause.dates[-1].end : clause.end]
    return len(_WORDS.findall(rest)) <= 2


def _dedupe(claims: list[Claim]) -> tuple[Claim, ...]:
    """One claim per (show, season, kind, window), the firmest wording kept."""
    best: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        k = (claim.show, claim.season, claim.kind, claim.window)
        kept = best.get(k)
        if kept is None or claim.certainty.rank < kept.certainty.rank:
            best[k] = claim
    with_season = {(c.show, c.kind, c.window) for c in best.values() if c.season is not None}
    return tuple(
        c
        for c in best.values()
        if c.season is not None or (c.show, c.kind, c.window) not in with_season
    )


__all__ = ["Certainty", "read"]
