"""The dashboard app: the factory, the app-wide keys, and the workers that feed it.

Data flow (memray's live-TUI shape): every read or write of the ``Library`` runs in a
worker thread, one at a time (the "lane", so results arrive in the order they were
asked for); the result is a frozen ``Board`` the app assigns to a reactive, and the
open screens update their rows in place. The ingester runs inside the app as a
Textual worker on the configured schedule; its fetches are async, its parsing happens
in worker processes and its store write in a thread, so the UI never waits for a feed.
Every worker is declared with ``exit_on_error=False`` and a failure becomes a notice.

The app owns the data — its board, its Library, the lane — and the workers; what four of
them do lives in modules of their own: the start from the board cache and the cache's
saving (``tui.boardstart``), the poll schedule with a poll's way to the screen
(``tui.polling``), the board following the day past midnight (``tui.daywatch``), and a
change of the tracked shows taken on (``tui.retracking``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.reactive import var
from textual.worker import Worker

from ingest.clock import Clock, SystemClock
from ingest.config import Location
from ingest.errors import SeasonwatchError
from ingest.poller import Poller
from ingest.snapshot import ItemView, Library
from ingest.store import Store
from rules import ReviewState
from tui import keys
from tui.boardstart import BoardStart
from tui.commands import SeasonwatchCommands
from tui.daywatch import DayWatch
from tui.keymap import Keymap, keymap_path, load_keymap
from tui.links import open_in_browser
from tui.manage import Tracked, TrackingChange
from tui.messages import QueryChanged
from tui.notices import Notice, change_notices
from tui.polling import PollSchedule
from tui.retracking import Retracking
from tui.screens.base import BoardScreen, report_worker_error
from tui.screens.dashboard import DashboardScreen
from tui.screens.feed_health import FeedHealthScreen
from tui.screens.help import HelpScreen
from tui.screens.show_detail import ShowDetailScreen
from tui.text import one_line
from tui.toasts import Toasts
from tui.view import PAGE, Board, NewsQuery, build_board, mark_item, news_window
from tui.widgets.news_feed import NewsFeed

Opener = Callable[[App[None], str], Awaitable[str]]
"""Opens a link and says what happened (injected so tests open nothing)."""

FIRST_PAGE_MIN = 20
"""The fewest items another list starts with (``_first_page``), however small the pane."""


class SeasonwatchApp(App[None]):
    """seasonwatch's full-screen dashboard."""

    CSS_PATH = "app.tcss"
    TITLE = "seasonwatch"
    BINDINGS: ClassVar[list[BindingType]] = list(keys.APP)
    COMMANDS = App.COMMANDS | {SeasonwatchCommands}

    board: var[Board | None] = var(None, init=False, always_update=True)
    """The newest board; None until the store is loaded."""
    polling: var[bool] = var(False, init=False)

    def __init__(
        self,
        location: Location,
        store: Store,
        poller: Poller,
        *,
        clock: Clock,
        autopoll: bool = True,
        opener: Opener = open_in_browser,
        keymap: Keymap | None = None,
    ) -> None:
        super().__init__()
        self.location = location
        self.config = location.config
        self.store = store
        self.poller = poller
        self.clock = clock
        self.autopoll = autopoll
        self.library: Library | None = None
        self.keymap = keymap or load_keymap(keymap_path(self.config))
        self._opener = opener
        self.lane = asyncio.Lock()
        """Held for every read or write of the Library (results arrive in order)."""
        self.tracking = asyncio.Lock()
        """Held by a poll and by a change of the tracked shows: never both at once."""
        self.news_query = NewsQuery()
        """The news the list shows: one show's or all, filtered by words."""
        self.news_limit = PAGE
        """How many items of it the list asks for."""
        self._released = False
        self._enabled: tuple[bool, bool] | None = None
        """(a Library, a current item) when the bindings were last refreshed."""
        self.board_start = BoardStart(self)
        self.polls = PollSchedule(self)
        self.retracking = Retracking(self)
        self.day_watch = DayWatch(self)
        self.toasts = Toasts(self)

    # --- start and stop (the first boards and the board cache in tui.boardstart) -----

    def on_mount(self) -> None:
        self.sub_title = (
            "demo (sample feeds, offline)"
            if self.config.is_demo
            else (one_line(self.config.source, 120))
        )
        self.set_keymap(self.keymap.keys)
        if self.keymap.problem:
            self.notify(
                self.keymap.problem,
                title="Keymap ignored",
                severity="warning",
                timeout=15,
                markup=False,
            )
        for warning in self.store.warnings:
            self.notify(warning, title="Store", severity="warning", timeout=20, markup=False)
        self.push_screen(DashboardScreen(self.clock.now, self))
        self.call_after_refresh(self.board_start.first_frame.set)
        self.load()

    def on_unmount(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop the parse workers and release the data folder (idempotent)."""
        if self._released:
            return
        self._released = True
        self.polls.stop()
        self.day_watch.stop()
        self.board_start.stop()
        self.poller.close()
        self.store.close()

    @property
    def released(self) -> bool:
        """True once the app has let go of its data folder (``close``)."""
        return self._released

    @work(exclusive=True, group="library", exit_on_error=False, description="Loading the store")
    async def load(self) -> None:
        """Show the first boards — the board cache's at once if it is usable, then the
        store's (``BoardStart.run``) — then start the schedule and follow the day."""
        await self.board_start.run()
        self.polls.schedule()
        self.day_watch.start()
        self.board_start.save_soon()

    def save_cache_soon(self) -> None:
        """Save the board cache once things are quiet (``BoardStart.save_soon``)."""
        self.board_start.save_soon()

    @work(group="cache", exit_on_error=False, description="Saving the board cache")
    async def save_board_cache(self) -> None:
        """Save what the board shows beside the store, for the next open."""
        await self.board_start.save()

    async def action_quit(self) -> None:
        """Quit; a change the board cache does not hold yet is saved in it first
        (waiting a moment at most for a running poll or mark)."""
        try:
            await self.board_start.save_before_quit()
        except (SeasonwatchError, OSError) as exc:
            self.log.warning(f"board cache not saved: {exc}")
        self.exit()

    # --- the board ---------------------------------------------------------------------

    async def built(self, library: Library) -> Board:
        """A whole board, built in worker threads one show's estimates at a time.

        A thread running Python holds the GIL in 5 ms slices and the event loop waits a
        slice each time it wakes; between shows the thread lets go, so the loop draws
        and answers keys between them rather than during one long run.
        """
        now = self.clock.now()
        for show in library.shows:
            await asyncio.to_thread(library.show_status, show, now.date())
        return await asyncio.to_thread(build_board, library, self.news_query, now, self.news_limit)

    async def refreshed(self) -> None:
        """Wait until the screen has been drawn with what is set now.

        (Not ``App.wait_for_refresh``: it asserts the app runs as its own task, true
        under ``run_test`` but not when the app runs in a terminal.)
        """
        drawn = asyncio.Event()
        self.call_after_refresh(drawn.set)
        await drawn.wait()

    def watch_board(self, board: Board | None) -> None:
        if board is None:
            return
        with self.batch_update():
            for screen in self.screen_stack:
                if isinstance(screen, BoardScreen):
                    screen.show_board(board)
        # A refresh rebuilds the footer (a recompose and a layout: ~15 ms a board on a
        # loaded box); what ``check_action`` answers changes only with these two.
        enabled = (self.library is not None, self.current_item is not None)
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    def watch_polling(self, polling: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.set_polling(polling)

    def items_changed(self, views: tuple[ItemView, ...]) -> None:
        """Items changed (a mark, a poll): every open screen updates any it shows."""
        for screen in self.screen_stack:
            if isinstance(screen, BoardScreen):
                screen.items_changed(views)

    @on(QueryChanged)
    def _query_changed(self, message: QueryChanged) -> None:
        limit = message.limit
        if message.query != self.news_query and limit <= PAGE:
            limit = self._first_page()
        self.news_query, self.news_limit = message.query, limit
        if self.board is not None:  # (while the store loads, fetched once it has)
            self.fetch_news(message.query, limit)

    def _first_page(self) -> int:
        """How many items another list (a show, a filter) starts with: two screens.

        Every row a table is given is built and measured, shown or not: a page of
        ``PAGE`` made moving to a show with hundreds of items cost twice moving to one
        with a dozen. The list still grows by ``PAGE`` when the cursor reaches its end.
        """
        try:
            rows = self.screen.query_one(NewsFeed).size.height
        except NoMatches:
            return PAGE
        return max(FIRST_PAGE_MIN, min(PAGE, 2 * rows))

    @work(exclusive=True, group="news", exit_on_error=False, description="Listing the news")
    async def fetch_news(self, query: NewsQuery, limit: int = PAGE) -> None:
        """Fetch the window of news a query shows."""
        async with self.lane:
            library = self.library
            if library is None or self.board is None:
                return
            window = await asyncio.to_thread(news_window, library, query, limit)
            if self.board is not None:
                self.board = replace(self.board, news=window)

    async def fetch_items(self, ids: Iterable[str]) -> dict[str, ItemView]:
        """Stored items by id, read off the UI thread (``ItemSource`` for the screens)."""
        wanted = tuple(ids)

        def read(library: Library) -> dict[str, ItemView]:
            views = (library.view(item_id) for item_id in wanted)
            return {v.item.id: v for v in views if v is not None}

        async with self.lane:
            if self.library is None:
                return {}
            return await asyncio.to_thread(read, self.library)

    @work(group="day", exit_on_error=False, description="Estimating for the new day")
    async def follow_day(self) -> None:
        """The date changed: make every estimate again for the new day (``tui.daywatch``).

        Not exclusive: a cancelled run would leave its thread reading the Library after
        letting go of the lane. A second run finds the board current and does nothing.
        """
        await self.day_watch.run()

    # --- polling (the schedule and a poll's way to the screen in tui.polling) ----------

    @work(exclusive=True, group="poll", exit_on_error=False, description="Polling the feeds")
    async def poll(self, force: bool = False) -> None:
        """One poll cycle; new items and changed estimates appear as soon as it ends."""
        await self.polls.run(force)

    # --- marks ------------------------------------------------------------------------

    @work(group="marks", exit_on_error=False, description="Saving a mark")
    async def mark(self, item_id: str, state: ReviewState) -> None:
        """Save the user's decision, then show it and the estimates it moved.

        A mark made while the store loads (the cached board on screen) waits for the
        Library, saying so; it is saved as soon as the load ends.
        """
        if self.library is None:
            self.notify(
                "The store is still loading: the mark is saved as soon as it has loaded.",
                timeout=4,
                markup=False,
            )
        async with self.lane:
            library, board = self.library, self.board
            if library is None or board is None:
                self.notify(
                    "The mark was not saved: the store could not be loaded.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
            marked = await asyncio.to_thread(mark_item, library, item_id, state, self.clock.now())
            before = self.board or board
            self.board = before.with_marked(marked)
        self.items_changed((marked.view,))
        self.tell(change_notices(before, self.board))
        self.save_cache_soon()

    def tell(self, notices: list[Notice]) -> None:
        """Show notices (text from feeds is never markup); a newer one about a show's
        estimate replaces the older, and a few of those show at once (``tui.toasts``)."""
        for notice in notices:
            self.toasts.show(notice)

    # --- what is tracked (changes in tui.manage, applied in tui.retracking) ------------

    @work(group="tracking", exit_on_error=False, description="Changing the tracked shows")
    async def change_tracking(self, change: TrackingChange) -> Tracked | None:
        """Add or remove a show (or leave the demo); show the result and say what happened."""
        return await self.retracking.run(change)

    # --- actions (keys in tui.keys) ---------------------------------------------------

    @property
    def current_item(self) -> ItemView | None:
        """The item the item keys act on: the active screen's."""
        screen = self.screen
        return screen.current_item if isinstance(screen, BoardScreen) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "open_link"):  # a mark waits for the Library (``mark``)
            return True if self.board is not None and self.current_item is not None else None
        if action == "poll":
            return True if self.library is not None else None
        if action == "feeds":
            return True if self.board is not None else None
        return True

    def action_mark(self, state: str) -> None:
        """Confirm, ignore or reset the current item."""
        view = self.current_item
        if view is not None:
            self.mark(view.item.id, ReviewState(state))

    def action_open_link(self) -> None:
        """Open the current item's link in a browser."""
        view = self.current_item
        if view is None:
            return
        if not view.item.link:
            self.notify("This item has no link.", severity="warning", markup=False)
            return
        self.open_link(view.item.link)

    @work(group="browser", exit_on_error=False, description="Opening the link")
    async def open_link(self, url: str) -> None:
        """Hand a link to the browser and say what happened."""
        self.notify(await self._opener(self, url), timeout=6, markup=False)

    def action_poll(self) -> None:
        """Poll every feed now."""
        if self.library is None:
            return
        if self.polling:
            self.notify("A poll is already running.", timeout=3)
            return
        self.poll(force=True)

    def action_feeds(self) -> None:
        """Open the feed health screen."""
        if self.board is not None and not isinstance(self.screen, FeedHealthScreen):
            self.push_screen(FeedHealthScreen(self.board, self.clock.now))

    def action_help(self) -> None:
        """Open the help."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap.keys, shown_path(self.keymap.path)))

    # --- the command palette's host ------------------------------------------------------

    def tracked_titles(self) -> tuple[str, ...]:
        """The configured show titles."""
        return tuple(show.title for show in self.config.shows)

    def open_show(self, title: str) -> None:
        """Open a show's estimate."""
        if self.board is not None:
            self.push_screen(ShowDetailScreen(title, self.board, self, self.clock.now))

    def run_palette_action(self, action: str) -> None:
        """Run a key's action, on the screen when the screen has it."""
        name = action.split("(", 1)[0]
        target = self.screen if hasattr(self.screen, f"action_{name}") else self
        self.call_later(self.run_action, action, target)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)


def shown_path(path: Path) -> str:
    """A path as a user writes it: under the home folder as ``~/…``."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def create_app(
    location: Location,
    *,
    clock: Clock | None = None,
    autopoll: bool = True,
    opener: Opener = open_in_browser,
    keymap: Keymap | None = None,
    poller: Poller | None = None,
) -> SeasonwatchApp:
    """The dashboard over a data folder; opens the store (and takes its lock) first.

    Raises ``SeasonwatchError`` (e.g. ``StoreLockedError`` when another seasonwatch
    holds the folder) before anything is drawn.
    """
    clock = clock or SystemClock()
    store = Store(location.data_dir, writable=True, command="dashboard")
    try:
        poller = poller or Poller(location.config, store, clock=clock)
        return SeasonwatchApp(
            location, store, poller, clock=clock, autopoll=autopoll, opener=opener, keymap=keymap
        )
    except BaseException:
        store.close()
        raise


def run_dashboard(location: Location) -> int:
    """Run the dashboard until the user quits."""
    app = create_app(location)
    try:
        app.run()
    finally:
        app.close()
    return app.return_code or 0
