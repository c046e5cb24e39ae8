"""The dashboard opens on its board cache and loads the store behind it; marks stay safe.

The real app over a copy of the demo store. The store's load is held at its last step
(a gate in the worker thread that runs it) to look at the screen between the cached
board and the Library's: what a user sees in the first frames of a large store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

import tui.app
from ingest.boardcache import CACHE_FILE, CachedStart
from ingest.config import Config, Location
from ingest.snapshot import Library
from ingest.store import Store
from rules import ReviewState
from tests.tui.conftest import NOW, AppFactory, notices, settle
from tui.app import SeasonwatchApp
from tui.view import Board
from tui.widgets.news_feed import NewsFeed

pytestmark = pytest.mark.anyio


class Gate:
    """Holds the store's load before its Library is made, until opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.event = threading.Event()
        real = tui.app.library_in_steps

        def steps(config: Config, store: Store) -> Iterator[Library | None]:
            for step in real(config, store):
                if step is not None:
                    self.event.wait(30)
                yield step

        monkeypatch.setattr(tui.app, "library_in_steps", steps)

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch) -> list[CachedStart | None]:
    """What each open found in the board cache (None: no valid cache)."""
    found: list[CachedStart | None] = []
    real = tui.app.open_cached

    def spy(*args: Any) -> CachedStart | None:
        start = real(*args)
        found.append(start)
        return start

    monkeypatch.setattr(tui.app, "open_cached", spy)
    return found


async def first_board(pilot: Pilot[Any]) -> Board:
    app = pilot.app
    assert isinstance(app, SeasonwatchApp)
    for _ in range(200):
        if app.board is not None:
            await pilot.pause()
            return app.board
        await pilot.pause()
    raise AssertionError("no board shown")


async def open_and_quit(make_app: AppFactory, location: Location | None = None) -> None:
    app = make_app(location)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    app.close()


def headlines(board: Board) -> list[tuple[object, ...]]:
    return [
        (
            s.show,
            s.items,
            s.unreviewed,
            s.current and replace(s.current, evidence=(), claims=(), reasons=()),
        )
        for s in board.shows
    ]


async def test_quitting_saves_the_cache_and_the_next_open_shows_it_first(
    make_app: AppFactory,
    demo_location: Location,
    starts: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await open_and_quit(make_app)
    assert (demo_location.data_dir / CACHE_FILE).exists()
    assert starts == [None]  # the first open had none
    gate = Gate(monkeypatch)
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            cached = await first_board(pilot)
            assert app.library is None  # shown before the store loaded
            assert starts[-1] is not None
            assert app.screen.query_one(NewsFeed).row_count == len(cached.news.items) > 0
            gate.open()
            await settle(pilot)
            assert app.library is not None and app.board is not None
            assert headlines(app.board) == headlines(cached)
            assert app.board.news.items == cached.news.items
            assert (app.board.stored, app.board.unreviewed) == (cached.stored, cached.unreviewed)
    finally:
        gate.open()


async def test_a_mark_made_while_the_store_loads_is_saved_once_it_has(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_and_quit(make_app)
    gate = Gate(monkeypatch)
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            cached = await first_board(pilot)
            await pilot.press("tab")
            item = app.screen.query_one(NewsFeed).current_item
            assert item is not None and item.state is ReviewState.NEW
            await pilot.press("c")
            await pilot.pause()
            assert any("still loading" in n.message for n in notices(app))
            gate.open()
            await settle(pilot)
            with Store(demo_location.data_dir, writable=False) as store:
                assert store.review_state(item.item.id) is ReviewState.CONFIRMED
            assert app.board is not None
            shown = app.board.news.find(item.item.id)
            assert shown is not None and shown.state is ReviewState.CONFIRMED
            assert app.board.unreviewed == cached.unreviewed - 1
    finally:
        gate.open()


async def test_a_mark_made_elsewhere_makes_the_next_open_ignore_the_cache(
    make_app: AppFactory, demo_location: Location, starts: list[Any]
) -> None:
    await open_and_quit(make_app)
    with Store(demo_location.data_dir, writable=True, command="mark") as store:
        library = Library(demo_location.config, store)
        (view,), _ = library.newest(1)
        store.set_mark(view.item.id, ReviewState.IGNORED, NOW)  # `seasonwatch mark`
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert starts[-1] is None
        assert app.board is not None
        shown = app.board.news.find(view.item.id)
        assert shown is not None and shown.state is ReviewState.IGNORED


async def test_a_mark_then_quit_leaves_a_cache_the_next_open_trusts(
    make_app: AppFactory, starts: list[Any]
) -> None:
    await open_and_quit(make_app)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "i")
        await settle(pilot)
        item = app.screen.query_one(NewsFeed).current_item
        assert item is not None and item.state is ReviewState.IGNORED
        unreviewed = app.board.unreviewed if app.board else -1
        await pilot.press("q")
        await pilot.pause()
    app.close()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert starts[-1] is not None
        assert starts[-1].cached.unreviewed == unreviewed
        shown = next(v for v in starts[-1].news if v.item.id == item.item.id)
        assert shown.state is ReviewState.IGNORED


async def test_a_damaged_cache_opens_like_no_cache(
    make_app: AppFactory, demo_location: Location, starts: list[Any]
) -> None:
    await open_and_quit(make_app)
    (demo_location.data_dir / CACHE_FILE).write_bytes(b'{"format":1,"key":')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert starts[-1] is None
        assert app.board is not None and app.board.stored > 0
    await open_and_quit(make_app)  # saves a good one on quit
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert starts[-1] is not None
