"""Season estimates: every trusted claim about one (show, season) combined into one view.

A pure function of the evidence, the user's review marks and ``today`` — so marking an
item confirmed or ignored changes the estimate at once, and unmarking it gives the old
estimate back. The rules, in the order they apply (SPEC.md, "Estimates"):

1. an ignored item's claims count for nothing;
2. a claim that names no season is given one: a cancellation stays show-level; other
   claims go to the newest season of the show that has not premiered (or the next one);
3. confirmed items outrank unreviewed ones, then newer news outranks older, then firmer
   wording outranks vaguer; the first premiere window sets the estimate, later ones
   that overlap it narrow it, and ones that conflict with it are superseded;
4. with no premiere claim, a window is derived from wrap or production claims with
   the typical ``Lags`` — marked ``derived`` and less confident;
5. the phase is the furthest step firm claims support (renewed, in production,
   wrapped, scheduled, premiered), unless a newer cancellation ends the season;
6. confidence grows with firm wording, confirmed items and agreement, and shrinks with
   wide, open or derived windows and with conflicts.

Rule 2 and the show-level cancellation are applied here, per show; the others per
season, in ``rules.season``. ``estimate_seasons`` computes every show's estimates from
scratch. ``ShowEstimates`` keeps one show's current while its items' evidence changes
(a mark, a poll's new items): a change reaches only the seasons its facts are in — all
of the show's only when it moves which season some season-less claim is read as — so a
keypress on a show with hundreds of items costs about what one with a dozen does. Both
give the same estimates: the one computation, from scratch or kept by deltas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Final

from rules.facts import (
    Fact,
    SeasonCalendar,
    SeasonsAsOf,
    as_read,
    assign_seasons,
    placed,
)
from rules.models import (
    Certainty,
    ClaimKind,
    Evidence,
    Lags,
    Phase,
    ReviewState,
    SeasonEstimate,
    UsedClaim,
)
from rules.phase import no_premiere
from rules.season import Entry, SeasonFacts

_DEFAULT_LAGS: Final = Lags()


def estimate_seasons(
    evidence: Iterable[Evidence], today: date, lags: Lags = _DEFAULT_LAGS
) -> tuple[SeasonEstimate, ...]:
    """One estimate per (show, season) with trusted evidence, sorted by show then season."""
    by_show: dict[str, list[Fact]] = defaultdict(list)
    for item in evidence:
        if item.state is ReviewState.IGNORED:  # rule 1
            continue
        for claim in item.claims:
            fact = Fact(item.item_id, item.published, item.state, claim, claim.season)
            by_show[claim.show].append(fact)
    estimates: list[SeasonEstimate] = []
    for show in sorted(by_show):
        estimates.extend(_estimate_show(show, by_show[show], today, lags))
    return tuple(estimates)


def _estimate_show(
    show: str, facts: list[Fact], today: date, lags: Lags
) -> tuple[SeasonEstimate, ...]:
    """One show's estimates from scratch: ``ShowEstimates`` without what deltas need.

    A fact's place in the evidence breaks ties of precedence (an item's claims in their
    order; two Evidence of one item id, the first one's first).
    """
    groups: dict[int | None, list[Entry]] = defaultdict(list)
    for place, fact in enumerate(assign_seasons(facts, today)):  # rule 2
        groups[fact.season].append(Entry(fact, place))
    seasons = {}
    for season, entries in groups.items():
        seasons[season] = SeasonFacts(show, season)
        seasons[season].add_all(entries)
    return _combined(seasons, today, lags, {})


class ShowEstimates:
    """One show's season estimates, kept current as its items' evidence changes.

    ``put`` and ``drop`` only note the change; ``estimates`` applies what was noted and
    recomputes the seasons it reached. The result depends only on the evidence held,
    ``today`` and the lags, never on the order of the changes that led to it.
    """

    def __init__(self, show: str) -> None:
        """An empty show: ``put`` its items' evidence."""
        self.show = show
        self._noted: dict[str, Evidence | None] = {}
        """Changes not applied yet: an item's new evidence, or None when it is gone."""
        self._unnamed: set[str] = set()
        """Items with a fact rule 2 gives a season: moved when the seasons known move."""
        self._placed: dict[str, tuple[Entry, ...]] = {}
        """Per item, its trusted facts about the show as the seasons hold them (rule 2
        gives the season-less ones a season: ``as_read`` takes it off again)."""
        self._calendar = SeasonCalendar()
        self._seasons = SeasonsAsOf({}, {})
        self._groups: dict[int | None, SeasonFacts] = {}
        self._ended: dict[int | None, tuple[SeasonEstimate, Fact, SeasonEstimate]] = {}
        """Per season, its estimate, the show's cancellation and the two combined."""
        self._result: tuple[SeasonEstimate, ...] | None = None
        self._context: tuple[date, Lags] | None = None

    def put(self, evidence: Evidence) -> None:
        """Take an item's evidence: a new item, or its review state or claims changed."""
        self._noted[evidence.item_id] = evidence
        self._result = None

    def drop(self, item_id: str) -> None:
        """Forget an item (no longer stored, or no longer about the show)."""
        self._noted[item_id] = None
        self._result = None

    def estimates(self, today: date, lags: Lags = _DEFAULT_LAGS) -> tuple[SeasonEstimate, ...]:
        """Every season's estimate, by season (a show-level one first)."""
        if self._noted:
            self._apply_noted()
        if self._result is None or self._context != (today, lags):
            self._result = self._gather(today, lags)
            self._context = (today, lags)
        return self._result

    def _apply_noted(self) -> None:
        noted, self._noted = self._noted, {}
        unnamed, calendar, show = self._unnamed, self._calendar, self.show
        added: dict[int | None, list[Entry]] = {}
        waiting: dict[str, tuple[Fact, ...]] = {}  # rule 2's: placed once seasons are known
        for item_id, evidence in noted.items():
            gone = self._placed.get(item_id)
            if gone is not None:
                calendar.remove_all([as_read(entry.fact) for entry in gone])
                unnamed.discard(item_id)
            facts: tuple[Fact, ...] = ()
            if evidence is not None and evidence.state is not ReviewState.IGNORED:  # rule 1
                published, state = evidence.published, evidence.state
                facts = tuple(
                    [
                        Fact(item_id, published, state, claim, claim.season)
                        for claim in evidence.claims
                        if claim.show == show
                    ]
                )
            if facts and calendar.add_all(facts):
                unnamed.add(item_id)
                waiting[item_id] = facts
            else:
                self._place(item_id, facts, added)
        seasons = calendar.seasons()
        if seasons != self._seasons:  # rule 2 may read every season-less claim differently
            self._seasons = seasons
            for item_id in unnamed.difference(waiting):
                waiting[item_id] = tuple([as_read(e.fact) for e in self._placed[item_id]])
        for item_id, facts in waiting.items():
            self._place(item_id, tuple([placed(fact, seasons) for fact in facts]), added)
        for season, entries in added.items():
            group = self._groups.get(season)
            if group is None:
                group = self._groups[season] = SeasonFacts(self.show, season)
            group.add_all(entries)

    def _place(
        self, item_id: str, facts: tuple[Fact, ...], added: dict[int | None, list[Entry]]
    ) -> None:
        """Hold the item's facts (each in the season rule 2 read it as) in their seasons.

        A fact's place among its item's facts breaks ties of precedence, as the item's
        order of claims does.
        """
        old = self._placed.get(item_id)
        if old is not None:
            if [e.fact for e in old] == list(facts):
                return
            for entry in old:
                season = entry.fact.season
                group = self._groups[season]
                group.remove(entry)
                if not len(group):
                    del self._groups[season]
                    self._ended.pop(season, None)
        if not facts:
            self._placed.pop(item_id, None)
            return
        entries = tuple([Entry(fact, place) for place, fact in enumerate(facts)])
        self._placed[item_id] = entries
        for entry in entries:
            season = entry.fact.season
            if season in added:
                added[season].append(entry)
            else:
                added[season] = [entry]

    def _gather(self, today: date, lags: Lags) -> tuple[SeasonEstimate, ...]:
        return _combined(self._groups, today, lags, self._ended)


