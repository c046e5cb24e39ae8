"""The Library's kept estimates equal estimates from scratch, whatever led to them.

After a mark or a poll the Library does not recompute a show's estimates: each show's
``rules.ShowEstimates`` is told of the items that changed and recomputes only the
seasons they reach (issue 6, target 2: a keypress must not cost the show's whole news).
Here a real store goes through a seeded random run of what a dashboard session does —
marks (confirm, ignore, back to new) and re-marks, polls of new items and of items whose
claims changed (some naming no season, some a season not heard of before, so claims are
read as other seasons), a day change and a lags change — and after every step each
show's status and estimates must equal ``estimate_all`` over the stored items and marks.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ingest.config import Config
from ingest.records import NewsItem
from ingest.snapshot import Library, estimate_all
from ingest.store import Store
from rules import Claim, Lags, ReviewState, newest_per_show
from tests.bench import corpus

NOW = datetime(2019, 10, 2, tzinfo=UTC)


def assert_as_from_scratch(library: Library, store: Store, config: Config, today: date) -> None:
    scratch = estimate_all(store.items(), store.marks(), config, today)
    for show in config.shows:
        want = tuple(e for e in scratch if e.show == show.title)
        status = library.show_status(show, today)
        assert status.estimates == want, show.title
        assert status.current == newest_per_show(want).get(show.title), show.title
        assert library.estimates(show.title, today) == want, show.title


def reread(
    item: NewsItem, rng: random.Random, *, new_id: str | None = None, show: str | None = None
) -> NewsItem:
    """The item as a poll might bring it: a new copy on another day, its claims read anew,
    or (``show``) read as news of another show only."""
    claims = tuple(_changed(c, rng) if rng.random() < 0.5 else c for c in item.claims)
    if show is not None:
        return replace(item, mentions=(show,), claims=tuple(replace(c, show=show) for c in claims))
    if new_id is None:
        return replace(item, claims=claims)
    published = item.published + timedelta(days=rng.randrange(-60, 30), minutes=rng.randrange(60))
    return replace(item, id=new_id, published=published, claims=claims)


def _changed(claim: Claim, rng: random.Random) -> Claim:
    season = rng.choice((None, None, (claim.season or 1) + 1, (claim.season or 1) + 4))
    certainty = rng.choice(list(type(claim.certainty)))
    return replace(claim, season=season, certainty=certainty)


def test_kept_estimates_equal_estimates_from_scratch_after_every_change(tmp_path: Path) -> None:
    rng = random.Random(6)
    items = corpus.build_store(tmp_path, 1_000)
    busiest = [title for title, _ in Counter(t for i in items for t in i.mentions).most_common(5)]
    config = corpus.config([])
    config = replace(config, shows=tuple(s for s in config.shows if s.title in busiest))
    news = [i for i in items if i.claims and set(i.mentions) & set(busiest)]
    today = NOW.date()
    steps = ["mark"] * 26 + ["poll"] * 14 + ["marks"] * 10 + ["day", "day", "lags", "lags"]
    rng.shuffle(steps)
    with Store(tmp_path, writable=True) as store:
        library = Library(config, store)
        assert_as_from_scratch(library, store, config, today)
        for step, kind in enumerate(steps):
            now = NOW + timedelta(minutes=step)
            if kind == "mark":  # often of an item marked before
                item = rng.choice(news[:30] if rng.random() < 0.4 else news)
                library.mark(item.id, rng.choice(list(ReviewState)), now)
            elif kind == "poll":  # new items, and items whose claims were read anew
                fresh = [
                    reread(rng.choice(news), rng, new_id=f"{step:04d}{n:08x}")
                    for n in range(rng.randint(1, 3))
                ]
                changed = [reread(rng.choice(news), rng) for _ in range(rng.randint(0, 2))]
                if rng.random() < 0.5:
                    changed.append(reread(rng.choice(news), rng, show=rng.choice(busiest)))
                store.save_poll([*fresh, *changed], [])
                library.apply([*fresh, *changed])
                news += fresh
            elif kind == "marks":  # several of one show's before its status is drawn again
                show = rng.choice(busiest)
                for item in rng.sample([i for i in news if show in i.mentions], 5):
                    library.mark(item.id, rng.choice(list(ReviewState)), now)
            elif kind == "day":  # midnight passed, or the dashboard stayed open for months
                today += timedelta(days=rng.choice((1, 300)))
            else:  # the user's lags changed (the config is re-read)
                lags = Lags(
                    production_to_premiere=(rng.randrange(100, 300), rng.randrange(300, 900)),
                    wrap_to_premiere=(rng.randrange(10, 90), rng.randrange(90, 400)),
                )
                config = replace(config, lags=lags)
                library.retrack(config)
            assert_as_from_scratch(library, store, config, today)
