"""How much an estimate can be trusted: one number in 0..1, and why it is that number.

A claim starts from its wording (confirmed 0.85, expected 0.6, rumored 0.35); an item the
user confirmed lifts it to at least 0.95. The estimate then takes the best score behind
its window, plus a little for every item that agrees, and loses some for a window that is
open on one side or wider than a season, for a window derived from production lags, and
for news that had to be set aside as conflicting. An estimate with no window at all only
says where the season stands, so it gets a low figure unless the phase is final
(cancelled, premiered).
"""

from __future__ import annotations

from typing import Final

from rules.models import Certainty, DateWindow, Phase, ReviewState

_CERTAINTY_SCORE: Final = {
    Certainty.CONFIRMED: 0.85,
    Certainty.EXPECTED: 0.6,
    Certainty.RUMORED: 0.35,
}


def claim_score(certainty: Certainty, state: ReviewState) -> float:
    """The trust one claim earns from its wording and the user's review."""
    base = _CERTAINTY_SCORE[certainty]
    return max(base, 0.95) if state is ReviewState.CONFIRMED else base


def estimate_confidence(
    window: DateWindow, score: float, derived: bool, phase: Phase, conflicts: bool
) -> float:
    """The estimate's confidence from its best claim score and the shape of its window."""
    if window.is_open:
        value = 0.25 if phase is not Phase.UNKNOWN else 0.1
        if phase in (Phase.CANCELLED, Phase.PREMIERED):
            value = 0.8
    else:
        value = score
        if window.earliest is None or window.latest is None:
            value *= 0.7
        else:
            width = (window.latest - window.earliest).days
            value *= 1.0 if width <= 92 else 0.9 if width <= 200 else 0.8
        if derived:
            value *= 0.6
        if conflicts:
            value *= 0.9
    return round(max(0.0, min(1.0, value)), 3)
