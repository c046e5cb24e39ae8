"""Whose news a clause is: the shows (and seasons) each trigger of a sentence is about.

``rules.claims`` cuts a sentence into clauses; this module decides, for each trigger,
which shows it speaks of. The nearest group of shows the clause names, else what the
clause refers back to: an earlier clause of the sentence, or the last sentence's shows
when it says so ("its production", "the show's sophomore run", "the HBO drama", "Both
space dramas"). A headline's label ("RENEWED: X") gives its news to the shows after it;
a sentence that opens on its verb is about the last sentence's show; a season named with
no show belongs to the show the text already gave that season.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, NamedTuple

from rules.clauses import Unit, nearest_group, units_in
from rules.dates import DateMention
from rules.kinds import Subject
from rules.models import Mention
from rules.triggers import Trigger
from rules.wording import (
    SUBJECT_FIRST,
    foreign_antecedent,
    foreign_noun_phrase,
    foreign_title,
    refers_back,
)

_WORDS: Final = re.compile(r"[A-Za-z]+")


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class ClauseParts(NamedTuple):
    """One clause of a sentence as the claims see it: shows, free seasons, dates, triggers."""

    start: int
    end: int
    groups: tuple[tuple[Unit, ...], ...]
    seasons: list[tuple[int, int, bool]]
    dates: list[DateMention]
    triggers: list[Trigger]


def subject_of(text: str, start: int, end: int, mentions: Sequence[Mention]) -> Subject:
    """What a sentence is about (its last group of shows): what the next one refers to."""
    groups = units_in(text, (start, end), mentions)
    return seasoned(groups[-1], groups) if groups else ()


def seasoned(group: Sequence[Unit], groups: Sequence[Sequence[Unit]]) -> Subject:
    """The group's shows, each with the season any naming of it in the clause carried."""
    known = {u.title: u.season for g in groups for u in g if u.season is not None}
    return tuple((u.title, u.season if u.season is not None else known.get(u.title)) for u in group)


_LABEL_END: Final = re.compile(r"\s*(?::|\s[|—–-]\s)")
_PARTICIPLE: Final = re.compile(r"[A-Za-z]+ed\b")
_NEXT_WORDS: Final = re.compile(r"\W*(?:[A-Za-z']+\W+){0,2}")


def labelled(text: str, clauses: Sequence[ClauseParts], i: int) -> Subject:
    """The shows a headline's label announces: "RENEWED: Jessica Jones (Netflix) — Season 3".

    A first clause of at most three words that holds the trigger and ends in a colon
    (or a spaced dash) names the news; the next clause that names shows says whose it
    is, and a season named after them is theirs.
    """
    clause = clauses[i]
    if i != 0 or not _LABEL_END.match(text, clause.end):
        return ()
    if len(_WORDS.findall(text, clause.start, clause.end)) > 3:
        return ()
    rest = clauses[i + 1 :]
    named = next((c for c in rest if c.groups), None)
    if named is None or named.triggers:
        return ()
    subject = seasoned(named.groups[-1], named.groups)
    season = next((n for c in rest for _at, n, many in c.seasons if not many), None)
    if season is not None and len(subject) == 1 and subject[0][1] is None:
        subject = ((subject[0][0], season),)
    return subject


def opening_participle(text: str, start: int, trigger: Trigger, clause: ClauseParts) -> bool:
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


def inherit(
    text: str,
    clause: ClauseParts,
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
    elif not subject and refers_back(text, since, clause.end):
        if foreign_noun_phrase(text, since):
            return ()  # "The crossover, now shooting in New York, ..." is another work
        inherited = focus
    else:
        return ()
    if foreign_title(text, clause.start, clause.end):
        return ()
    if sum(1 for _at, _n, many in clause.seasons if many) > 1:
        # "will return for a second and third season": ``with_loose`` gives each show
        # every season of the list.
        return tuple((t, None) for t, _n in inherited)
    season = clause.seasons[0][1] if clause.seasons else None
    owners = bound.get(season, set()) if season is not None else set()
    if len(owners) == 1 and not owners & {t for t, _ in inherited}:
        return ((next(iter(owners)), season),)
    return tuple((t, season if season is not None else n) for t, n in inherited)


def who_for(text: str, clause: ClauseParts, trigger: Trigger, fallback: Subject) -> Subject:
    """The shows (and seasons) one trigger is about."""
    groups = clause.groups
    if not groups:
        return with_loose(fallback, clause, trigger, allow=True)
    if trigger.name in SUBJECT_FIRST:
        before = [g for g in groups if g[-1].end <= trigger.start]
        if not before:
            return ()
        group = before[-1]
    else:
        group = nearest_group(groups, trigger.start, trigger.end)
    return with_loose(seasoned(group, groups), clause, trigger, allow=True)


def with_loose(who: Subject, clause: ClauseParts, trigger: Trigger, allow: bool) -> Subject:
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
