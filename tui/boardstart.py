"""The dashboard's first boards — the board cache's at once, then the store's — and the
cache saved again for the next start.

Why a module of its own: how the dashboard starts decides how long a user waits for
it, and it is a sequence with its own rules. A usable board cache
(``ingest.boardcache``) is drawn before the store loads: a valid one as it is, an
outdated one (made for another day, or before news a background ingest stored since)
marked as updating (``Board.estimates_as_of``) until the store's board replaces it.
The store is then read into a ``Library`` a few milliseconds at a time in worker
threads, so the first frame is drawn first; its board follows, and the tables redraw
only the cells that changed. After every change the cache is saved once things are
quiet for a second, and on quit. The app owns the data (its board, Library and locks)
and runs the load and the saving as its workers (``StartHost``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Iterator
from datetime import date
from typing import Protocol

from textual.timer import Timer

from ingest.boardcache import CachedStart, CacheKey, open_cached, save_cache
from ingest.config import Config
from ingest.errors import SeasonwatchError
from ingest.snapshot import Library, library_in_steps
from ingest.store import Store
from tui.host import BoardHost
from tui.view import PAGE, Board, NewsQuery, NewsWindow

FIRST_FRAME_HEAD_START = 0.02
"""A load that has worked this long (seconds) waits for the first frame: a small store
is shown in the first frame, a large one does not hold the first frame back."""
CACHE_DELAY = 1.0
"""Seconds of quiet after a change (a mark, a poll, the load) before the board cache is
saved: a run of marks saves it once, and no key waits for it."""
QUIT_WAIT = 2.0
"""The longest quitting waits for a running poll or mark before it gives up the cache."""


class StartHost(BoardHost, Protocol):
    """What the start and the cache's saving need from the app (``tui.app``)."""

    store: Store
    config: Config
    tracking: asyncio.Lock
    """Held by a poll and by a change of the tracked shows: never both at once."""

    def save_board_cache(self) -> object:
        """Start the saving worker (which runs ``BoardStart.save``)."""
        ...

    async def refreshed(self) -> None:
        """Wait until the screen has been drawn with what is set now."""
        ...


