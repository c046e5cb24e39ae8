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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from rules.confidence import claim_score, estimate_confidence
from rules.facts import Fact, assign_seasons
from rules.models import (
    Certainty,
    ClaimKind,
    DateWindow,
    Evidence,
    Lags,
    Phase,
    ReviewState,
    SeasonEstimate,
    UsedClaim,
)

_DEFAULT_LAGS = Lags()
_LADDER = (
    Phase.UNKNOWN,
    Phase.RENEWED,
    Phase.IN_PRODUCTION,
    Phase.WRAPPED,
    Phase.SCHEDULED,
    Phase.PREMIERED,
)


def estimate_seasons(
    evidence: Iterable[Evidence], today: date, lags: Lags = _DEFAULT_LAGS
) -> tuple[SeasonEstimate, ...]:
    """One estimate per (show, season) with trusted evidence, sorted by show then season."""
    by_show: dict[str, list[Fact]] = defaultdict(list)
    for item in evidence:
        if item.state is ReviewState.IGNORED:
            continue
        for claim in item.claims:
            by_show[claim.show].append(
                Fact(item.item_id, item.published, item.state, claim, claim.season)
            )
    estimates: list[SeasonEstimate] = []
    for show in sorted(by_show):
        estimates.extend(_estimate_show(show, by_show[show], today, lags))
    return tuple(sorted(estimates, key=lambda e: (e.show, -1 if e.season is None else e.season)))


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


