"""The poll schedule inside the dashboard, and one poll's way from the feeds to the screen.

Why a module of its own: this is the dashboard's timing code, and it changes for its
own reasons. The schedule is a timer armed for the next due feed, re-armed when a poll
ends and at least every ``RECHECK_SECONDS`` (a laptop's sleep stops timers, not the
clock). A poll's fetches are async and its parsing runs in worker processes
(``ingest.poller``); what is left here is getting its result on screen without a
stall: the Library takes the new items in a worker thread, the board is drawn a table
at a time, and no full garbage collection lands in those frames. The app owns the
data (its board, Library and locks) and runs the poll as its worker (``PollHost``).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Protocol

from textual.timer import Timer

from ingest.poller import Poller, PollReport
from ingest.snapshot import ItemView, Library
from tui.host import BoardHost
from tui.notices import Notice, poll_notices
from tui.view import Board

FULL_COLLECTION_DEFERRED = 1_000_000
"""The collector's third threshold while a poll runs: young collections before a full one."""
RECHECK_SECONDS = 300.0
"""The longest the schedule sleeps before looking at the clock again (laptop sleep)."""


class PollHost(BoardHost, Protocol):
    """What polling needs from the dashboard app (``tui.app.SeasonwatchApp``)."""

    autopoll: bool
    poller: Poller
    tracking: asyncio.Lock
    """Held by a poll and by a change of the tracked shows: never both at once."""

    @property
    def polling(self) -> bool: ...
    @polling.setter
    def polling(self, polling: bool) -> None: ...

    def poll(self, force: bool = False) -> object:
        """Start the poll worker (which runs ``PollSchedule.run``)."""
        ...

    async def refreshed(self) -> None:
        """Wait until the screen has been drawn with what is set now."""
        ...

    def items_changed(self, views: tuple[ItemView, ...]) -> None: ...
    def tell(self, notices: list[Notice]) -> None: ...
    def save_cache_soon(self) -> None: ...
    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...


class PollSchedule:
    """When the next poll runs, and what one poll does on its way to the screen."""

    def __init__(self, host: PollHost) -> None:
        self._host = host
        self._timer: Timer | None = None
        self._deferrals = 0
        """Polls running with full collections deferred (``_full_collections_deferred``)."""
        self._thresholds: tuple[int, int, int] = gc.get_threshold()

    def stop(self) -> None:
        """Disarm the timer (the app is closing)."""
        if self._timer is not None:
            self._timer.stop()

    def schedule(self) -> None:
        """Arm the timer for the next due feed (``autopoll`` only)."""
        host = self._host
        if not host.autopoll or host.released:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        delay = self._seconds_to_due()
        if delay <= 0:
            host.call_later(self._timer_fired)
        else:
            self._timer = host.set_timer(delay, self._timer_fired, name="poll schedule")

    def _seconds_to_due(self) -> float:
        board = self._host.board
        if board is None or not board.feeds:
            return RECHECK_SECONDS
        nexts = [f.next_poll for f in board.feeds]
        if any(n is None for n in nexts):
            return 0.0
        due = min(n for n in nexts if n is not None)
        return min(RECHECK_SECONDS, max(0.0, (due - self._host.clock.now()).total_seconds()))

    def _timer_fired(self) -> None:
        if self._host.polling:
            return  # the running poll re-arms the timer when it ends
        if self._seconds_to_due() <= 0:
            self._host.poll()
        else:
            self.schedule()

    async def run(self, force: bool = False) -> None:
        """One poll cycle (the body of the app's poll worker); new items and changed
        estimates appear as soon as it ends."""
        host = self._host
        host.polling = True
        try:
            with self._full_collections_deferred() as collection_due:
                async with host.tracking:  # items read with the shows the Library tracks
                    report = await host.poller.poll_once(force=force)
                    async with host.lane:
                        library = host.library
                        if library is None:
                            return
                        board = await self._absorbed(library, report)
                        before = host.board
                        await self._show_in_two_frames(board)
                self._after_poll(before, board, report)
                host.save_cache_soon()
                if collection_due():  # once the board and the notices are drawn
                    await host.refreshed()
                    gc.collect()
        finally:
            host.polling = False
            self.schedule()

    @contextmanager
    def _full_collections_deferred(self) -> Iterator[Callable[[], bool]]:
        """No full collection starts on its own meanwhile (the young ones still do);
        gives a test of whether one came due (the young collections a full one waits
        for have run since).

        A big poll allocates enough for one: it walks every object not frozen by the
        load (~15-30 ms holding the GIL at 20,000 items, from whichever thread
        allocated), and landing in a frame that draws a poll's board it stalled the
        screen past 50 ms. The poll runs it itself once its board is drawn, when
        nothing else waits on the loop.
        """
        if not self._deferrals:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(*self._thresholds[:2], FULL_COLLECTION_DEFERRED)
        self._deferrals += 1
        young = gc.get_stats()[1]["collections"]
        try:
            yield lambda: gc.get_stats()[1]["collections"] - young > self._thresholds[2]
        finally:
            self._deferrals -= 1
            if not self._deferrals:
                gc.set_threshold(*self._thresholds)

    async def _absorbed(self, library: Library, report: PollReport) -> Board:
        """The board after a poll: its items taken in, the touched estimates recomputed.

        (Not frozen out of the collector like the load's objects: what a poll leaves
        alive includes objects that die later inside reference cycles, and frozen they
        would never be freed — about 4,000 objects a poll, measured.)
        """
        await asyncio.to_thread(library.apply, [*report.new_items, *report.updated_items])
        await asyncio.to_thread(library.reload_feeds)
        return await self._host.built(library)

    async def _show_in_two_frames(self, board: Board) -> None:
        """Show a poll's board a table at a time: the shows and counts, then the news.

        A DataTable repaints every visible row when any cell changes, and after a poll
        both tables change: one frame for both stalled the screen ~70 ms on a loaded
        2-core box, each alone takes about half. The first frame keeps the old news.
        """
        host = self._host
        before = host.board
        if before is not None and board.news != before.news:
            host.board = replace(board, news=before.news)
            await host.refreshed()
        host.board = board

    def _after_poll(self, before: Board | None, after: Board, report: PollReport) -> None:
        if report.updated_items:
            changed = {i.id for i in report.updated_items}
            self._host.items_changed(tuple(v for v in after.news.items if v.item.id in changed))
        self._host.tell(poll_notices(report, before, after))
