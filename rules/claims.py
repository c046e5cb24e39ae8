"""Season claims read from one news text: ``read(text, published, matcher) -> Reading``.

The reading goes sentence by sentence. A sentence with no trigger word is skipped after
one cheap regex test (most feed text says nothing about seasons). Otherwise it is cut
into clauses (``rules.clauses``), triggers are found (``rules.triggers``), and each
trigger becomes a claim about the show its clause names, nearest first; a clause that
names no show inherits the one an earlier clause of the sentence named, or the show the
previous sentence was about when it refers back ("its production", "the show's
sophomore run", "the anime"). Dates come from ``rules.dates``, resolved in the tense of
the trigger's verb; a date in an introductory clause ("This summer, Netflix will ...")
serves the clause after it. Identical claims from several sentences are kept once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rules.certainty import certainty, hedged, tense
from rules.clauses import Unit, loose_seasons, nearest_group, split, units_in
from rules.dates import DateMention, find_dates, may_hold_date
from rules.mentions import ShowMatcher
from rules.models import Certainty, Claim, ClaimKind, Mention, Reading
from rules.text import clean, find_seasons, fold, sentences
from rules.timing import claim_window, nearest_date
from rules.triggers import DATED, RETURN, Trigger, find_triggers
from rules.wording import (
    ANAPHOR,
    CANCELLED_OTHER,
    CONDITIONAL,
    FOREIGN_TITLE,
    RETURN_FOR,
    SOON_WORDS,
    SUBJECT_FIRST,
    blocked,
    foreign_antecedent,
    foreign_noun_phrase,
    foreign_subject,
    negated,
    not_yet,
)

Subject = tuple[tuple[str, int | None], ...]
"""The shows (with seasons) a clause or sentence is about."""

_PLANNED = re.compile(
    r"mov|push|delay|bump|resched|shift|expect|due|slated|set|sched|target|wait", re.I
)
_FOR_A_DATE = re.compile(r"\b(?:in|for)\s+$", re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:before|after|ahead\s+of|since|until|when|once)\b", re.IGNORECASE)
_KIND = {
    "renewed": ClaimKind.RENEWED,
    "cancelled": ClaimKind.CANCELLED,
    "production": ClaimKind.PRODUCTION,
    "wrapped": ClaimKind.WRAPPED,
    "premiere": ClaimKind.PREMIERE,
}


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    evidence: str
    start: int
    end: int
    mentions: tuple[Mention, ...]
    hedged: bool = False
    """The whole sentence is reported ("sources say"): every claim in it is rumored."""


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    groups: tuple[tuple[Unit, ...], ...]
    seasons: list[tuple[int, int, bool]]
    dates: list[DateMention]
    triggers: list[Trigger]


def read(text: str, published: date, matcher: ShowMatcher) -> Reading:
    """The mentions and season claims of one text published on ``published``."""
    cleaned = clean(text)
    folded = fold(cleaned)
    bounds = list(sentences(folded))
    mentions = matcher.scan(folded, bounds)
    titles = tuple(dict.fromkeys(m.title for m in mentions))
    if not mentions:
        return Reading((), ())
    lower = folded.lower()
    claims: list[Claim] = []
    focus: Subject = ()
    shows_at = frozenset(m.start for m in mentions)
    first = 0
    for start, end in bounds:
        while first < len(mentions) and mentions[first].start < start:
            first += 1
        last = first
        while last < len(mentions) and mentions[last].start < end:
            last += 1
        inside = mentions[first:last]
        if not inside and not focus:
            continue
        triggers = [
            t
            for t in find_triggers(folded, start, end, lower)
            if _viable(folded, lower, t, end, shows_at)
        ]
        sentence = _Sentence(folded, cleaned[start:end].strip(), start, end, inside)
        if not triggers:
            focus = _subject_of(sentence) or focus
            continue
        sentence = _Sentence(
            folded, sentence.evidence, start, end, inside, hedged(sentence.evidence)
        )
        found, subject = _read_sentence(sentence, triggers, published, focus)
        claims.extend(found)
        focus = subject or _subject_of(sentence) or focus
    return Reading(titles, _dedupe(claims))


def _viable(text: str, lower: str, trigger: Trigger, end: int, shows_at: frozenset[int]) -> bool:
    """A cheap look at a trigger's surroundings: can it make a claim at all?

    "The cast is expected to return" (no date, no season) and "the trailer dropped" never
    do, and skipping them spares their sentence the clause analysis.
    """
    if trigger.kind in ("premiere", RETURN, DATED) and blocked(text, trigger, end, shows_at):
        return False
    if trigger.kind == DATED:
        return may_hold_date(lower, trigger.end, min(end, trigger.end + 90))
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


def _subject_of(sentence: _Sentence) -> Subject:
    groups = units_in(sentence.text, (sentence.start, sentence.end), sentence.mentions)
    return _seasoned(groups[-1], groups) if groups else ()


def _seasoned(group: Sequence[Unit], groups: Sequence[Sequence[Unit]]) -> Subject:
    """The group's shows, each with the season any naming of it in the clause carried."""
    known = {u.title: u.season for g in groups for u in g if u.season is not None}
    return tuple((u.title, u.season if u.season is not None else known.get(u.title)) for u in group)


