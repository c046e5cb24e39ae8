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
from datetime import date
from typing import NamedTuple

from rules.certainty import hedge_at
from rules.clauses import Unit, loose_seasons, nearest_group, split, units_in
from rules.dates import DateMention, find_dates, may_hold_date
from rules.kinds import Sentence, Subject, claims_for
from rules.mentions import ShowMatcher, is_title_case
from rules.models import Certainty, Claim, Mention, Reading
from rules.text import clean, find_seasons, fold, lower_text, sentences
from rules.triggers import DATED, RETURN, Trigger, find_triggers
from rules.wording import (
    ANAPHOR,
    FOREIGN_TITLE,
    RETURN_FOR,
    SEASON_JUST_BEFORE,
    SUBJECT_FIRST,
    blocked,
    foreign_antecedent,
    foreign_noun_phrase,
    foreign_subject,
    modifier_mentions,
    quoted_titles,
    yes_no_question,
)

_WORDS = re.compile(r"[A-Za-z]+")


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class _Clause(NamedTuple):
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
    lower = lower_text(folded)
    mentions = matcher.scan(folded, bounds, lower)
    titles = tuple(dict.fromkeys(m.title for m in mentions))
    if not mentions:
        return Reading((), ())
    claims: list[Claim] = []
    focus: Subject = ()
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
            focus = _subject_of(folded, start, end, inside) or focus
            continue
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
        focus = subject or _subject_of(folded, start, end, inside) or focus
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


def _subject_of(text: str, start: int, end: int, mentions: Sequence[Mention]) -> Subject:
    groups = units_in(text, (start, end), mentions)
    return _seasoned(groups[-1], groups) if groups else ()


def _seasoned(group: Sequence[Unit], groups: Sequence[Sequence[Unit]]) -> Subject:
    """The group's shows, each with the season any naming of it in the clause carried."""
    known = {u.title: u.season for g in groups for u in g if u.season is not None}
    return tuple((u.title, u.season if u.season is not None else known.get(u.title)) for u in group)


def _clauses(s: Sentence, triggers: list[Trigger]) -> list[_Clause]:
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
    seasons = list(find_seasons(text, s.start, s.end, s.lower))
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
            clause_subject = _seasoned(clause.groups[-1], clause.groups)
            if len(clause_subject) == 1 and clause_subject[0][1] is None and clause.seasons:
                clause_subject = ((clause_subject[0][0], clause.seasons[0][1]),)
        elif clause.triggers:
            ends = frozenset(m.end for m in s.mentions)
            clause_subject = _labelled(text, clauses, i) or _inherit(
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
                if focus and i == 0 and _opening_participle(text, s.start, trigger, clause)
                else _who(text, clause, trigger, clause_subject)
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


_CONTRAST = re.compile(r"\b(?:while|but|whereas|meanwhile)\b", re.IGNORECASE)


def _hedged(text: str, clauses: Sequence[_Clause], hedge: int) -> frozenset[int]:
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


def _following(clauses: Sequence[_Clause], i: int) -> _Clause | None:
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


def _only_a_date(text: str, clause: _Clause) -> bool:
    """The clause is an introductory date ("This summer, ..."), not "HBO's 2022 outlook"."""
    rest = text[clause.start : clause.dates[0].start] + text[clause.dates[-1].end : clause.end]
    return len(_WORDS.findall(rest)) <= 2


_LABEL_END = re.compile(r"\s*(?::|\s[|—–-]\s)")
_PARTICIPLE = re.compile(r"[A-Za-z]+ed\b")
_NEXT_WORDS = re.compile(r"\W*(?:[A-Za-z']+\W+){0,2}")


def _labelled(text: str, clauses: Sequence[_Clause], i: int) -> Subject:
    """The shows a headline's label announces: "RENEWED: Jessica Jones (Netflix) — Season 3".

    A first clause of at most three words that holds the trigger and ends in a colon
    (or a spaced dash) names the news; the next clause that names shows says whose it
    is, and a season named after them is theirs.
    """
    clause = clauses[i]
    if i != 0 or len(_WORDS.findall(text, clause.start, clause.end)) > 3:
        return ()
    if not _LABEL_END.match(text, clause.end):
        return ()
    rest = clauses[i + 1 :]
    named = next((c for c in rest if c.groups), None)
    if named is None or named.triggers:
        return ()
    subject = _seasoned(named.groups[-1], named.groups)
    season = next((n for c in rest for _at, n, many in c.seasons if not many), None)
    if season is not None and len(subject) == 1 and subject[0][1] is None:
        subject = ((subject[0][0], season),)
    return subject


def _opening_participle(text: str, start: int, trigger: Trigger, clause: _Clause) -> bool:
    """The sentence opens on its verb, so its subject is the last sentence's.

    "Cancelled on the same day Daredevil season 3 premiered." (after a headline about
    Luke Cage): the show named later belongs to another verb. A show right after the
    verb is its object instead ("Renewed Ozark ..."), and a colon makes a label.
    """
    if text[start : trigger.start].strip(" \"'“‘") or not _PARTICIPLE.fullmatch(trigger.text):
        return False
    if _LABEL_END.match(text, trigger.end):
        return False
    near = _NEXT_WORDS.match(text, trigger.end)
    reach = near.end() if near else trigger.end
    return not any(u.start <= reach for g in clause.groups for u in g)


def _inherit(
    text: str,
    clause: _Clause,
    subject: Subject,
    focus: Subject,
    since: int,
    ends: frozenset[int],
    bound: dict[int, set[str]],
) -> Subject:
    """The shows a clause that names none is about: the sentence's, or the last sentence's.

    ``since`` is where the sentence's clauses with nothing to attach began: "The anime
    series, produced by Studio Mir, will stream on November 4" refers back in its first
    clause and claims in its last. A season the clause names ("so Season 2 won't arrive
    until 2018") belongs to the one show the text's claims gave that season, when the
    shows it would inherit have none of that number: after "Luke Cage renewed for
    Season 2", a sentence about shooting The Defenders first goes on about Luke Cage.
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
    owners = bound.get(season, set()) if season is not None else set()
    if len(owners) == 1 and not owners & {t for t, _ in inherited}:
        return ((next(iter(owners)), season),)
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
