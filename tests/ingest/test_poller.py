"""Whole poll cycles against a real HTTP server on 127.0.0.1 and a real store."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.clock import FrozenClock
from ingest.config import Config, FeedConfig
from ingest.fetch import FetchLimits
from ingest.parsepool import ParserPool
from ingest.poller import FeedOutcome, Poller, PollReport
from ingest.records import FeedStatus
from ingest.schedule import BACKOFF_CAP
from ingest.store import ITEMS_FILE, Store
from rules import ReviewState, Show
from tests.feedserver import FeedServer, Reply, conditional, rss

INTERVAL = timedelta(minutes=15)
SHOWS = (Show("Daredevil"), Show("Jessica Jones"))


@pytest.fixture(scope="module")
def pool() -> Iterator[ParserPool]:
    with ParserPool(workers=2, timeout=10) as running:
        yield running


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2019, 1, 1, tzinfo=UTC))


def config_for(*urls: str) -> Config:
    feeds = tuple(FeedConfig(url, f"feed{i}", INTERVAL) for i, url in enumerate(urls))
    return Config(path=None, poll_interval=INTERVAL, feeds=feeds, shows=SHOWS)


def poll(
    config: Config, store: Store, clock: FrozenClock, pool: ParserPool, *, force: bool = False
) -> PollReport:
    poller = Poller(config, store, clock=clock, pool=pool, limits=FetchLimits(deadline=5))
    return asyncio.run(poller.poll_once(force=force))


def test_first_poll_stores_matching_items_and_conditional_get_follows(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    body = rss(("1", "Daredevil season 3 is slated for 2018", "x"), ("2", "A film opens", "y"))
    url = server.add("/f", conditional(body, '"e1"', "Mon, 31 Dec 2018 00:00:00 GMT", "text/xml"))
    config = config_for(url)
    with Store(tmp_path, writable=True) as store:
        report = poll(config, store, clock, pool)
        assert [o.status for o in report.outcomes] == [FeedStatus.OK]
        assert len(report.new_items) == 1 and report.wrote
        item = report.new_items[0]
        assert item.mentions == ("Daredevil",) and item.feed_name == "feed0"
        assert store.item(item.id) == item
        state = store.feed_states()[url]
        assert (state.etag, state.entries, state.matched) == ('"e1"', 2, 1)
        assert state.next_poll == clock.now() + INTERVAL

        # not due yet: nothing is fetched
        assert poll(config, store, clock, pool).outcomes == ()
        assert len(server.hits("/f")) == 1

        # due: a conditional GET, a 304, and no write of the item store
        clock.advance(INTERVAL)
        before = (tmp_path / ITEMS_FILE).stat().st_mtime_ns
        report = poll(config, store, clock, pool)
        assert [o.status for o in report.outcomes] == [FeedStatus.NOT_MODIFIED]
        assert server.hits("/f")[-1].headers["if-none-match"] == '"e1"'
        assert not report.wrote
        assert (tmp_path / ITEMS_FILE).stat().st_mtime_ns == before


def test_changed_item_is_updated_and_keeps_its_mark(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    bodies = iter(
        [
            rss(("1", "Daredevil season 3 may come in 2018", "x")),
            rss(
                ("1", "Daredevil season 3 premieres October 19", "x"),
                ("1", "dup guid Daredevil season 3", "z"),
            ),
        ]
    )
    current = {"body": next(bodies)}
    url = server.add("/f", lambda _seen: Reply(200, current["body"]))
    config = config_for(url)
    with Store(tmp_path, writable=True) as store:
        first = poll(config, store, clock, pool).new_items[0]
        store.set_mark(first.id, ReviewState.CONFIRMED, clock.now())
        current["body"] = next(bodies)
        clock.advance(INTERVAL)
        report = poll(config, store, clock, pool)
        assert report.new_items == () and len(report.updated_items) == 1
        assert len(store.items()) == 1
        updated = store.item(first.id)
        assert updated is not None and updated.title == "Daredevil season 3 premieres October 19"
        assert updated.first_seen == first.first_seen
        assert store.review_state(first.id) is ReviewState.CONFIRMED


def test_same_body_again_is_not_parsed(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    url = server.add(
        "/f", Reply(200, rss(("1", "Daredevil season 3 news", "x")))
    )  # no validators at all
    config = config_for(url)
    with Store(tmp_path, writable=True) as store:
        poll(config, store, clock, pool)
        clock.advance(INTERVAL)
        report = poll(config, store, clock, pool)
        assert [o.status for o in report.outcomes] == [FeedStatus.NOT_MODIFIED]


def test_one_failing_feed_never_touches_the_others_and_backs_off(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    good = server.add("/good", Reply(200, rss(("1", "Jessica Jones season 2 in 2018", "x"))))
    broken = {"reply": Reply(500, b"boom")}
    bad = server.add("/bad", lambda _seen: broken["reply"])
    html = server.add("/html", Reply(200, b"<!DOCTYPE html><html><body>hi</body></html>"))
    config = config_for(good, bad, html, str(tmp_path / "missing.xml"))
    with Store(tmp_path / "data", writable=True) as store:
        report = poll(config, store, clock, pool)
        by_url = {o.url: o for o in report.outcomes}
        assert by_url[good].status is FeedStatus.OK and len(report.new_items) == 1
        assert by_url[bad].error == "HTTP 500 Internal Server Error"
        assert "HTML page" in (by_url[html].error or "")
        assert "no such file" in (by_url[str(tmp_path / "missing.xml")].error or "")

        waits = []
        for _ in range(8):
            state = store.feed_states()[bad]
            waits.append(state.next_poll - clock.now())  # type: ignore[operator]
            clock.current = state.next_poll  # type: ignore[assignment]
            poll(config, store, clock, pool)
        assert waits[:4] == [INTERVAL, INTERVAL * 2, INTERVAL * 4, INTERVAL * 8]
        assert max(waits) == BACKOFF_CAP  # capped, never disabled
        assert store.feed_states()[bad].consecutive_errors == 9  # the first poll and 8 retries

        broken["reply"] = Reply(200, rss(("9", "Daredevil season 3 news", "x")))
        clock.current = store.feed_states()[bad].next_poll  # type: ignore[assignment]
        report = poll(config, store, clock, pool)
        recovered = store.feed_states()[bad]
        assert recovered.status is FeedStatus.OK and recovered.error is None
        assert recovered.consecutive_errors == 0


def test_retry_after_is_honoured(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    url = server.add("/f", Reply(429, b"", {"Retry-After": "7200"}))
    with Store(tmp_path, writable=True) as store:
        poll(config_for(url), store, clock, pool)
        assert store.feed_states()[url].next_poll == clock.now() + timedelta(hours=2)


def test_new_show_rereads_unchanged_feeds(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    body = rss(("1", "Fargo season 4 is in production", "x"))
    url = server.add("/f", conditional(body, '"e1"', "Mon, 31 Dec 2018 00:00:00 GMT", "text/xml"))
    with Store(tmp_path, writable=True) as store:
        assert poll(config_for(url), store, clock, pool).new_items == ()
        with_fargo = Config(path=None, feeds=config_for(url).feeds, shows=(*SHOWS, Show("Fargo")))
        report = poll(with_fargo, store, clock, pool, force=True)
        assert "if-none-match" not in server.hits("/f")[-1].headers
        assert [i.mentions for i in report.new_items] == [("Fargo",)]


def test_local_files_poll_without_reading_when_unchanged(
    tmp_path: Path, clock: FrozenClock, pool: ParserPool
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(("1", "Daredevil S3 slated for 2018", "x")))
    config = config_for(str(feed))
    with Store(tmp_path / "data", writable=True) as store:
        assert len(poll(config, store, clock, pool).new_items) == 1
        again = poll(config, store, clock, pool, force=True)
        assert [o.status for o in again.outcomes] == [FeedStatus.NOT_MODIFIED]


def test_retrack_reads_unchanged_feeds_again_with_the_new_shows(
    tmp_path: Path, server: FeedServer, clock: FrozenClock, pool: ParserPool
) -> None:
    # The dashboard adds a show to the poller it already holds (tui.manage).
    body = rss(("1", "Fargo season 4 is in production", "x"))
    url = server.add("/f", conditional(body, '"e1"', "Mon, 31 Dec 2018 00:00:00 GMT", "text/xml"))
    with Store(tmp_path, writable=True) as store:
        poller = Poller(config_for(url), store, clock=clock, pool=pool)
        assert asyncio.run(poller.poll_once()).new_items == ()
        config = config_for(url)
        poller.retrack(Config(path=None, feeds=config.feeds, shows=(*SHOWS, Show("Fargo"))))
        report = asyncio.run(poller.poll_once(force=True))
        assert [i.mentions for i in report.new_items] == [("Fargo",)]


def test_a_moved_feed_folder_keeps_its_item_ids_and_marks(
    tmp_path: Path, pool: ParserPool, clock: FrozenClock
) -> None:
    """Relative feed paths (the demo's) make the ids: a new checkout finds the same items.

    The demo's feeds live in the installed package; with ids made from their absolute
    paths, a second clone polling the same data folder stored all 80 items again, and
    the user's marks stayed on the old copies.
    """
    import shutil

    import sample_feeds
    from ingest.config import DEMO_CONFIG_NAME, load_config

    source = Path(sample_feeds.__file__).parent
    first, second = tmp_path / "first", tmp_path / "elsewhere" / "second"
    for folder in (first, second):
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
    data = tmp_path / "data"
    with Store(data, writable=True) as store:
        poll(load_config(first / DEMO_CONFIG_NAME), store, clock, pool)
        ids = {item.id for item in store.items()}
        marked = sorted(ids)[0]
        store.set_mark(marked, ReviewState.CONFIRMED, clock.now())
        poll(load_config(second / DEMO_CONFIG_NAME), store, clock, pool)
        assert {item.id for item in store.items()} == ids  # nothing stored twice
        assert store.marks()[marked].state is ReviewState.CONFIRMED
    assert len(ids) >= 80


def test_items_stored_under_their_old_path_ids_keep_them(
    tmp_path: Path, pool: ParserPool, clock: FrozenClock
) -> None:
    """A store made when relative feed paths were keyed by where they resolved keeps
    those ids (and the marks on them) instead of storing every item again."""
    import shutil
    from dataclasses import replace

    import sample_feeds
    from ingest.config import DEMO_CONFIG_NAME, load_config

    folder = tmp_path / "feeds"
    source = Path(sample_feeds.__file__).parent
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
    now = load_config(folder / DEMO_CONFIG_NAME)
    before = replace(now, feeds=tuple(replace(f, relative="") for f in now.feeds))
    assert all(f.identity != f.url for f in now.feeds)
    with Store(tmp_path / "data", writable=True) as store:
        poll(before, store, clock, pool)
        ids = {item.id for item in store.items()}
        marked = sorted(ids)[0]
        store.set_mark(marked, ReviewState.IGNORED, clock.now())
        for feed in now.feeds:  # every body changes, so every entry is read again
            Path(feed.url).write_bytes(Path(feed.url).read_bytes() + b"\n<!-- again -->\n")
        poll(now, store, clock, pool, force=True)
        assert {item.id for item in store.items()} == ids
        assert store.marks()[marked].state is ReviewState.IGNORED


def test_a_report_repr_gives_counts_not_contents() -> None:
    # asyncio.run formats its task's result on the way out: a report of 1,000 feeds
    # and their items must not cost a full dataclass repr there.
    outcome = FeedOutcome("http://example.org/f", "f", FeedStatus.NOT_MODIFIED)
    now = datetime(2019, 1, 1, tzinfo=UTC)
    report = PollReport(now, now, outcomes=(outcome,) * 1000)
    text = repr(report)
    assert "feeds=1000" in text and "failed=0" in text
    assert len(text) < 300
