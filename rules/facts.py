"""Trusted claims as the estimator handles them, and the season a season-less claim meant.

A ``Fact`` is one claim from a non-ignored item, with the item's date and review state and
the season it was read as. Claims that name no season ("has wrapped filming", "premiered
today") are given one here, read as of the day the item appeared — the SPEC's seed keeps
The Defenders' wrap at season null, and this is where the estimator decides it belonged to
the season then in the pipeline.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from rules.models import Certainty, ClaimKind, ReviewState
from rules.models import Claim as _Claim


class Fact(NamedTuple):
    """A trusted claim with the item it came from and the season it was given.

    A named tuple, not a frozen dataclass: one is made for every claim of a show each
    time its estimates are built, and a tuple is made in a third of the time.
    """

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
    seasons = SeasonsAsOf.of(facts)
    if not seasons.numbered:
        return facts
    return [placed(fact, seasons) for fact in facts]


def placed(fact: Fact, seasons: SeasonsAsOf) -> Fact:
    """The fact with the season ``assign_seasons`` reads it as, given every fact's seasons.

    The fact itself when it names a season, is a cancellation (a show-level one stays
    show-level) or no fact of the show names a season at all.
    """
    if fact.season is not None or fact.claim.kind is ClaimKind.CANCELLED or not seasons.numbered:
        return fact
    season, why = _season_for(fact, seasons)
    note = f"named no season: read as {why}"
    return Fact(fact.item_id, fact.published, fact.state, fact.claim, season, note)


def as_read(fact: Fact) -> Fact:
    """The fact as its claim was read: without the season ``placed`` gave it, if any."""
    return fact._replace(season=None, note="") if fact.note else fact


class SeasonsAsOf:
    """The seasons known, and those aired, as of a day: one sorted sweep, not a scan a day.

    A season is known from the day a claim first names it, and aired from the day a
    premiere claim published by then says it had aired (``_aired_since``); both only
    grow with the day, so each season's two days are found once and a day's answer is a
    bisection: assigning every season-less claim costs n log n, not n squared.

    Two values are equal when they hold the same days: every season-less claim is then
    read as the same season (what ``ShowEstimates`` checks after a change).
    """

    def __init__(self, known: dict[int, int], aired: dict[int, int]) -> None:
        """``known``: each season's first day named; ``aired``: its first day aired (ordinals)."""
        self._known = known
        self._aired = aired
        by_day = sorted((day, season) for season, day in known.items())
        self._days = [day for day, _ in by_day]
        self._seasons = [season for _, season in by_day]
        self.numbered = sorted(known)
        """Every season some fact names, in order."""

    @classmethod
    def of(cls, facts: Iterable[Fact]) -> SeasonsAsOf:
        """The seasons these facts name, and when each was first named and first aired."""
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
        return cls(known, aired)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SeasonsAsOf):
            return NotImplemented
        return self._known == other._known and self._aired == other._aired

    __hash__ = None  # type: ignore[assignment]  # mutable-looking value: compared, never hashed

    def on(self, when: date) -> tuple[list[int], set[int]]:
        """(the seasons known by ``when``, sorted; the seasons aired by then)."""
        day = when.toordinal()
        known = sorted(self._seasons[: bisect_right(self._days, day)])
        return known, {s for s in known if self._aired.get(s, day + 1) <= day}


class SeasonCalendar:
    """``SeasonsAsOf`` of a changing set of facts, kept by deltas.

    Per season, the days the facts naming it were published and the days from which
    they say it aired, each sorted: a fact that comes or goes is one insertion or
    deletion, and the earliest day of each is the first of its list.
    """

    def __init__(self) -> None:
        self._named: dict[int, list[int]] = {}
        self._aired: dict[int, list[int]] = {}

    def add_all(self, facts: Iterable[Fact]) -> bool:
        """Count these facts; True when one of them names no season ``placed`` would give."""
        named, aired = self._named, self._aired
        unnamed = False
        for fact in facts:
            season = fact.season
            if season is None:
                unnamed = unnamed or fact.claim.kind is not ClaimKind.CANCELLED
                continue
            days = named.get(season)
            if days is None:
                named[season] = [fact.published.toordinal()]
            else:
                insort(days, fact.published.toordinal())
            since = _aired_since(fact)
            if since is not None:
                insort(aired.setdefault(season, []), since)
        return unnamed

    def remove_all(self, facts: Iterable[Fact]) -> None:
        """Forget facts ``add_all`` counted."""
        for fact in facts:
            if fact.season is None:
                continue
            _take(self._named, fact.season, fact.published.toordinal())
            since = _aired_since(fact)
            if since is not None:
                _take(self._aired, fact.season, since)

    def seasons(self) -> SeasonsAsOf:
        """What ``SeasonsAsOf.of`` gives for the facts counted now."""
        known = {season: days[0] for season, days in self._named.items()}
        aired = {season: days[0] for season, days in self._aired.items()}
        return SeasonsAsOf(known, aired)


def _take(days: dict[int, list[int]], season: int, day: int) -> None:
    kept = days[season]
    del kept[bisect_left(kept, day)]
    if not kept:
        del days[season]


def _season_for(fact: Fact, seasons: SeasonsAsOf) -> tuple[int, str]:
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
    first = max(1, seasons.numbered[0] - 1)
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
