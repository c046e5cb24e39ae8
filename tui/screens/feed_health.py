"""Feed health: every configured feed with its last poll, status, error and next poll.

One row per feed, updated in place as polls finish; the panel under the table shows
the highlighted feed's address and its whole error message. ``r`` polls every feed
now, Esc goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from ingest.records import FeedState, FeedStatus
from ingest.wording import describe_moment
from tui import keys
from tui.screens.base import BoardScreen
from tui.text import ERROR_LIMIT, LINK_LIMIT, NAME_LIMIT, cell, literal, literal_line
from tui.view import Board
from tui.widgets.table import Column, KeyedTable, Row

STATUS_WORDS = {
    FeedStatus.NEVER: ("○", "not polled"),
    FeedStatus.OK: ("✓", "ok"),
    FeedStatus.NOT_MODIFIED: ("✓", "not modified"),
    FeedStatus.ERROR: ("▲", "failed"),
}


class FeedTable(KeyedTable):
    """The feeds, one row each."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("mark", "", width=1),
        Column("name", "Feed", flex=3, min_width=12, max_width=30),
        Column("status", "Status", width=12),
        Column("last", "Last poll", width=9),
        Column("next", "Next poll", width=9),
        Column("error", "Error", flex=3, min_width=8, fill=True),
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "feed-table--ok",
        "feed-table--error",
        "feed-table--never",
    }

    def feed_rows(self, feeds: tuple[FeedState, ...], now: datetime) -> list[Row]:
        """A row per feed."""
        return [(feed.url, self._row(feed, now)) for feed in feeds]

    def _row(self, feed: FeedState, now: datetime) -> tuple[Text, ...]:
        mark, word = STATUS_WORDS[feed.status]
        tone = {FeedStatus.ERROR: "error", FeedStatus.NEVER: "never"}.get(feed.status, "ok")
        style = self.component_style(f"feed-table--{tone}")
        due = (
            "now"
            if feed.next_poll is None or feed.next_poll <= now
            else describe_moment(feed.next_poll, now)
        )
        return (
            Text(mark, style=style),
            cell(feed.name, NAME_LIMIT),
            Text(word, style=style),
            Text(describe_moment(feed.last_poll, now)),
            Text(due),
            cell(feed.error or "", ERROR_LIMIT, style),
        )


class FeedHealthScreen(BoardScreen):
    """How every feed is doing."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.DETAIL)

    def __init__(self, board: Board, clock: Callable[[], datetime]) -> None:
        super().__init__(classes="detail")
        self._board = board
        self._clock = clock

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with Vertical(id="feeds-pane", classes="pane") as pane:
            pane.border_title = "Feed health"
            yield FeedTable(id="feeds")
            yield Static(id="feed-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_board(self._board)
        self.query_one(FeedTable).focus()

    def show_board(self, board: Board) -> None:
        self._board = board
        table = self.query_one(FeedTable)
        table.sync_rows(table.feed_rows(board.feeds, self._clock()))
        failed = sum(1 for f in board.feeds if f.status is FeedStatus.ERROR)
        self.query_one("#feeds-pane").border_subtitle = (
            f"{len(board.feeds)} feeds · {failed} failing"
            if failed
            else f"{len(board.feeds)} feeds · all ok"
        )
        self._show_detail()

    def action_back(self) -> None:
        """Esc: back to the dashboard."""
        self.dismiss()

    @on(DataTable.RowHighlighted, "#feeds")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        key = self.query_one(FeedTable).current_key
        feed = next((f for f in self._board.feeds if f.url == key), None)
        detail = self.query_one("#feed-detail", Static)
        if feed is None:
            detail.update(Content.styled("No feeds configured.", "$text-muted"))
            return
        heading = [literal_line(feed.name, NAME_LIMIT, "bold")]
        if feed.title and feed.title.strip() != feed.name:
            heading += [Content("  "), literal_line(feed.title, NAME_LIMIT, "$text-muted")]
        lines = [Content.assemble(*heading), literal_line(feed.url, LINK_LIMIT, "$text-muted")]
        if feed.error:
            lines.append(
                Content.assemble(
                    Content.styled(f"failed {feed.consecutive_errors}× in a row: ", "bold $error"),
                    literal(feed.error, ERROR_LIMIT),
                )
            )
        elif feed.last_success:
            lines.append(
                Content.styled(
                    f"{feed.matched} of {feed.entries} entries mention a tracked show",
                    "$text-muted",
                )
            )
        detail.update(Content("\n").join(lines))