def _combined(
    seasons: dict[int | None, SeasonFacts],
    today: date,
    lags: Lags,
    ended: dict[int | None, tuple[SeasonEstimate, Fact, SeasonEstimate]],
) -> tuple[SeasonEstimate, ...]:
    """Every season's estimate, in order, each ended by the show's cancellation if newer.

    ``ended`` keeps, per season, its estimate with the cancellation applied, for as long
    as neither changes.
    """
    show_level = seasons.get(None)
    cancel = None
    if show_level is not None:
        cancel = next(
            (e.fact for e in show_level.entries if e.fact.claim.kind is ClaimKind.CANCELLED),
            None,
        )
    out = []
    for season in sorted(seasons, key=lambda s: -1 if s is None else s):
        group = seasons[season]
        estimate = group.estimate(today, lags)
        if season is not None and cancel is not None:
            kept = ended.get(season)
            if kept is not None and kept[0] is estimate and kept[1] is cancel:
                estimate = kept[2]
            else:
                done = _apply_show_cancellation(estimate, cancel, group)
                ended[season] = (estimate, cancel, done)
                estimate = done
        out.append(estimate)
    return tuple(out)


def newest_per_show(estimates: Iterable[SeasonEstimate]) -> dict[str, SeasonEstimate]:
    """The estimate a one-row-per-show view shows: the newest season, or the cancellation."""
    newest: dict[str, SeasonEstimate] = {}
    show_level: dict[str, SeasonEstimate] = {}
    for e in estimates:
        if e.season is None:
            show_level[e.show] = e
        elif e.show not in newest or (newest[e.show].season or 0) < e.season:
            newest[e.show] = e
    out = dict(newest)
    for show, level in show_level.items():
        season = newest.get(show)
        if season is None:
            out[show] = level
        elif level.phase is Phase.CANCELLED and season.phase is not Phase.CANCELLED:
            # A revival (newer news of a season still to come) wins; otherwise the show is over.
            newer = (season.latest_news or date.min) > (level.latest_news or date.min)
            if season.phase is Phase.PREMIERED or not newer:
                out[show] = level
    return dict(sorted(out.items()))


def _apply_show_cancellation(
    estimate: SeasonEstimate, cancel: Fact, group: SeasonFacts
) -> SeasonEstimate:
    """A season ends with the show when its cancellation is newer than the season's news."""
    if (
        estimate.phase in (Phase.PREMIERED, Phase.CANCELLED)
        or cancel.claim.certainty is Certainty.RUMORED
    ):
        return estimate
    if group.news_before(cancel.order):
        return estimate
    reasons = [
        f"the show was cancelled (item {cancel.item_id}), newer than any news of this season"
    ]
    window, derived, confidence = no_premiere(estimate.window, cancel, reasons)
    return replace(
        estimate,
        phase=Phase.CANCELLED,
        window=window,
        derived=derived,
        confidence=confidence,
        evidence=tuple(dict.fromkeys((*estimate.evidence, cancel.item_id))),
        claims=(
            *estimate.claims,
            UsedClaim(cancel.item_id, cancel.claim, "ended the season: show-level cancellation"),
        ),
        reasons=(*estimate.reasons, *reasons),
    )