def _estimate_show(show: str, facts: list[Fact], today: date, lags: Lags) -> list[SeasonEstimate]:
    facts = assign_seasons(facts, today)
    groups: dict[int | None, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[fact.season].append(fact)
    show_cancel = sorted(
        (f for f in groups.get(None, ()) if f.claim.kind is ClaimKind.CANCELLED), key=_rank
    )
    out = []
    for season, group in groups.items():
        estimate = _estimate(show, season, sorted(group, key=_rank), today, lags)
        if season is not None and show_cancel:
            estimate = _apply_show_cancellation(estimate, show_cancel[0], group)
        out.append(estimate)
    return out


def _rank(fact: Fact) -> tuple[tuple[int, int, int], str]:
    """Precedence (``Fact.order``), ties broken by item id: the same result in any input order.

    (A stable sort keeps an item's own claims in their order.)
    """
    return fact.order, fact.item_id


def _estimate(
    show: str, season: int | None, facts: Sequence[Fact], today: date, lags: Lags
) -> SeasonEstimate:
    used: dict[int, str] = {}
    reasons: list[str] = []
    for i, fact in enumerate(facts):
        if fact.note:
            used[i] = fact.note
            reasons.append(f"item {fact.item_id}'s {fact.claim.kind.value} claim {fact.note}")
    window, score, derived = _premiere_window(facts, used, reasons, lags, today)
    phase = _phase(facts, window, today, used, reasons)
    conflicts = any("conflicts" in r for r in reasons)
    confidence = estimate_confidence(window, score, derived, phase, conflicts)
    if phase is Phase.CANCELLED:
        cancel = next(f for f in facts if _ends(f))
        window, derived, confidence = _no_premiere(window, cancel, reasons)
    claims = tuple(
        UsedClaim(f.item_id, f.claim, used.get(i, "not needed: other claims decided"))
        for i, f in enumerate(facts)
    )
    evidence = tuple(dict.fromkeys(f.item_id for f in facts))
    return SeasonEstimate(
        show=show,
        season=season,
        phase=phase,
        window=window,
        confidence=confidence,
        derived=derived,
        evidence=evidence,
        claims=claims,
        reasons=tuple(reasons),
        latest_news=max(f.published for f in facts),
    )


def _premiere_window(
    facts: Sequence[Fact], used: dict[int, str], reasons: list[str], lags: Lags, today: date
) -> tuple[DateWindow, float, bool]:
    premieres = [
        (i, f)
        for i, f in enumerate(facts)
        if f.claim.kind is ClaimKind.PREMIERE and not f.claim.window.is_open
    ]
    # A firm report that the season has aired is a fact: later plans cannot move it.
    premieres.sort(key=lambda pair: not (pair[1].firm and pair[1].already_happened))
    if not premieres:
        return _derived_window(facts, used, reasons, lags, today)
    first_i, first = premieres[0]
    window = first.claim.window
    used[first_i] = _join(used.get(first_i), "set the premiere window")
    reasons.append(
        f"premiere window {_show(window)} from item {first.item_id} ({first.claim.certainty.value})"
    )
    scores = [_score(first)]
    agree = 0
    for i, fact in premieres[1:]:
        narrowed = _intersect(window, fact.claim.window)
        if narrowed is None:
            why = (
                "outranked by a confirmed item"
                if first.state is ReviewState.CONFIRMED and fact.state is not ReviewState.CONFIRMED
                else "superseded by newer news"
            )
            used[i] = _join(used.get(i), f"{why}: conflicts with {_show(window)}")
            reasons.append(
                f"item {fact.item_id}'s window {_show(fact.claim.window)} conflicts"
                f" and was set aside ({why})"
            )
            continue
        agree += 1
        scores.append(_score(fact))
        if narrowed != window:
            used[i] = _join(used.get(i), f"narrowed the window to {_show(narrowed)}")
            reasons.append(
                f"consistent windows narrowed it to {_show(narrowed)} (item {fact.item_id})"
            )
            window = narrowed
        else:
            used[i] = _join(used.get(i), "agrees with the window")
    score = max(scores) + min(0.1, 0.05 * agree)
    return window, score, False


def _derived_window(
    facts: Sequence[Fact], used: dict[int, str], reasons: list[str], lags: Lags, today: date
) -> tuple[DateWindow, float, bool]:
    for kind, lag, label in (
        (ClaimKind.WRAPPED, lags.wrap_to_premiere, "wrap"),
        (ClaimKind.PRODUCTION, lags.production_to_premiere, "production start"),
    ):
        source = next(((i, f) for i, f in enumerate(facts) if f.claim.kind is kind), None)
        if source is None:
            continue
        i, fact = source
        w = fact.claim.window
        early = w.earliest or w.latest or fact.published
        late = w.latest or w.earliest or fact.published
        window = DateWindow(early + timedelta(days=lag[0]), late + timedelta(days=lag[1]))
        if (
            window.earliest is not None
            and window.latest is not None
            and window.earliest < today <= window.latest
        ):
            window = DateWindow(today, window.latest)
        used[i] = _join(used.get(i), f"derived the window: {label} + {lag[0]}..{lag[1]} days")
        reasons.append(
            f"no premiere claim: window {_show(window)} derived from the {label}"
            f" ({lag[0]}..{lag[1]} days later)"
        )
        return window, _score(fact), True
    return DateWindow(), 0.0, False


def _phase(
    facts: Sequence[Fact],
    window: DateWindow,
    today: date,
    used: dict[int, str],
    reasons: list[str],
) -> Phase:
    rung, why_i = Phase.UNKNOWN, None
    for i, fact in enumerate(facts):
        step = _step(fact, today)
        if _LADDER.index(step) > _LADDER.index(rung):
            rung, why_i = step, i
    if rung is not Phase.PREMIERED and window.latest is not None and window.latest < today:
        firm = any(f.firm and f.claim.kind is ClaimKind.PREMIERE for f in facts)
        if firm:
            rung, why_i = Phase.PREMIERED, None
            reasons.append(f"the firm premiere window ended before {today.isoformat()}: premiered")
    if why_i is not None:
        used[why_i] = _join(used.get(why_i), f"set the phase to {rung.value}")
        reasons.append(f"phase {rung.value} from item {facts[why_i].item_id}")
    cancel = next(((i, f) for i, f in enumerate(facts) if _ends(f)), None)
    if cancel is not None and rung is not Phase.PREMIERED:
        i, fact = cancel
        revival = [f for f in facts if f.claim.kind is ClaimKind.RENEWED and f.order < fact.order]
        if revival:
            used[i] = _join(used.get(i), "superseded by a newer renewal")
            reasons.append(
                f"the cancellation in item {fact.item_id} was superseded by a newer renewal"
            )
        else:
            used[i] = _join(used.get(i), "set the phase to cancelled")
            reasons.append(f"cancelled according to item {fact.item_id}")
            return Phase.CANCELLED
    return rung


def _ends(fact: Fact) -> bool:
    """A cancellation firm enough to end a season (a rumoured one does not)."""
    return fact.claim.kind is ClaimKind.CANCELLED and fact.claim.certainty is not Certainty.RUMORED


def _no_premiere(
    window: DateWindow, cancel: Fact, reasons: list[str]
) -> tuple[DateWindow, bool, float]:
    """A cancelled season's window, derived flag and confidence: no premiere is coming.

    The window it had is moot (a reader seeing "cancelled · 2019" would wonder which
    holds), so it is dropped, with a reason that keeps it; the confidence is the
    cancellation's own, not the dropped window's.
    """
    if not window.is_open:
        reasons.append(f"premiere window {_show(window)} dropped: the season was cancelled")
    return DateWindow(None, None), False, round(_score(cancel), 3)


def _step(fact: Fact, today: date) -> Phase:
    kind, c = fact.claim.kind, fact.claim
    if c.certainty is Certainty.RUMORED and fact.state is not ReviewState.CONFIRMED:
        return Phase.UNKNOWN
    if kind is ClaimKind.RENEWED:
        return Phase.RENEWED
    if kind is ClaimKind.PREMIERE:
        if fact.firm and (
            fact.already_happened or (c.window.latest is not None and c.window.latest < today)
        ):
            return Phase.PREMIERED
        return Phase.SCHEDULED if fact.firm and c.window.latest is not None else Phase.RENEWED
    started = fact.already_happened or (
        c.window.earliest is not None and c.window.earliest <= today and fact.firm
    )
    if kind is ClaimKind.WRAPPED:
        return (
            Phase.WRAPPED
            if fact.firm and started
            else Phase.IN_PRODUCTION
            if fact.firm
            else Phase.RENEWED
        )
    if kind is ClaimKind.PRODUCTION:
        return Phase.IN_PRODUCTION if fact.firm and started else Phase.RENEWED
    return Phase.UNKNOWN


def _apply_show_cancellation(
    estimate: SeasonEstimate, cancel: Fact, group: Sequence[Fact]
) -> SeasonEstimate:
    if (
        estimate.phase in (Phase.PREMIERED, Phase.CANCELLED)
        or cancel.claim.certainty is Certainty.RUMORED
    ):
        return estimate
    newer = [f for f in group if f.order < cancel.order and f.claim.kind is not ClaimKind.CANCELLED]
    if newer:
        return estimate
    reasons = [
        f"the show was cancelled (item {cancel.item_id}), newer than any news of this season"
    ]
    window, derived, confidence = _no_premiere(estimate.window, cancel, reasons)
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


def _score(fact: Fact) -> float:
    return claim_score(fact.claim.certainty, fact.state)


def _intersect(a: DateWindow, b: DateWindow) -> DateWindow | None:
    earliest = max((d for d in (a.earliest, b.earliest) if d is not None), default=None)
    latest = min((d for d in (a.latest, b.latest) if d is not None), default=None)
    if earliest is not None and latest is not None and earliest > latest:
        return None
    return DateWindow(earliest, latest)


def _show(window: DateWindow) -> str:
    def one(d: date | None) -> str:
        return d.isoformat() if d else "open"

    return f"{one(window.earliest)}..{one(window.latest)}"


def _join(old: str | None, new: str) -> str:
    return f"{old}; {new}" if old else new
