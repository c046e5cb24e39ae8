"""The domain's data: frozen values that go into the rules and come out of them.

Everything here is immutable and free of I/O so the rules can be called from any
thread or process, cached, compared in tests and pickled to a parse worker. JSON
shapes (``to_json``/``from_json``) are the ones SPEC.md prints, so the store, the
headless commands and the tests all speak the same vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Show:
    """A show the user tracks, as written in the config file."""

    title: str
    """The configured title; every claim and estimate names the show by it."""
    aliases: tuple[str, ...] = ()
    """Other names the news uses ("Marvel's Jessica Jones")."""
    franchise: str | None = None
    """A group of related shows ("Defenders"); informational only."""

    @property
    def names(self) -> tuple[str, ...]:
        """The title followed by every alias, in config order."""
        return (self.title, *self.aliases)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a text where a show is named: the configured title and the span."""

    title: str
    start: int
    """Offset of the first character of the name (or of the ``#`` of a hashtag)."""
    end: int
    """Offset just past the name."""


class ClaimKind(StrEnum):
    """What a sentence says happened, or will happen, to a season."""

    RENEWED = "renewed"
    CANCELLED = "cancelled"
    PRODUCTION = "production"
    WRAPPED = "wrapped"
    PREMIERE = "premiere"


class Certainty(StrEnum):
    """How firmly the news states a claim; ordered from firm to vague."""

    CONFIRMED = "confirmed"
    EXPECTED = "expected"
    RUMORED = "rumored"

    @property
    def rank(self) -> int:
        """0 for confirmed, 1 for expected, 2 for rumored: lower is firmer."""
        return _CERTAINTY_RANK[self]


_CERTAINTY_RANK = {Certainty.CONFIRMED: 0, Certainty.EXPECTED: 1, Certainty.RUMORED: 2}


@dataclass(frozen=True, slots=True)
class DateWindow:
    """An inclusive range of calendar days; ``None`` leaves that side open."""

    earliest: date | None = None
    latest: date | None = None

    @property
    def is_open(self) -> bool:
        """True when neither side is known."""
        return self.earliest is None and self.latest is None

    def to_json(self) -> dict[str, str | None]:
        """The two bounds as ISO strings (or null), as SPEC.md prints them."""
        return {
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DateWindow:
        """Read the shape ``to_json`` writes."""
        return cls(_parse_date(data.get("earliest")), _parse_date(data.get("latest")))


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement about one season of one show, read from one sentence."""

    show: str
    """The configured title of the show the claim is about."""
    season: int | None
    """The season number, or None when the text does not say which season."""
    kind: ClaimKind
    window: DateWindow
    """When it happens: for ``premiere`` the air window, for the others the event's date."""
    certainty: Certainty
    evidence: str
    """The sentence the claim came from, verbatim (whitespace collapsed)."""

    def to_json(self) -> dict[str, Any]:
        """The claim object of ``seasonwatch claims`` (SPEC.md, "Claims")."""
        return {
            "show": self.show,
            "season": self.season,
            "kind": self.kind.value,
            **self.window.to_json(),
            "certainty": self.certainty.value,
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Claim:
        """Read the shape ``to_json`` writes (the store keeps claims this way)."""
        return cls(
            show=data["show"],
            season=data["season"],
            kind=ClaimKind(data["kind"]),
            window=DateWindow.from_json(data),
            certainty=Certainty(data["certainty"]),
            evidence=data["evidence"],
        )


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules found in one text: the shows it mentions and its claims."""

    mentions: tuple[str, ...]
    """Configured titles of the shows mentioned, in order of first appearance."""
    claims: tuple[Claim, ...]

    def to_json(self) -> dict[str, Any]:
        """The object ``seasonwatch claims`` prints."""
        return {"mentions": list(self.mentions), "claims": [c.to_json() for c in self.claims]}


class ReviewState(StrEnum):
    """The user's decision about a news item."""

    NEW = "new"
    CONFIRMED = "confirmed"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One news item as the estimator sees it: its claims, date and review state."""

    item_id: str
    published: date
    state: ReviewState
    claims: tuple[Claim, ...]


class Phase(StrEnum):
    """Where a season stands."""

    UNKNOWN = "unknown"
    RENEWED = "renewed"
    IN_PRODUCTION = "in_production"
    WRAPPED = "wrapped"
    SCHEDULED = "scheduled"
    PREMIERED = "premiered"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Lags:
    """Typical delays used to derive a premiere window when no premiere claim exists.

    Each is an inclusive (shortest, longest) number of days after the event. The
    defaults are rough figures for streaming and cable dramas; the config may override.
    """

    production_to_premiere: tuple[int, int] = (180, 540)
    wrap_to_premiere: tuple[int, int] = (60, 365)


@dataclass(frozen=True, slots=True)
class UsedClaim:
    """A claim as an estimate used it: which item it came from and what was done with it."""

    item_id: str
    claim: Claim
    role: str
    """How the estimate used it, in words ("narrowed the window", "superseded by …")."""


@dataclass(frozen=True, slots=True)
class SeasonEstimate:
    """The combined view of every trusted claim about one (show, season)."""

    show: str
    season: int | None
    """None for a show-level estimate (a cancellation that names no season)."""
    phase: Phase
    window: DateWindow
    """The estimated premiere window."""
    confidence: float
    """0..1: how much the window and phase can be trusted."""
    derived: bool = False
    """True when the window comes from production/wrap lags, not a premiere claim."""
    evidence: tuple[str, ...] = ()
    """Ids of the items the estimate rests on."""
    claims: tuple[UsedClaim, ...] = ()
    reasons: tuple[str, ...] = field(default=())
    """The rules that shaped the estimate, in the order they applied, in words."""
    latest_news: date | None = None
    """Publication date of the newest item the estimate rests on."""

    def to_json(self) -> dict[str, Any]:
        """The object ``seasonwatch status --json`` prints for one (show, season)."""
        return {
            "show": self.show,
            "season": self.season,
            "phase": self.phase.value,
            **self.window.to_json(),
            "confidence": round(self.confidence, 3),
            "derived": self.derived,
            "evidence": list(self.evidence),
            "reasons": list(self.reasons),
        }
