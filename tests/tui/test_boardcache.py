"""The dashboard opens on its board cache and loads the store behind it; marks stay safe.

The real app over a copy of the demo store. The store's load is held at its last step
(a gate in the worker thread that runs it) to look at the screen between the cached
board and the Library's: what a user sees in the first frames of a large store.

An outdated cache (yesterday's, or from before a background ingest) is shown the same
way, marked as updating, then replaced by today's estimates. The demo gets one more
show for it, whose season premieres on the tests' today: "scheduled" today,
"premiered" tomorrow, so a board that never refreshed shows yesterday's word.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets.data_table import RowKey

import ingest.boardcache
import ingest.marksfile
import tui.boardstart
from ingest.boardcache import CACHE_FILE, CachedStart
from ingest.clock import FrozenClock
from ingest.config import Config, Location
from ingest.itemfile import loads
from ingest.marksfile import journal_path
from ingest.snapshot import Library
from ingest.store import MARKS_FILE, Store
from rules import Certainty, Claim, ClaimKind, DateWindow, ReviewState, Show
from tests.tui.conftest import NOW, AppFactory, notices, settle
from tui.app import SeasonwatchApp
from tui.screens.item_detail import ItemDetailScreen
from tui.screens.show_detail import ShowDetailScreen
from tui.view import Board
from tui.widgets.news_feed import NewsFeed
from tui.widgets.show_list import ShowList
from tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.anyio


class Gate:
    """Holds the store's load before its Library is made, until opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.event = threading.Event()
        real = tui.boardstart.library_in_steps

        def steps(config: Config, store: Store) -> Iterator[Library | None]:
            for step in real(config, store):
                if step is not None:
                    self.event.wait(30)
                yield step

        monkeypatch.setattr(tui.boardstart, "library_in_steps", steps)

    def open(self) -> None:
        self.event.set()


@asynccontextmanager
async def store_held(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, *args: Any, **options: Any
) -> AsyncIterator[tuple[SeasonwatchApp, Pilot[None], Gate]]:
    """An app from ``make_app(*args, **options)``, running, its store's load held by a
    ``Gate`` until the test opens it; opened in any case when the block ends, so a
    failing test never leaves the load thread waiting."""
    gate = Gate(monkeypatch)
    app = make_app(*args, **options)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            yield app, pilot, gate
    finally:
        gate.open()


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch) -> list[CachedStart | None]:
    """What each open found in the board cache (None: no valid cache)."""
    found: list[CachedStart | None] = []
    real = tui.boardstart.open_cached

    def spy(*args: Any, **options: Any) -> CachedStart | None:
        start = real(*args, **options)
        found.append(start)
        return start

    monkeypatch.setattr(tui.boardstart, "open_cached", spy)
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
    async with store_held(make_app, monkeypatch) as (app, pilot, gate):
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


async def test_a_mark_made_while_the_store_loads_is_saved_once_it_has(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_and_quit(make_app)
    async with store_held(make_app, monkeypatch) as (app, pilot, gate):
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


async def test_marks_in_the_journal_then_quit_leave_a_cache_the_next_open_trusts(
    make_app: AppFactory, demo_location: Location, starts: list[Any]
) -> None:
    # The first mark makes marks.json; later ones are lines in its journal, which the
    # store folds into the file when it closes, after the quit saved the cache. The
    # cache's key must still match the folder the next open finds.
    await open_and_quit(make_app)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "i", "j", "c", "j", "i")
        await settle(pilot)
        assert journal_path(demo_location.data_dir / MARKS_FILE).exists()
        unreviewed = app.board.unreviewed if app.board else -1
        await pilot.press("q")
        await pilot.pause()
    app.close()
    assert not journal_path(demo_location.data_dir / MARKS_FILE).exists()  # folded
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert starts[-1] is not None, "the cache saved at quit was not trusted"
        assert starts[-1].cached.unreviewed == unreviewed


