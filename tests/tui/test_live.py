"""Live ingestion inside the app: a real HTTP server on 127.0.0.1 feeds a running dashboard."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from ingest.config import Config, FeedConfig, Location
from ingest.records import FeedStatus
from rules import Show
from tests.feedserver import FeedServer, Reply, Seen, rss
from tests.tui.conftest import AppFactory, notices, settle
from tui.app import SeasonwatchApp
from tui.polling import FULL_COLLECTION_DEFERRED
from tui.screens.feed_health import FeedHealthScreen, FeedTable
from tui.widgets.news_feed import NewsFeed
from tui.widgets.show_list import ShowList
from tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.anyio

INTERVAL = timedelta(minutes=15)
SHOWS = (Show("Daredevil"), Show("Jessica Jones"))
FIRST = ("dd3", "Daredevil season 3 is slated for 2018", "Netflix has renewed Daredevil.")
SECOND = (
    "dd3-date",
    "Daredevil Season 3 will premiere on October 19, 2018",
    "Netflix announced that Daredevil Season 3 will premiere on October 19, 2018.",
)


class ScriptedFeed:
    """A feed whose body the test changes, and that can hold a request until released."""

    def __init__(self, *items: tuple[str, str, str]) -> None:
        self.items = list(items)
        self.hold = False
        self.arrived = threading.Event()
        self.release = threading.Event()

    def __call__(self, seen: Seen) -> Reply:
        if self.hold:
            self.arrived.set()
            self.release.wait(10)
        return Reply(200, rss(*self.items), {"Content-Type": "application/rss+xml"})


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def location_for(tmp_path: Path, *urls: str) -> Location:
    feeds = tuple(FeedConfig(url, f"Feed {i}", INTERVAL) for i, url in enumerate(urls))
    config = Config(path=None, poll_interval=INTERVAL, feeds=feeds, shows=SHOWS)
    return Location(config, tmp_path / "live-data")


def titles(app: SeasonwatchApp) -> list[str]:
    return [v.item.title for v in app.screen.query_one(NewsFeed).window.items]


async def test_the_schedule_polls_at_start_and_r_brings_new_items_live(
    make_app: AppFactory, server: FeedServer, tmp_path: Path
) -> None:
    feed = ScriptedFeed(FIRST)
    location = location_for(tmp_path, server.add("/feed", feed))
    (tmp_path / "live-data").mkdir()
    app = make_app(location, autopoll=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the never-polled feed is due: the schedule polled it
        assert titles(app) == [FIRST[1]]
        assert len(server.hits("/feed")) == 1
        before = app.board.status("Daredevil") if app.board else None

        feed.items.insert(0, SECOND)
        feed.hold = True
        await pilot.press("r")
        await asyncio.to_thread(feed.arrived.wait, 10)
        # A poll is in flight: the status line says so and the keys still work.
        assert app.polling
        assert "polling" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("j")
        assert app.screen.query_one(ShowList).selected_title == "Daredevil"
        feed.release.set()
        await settle(pilot)

        assert not app.polling
        assert SECOND[1] in titles(app)
        after = app.board.status("Daredevil") if app.board else None
        assert after and before and after.current != before.current
        assert any(n.title == "Daredevil: estimate changed" for n in notices(app))
        assert any(n.message == "1 new item" for n in notices(app))


async def test_a_failing_feed_is_a_notice_and_shown_in_feed_health(
    make_app: AppFactory, server: FeedServer, tmp_path: Path
) -> None:
    good = server.add("/good", ScriptedFeed(FIRST))
    bad = server.add("/bad", Reply(500, b"[/] [@click=app.quit] oops"))
    app = make_app(location_for(tmp_path, good, bad))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        assert titles(app) == [FIRST[1]]
        warnings = [n for n in notices(app) if n.severity == "warning"]
        assert any("Feed 1" in n.message for n in warnings)
        assert "1 of 2 feeds failing" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("f")
        assert isinstance(app.screen, FeedHealthScreen)
        table = app.screen.query_one(FeedTable)
        assert table.get_cell(bad, "status").plain == "failed"
        assert "500" in table.get_cell(bad, "error").plain
        states = {f.url: f.status for f in app.board.feeds} if app.board else {}
        assert states == {good: FeedStatus.OK, bad: FeedStatus.ERROR}


async def test_a_worker_error_becomes_a_notice_not_a_crash(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()

    async def broken(**_options: object) -> None:
        raise RuntimeError("the network [/] fell over")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.poller, "poll_once", broken)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running and not app.polling
        errors = [n for n in notices(app) if n.severity == "error"]
        assert errors and "the network [/] fell over" in errors[0].message
        assert not errors[0].markup


async def test_r_during_a_poll_does_not_start_another(
    make_app: AppFactory, server: FeedServer, tmp_path: Path
) -> None:
    feed = ScriptedFeed(FIRST)
    feed.hold = True
    app = make_app(location_for(tmp_path, server.add("/feed", feed)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await asyncio.to_thread(feed.arrived.wait, 10)
        await pilot.press("r")
        feed.release.set()
        await settle(pilot)
        assert len(server.hits("/feed")) == 1
        assert titles(app) == [FIRST[1]]


async def test_a_poll_defers_full_collections_and_runs_one_when_drawn(
    make_app: AppFactory, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = ScriptedFeed(FIRST)
    app = make_app(location_for(tmp_path, server.add("/feed", feed)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        normal, young = gc.get_threshold(), gc.collect
        collected: list[tuple[int, ...]] = []
        monkeypatch.setattr(gc, "collect", lambda *_: collected.append(gc.get_threshold()) or 0)
        feed.hold = True
        await pilot.press("r")
        await asyncio.to_thread(feed.arrived.wait, 10)
        assert gc.get_threshold() == (*normal[:2], FULL_COLLECTION_DEFERRED)
        for _ in range(normal[2] + 1):  # what a big poll does: enough for a full one
            young(1)
        feed.release.set()
        await settle(pilot)
        assert titles(app) == [FIRST[1]]
        assert collected == [(*normal[:2], FULL_COLLECTION_DEFERRED)]  # one, once drawn
        assert gc.get_threshold() == normal

        async def broken(**_options: object) -> None:
            raise RuntimeError("the network fell over")

        monkeypatch.setattr(app.poller, "poll_once", broken)
        await pilot.press("r")
        await settle(pilot)
        assert not app.polling and gc.get_threshold() == normal
