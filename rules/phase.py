"""A season's phase and the window its production implies: estimate rules 4 and 5.

``rules.season`` keeps a season's facts and folds its premiere claims (rules 1 to 3);
what is left once that fold is done lives here, because it reads the facts as they
stand and keeps nothing: the phase ladder each claim climbs (renewed, in production,
wrapped, scheduled, premiered) and the cancellation that ends it, the premiere window
derived from a wrap or a production start with the configured lags when no premiere
claim gives one, and what a cancelled season shows instead of a window.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from rules.confidence import claim_score
from rules.facts import Fact
from rules.models import Certainty, ClaimKind, DateWindow, Lags, Phase, ReviewState

if TYPE_CHECKING:
    from rules.season import Entry

LADDER: Final = (
    Phase.UNKNOWN,
    Phase.RENEWED,
    Phase.IN_PRODUCTION,
    Phase.WRAPPED,
    Phase.SCHEDULED,
    Phase.PREMIERED,
)
"""The phases a season goes through, in order: a claim supports one step (``rung``)."""


def derived_window(
    entries: list[Entry],
    extra: dict[int, list[str]],
    reasons: list[str],
    lags: Lags,
    today: date,
) -> tuple[DateWindow, float, bool]:
    """With no premiere claim, a window from the first wrap or production claim — rule 4."""
    for kind, lag, label in (
        (ClaimKind.WRAPPED, lags.wrap_to_premiere, "wrap"),
        (ClaimKind.PRODUCTION, lags.production_to_premiere, "production start"),
    ):
        source = next((i for i, e in enumerate(entries) if e.fact.claim.kind is kind), None)
        if source is None:
            continue
        entry = entries[source]
        fact = entry.fact
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
        extra.setdefault(source, []).append(
            f"derived the window: {label} + {lag[0]}..{lag[1]} days"
        )
        reasons.append(
            f"no premiere claim: window {show_window(window)} derived from the {label}"
            f" ({lag[0]}..{lag[1]} days later)"
        )
        return window, claim_score(fact.claim.certainty, fact.state), True
    return DateWindow(), 0.0, False


def phase_of(
    entries: list[Entry],
    window: DateWindow,
    today: date,
    extra: dict[int, list[str]],
    reasons: list[str],
) -> Phase:
    """The furthest step firm claims support, unless a newer cancellation ends it — rule 5."""
    rungs = [e.rung for e in entries]
    top = max(rungs)
    rung = LADDER[top]
    why: int | None = rungs.index(top) if top else None
    if rung is not Phase.PREMIERED and window.latest is not None and window.latest < today:
        firm = any(e.fact.firm and e.fact.claim.kind is ClaimKind.PREMIERE for e in entries)
        if firm:
            rung, why = Phase.PREMIERED, None
            reasons.append(f"the firm premiere window ended before {today.isoformat()}: premiered")
    if why is not None:
        extra.setdefault(why, []).append(f"set the phase to {rung.value}")
        reasons.append(f"phase {rung.value} from item {entries[why].fact.item_id}")
    cancel = next((i for i, e in enumerate(entries) if e.ends), None)
    if cancel is not None and rung is not Phase.PREMIERED:
        fact = entries[cancel].fact
        order = fact.order
        if any(e.fact.claim.kind is ClaimKind.RENEWED and e.fact.order < order for e in entries):
            extra.setdefault(cancel, []).append("superseded by a newer renewal")
            reasons.append(
                f"the cancellation in item {fact.item_id} was superseded by a newer renewal"
            )
        else:
            extra.setdefault(cancel, []).append("set the phase to cancelled")
            reasons.append(f"cancelled according to item {fact.item_id}")
            return Phase.CANCELLED
    return rung


def rung(fact: Fact, today: date) -> int:
    """The place on the phase ladder one claim supports (``LADDER`` index)."""
    kind, c = fact.claim.kind, fact.claim
    if c.certainty is Certainty.RUMORED and fact.state is not ReviewState.CONFIRMED:
        step = Phase.UNKNOWN
    elif kind is ClaimKind.RENEWED:
        step = Phase.RENEWED
    elif kind is ClaimKind.PREMIERE:
        if fact.firm and (
            fact.already_happened or (c.window.latest is not None and c.window.latest < today)
        ):
            step = Phase.PREMIERED
        else:
            step = Phase.SCHEDULED if fact.firm and c.window.latest is not None else Phase.RENEWED
    else:
        started = fact.already_happened or (
            c.window.earliest is not None and c.window.earliest <= today and fact.firm
        )
        if kind is ClaimKind.WRAPPED:
            step = (
                Phase.WRAPPED
                if fact.firm and started
                else Phase.IN_PRODUCTION
                if fact.firm
                else Phase.RENEWED
            )
        elif kind is ClaimKind.PRODUCTION:
            step = Phase.IN_PRODUCTION if fact.firm and started else Phase.RENEWED
        else:
            step = Phase.UNKNOWN
    return LADDER.index(step)


def no_premiere(
    window: DateWindow, cancel: Fact, reasons: list[str]
) -> tuple[DateWindow, bool, float]:
    """A cancelled season's window, derived flag and confidence: no premiere is coming.

    The window it had is moot (a reader seeing "cancelled · 2019" would wonder which
    holds), so it is dropped, with a reason that keeps it; the confidence is the
    cancellation's own, not the dropped window's.
    """
    if not window.is_open:
        reasons.append(f"premiere window {show_window(window)} dropped: the season was cancelled")
    score = claim_score(cancel.claim.certainty, cancel.state)
    return DateWindow(None, None), False, round(score, 3)


def show_window(window: DateWindow) -> str:
    """A window as the reasons write it: "2019-01-01..2019-12-31", "open" for no bound."""

    def one(d: date | None) -> str:
        return d.isoformat() if d else "open"

    return f"{one(window.earliest)}..{one(window.latest)}"