def _clauses(s: _Sentence, triggers: list[Trigger]) -> list[_Clause]:
    text = s.text
    spans_m = [(m.start, m.end) for m in s.mentions]
    local = [(a - s.start, b - s.start) for a, b in spans_m]
    dates = [_shift(d, s.start) for d in find_dates(text[s.start : s.end], local)]
    keep = [(d.start, d.end) for d in dates] + spans_m
    # "in the coming weeks" is a date, not a show "coming" back.
    triggers = [
        t
        for t in triggers
        if t.kind != RETURN or not any(d.start <= t.start < d.end for d in dates)
    ]
    seasons = [
        (s.start + a, s.start + b, n, p) for a, b, n, p in find_seasons(text[s.start : s.end])
    ]
    out = []
    for c_start, c_end in split(text, s.start, s.end, keep, s.mentions):
        groups = units_in(text, (c_start, c_end), s.mentions)
        units = [u for g in groups for u in g]
        out.append(
            _Clause(
                c_start,
                c_end,
                groups,
                loose_seasons(seasons, (c_start, c_end), units),
                [d for d in dates if c_start <= d.start < c_end],
                [t for t in triggers if c_start <= t.start < c_end],
            )
        )
    return out


def _read_sentence(
    s: _Sentence, triggers: list[Trigger], published: date, focus: Subject
) -> tuple[list[Claim], Subject]:
    text = s.text
    clauses = _clauses(s, triggers)
    claims: list[Claim] = []
    subject: Subject = ()
    floating: list[DateMention] = []
    since = s.start
    for i, clause in enumerate(clauses):
        span = (clause.start, clause.end)
        if clause.groups:
            clause_subject = _seasoned(clause.groups[-1], clause.groups)
            if len(clause_subject) == 1 and clause_subject[0][1] is None and clause.seasons:
                clause_subject = ((clause_subject[0][0], clause.seasons[0][1]),)
        elif clause.triggers:
            ends = frozenset(m.end for m in s.mentions)
            clause_subject = _inherit(text, clause, subject, focus, since, ends)
        else:
            clause_subject = ()  # nothing to attach here, and the subject carries on
        following = clauses[i + 1] if i + 1 < len(clauses) else None
        if following is not None and (following.triggers or following.groups):
            following = None
        for trigger in clause.triggers:
            if not clause.groups and foreign_subject(text, clause.start, trigger.start):
                continue  # "the Kingpin returns": someone else does the returning
            who = _who(text, clause, trigger, clause_subject)
            dates = clause.dates or floating or (following.dates if following else [])
            claims.extend(_claims_for(s, trigger, who, span, dates, published))
        if not clause.triggers and clause.dates:
            floating = clause.dates
        elif clause.triggers:
            floating = []
        if clause_subject:
            subject = clause_subject
        if clause.groups or clause.triggers:
            since = clause.end
    return claims, subject


def _inherit(
    text: str, clause: _Clause, subject: Subject, focus: Subject, since: int, ends: frozenset[int]
) -> Subject:
    """The shows a clause that names none is about: the sentence's, or the last sentence's.

    ``since`` is where the sentence's clauses with nothing to attach began: "The anime
    series, produced by Studio Mir, will stream on November 4" refers back in its first
    clause and claims in its last.
    """
    later = since < clause.start
    if later and subject and not foreign_antecedent(text, clause.start, ends):
        inherited = subject
    elif not subject and ANAPHOR.search(text, since, clause.end):
        if foreign_noun_phrase(text, since):
            return ()  # "The crossover, now shooting in New York, ..." is another work
        inherited = focus
    else:
        return ()
    if FOREIGN_TITLE.search(text, clause.start, clause.end):
        return ()
    season = clause.seasons[0][1] if clause.seasons else None
    return tuple((t, season if season is not None else n) for t, n in inherited)


def _who(text: str, clause: _Clause, trigger: Trigger, fallback: Subject) -> Subject:
    """The shows (and seasons) one trigger is about."""
    groups = clause.groups
    if not groups:
        return _with_loose(fallback, clause, trigger, allow=True)
    if trigger.name in SUBJECT_FIRST:
        before = [g for g in groups if g[-1].end <= trigger.start]
        if not before:
            return ()
        group = before[-1]
    else:
        group = nearest_group(groups, trigger.start, trigger.end)
    return _with_loose(_seasoned(group, groups), clause, trigger, allow=True)


