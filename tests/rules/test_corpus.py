"""Regression floor: the labelled corpus stays at or above issue 3's targets.

Targets (issue 3): mention F1 >= 0.97 and claim F1 >= 0.90 on the written corpus. The
other splits get floors a little under their current figures, so a change that helps
the tuned split but hurts the others fails here too.
"""

from __future__ import annotations

import pytest

from tests.rules.evaluate import load, score

FLOORS = {
    # split: (mention F1, claim F1)
    "written": (0.97, 0.90),
    "holdout": (0.97, 0.93),
    "unseen": (0.95, 0.88),
    # set_a of an independent annotator: tuned on in the second round.
    "independent": (0.97, 0.95),
    # written in that annotator's style before the second round's tuning; first run at the end.
    "unseen2": (0.95, 0.93),
    # headline + summary items by another annotator: tuned on in the third round.
    "summaries": (0.97, 0.95),
    "realfeeds": (0.95, 0.88),
    "seed": (1.0, 1.0),
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_corpus_f1_stays_above_the_floor(split: str) -> None:
    items = load(split)
    if not items:
        pytest.skip(f"{split} split not available")
    result = score(items)
    mention_floor, claim_floor = FLOORS[split]
    assert result.mentions[2] >= mention_floor, result.errors
    assert result.claims[2] >= claim_floor, result.errors


def test_the_written_corpus_is_big_enough() -> None:
    assert len(load("written")) >= 150
