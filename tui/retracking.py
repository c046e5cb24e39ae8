"""The running dashboard moved onto a change of what is tracked: the change applied under
the app's locks, then its config, Library and store adopted and the board rebuilt.

Why a module of its own: ``tui.manage`` says what each change does to the config file
and the store, and imports no Textual; this is how the running app takes the result,
which has its own rules. The change runs holding the poll lock and the lane, so no poll
reads items with the old show list and no mark lands in between. A change that moved
to another data folder (leaving the demo) swaps the store and the poller and is not
reported as estimates that "changed". A news filter on a show no longer tracked is
dropped. The app owns the data and runs the change as its worker (``RetrackingHost``).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Protocol

from ingest.clock import Clock
from ingest.config import Config, Location
from ingest.errors import SeasonwatchError
from ingest.poller import Poller
from ingest.snapshot import Library
from ingest.store import Store
from tui.boardstart import BoardStart
from tui.manage import Tracked, TrackingChange
from tui.notices import Notice, change_notices
from tui.polling import PollSchedule
from tui.text import one_line
from tui.view import Board, NewsQuery, build_board


class RetrackingHost(Protocol):
    """What a change of the tracked shows needs from the app (``tui.app``)."""

    clock: Clock
    location: Location
    config: Config
    store: Store
    poller: Poller
    library: Library | None
    lane: asyncio.Lock
    """Held for every read or write of the Library (results arrive in order)."""
    tracking: asyncio.Lock
    """Held by a poll and by a change of the tracked shows: never both at once."""
    news_query: NewsQuery
    """The news the list shows (a filter on a show no longer tracked is dropped)."""
    news_limit: int
    board_start: BoardStart
    polls: PollSchedule

    @property
    def board(self) -> Board | None: ...
    @board.setter
    def board(self, board: Board | None) -> None: ...
    @property
    def sub_title(self) -> str: ...
    @sub_title.setter
    def sub_title(self, sub_title: str) -> None: ...

    def poll(self, force: bool = False) -> object:
        """Start the poll worker."""
        ...

    def tell(self, notices: list[Notice]) -> None: ...
    def save_cache_soon(self) -> None: ...


class Retracking:
    """Applies changes of the tracked shows to the running dashboard."""

    def __init__(self, host: RetrackingHost) -> None:
        self._host = host

    async def run(self, change: TrackingChange) -> Tracked | None:
        """Add or remove a show (or leave the demo); show the result and say what
        happened (the body of the app's tracking worker). None when it failed."""
        host = self._host
        async with host.tracking, host.lane:
            library, before = host.library, host.board
            if library is None or before is None:
                return None
            try:
                done = await asyncio.to_thread(
                    change.apply, host.location, library, host.clock.now()
                )
            except SeasonwatchError as exc:
                message = one_line(str(exc), 400)
                host.tell([Notice(message, f"{change.description} failed", "error", 12)])
                return None
            moved = done.store is not host.store  # another data folder: nothing "changed"
            self._adopt(done)
            after = await asyncio.to_thread(
                build_board, done.library, host.news_query, host.clock.now(), host.news_limit
            )
            host.board = after
        host.tell([*done.notices, *([] if moved else change_notices(before, after))])
        host.board_start.forget_key()  # (another data folder, maybe)
        host.save_cache_soon()
        if done.poll:
            host.poll(force=True)
        else:
            host.polls.schedule()
        return done

    def _adopt(self, done: Tracked) -> None:
        """Run on a change's config, Library and store from now on."""
        host = self._host
        config = done.location.config
        if done.store is not host.store:  # left the demo for another data folder
            old_store, old_poller = host.store, host.poller
            host.store, host.poller = done.store, Poller(config, done.store, clock=host.clock)
            old_poller.close()
            old_store.close()
        else:
            host.poller.retrack(config)
        host.location, host.config, host.library = done.location, config, done.library
        if host.news_query.show not in (None, *(s.title for s in config.shows)):
            host.news_query = replace(host.news_query, show=None)
        host.sub_title = one_line(config.source, 120)
