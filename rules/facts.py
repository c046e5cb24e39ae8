"""Trusted claims as the estimator handles them, and the season a season-less claim meant.

A ``Fact`` is one claim from a non-ignored item, with the item's date and review state and
the season it was read as. Claims that name no season ("has wrapped filming", "premiered
today") are given one here, read as of the day the item appeared — the SPEC's seed keeps
The Defenders' wrap at season null, and this is where the estimator decides it belonged to
the season then in the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    out = []
    for fact in facts:
        if fact.season is not None or fact.claim.kind is ClaimKind.CANCELLED:
            out.append(fact)
            continue
        season, why = _season_for(fact, facts, numbered)
        out.append(replace(fact, season=season, note=f"named no season: read as {why}"))
    return out


def _season_for(fact: Fact, facts: Sequence[Fact], numbered: list[int]) -> tuple[int, str]:
    when = fact.published
    known = sorted({f.season for f in facts if f.season is not None and f.published <= when})
    aired = {f.season for f in facts if f.season is not None and _aired(f, when)}
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


def _aired(fact: Fact, as_of: date) -> bool:
    """A premiere claim that the season had aired by ``as_of``."""
    if fact.claim.kind is not ClaimKind.PREMIERE or fact.published > as_of:
        return False
    latest = fact.claim.window.latest
    return fact.already_happened or (fact.firm and latest is not None and latest < as_of)
