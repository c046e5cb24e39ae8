"""What the app's background parts share in what they need from it: the board's host.

Polling (``tui.polling``), the start from the board cache (``tui.boardstart``) and
following the day (``tui.daywatch``) each replace the board the screens draw, from a
Library they reach under the app's lane, in workers that must stop once the app lets
go of its data folder. Each module states the rest of what it needs in a Protocol of
its own that extends this one, so the app is checked against all of them by mypy and
the shared part is written once.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from textual.timer import Timer, TimerCallback

from ingest.clock import Clock
from ingest.snapshot import Library
from tui.view import Board


class BoardHost(Protocol):
    """The app as the holder of the board and of the Library it is built from."""

    clock: Clock
    library: Library | None
    lane: asyncio.Lock
    """Held for every read or write of the Library (results arrive in order)."""

    @property
    def board(self) -> Board | None: ...
    @board.setter
    def board(self, board: Board | None) -> None: ...
    @property
    def released(self) -> bool:
        """True once the app has let go of its data folder (quitting)."""
        ...

    async def built(self, library: Library) -> Board:
        """A whole board of the Library (in worker threads)."""
        ...

    def set_timer(
        self,
        delay: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        pause: bool = False,
    ) -> Timer: ...
