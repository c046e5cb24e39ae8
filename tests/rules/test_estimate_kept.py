"""Estimates kept by deltas equal estimates from scratch, on random shows.

``ShowEstimates`` recomputes after a change only what the change can reach: the seasons
its facts are in, and within a season's premiere windows only the claims that meet a
different window than before. Random evidence (``test_estimate_random``'s, built to hit
every branch: season-less claims, reports after the fact, open and firm windows, every
review state) goes through random runs of changes — re-marks, new and removed items,
claims read anew, several changes between two reads, a new day, new lags — and after
each the kept estimates must equal ``estimate_seasons`` over the evidence as it stands.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from rules import Evidence, Lags, ReviewState, SeasonEstimate, ShowEstimates, estimate_seasons
from tests.rules.test_estimate_random import SHOWS, TODAY, random_claim, random_evidence

LAGS = (Lags(), Lags((30, 60), (10, 20)), Lags((400, 900), (1, 2)))


def _changed(evidence: dict[str, Evidence], rng: random.Random, step: int) -> list[str]:
    """Change the evidence as a session might; the ids of the items changed."""
    ids = list(evidence)
    roll = rng.random() if ids else 0.6
    if roll < 0.4:  # a mark (or a re-mark to the same state)
        chosen = [rng.choice(ids)]
    elif roll < 0.55:  # several marks before the next read
        chosen = rng.sample(ids, min(len(ids), rng.randint(2, 6)))
    elif roll < 0.7:  # a poll's new item
        item_id = f"new{step:04d}"
        claims = tuple(random_claim(rng, rng.choice(SHOWS)) for _ in range(rng.randint(1, 3)))
        published = TODAY - timedelta(days=rng.randrange(900))
        evidence[item_id] = Evidence(item_id, published, ReviewState.NEW, claims)
        return [item_id]
    elif roll < 0.8:  # an item read anew: other claims, or none
        item_id = rng.choice(ids)
        claims = tuple(random_claim(rng, rng.choice(SHOWS)) for _ in range(rng.randint(0, 2)))
        evidence[item_id] = replace(evidence[item_id], claims=claims)
        return [item_id]
    elif roll < 0.88:  # an item gone
        item_id = rng.choice(ids)
        del evidence[item_id]
        return [item_id]
    else:
        return []
    for item_id in chosen:
        evidence[item_id] = replace(evidence[item_id], state=rng.choice(list(ReviewState)))
    return chosen


def _kept(shows: dict[str, ShowEstimates], today: date, lags: Lags) -> tuple[SeasonEstimate, ...]:
    return tuple(e for show in sorted(shows) for e in shows[show].estimates(today, lags))


def test_kept_estimates_equal_estimates_from_scratch_on_random_shows() -> None:
    rng = random.Random(8)
    for trial in range(100):
        evidence = {e.item_id: e for e in random_evidence(rng, rng.choice((4, 15, 40, 100)))}
        shows = {show: ShowEstimates(show) for show in SHOWS}
        for item in evidence.values():
            for kept in shows.values():
                kept.put(item)
        today, lags = TODAY, LAGS[0]
        for step in range(30):
            for item_id in _changed(evidence, rng, step):
                for kept in shows.values():
                    if item_id in evidence:
                        kept.put(evidence[item_id])
                    else:
                        kept.drop(item_id)
            if rng.random() < 0.05:
                today += timedelta(days=rng.choice((1, 90, 400)))
            if rng.random() < 0.05:
                lags = rng.choice(LAGS)
            if rng.random() < 0.3:  # changes pile up between some reads
                continue
            expected = estimate_seasons(evidence.values(), today, lags)
            assert _kept(shows, today, lags) == expected, (trial, step)


def test_the_same_evidence_in_any_order_of_changes_gives_the_same_estimates() -> None:
    # An estimate must not depend on the order of the marks and polls that led to it.
    rng = random.Random(9)
    for trial in range(60):
        evidence = random_evidence(rng, 60)
        direct = ShowEstimates(SHOWS[0])
        for item in evidence:
            direct.put(item)
        roundabout = ShowEstimates(SHOWS[0])
        for item in rng.sample(evidence, len(evidence)):
            roundabout.put(replace(item, state=rng.choice(list(ReviewState))))
            roundabout.estimates(TODAY)
        for item in rng.sample(evidence, len(evidence)):
            roundabout.put(item)
            if rng.random() < 0.3:
                roundabout.estimates(TODAY)
        assert roundabout.estimates(TODAY) == direct.estimates(TODAY), trial