class BoardStart:
    """The first boards on screen, and the board cache kept for the next start."""

    def __init__(self, host: StartHost) -> None:
        self._host = host
        self.first_frame = asyncio.Event()
        """Set by the app once its first frame is drawn."""
        self._key: CacheKey | None = None
        """The key of the board cache as last read or saved."""
        self._timer: Timer | None = None

    async def run(self) -> None:
        """Show the cached board if it is usable, read the store into a Library, show
        its board (the body of the app's load worker).

        A valid board cache is on screen before the Library loads behind it. So is an
        outdated one, marked as updating until the Library's board, with today's
        estimates, replaces it; the app then saves a fresh cache. Without this every
        first open of a day waited for the whole store and every estimate. A mark made
        meanwhile waits for the lane, which this holds until the Library's board is
        set: it is saved and shown on today's board, as with a valid cache.

        The load makes every object the dashboard keeps (a brief of each item, the
        estimates): the collector is paused meanwhile, then told to leave those
        objects alone for good (``gc.freeze``). A full collection otherwise walks
        them all, holding the GIL ~130 ms at 20,000 items, whenever a poll allocates
        enough.
        """
        host = self._host
        async with host.lane:
            today = host.clock.now().date()
            start = await asyncio.to_thread(self._cached_start, today)
            if start is not None:
                self._key = start.cached.key
                host.board = self._cached_board(start)
                await self.first_frame.wait()
                await host.refreshed()  # the cached board drawn before the load competes
            gc.disable()
            try:
                steps, spent = library_in_steps(host.config, host.store), 0.0
                while True:
                    library, seconds = await asyncio.to_thread(_timed_step, steps)
                    if library is not None:
                        break
                    spent += seconds
                    if spent > FIRST_FRAME_HEAD_START:
                        await self.first_frame.wait()  # a long load: the screen first
                if start is not None:  # the rows on screen keep their items
                    library.adopt(view.item for view in start.news)
                host.library = library
                board = await host.built(library)
            finally:
                gc.enable()
            gc.freeze()
            host.board = board

    def _cached_start(self, today: date) -> CachedStart | None:
        """The board cache ready to show, or None (missing, stale, unreadable)."""
        try:
            return open_cached(self._host.store, self._host.config, today, outdated=True)
        except (SeasonwatchError, OSError, ValueError):
            return None  # the store itself is read next, and says what is wrong

    def _cached_board(self, start: CachedStart) -> Board:
        cached = start.cached
        news = NewsWindow(NewsQuery(), start.news, cached.news_total, PAGE)
        as_of = start.estimated_on if start.outdated else None
        return Board(
            self._host.clock.now(),
            start.shows,
            news,
            start.feeds,
            cached.stored,
            cached.unreviewed,
            estimates_as_of=as_of,
        )

    # --- the cache saved for the next start -------------------------------------------

    def forget_key(self) -> None:
        """Save the next cache whatever it holds (another data folder, maybe)."""
        self._key = None

    def stop(self) -> None:
        """Drop a pending save (the app is closing)."""
        if self._timer is not None:
            self._timer.stop()

    def save_soon(self) -> None:
        """Save the board cache after ``CACHE_DELAY`` seconds without another change."""
        if self._host.released:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._host.set_timer(CACHE_DELAY, self._timer_fired, name="cache")

    def _timer_fired(self) -> None:
        self._timer = None
        self._host.save_board_cache()

    async def save(self) -> None:
        """Save what the board shows beside the store (the body of the app's saving
        worker), holding the poll lock and the lane."""
        async with self._host.tracking, self._host.lane:
            await self._save()

    async def _save(self) -> None:
        """(Holding the poll lock and the lane: the items and marks on disk are then
        exactly what the Library holds. Never cancelled: its thread would outlive them.)"""
        library = self._host.library
        if library is None or self._host.released:
            return
        today = self._host.clock.now().date()
        key = await asyncio.to_thread(save_cache, library, today, PAGE, self._key)
        if key is not None:
            self._key = key

    async def save_before_quit(self) -> None:
        """Save a change the board cache does not hold yet, before the app quits.

        The marks journal is folded into the marks file first: the store's close
        would fold it after the cache was saved, and the marks' digest in the cache's
        key would then not match the folder the next open finds (every open after a
        session with more than one mark ignored the cache). Waits at most
        ``QUIT_WAIT`` seconds for a running poll or mark to end; the next open then
        loads the store as if there were no cache. Raises what saving raises
        (``SeasonwatchError``, ``OSError``), the locks released.
        """
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
        library = self._host.library
        if library is None:
            return
        if timer is None and not await asyncio.to_thread(library.store.has_marks_journal):
            return  # nothing to save: the cache holds the board, the marks are folded
        tracking, lane = self._host.tracking, self._host.lane
        try:
            await asyncio.wait_for(tracking.acquire(), QUIT_WAIT)
        except TimeoutError:
            return
        try:
            await asyncio.wait_for(lane.acquire(), QUIT_WAIT)
        except TimeoutError:
            tracking.release()
            return
        try:
            # The lane keeps marks out meanwhile. A failed fold (a full disk) leaves the
            # journal whole, as the close's fold would: the cache is saved as things are.
            with contextlib.suppress(SeasonwatchError, OSError):
                await asyncio.to_thread(library.store.fold_marks)
            await self._save()
        finally:
            lane.release()
            tracking.release()


def _timed_step(steps: Iterator[Library | None]) -> tuple[Library | None, float]:
    """One step of a load and how long it took (in the worker thread that ran it)."""
    began = time.perf_counter()
    return next(steps), time.perf_counter() - began
