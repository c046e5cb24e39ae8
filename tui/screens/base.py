"""What every seasonwatch screen shares: boards in, the current item out, errors as notices.

The app owns the data and hands each open screen every new ``Board`` and every changed
item; a screen never reaches into the app for them. In return a screen says which
item the item keys (confirm, ignore, new, open) act on. Screens that need items the
board does not hold ask an ``ItemSource`` (the app), which reads them off the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ingest.snapshot import ItemView
from tui.text import one_line
from tui.view import Board


class ItemSource(Protocol):
    """Where screens get stored items the board does not hold."""

    async def fetch_items(self, ids: Iterable[str]) -> dict[str, ItemView]:
        """The stored items with these ids (missing ones left out)."""
        ...


class BoardScreen(Screen[None]):
    """A screen that follows the app's data."""

    def show_board(self, board: Board) -> None:
        """Show a new board (called by the app whenever one arrives)."""

    def items_changed(self, views: tuple[ItemView, ...]) -> None:
        """Items changed (a mark, a poll): update any that are shown."""

    @property
    def current_item(self) -> ItemView | None:
        """The item the item keys act on, if any."""
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self.app, event)


def report_worker_error(app: App[Any], event: Worker.StateChanged) -> None:
    """A failed worker becomes a notice: the app never exits because of one."""
    worker = event.worker
    if event.state is not WorkerState.ERROR:
        return
    error = worker.error
    what = worker.description or worker.name or "a background task"
    message = f"{what} failed: {type(error).__name__}: {one_line(str(error), 300)}"
    app.notify(message, title="Something went wrong", severity="error", timeout=12, markup=False)
