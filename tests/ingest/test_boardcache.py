"""The board cache: used when everything it derives from is unchanged, ignored otherwise.

Real stores in ``tmp_path`` (the benchmark corpus, a few hundred items with marks), a
real Library, the cache written and read back as the dashboard does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ingest import boardcache
from ingest.boardcache import CacheKey, cache_path, open_cached, save_cache
from ingest.config import Config
from ingest.snapshot import Library
from ingest.store import Store
from rules import Lags, ReviewState, Show
from tests.bench import corpus

NOW = corpus.START
TODAY = NOW.date()
PAGE = 60
UNMARKED = list(corpus.stored_items(2))[1].id
"""An item the corpus leaves unmarked (it marks every 50th, from the first)."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    corpus.build_store(data, 300)
    return data


@pytest.fixture
def config() -> Config:
    return corpus.config([])


def saved(folder: Path, config: Config) -> CacheKey:
    """Open the store, load a Library, save its cache; the cache's key."""
    with Store(folder, writable=True, command="test") as store:
        key = save_cache(Library(config, store), TODAY, PAGE)
    assert key is not None
    return key


def reopened(folder: Path, config: Config, today: object = TODAY) -> boardcache.CachedStart | None:
    with Store(folder, writable=True, command="test") as store:
        return open_cached(store, config, today)  # type: ignore[arg-type]


def test_a_saved_cache_shows_what_the_library_shows(folder: Path, config: Config) -> None:
    saved(folder, config)
    start = reopened(folder, config)
    assert start is not None
    with Store(folder, writable=True, command="test") as store:
        library = Library(config, store)
        statuses = [library.show_status(show, TODAY) for show in config.shows]
        news, total = library.newest(PAGE)
        assert library.counts() == (start.cached.stored, start.cached.unreviewed)
    assert [s.show for s in start.shows] == list(config.shows)
    for cached, real in zip(start.shows, statuses, strict=True):
        assert (cached.items, cached.unreviewed) == (real.items, real.unreviewed)
        assert [_headline(e) for e in cached.estimates] == [_headline(e) for e in real.estimates]
        assert _headline(cached.current) == _headline(real.current)
    assert start.news == news  # the same items, with the states in the marks file
    assert start.cached.news_total == total
    assert {v.state for v in start.news} > {ReviewState.NEW}  # marked ones among them


def _headline(estimate: object) -> object:
    if estimate is None:
        return None
    return replace(estimate, evidence=(), claims=(), reasons=())  # type: ignore[type-var]


def test_the_cache_holds_no_review_state_and_no_claims(folder: Path, config: Config) -> None:
    saved(folder, config)
    text = (folder / boardcache.CACHE_FILE).read_text()
    assert "confirmed" not in text and "ignored" not in text
    assert "evidence" not in text


def test_a_mark_from_another_process_makes_it_stale(folder: Path, config: Config) -> None:
    saved(folder, config)
    item_id = UNMARKED
    with Store(folder, writable=True, command="mark") as store:  # `seasonwatch mark`
        store.set_mark(item_id, ReviewState.IGNORED, NOW)
    assert reopened(folder, config) is None


def test_the_same_state_marked_again_still_makes_it_stale(folder: Path, config: Config) -> None:
    # A mark's history changes even when its state does not: the digest is of the file.
    item_id = UNMARKED
    with Store(folder, writable=True, command="mark") as store:
        store.set_mark(item_id, ReviewState.CONFIRMED, NOW)
    saved(folder, config)
    with Store(folder, writable=True, command="mark") as store:
        store.set_mark(item_id, ReviewState.CONFIRMED, NOW + timedelta(minutes=1))
    assert reopened(folder, config) is None


def test_new_items_make_it_stale(folder: Path, config: Config) -> None:
    saved(folder, config)
    extra = list(corpus.stored_items(301))[-1]
    with Store(folder, writable=True, command="ingest") as store:
        store.save_poll([replace(extra, id="0" * 12)], [])
    assert reopened(folder, config) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda c: replace(c, shows=(*c.shows, Show("Severance"))),
        lambda c: replace(c, shows=c.shows[1:]),
        lambda c: replace(c, shows=(replace(c.shows[0], aliases=("ST",)), *c.shows[1:])),
        lambda c: replace(c, lags=Lags(production_to_premiere=(90, 400))),
    ],
    ids=["show added", "show removed", "alias added", "lags changed"],
)
def test_a_config_change_makes_it_stale(folder: Path, config: Config, change: object) -> None:
    saved(folder, config)
    assert reopened(folder, change(config)) is None  # type: ignore[operator]
    assert reopened(folder, config) is not None


