"""The Library's per-show indexes give the same statuses as counting every item.

``Library.show_status``, ``Library.counts`` and ``Library.newest(show=...)`` keep
per-show counts up to date by deltas (issue 6: a keypress must not scan the store).
``Library.snapshot`` still computes everything from all items; after every mark and
every poll's delta the two must agree, and both must agree with the estimates
computed from scratch.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ingest.config import Config
from ingest.reread import reread_items
from ingest.snapshot import Library, estimate_all
from ingest.store import Store
from rules import Lags, ReviewState, Show, newest_per_show
from tests.bench import corpus

NOW = datetime(2019, 10, 2, tzinfo=UTC)


def agree(library: Library, config: Config, store: Store) -> None:
    today = NOW.date()
    reference = library.snapshot(NOW)
    for show in config.shows:
        fast = library.show_status(show, today)
        slow = reference.show_status(show.title)
        assert slow is not None
        assert (fast.items, fast.unreviewed, fast.estimates) == (
            slow.items,
            slow.unreviewed,
            slow.estimates,
        ), show.title
        for limit in (0, 5, 300):
            by_index = library.newest(limit, show=show.title)
            by_scan = library.newest(limit, lambda i, t=show.title: t in i.mentions)
            assert by_index == by_scan, show.title
    stored = len(reference.items)
    unreviewed = sum(1 for v in reference.items if v.state is ReviewState.NEW)
    assert library.counts() == (stored, unreviewed)
    scratch = estimate_all(store.items(), store.marks(), config, today)
    cached = [e for s in config.shows for e in library.estimates(s.title, today)]
    assert sorted(cached, key=repr) == sorted(scratch, key=repr)
    assert newest_per_show(scratch) == {
        s.show.title: s.current for s in reference.shows if s.current is not None
    }


def test_marks_and_poll_deltas_keep_the_indexes_exact(tmp_path: Path) -> None:
    rng = random.Random(6)
    config = corpus.config([])
    items = corpus.build_store(tmp_path, 300)
    with Store(tmp_path, writable=True) as store:
        library = Library(config, store)
        agree(library, config, store)
        for step in range(40):
            item = rng.choice(items)
            state = rng.choice(list(ReviewState))
            library.mark(item.id, state, NOW + timedelta(minutes=step))
            if step % 8 == 0:
                # a poll: one item now mentions another show, one is new
                other = rng.choice([t for t in corpus.TRACKED if t not in item.mentions])
                moved = replace(rng.choice(items), mentions=(other,), claims=())
                fresh = replace(items[0], id=f"{step:012x}", published=NOW)
                store.save_poll([moved, fresh], [])
                library.apply([moved, fresh])
                items = [*items, fresh]
            agree(library, config, store)


def test_retrack_follows_a_show_added_and_one_removed(tmp_path: Path) -> None:
    # The dashboard's `a` and `d`: the config changes, the store is re-read for it
    # (ingest.reread), and the Library takes the changed items instead of a reload.
    rng = random.Random(7)
    config = corpus.config([])
    items = corpus.build_store(tmp_path, 300)
    with Store(tmp_path, writable=True) as store:
        library = Library(config, store)
        for step, item in enumerate(rng.sample(items, 30)):
            library.mark(item.id, rng.choice(list(ReviewState)), NOW + timedelta(minutes=step))
        agree(library, config, store)
        added = Show("Fargo (FX)", ("Fargo",))  # found by its alias in the stored news
        kept = tuple(s for s in config.shows if s.title != "Fargo")
        for shows in ((*kept, added), kept, config.shows):
            new = replace(config, shows=shows)
            result = reread_items(store, new.shows, NOW)
            library.retrack(new, result.changed_items)
            agree(library, new, store)
            if added in shows:
                assert library.show_status(added, NOW.date()).items > 0
        assert result.changed_items and all(i in store.items() for i in result.changed_items)
        slower = replace(config, lags=Lags(production_to_premiere=(400, 900)))
        library.retrack(slower)
        agree(library, slower, store)
