"""The news list: flagged items, newest first, for one show or all of them.

Each row is one item: its review state as a mark (● new, ✓ confirmed, ✗ ignored),
the date it was published, its title (bold while new, dimmed once ignored), the
claims the rules found in it, and its feed. The list holds a bounded window of the
newest matching items, a page (``tui.view.PAGE``) at a time as the cursor reaches its
end; the pane's subtitle says when more exist.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from ingest.snapshot import ItemView
from rules import ReviewState
from tui.text import NAME_LIMIT, TITLE_LIMIT, cell
from tui.view import NewsWindow, describe_claims
from tui.widgets.table import Column, KeyedTable, Row

STATE_MARKS = {ReviewState.NEW: "●", ReviewState.CONFIRMED: "✓", ReviewState.IGNORED: "✗"}


class NewsFeed(KeyedTable):
    """The items of a ``NewsWindow``; Enter opens one."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("state", "", width=1),
        Column("date", "Date", width=10),
        Column("title", "Title", flex=6, min_width=12, fill=True),
        Column("claims", "Claims", flex=3, min_width=10, max_width=48),
        Column("feed", "Feed", flex=2, min_width=8, max_width=18),
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "news-feed--new",
        "news-feed--confirmed",
        "news-feed--ignored",
        "news-feed--title-new",
        "news-feed--muted",
    }

    class Chosen(Message):
        """Enter on an item."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.window = NewsWindow()
        self._rows: dict[str, tuple[ItemView, tuple[Text, ...]]] = {}
        """The cells made for each shown item, reused while its item and state are the same."""

    @property
    def current_item(self) -> ItemView | None:
        """The item under the cursor."""
        key = self.current_key
        return self.window.find(key) if key else None

    def show_window(self, window: NewsWindow) -> None:
        """Show ``window``, keeping the cursor on the same item when it is still there."""
        reset = window.query != self.window.query
        if window.query.show != self.window.query.show:
            self._rows.clear()  # the claims column depends on the show
        self.window = window
        rows: list[Row] = [(v.item.id, self._cells(v, window.query.show)) for v in window.items]
        self.sync_rows(rows, reset_cursor=reset)
        if len(self._rows) > 2 * len(rows):
            wanted = {key for key, _ in rows}
            self._rows = {k: v for k, v in self._rows.items() if k in wanted}

    def _cells(self, view: ItemView, show: str | None) -> tuple[Text, ...]:
        # The Library keeps an item's object until the item changes, so after a mark or
        # a poll only the rows whose item or state changed are built (and compared).
        made = self._rows.get(view.item.id)
        if made is not None and made[0].item is view.item and made[0].state is view.state:
            return made[1]
        cells = self._row(view, show)
        self._rows[view.item.id] = (view, cells)
        return cells

    def redraw(self) -> None:
        self._rows.clear()
        self.show_window(self.window)

    def _row(self, view: ItemView, show: str | None) -> tuple[Text, ...]:
        item, state = view.item, view.state
        muted = self.component_style("news-feed--muted")
        ignored = state is ReviewState.IGNORED
        title_style = (
            muted
            if ignored
            else self.component_style("news-feed--title-new")
            if state is ReviewState.NEW
            else ""
        )
        claims = describe_claims(item.claims, show, item.title)
        return (
            Text(STATE_MARKS[state], style=self.component_style(f"news-feed--{state.value}")),
            Text(item.published.date().isoformat(), style=muted if ignored else ""),
            cell(item.title, TITLE_LIMIT, title_style),
            cell(claims or "—", 200, muted if ignored or not claims else ""),
            cell(item.feed_name, NAME_LIMIT, muted),
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(event.row_key.value))