def test_a_rules_version_change_makes_it_stale(
    folder: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(folder, config)
    monkeypatch.setattr(boardcache, "RULES_VERSION", "next")
    assert reopened(folder, config) is None


def test_another_day_makes_it_stale(folder: Path, config: Config) -> None:
    saved(folder, config)  # estimates depend on "today"
    assert reopened(folder, config, TODAY + timedelta(days=1)) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"not json at all",
        lambda raw: b"[1, 2, 3]",
        lambda raw: raw.replace(b'"stored":', b'"stored":"many","was":'),
        lambda raw: raw.replace(b'"format":1', b'"format":99'),
        lambda raw: raw.replace(b'"news":["', b'"news":[7,"'),
        lambda raw: raw.replace(b'"cancelled"', b'"someday"'),
    ],
    ids=["empty", "truncated", "garbage", "a list", "wrong type", "format", "bad id", "phase"],
)
def test_a_damaged_cache_is_ignored(folder: Path, config: Config, damage: object) -> None:
    saved(folder, config)
    path = folder / boardcache.CACHE_FILE
    raw = path.read_bytes()
    damaged = damage(raw)  # type: ignore[operator]
    assert damaged != raw
    path.write_bytes(damaged)
    assert reopened(folder, config) is None


def test_no_cache_is_no_cache(folder: Path, config: Config) -> None:
    assert reopened(folder, config) is None


def test_a_cache_naming_an_item_that_is_gone_is_ignored(folder: Path, config: Config) -> None:
    saved(folder, config)
    path = folder / boardcache.CACHE_FILE
    path.write_bytes(path.read_bytes().replace(b'"news":["', b'"news":["ffffffffffff","'))
    assert reopened(folder, config) is None


def test_saving_again_unchanged_writes_nothing(folder: Path, config: Config) -> None:
    with Store(folder, writable=True, command="test") as store:
        library = Library(config, store)
        key = save_cache(library, TODAY, PAGE)
        cache_path(store).unlink()
        assert save_cache(library, TODAY, PAGE, unless=key) is None
        assert not cache_path(store).exists()
        library.mark(UNMARKED, ReviewState.CONFIRMED, NOW)
        assert save_cache(library, TODAY, PAGE, unless=key) not in (None, key)
        assert open_cached(store, config, TODAY) is not None


# --- an outdated cache: shown while the store loads, never trusted -------------------


def reopened_outdated(
    folder: Path, config: Config, today: object = TODAY
) -> boardcache.CachedStart | None:
    with Store(folder, writable=True, command="test") as store:
        return open_cached(store, config, today, outdated=True)  # type: ignore[arg-type]


def test_a_cache_of_another_day_opens_as_outdated(folder: Path, config: Config) -> None:
    saved(folder, config)
    start = reopened_outdated(folder, config, TODAY + timedelta(days=1))
    assert start is not None and start.outdated
    assert start.estimated_on == TODAY
    assert start.now.today == str(TODAY + timedelta(days=1))
    current = reopened_outdated(folder, config)
    assert current is not None and not current.outdated and current.estimated_on == TODAY


def test_a_cache_from_before_new_items_opens_as_outdated(folder: Path, config: Config) -> None:
    saved(folder, config)
    extra = list(corpus.stored_items(301))[-1]
    with Store(folder, writable=True, command="ingest") as store:  # `seasonwatch ingest`
        store.save_poll([replace(extra, id="0" * 12)], [])
    start = reopened_outdated(folder, config, TODAY + timedelta(days=3))
    assert start is not None and start.outdated
    assert start.cached.key.items != start.now.items
    assert start.cached.stored == 300  # the counts as they were: to be updated


def test_an_outdated_cache_is_still_ignored_after_a_mark(folder: Path, config: Config) -> None:
    saved(folder, config)
    with Store(folder, writable=True, command="mark") as store:
        store.set_mark(UNMARKED, ReviewState.IGNORED, NOW)
    assert reopened_outdated(folder, config, TODAY + timedelta(days=1)) is None


def test_an_outdated_cache_is_still_ignored_for_other_shows_or_lags(
    folder: Path, config: Config
) -> None:
    saved(folder, config)
    tomorrow = TODAY + timedelta(days=1)
    aliased = replace(config, shows=(replace(config.shows[0], aliases=("ST",)), *config.shows[1:]))
    assert reopened_outdated(folder, aliased, tomorrow) is None
    lagged = replace(config, lags=Lags(production_to_premiere=(90, 400)))
    assert reopened_outdated(folder, lagged, tomorrow) is None
    assert reopened_outdated(folder, config, tomorrow) is not None


def test_an_outdated_cache_is_still_ignored_under_other_rules(
    folder: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(folder, config)
    monkeypatch.setattr(boardcache, "RULES_VERSION", "next")
    assert reopened_outdated(folder, config, TODAY + timedelta(days=1)) is None


def test_an_outdated_cache_with_an_unreadable_day_is_ignored(folder: Path, config: Config) -> None:
    saved(folder, config)
    path = folder / boardcache.CACHE_FILE
    raw = path.read_bytes()
    day = f'"today":"{TODAY}"'.encode()
    assert day in raw
    path.write_bytes(raw.replace(day, b'"today":"someday"'))
    assert reopened_outdated(folder, config) is None
