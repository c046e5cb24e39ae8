"""The founding example: the seed article gives exactly SPEC.md's worked table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules import Evidence, Phase, ReviewState, Show, ShowMatcher, estimate_seasons, read
from rules.models import Claim

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "article-2017-03-24.txt"
PUBLISHED = date(2017, 3, 24)
SHOWS = ("Jessica Jones", "Iron Fist", "The Punisher", "The Defenders", "Luke Cage", "Daredevil")

# SPEC.md, "Worked example": show, season, kind, earliest, latest.
EXPECTED = [
    ("Jessica Jones", 2, "renewed", None, None),
    ("Jessica Jones", 2, "premiere", "2018-01-01", "2018-12-31"),
    ("Jessica Jones", 2, "premiere", "2018-01-01", None),
    ("Jessica Jones", 2, "production", "2017-03-24", "2017-06-22"),
    ("Iron Fist", 1, "premiere", "2017-03-24", "2017-12-31"),
    ("The Punisher", 1, "premiere", "2017-03-24", "2017-12-31"),
    ("The Defenders", 1, "premiere", "2017-03-24", "2017-12-31"),
    ("The Defenders", None, "wrapped", None, "2017-03-24"),
    ("Luke Cage", 2, "premiere", "2018-01-01", "2019-12-31"),
    ("Daredevil", 3, "premiere", "2018-01-01", "2019-12-31"),
    ("Iron Fist", 2, "premiere", "2019-01-01", "2019-12-31"),
]
CERTAINTY = {
    ("Jessica Jones", "renewed", None): "confirmed",
    ("Jessica Jones", "premiere", "2018-12-31"): "rumored",
    ("Jessica Jones", "premiere", None): "expected",
    ("Jessica Jones", "production", "2017-06-22"): "expected",
    ("Iron Fist", "premiere", "2017-12-31"): "confirmed",
    ("The Defenders", "wrapped", "2017-03-24"): "confirmed",
    ("Luke Cage", "premiere", "2019-12-31"): "expected",
    ("Iron Fist", "premiere", "2019-12-31"): "rumored",
}


def _text() -> str:
    if not SEED.exists():
        pytest.skip("shared seed article not available")
    return SEED.read_text(encoding="utf-8")


def _key(claim: Claim) -> tuple[object, ...]:
    w = claim.window
    return (
        claim.show,
        claim.season,
        claim.kind.value,
        w.earliest.isoformat() if w.earliest else None,
        w.latest.isoformat() if w.latest else None,
    )


def test_seed_mentions_every_show() -> None:
    reading = read(_text(), PUBLISHED, ShowMatcher([Show(t) for t in SHOWS]))
    assert set(reading.mentions) == set(SHOWS)


def test_seed_gives_exactly_the_worked_table() -> None:
    reading = read(_text(), PUBLISHED, ShowMatcher([Show(t) for t in SHOWS]))
    assert sorted(map(_key, reading.claims), key=repr) == sorted(EXPECTED, key=repr)


def test_seed_certainty_matches_the_table() -> None:
    reading = read(_text(), PUBLISHED, ShowMatcher([Show(t) for t in SHOWS]))
    for claim in reading.claims:
        latest = claim.window.latest.isoformat() if claim.window.latest else None
        want = CERTAINTY.get((claim.show, claim.kind.value, latest))
        if want is not None:
            assert claim.certainty.value == want, claim
        assert claim.evidence, claim


def test_seed_estimate_for_jessica_jones_season_2() -> None:
    reading = read(_text(), PUBLISHED, ShowMatcher([Show(t) for t in SHOWS]))
    evidence = [Evidence("seed", PUBLISHED, ReviewState.NEW, reading.claims)]
    estimates = {(e.show, e.season): e for e in estimate_seasons(evidence, PUBLISHED)}
    jj = estimates[("Jessica Jones", 2)]
    assert jj.phase is Phase.RENEWED
    assert (jj.window.earliest, jj.window.latest) == (date(2018, 1, 1), date(2018, 12, 31))
    assert 0 < jj.confidence < 1
    assert jj.reasons
