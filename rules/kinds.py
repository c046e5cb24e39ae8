"""What one trigger claims: its kinds, whether it is negated, its window and certainty.

``claims.read`` decides which show (and season) a trigger is about and which date
phrases are near it; this module turns that into claims. A "return" is a renewal without
a date and a premiere with one (SPEC.md's seed: "a sophomore run of Iron Fist may come
sometime in 2019" is a premiere only); a negated renewal is a cancellation unless it is
only undecided ("has not been renewed yet"); "won't premiere until 2019" still dates a
premiere; a date verb whose subject is the filming ("Filming has been pushed back to
2021") dates production, not the premiere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final, NamedTuple

from rules.certainty import VERB_LAST, certainty, tense, verb_start
from rules.dates import DateMention
from rules.models import Claim, ClaimKind, Mention
from rules.timing import claim_window, nearest_date
from rules.triggers import DATED, RETURN, Trigger
from rules.wording import (
    CANCELLED_OTHER,
    CONDITIONAL,
    RETURN_FOR,
    SOON_WORDS,
    blocked,
    date_to_come,
    filming_moved,
    negated,
    not_yet,
    person_returns,
    reversed_decision,
)

Subject = tuple[tuple[str, int | None], ...]
"""The shows (with seasons) a trigger is about."""

_PLANNED: Final = re.compile(
    r"mov|push|delay|bump|resched|shift|expect|due|slated|set|sched|target|wait", re.I
)
_FOR_A_DATE: Final = re.compile(r"\b(?:in|for)\s+$", re.IGNORECASE)
_BACKGROUND: Final = re.compile(
    r"\b(?:before|after|ahead\s+of|since|until|when|once)\b", re.IGNORECASE
)
_NOT_AT_END: Final = re.compile(r"\bnot\s*$")
_DATED_KINDS: Final = frozenset({ClaimKind.PREMIERE, ClaimKind.PRODUCTION, ClaimKind.WRAPPED})
_KIND: Final = {
    "renewed": ClaimKind.RENEWED,
    "cancelled": ClaimKind.CANCELLED,
    "production": ClaimKind.PRODUCTION,
    "wrapped": ClaimKind.WRAPPED,
    "premiere": ClaimKind.PREMIERE,
}


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class Sentence(NamedTuple):
    """One sentence of a text, with the mentions that the claims in it can be about."""

    text: str
    """The whole folded text: offsets are offsets in it."""
    evidence: str
    start: int
    end: int
    mentions: tuple[Mention, ...]
    hedge: int = -1
    """Where the sentence says it is reported ("sources say"), or -1."""
    lower: str | None = None
    """``text.lower()``, when it has the same length."""
    has_modifiers: bool = False
    """A show in the sentence is named only as another work's parent (not in ``mentions``)."""
    shows_at: frozenset[int] = frozenset()
    """Where the ``mentions`` start."""


def claims_for(
    s: Sentence,
    hedged: bool,
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
    shows_at = s.shows_at
    if (
        kind_name in ("premiere", RETURN, DATED)
        # read() checked the sentence already: only a shorter clause, or shows that are
        # only another work's parent, can change the answer.
        and (c_end < min(s.end, trigger.end + 60) or s.has_modifiers)
        and blocked(text, trigger, c_end, shows_at)
    ):
        return []
    if kind_name == "premiere" and date_to_come(text, trigger):
        return []
    if kind_name == "cancelled" and CANCELLED_OTHER.search(before):
        return []
    if kind_name == "cancelled" and "renew" in trigger.text and not_yet(text, trigger.end, c_end):
        return []  # "has not been renewed (yet)" is undecided, not a cancellation
    if kind_name in (RETURN, "cancelled") and person_returns(text, trigger, c_start, shows_at):
        return []  # "Henry Cavill says he will not return to The Witcher": an actor's return
    if kind_name == "renewed" and CONDITIONAL.match(text, c_start):
        return []  # "If Iron Fist gets a second season, ..." is a hypothesis
    if kind_name in ("renewed", "cancelled") and reversed_decision(before):
        return []  # "reversing its earlier decision to renew": the decision no longer holds
    when = nearest_date(trigger, dates, kind_name, text)
    is_negated = (
        negated(before)
        or (kind_name == RETURN and bool(_NOT_AT_END.search(before)))
        or (trigger.name in VERB_LAST and negated(text[trigger.start : verb_start(trigger)]))
    )
    if is_negated and when is not None and when.mode == "before":
        # "don't expect new episodes before 2024" is "not until 2024": 2024 at the earliest.
        when = DateMention(when.start, when.end, when.resolver, "open")
    kinds = _kinds(text, trigger, kind_name, when, who, c_start, c_end)
    if is_negated:
        kinds = _negate(kinds, trigger, when, text, c_end)
    if not kinds or (kind_name == "premiere" and when is None and _BACKGROUND.search(before)):
        return []  # "ahead of the second season's premiere": a reference point, not news
    if (kind_name == DATED and _PLANNED.match(trigger.text)) or (
        trigger.name == "available" and when is not None
    ):
        when_tense = "future"  # "moved up to April 12": the date is the premiere's
    elif any(k in _DATED_KINDS for k in kinds) or (when is not None and kinds):
        when_tense = tense(text, trigger, c_start, c_end)
    else:
        when_tense = "present"  # a renewal, or an undated cancellation: tense changes nothing
    out: list[Claim] = []
    for kind in kinds:
        date_for = when if kind in _DATED_KINDS or kind is ClaimKind.CANCELLED else None
        window = claim_window(kind, date_for, published, when_tense)
        if window is None:
            continue
        open_window = date_for is not None and date_for.mode == "open"
        how = certainty(text[c_start:c_end], hedged, open_window)
        for title, season in who:
            out.append(Claim(title, season, kind, window, how, s.evidence))
    return out


def _kinds(
    text: str,
    trigger: Trigger,
    name: str,
    when: DateMention | None,
    who: Subject,
    c_start: int,
    c_end: int,
) -> list[ClaimKind]:
    soon = when is not None and bool(SOON_WORDS.search(text, when.start, when.end))
    if name == DATED:
        if when is None:
            return []
        if filming_moved(text, trigger, c_start, c_end):
            return [ClaimKind.PRODUCTION]  # "Filming on series 3 has been pushed back to 2021"
        return [ClaimKind.PREMIERE]
    if name == RETURN:
        season_after = bool(RETURN_FOR.match(text, trigger.end, min(c_end, trigger.end + 50)))
        back = "back" in trigger.text.lower() or "coming" in trigger.text.lower()
        kinds = []
        # "returns for season 5 on Feb. 23" dates a premiere; it is not news of a renewal.
        if (when is None or soon) and (season_after or back or any(n for _, n in who)):
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
