"""Text plumbing the rules share: folding keeps offsets."""

from __future__ import annotations

import random

from rules.text import fold


def test_fold_maps_each_quote_and_hyphen_one_for_one() -> None:
    """Folding keeps every offset (spans found in the folded text index the evidence) and
    maps each curly quote, prime, guillemet and Unicode hyphen, wherever it stands."""
    table = {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012", "-"),
    }
    alphabet = [*table, "a", "Z", " ", "é", "—", "'", '"', "-", "\u2013"]
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert fold(text) == "".join(table.get(ch, ch) for ch in text)