def _with_loose(who: Subject, clause: _Clause, trigger: Trigger, allow: bool) -> Subject:
    """Give shows with no season the clause's free season phrase nearest the trigger."""
    if not who or not clause.seasons or not allow:
        return who
    plural = [(at, n) for at, n, many in clause.seasons if many]
    if len(who) == 1 and who[0][1] is None and len(plural) > 1:
        return tuple((who[0][0], n) for _, n in plural)  # "for seasons three and four"
    _at, number, many = min(clause.seasons, key=lambda x: _distance(x[0], trigger))
    if len(who) > 1 and not many:
        return who
    return tuple((t, n if n is not None else number) for t, n in who)


def _distance(at: int, trigger: Trigger) -> int:
    return at - trigger.end if at >= trigger.end else (trigger.start - at) * 2


def _shift(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.start + offset, d.end + offset, d.resolver, d.mode)


def _claims_for(
    s: _Sentence,
    trigger: Trigger,
    who: Subject,
    clause: tuple[int, int],
    dates: Sequence[DateMention],
    published: date,
) -> list[Claim]:
    if not who:
        return []
    text = s.text
    c_start, c_end = clause
    before = text[max(c_start, trigger.start - 40) : trigger.start]
    kind_name = trigger.kind
    shows_at = frozenset(m.start for m in s.mentions)
    if kind_name in ("premiere", RETURN, DATED) and blocked(text, trigger, c_end, shows_at):
        return []
    if kind_name == "cancelled" and CANCELLED_OTHER.search(before):
        return []
    if kind_name == "renewed" and CONDITIONAL.match(text, c_start):
        return []  # "If Iron Fist gets a second season, ..." is a hypothesis
    when = nearest_date(trigger, dates, kind_name)
    is_negated = negated(before) or (kind_name == RETURN and bool(re.search(r"\bnot\s*$", before)))
    kinds = _kinds(text, trigger, kind_name, when, who, c_end)
    if is_negated:
        kinds = _negate(kinds, trigger, when, text, c_end)
    if kind_name == "premiere" and when is None and _BACKGROUND.search(before):
        return []  # "ahead of the second season's premiere": a reference point, not news
    when_tense = tense(text, trigger, c_start, c_end)
    if (kind_name == DATED and _PLANNED.match(trigger.text)) or (
        trigger.name == "available" and when is not None
    ):
        when_tense = "future"  # "moved up to April 12": the date is the premiere's
    out: list[Claim] = []
    for kind in kinds:
        date_for = (
            when if kind in (ClaimKind.PREMIERE, ClaimKind.PRODUCTION, ClaimKind.WRAPPED) else None
        )
        window = claim_window(kind, date_for, published, when_tense)
        if window is None:
            continue
        open_window = date_for is not None and date_for.mode == "open"
        how = certainty(text[c_start:c_end], s.hedged, open_window)
        for title, season in who:
            out.append(Claim(title, season, kind, window, how, s.evidence))
    return out


def _kinds(
    text: str, trigger: Trigger, name: str, when: DateMention | None, who: Subject, c_end: int
) -> list[ClaimKind]:
    soon = when is not None and bool(SOON_WORDS.search(text, when.start, when.end))
    if name == DATED:
        return [ClaimKind.PREMIERE] if when is not None else []
    if name == RETURN:
        season_after = bool(RETURN_FOR.match(text, trigger.end, min(c_end, trigger.end + 50)))
        back = "back" in trigger.text.lower() or "coming" in trigger.text.lower()
        kinds = []
        if season_after or ((when is None or soon) and (back or any(n for _, n in who))):
            kinds.append(ClaimKind.RENEWED)
        if when is not None and not soon:
            kinds.append(ClaimKind.PREMIERE)
        return kinds
    kinds = [_KIND[name]]
    if (
        trigger.name in ("gets", "order", "gives")
        and when is not None
        and not soon
        and _FOR_A_DATE.search(text, max(trigger.end, when.start - 12), when.start)
    ):
        kinds.append(ClaimKind.PREMIERE)  # "Gets Fifth Season in February 2023"
    return kinds


def _negate(
    kinds: list[ClaimKind], trigger: Trigger, when: DateMention | None, text: str, c_end: int
) -> list[ClaimKind]:
    """ "won't premiere until 2019" still dates a premiere; "not renewing" is a cancellation."""
    out = []
    for kind in kinds:
        if kind is ClaimKind.RENEWED and not not_yet(text, trigger.end, c_end):
            out.append(ClaimKind.CANCELLED)
        elif (kind is ClaimKind.CANCELLED and trigger.name != "cancel") or (
            kind is not ClaimKind.CANCELLED and when is not None and when.mode == "open"
        ):
            out.append(kind)
    return out


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