async def test_a_fold_that_fails_at_quit_loses_no_mark_and_still_saves_the_cache(
    make_app: AppFactory,
    demo_location: Location,
    starts: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(path: object, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    await open_and_quit(make_app)
    opened = len(starts)
    real_write = ingest.marksfile.atomic_write
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "i")  # the first mark writes marks.json itself
        await settle(pilot)
        # Two more marks, journal lines, and a quit before the cache's next save: the
        # fold at quit fails (a full disk), and the cache must be saved all the same.
        monkeypatch.setattr(ingest.marksfile, "atomic_write", disk_full)
        await pilot.press("j", "c", "j", "i", "q")
        await pilot.pause()
    app.close()
    monkeypatch.setattr(ingest.marksfile, "atomic_write", real_write)
    assert journal_path(demo_location.data_dir / MARKS_FILE).exists()  # kept whole
    with Store(demo_location.data_dir, writable=False) as store:
        states = sorted(m.state.value for m in store.marks().values())
    assert states == sorted(["ignored", "confirmed", "ignored"])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(starts) == opened + 2
        assert starts[-1] is not None, "a failed fold at quit left no usable cache"


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


# --- an outdated cache: yesterday's board at once, today's estimates once loaded ------

TODAY = NOW.date()
PREMIERING = "Severance"
"""The extra show: its season 2 premieres on ``TODAY`` (scheduled today, premiered after)."""
PREMIERE_ITEM = "5e5e5e5e5e5e"
"""The id of the one item that says so."""


def tomorrow() -> FrozenClock:
    return FrozenClock(NOW + timedelta(days=1))


def premiering_today(location: Location) -> Location:
    """The demo plus a show whose premiere is today, and one stored item that says so."""
    config = replace(location.config, shows=(*location.config.shows, Show(PREMIERING)))
    with Store(location.data_dir, writable=True, command="test") as store:
        template = store.items()[0]
        sentence = f"{PREMIERING} season 2 premieres on July 1, 2019."
        claim = Claim(
            PREMIERING,
            2,
            ClaimKind.PREMIERE,
            DateWindow(TODAY, TODAY),
            Certainty.CONFIRMED,
            sentence,
        )
        item = replace(
            template,
            id=PREMIERE_ITEM,
            title=sentence,
            summary=sentence,
            mentions=(PREMIERING,),
            claims=(claim,),
            published=NOW - timedelta(days=10),
        )
        store.save_poll([item], [])
    return Location(config, location.data_dir)


def phase_shown(app: SeasonwatchApp, title: str) -> str:
    """The phase badge the show list draws for a show."""
    return app.screen.query_one(ShowList).get_cell(title, "phase").plain.strip()


def status_shown(app: SeasonwatchApp) -> str:
    return app.screen.query_one(StatusLine).render().plain


def cached_day(location: Location) -> str:
    key = loads((location.data_dir / CACHE_FILE).read_bytes())["key"]
    return str(key["today"])


async def test_yesterdays_cache_shows_at_once_then_todays_estimates(
    make_app: AppFactory,
    demo_location: Location,
    starts: list[CachedStart | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    location = premiering_today(demo_location)
    await open_and_quit(make_app, location)
    assert cached_day(location) == str(TODAY)
    async with store_held(make_app, monkeypatch, location, clock=tomorrow()) as (app, pilot, gate):
        cached = await first_board(pilot)
        assert app.library is None  # shown before the store loaded
        assert starts[-1] is not None and starts[-1].outdated
        assert cached.estimates_as_of == TODAY
        assert phase_shown(app, PREMIERING) == "scheduled"  # yesterday's word
        assert "updating yesterday's estimates" in status_shown(app)
        shows = app.screen.query_one(ShowList)
        redrawn: list[str] = []
        real_update = shows.update_cell

        def update_cell(row_key: Any, *args: Any, **options: Any) -> None:
            redrawn.append(str(getattr(row_key, "value", row_key)))
            real_update(row_key, *args, **options)

        monkeypatch.setattr(shows, "update_cell", update_cell)
        gate.open()
        await settle(pilot)
        assert app.board is not None and app.board.estimates_as_of is None
        assert phase_shown(app, PREMIERING) == "premiered"
        assert "updating" not in status_shown(app)
        assert set(redrawn) == {PREMIERING}  # only the row that changed
        await pilot.press("q")
        await pilot.pause()
    assert cached_day(location) == str(TODAY + timedelta(days=1))  # a fresh cache


async def test_screens_opened_while_updating_say_so(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = premiering_today(demo_location)
    await open_and_quit(make_app, location)
    async with store_held(make_app, monkeypatch, location, clock=tomorrow()) as (app, pilot, gate):
        await first_board(pilot)
        shows = app.screen.query_one(ShowList)
        shows.move_cursor(row=shows.get_row_index(RowKey(PREMIERING)), animate=False)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShowDetailScreen)
        headline = str(screen.query_one("#show-headline", Static).visual)
        assert "scheduled" in headline and "yesterday's estimate, updating" in headline
        why = str(screen.query_one("#show-reasons", Static).visual)
        assert "today's estimate and the rules behind it follow" in why
        gate.open()
        await settle(pilot)
        headline = str(screen.query_one("#show-headline", Static).visual)
        assert "premiered" in headline and "updating" not in headline
        why = str(screen.query_one("#show-reasons", Static).visual)
        assert "premiered" in why and "follow in a moment" not in why


async def test_an_item_opened_while_updating_is_the_item_as_stored_now(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_and_quit(make_app)
    with Store(demo_location.data_dir, writable=True, command="ingest") as store:
        (newest,), _ = Library(demo_location.config, store).newest(1)
        changed = replace(newest.item, title="Its feed changed the title overnight")
        store.save_poll([changed], [])  # a background ingest updated it
    # The load stays held: the item is opened from the cached board alone.
    async with store_held(make_app, monkeypatch, clock=tomorrow()) as (app, pilot, _gate):
        cached = await first_board(pilot)
        assert cached.estimates_as_of == TODAY and app.library is None
        await pilot.press("tab", "enter")
        screen = app.screen
        assert isinstance(screen, ItemDetailScreen)
        assert screen.view.item == changed  # not the item as the cache was saved
        assert changed.title in str(screen.query_one("#item-title", Static).visual)


async def test_a_mark_made_while_updating_is_saved_and_kept(
    make_app: AppFactory,
    demo_location: Location,
    starts: list[CachedStart | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    location = premiering_today(demo_location)
    await open_and_quit(make_app, location)
    async with store_held(make_app, monkeypatch, location, clock=tomorrow()) as (app, pilot, gate):
        cached = await first_board(pilot)
        assert cached.estimates_as_of is not None
        await pilot.press("tab")
        feed = app.screen.query_one(NewsFeed)
        feed.move_cursor(row=feed.get_row_index(RowKey(PREMIERE_ITEM)), animate=False)
        item = feed.current_item
        assert item is not None and item.item.id == PREMIERE_ITEM
        assert item.state is ReviewState.NEW
        await pilot.press("i")  # the premiere's only news: ignored, no estimate
        await pilot.pause()
        assert any("still loading" in n.message for n in notices(app))
        gate.open()
        await settle(pilot)
        with Store(location.data_dir, writable=False) as store:
            assert store.review_state(item.item.id) is ReviewState.IGNORED
        board = app.board
        assert board is not None and board.estimates_as_of is None
        shown = board.news.find(item.item.id)
        assert shown is not None and shown.state is ReviewState.IGNORED
        assert board.unreviewed == cached.unreviewed - 1
        assert phase_shown(app, PREMIERING) == "unknown"  # today's board, with the mark
        await pilot.press("q")
        await pilot.pause()
    app = make_app(location, clock=tomorrow())  # the cache saved holds the mark
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        start = starts[-1]
        assert start is not None and not start.outdated
        kept = next(v for v in start.news if v.item.id == item.item.id)
        assert kept.state is ReviewState.IGNORED


async def test_news_a_background_ingest_stored_is_shown_once_loaded(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_and_quit(make_app)
    with Store(demo_location.data_dir, writable=True, command="ingest") as store:
        template = store.items()[0]
        fresh = replace(
            template, id="f0f0f0f0f0f0", title="Fresh news", published=NOW - timedelta(hours=1)
        )
        store.save_poll([fresh], [])
    # The same day: only the items changed.
    async with store_held(make_app, monkeypatch) as (app, pilot, gate):
        cached = await first_board(pilot)
        assert cached.estimates_as_of == TODAY
        assert "updating the estimates with news stored since" in status_shown(app)
        assert cached.news.find(fresh.id) is None
        gate.open()
        await settle(pilot)
        board = app.board
        assert board is not None and board.estimates_as_of is None
        assert board.news.items[0].item.id == fresh.id
        assert (board.stored, board.unreviewed) == (cached.stored + 1, cached.unreviewed + 1)


@pytest.mark.parametrize("change", ["a mark elsewhere", "another alias", "other rules"])
async def test_yesterdays_cache_is_ignored_after_other_changes(
    make_app: AppFactory,
    demo_location: Location,
    starts: list[CachedStart | None],
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    location = premiering_today(demo_location)
    await open_and_quit(make_app, location)
    if change == "a mark elsewhere":
        with Store(location.data_dir, writable=True, command="mark") as store:
            store.set_mark(store.items()[0].id, ReviewState.CONFIRMED, NOW)
    elif change == "another alias":
        *others, last = location.config.shows
        renamed = (*others, replace(last, aliases=("Severance (TV)",)))
        location = Location(replace(location.config, shows=renamed), location.data_dir)
    else:
        monkeypatch.setattr(ingest.boardcache, "RULES_VERSION", "next")
    async with store_held(make_app, monkeypatch, location, clock=tomorrow()) as (app, pilot, gate):
        for _ in range(200):
            if len(starts) == 2:
                break
            await pilot.pause()
        assert starts[-1] is None
        for _ in range(5):
            await pilot.pause()
        assert app.board is None  # nothing shown before the store loaded
        gate.open()
        await settle(pilot)
        assert app.board is not None and app.board.estimates_as_of is None
        assert phase_shown(app, PREMIERING) == "premiered"
