"""Trusted claims as the estimator handles them, and the season a season-less claim meant.

A ``Fact`` is one claim from a non-ignored item, with the item's date and review state and
the season it was read as. Claims that name no season ("has wrapped filming", "premiered
today") are given one here, read as of the day the item appeared — the SPEC's seed keeps
The Defenders' wrap at season null, and this is where the estimator decides it belonged to
the season then in the pipeline.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rules.models import Certainty, ClaimKind, ReviewState
from rules.models import Claim as _Claim


@dataclass(frozen=True, slots=True)
class Fact:
    """A trusted claim with the item it came from and the season it was given."""

    item_id: str
    published: date
    state: ReviewState
    claim: _Claim
    season: int | None
    note: str = ""

    @property
    def order(self) -> tuple[int, int, int]:
        """Confirmed items first, then newer news, then firmer wording."""
        return (
            self.state is not ReviewState.CONFIRMED,
            -self.published.toordinal(),
            self.claim.certainty.rank,
        )

    @property
    def firm(self) -> bool:
        """Stated as fact, or vouched for by the user."""
        return self.state is ReviewState.CONFIRMED or self.claim.certainty is Certainty.CONFIRMED

    @property
    def already_happened(self) -> bool:
        """The claim reports a past event: its window ends by the day it was published."""
        latest = self.claim.window.latest
        return latest is not None and latest <= self.published


def assign_seasons(facts: list[Fact], today: date) -> list[Fact]:
    """Give each claim that names no season the season it was most likely about.

    Read as of the item's own date: of the seasons known then and not yet aired, a
    premiere goes to the nearest and other news to the newest; with none pending, to the
    season after the last aired one (or to the aired one, for a premiere that already
    happened); before any numbered news, to the season before the first one named.
    """
    numbered = sorted({f.season for f in facts if f.season is not None})
    if not numbered:
        return facts
    seasons = _SeasonsAsOf(facts)
    out = []
    for fact in facts:
        if fact.season is not None or fact.claim.kind is ClaimKind.CANCELLED:
            out.append(fact)
            continue
        season, why = _season_for(fact, seasons, numbered)
        note = f"named no season: read as {why}"
        out.append(Fact(fact.item_id, fact.published, fact.state, fact.claim, season, note))
    return out


class _SeasonsAsOf:
    """The seasons known, and those aired, as of a day: one sorted sweep, not a scan a day.

    A season is known from the day a claim first names it, and aired from the day a
    premiere claim published by then says it had aired (``_aired_since``); both only
    grow with the day, so each season's two days are found once and a day's answer is a
    bisection: assigning every season-less claim costs n log n, not n squared.
    """

    def __init__(self, facts: Sequence[Fact]) -> None:
        known: dict[int, int] = {}
        aired: dict[int, int] = {}
        for f in facts:
            if f.season is None:
                continue
            day = f.published.toordinal()
            known[f.season] = min(day, known.get(f.season, day))
            since = _aired_since(f)
            if since is not None:
                aired[f.season] = min(since, aired.get(f.season, since))
        by_day = sorted((day, season) for season, day in known.items())
        self._days = [day for day, _ in by_day]
        self._seasons = [season for _, season in by_day]
        self._aired = aired

    def on(self, when: date) -> tuple[list[int], set[int]]:
        """(the seasons known by ``when``, sorted; the seasons aired by then)."""
        day = when.toordinal()
        known = sorted(self._seasons[: bisect_right(self._days, day)])
        return known, {s for s in known if self._aired.get(s, day + 1) <= day}


def _season_for(fact: Fact, seasons: _SeasonsAsOf, numbered: list[int]) -> tuple[int, str]:
    known, aired = seasons.on(fact.published)
    pending = [n for n in known if n not in aired]
    premiere = fact.claim.kind is ClaimKind.PREMIERE
    if pending:
        n = pending[0] if premiere else pending[-1]
        return n, f"season {n}, not yet premiered when the item appeared"
    if known:
        last = max(known)
        if premiere and fact.already_happened:
            return last, f"season {last}, the newest by then"
        return last + 1, f"season {last + 1}, after the last one aired by then"
    first = max(1, numbered[0] - 1)
    return first, f"season {first}, before the first season named later"


def _aired_since(fact: Fact) -> int | None:
    """The first day (an ordinal) by which a premiere claim says its season had aired.

    From the day it was published when it reports a past premiere; from the day after
    its window ends when it is firm; never otherwise (None).
    """
    if fact.claim.kind is not ClaimKind.PREMIERE:
        return None
    published = fact.published.toordinal()
    if fact.already_happened:
        return published
    latest = fact.claim.window.latest
    if fact.firm and latest is not None:
        return max(published, latest.toordinal() + 1)
    return None
