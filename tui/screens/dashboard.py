"""The main screen: the show list on top, its news below, the status line at the bottom.

Moving in the show list selects whose news is listed ("All shows" first); Enter on a
show opens its estimate, Enter on an item opens its text. ``/`` opens a filter under
the news that narrows it as you type; Esc clears it. ``a`` adds a show and ``d`` removes
the selected one (``tui.screens.tracking``). Focus starts on the show list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import RowDoesNotExist, RowKey

from ingest.snapshot import ItemView
from rules import ReviewState
from tui import keys
from tui.messages import QueryChanged
from tui.screens.base import BoardScreen, ItemSource
from tui.screens.item_detail import ItemDetailScreen
from tui.screens.show_detail import ShowDetailScreen
from tui.screens.tracking import ShowKeeper, add_show, remove_show
from tui.text import NAME_LIMIT, count, literal_line
from tui.view import PAGE, Board, NewsQuery, NewsWindow
from tui.widgets.news_feed import NewsFeed
from tui.widgets.show_list import ShowList
from tui.widgets.status_line import StatusLine


class FilterInput(Input):
    """The news filter; Esc clears it and returns to the news."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.FILTER)

    def action_cancel(self) -> None:
        self.value = ""
        self.display = False
        self.screen.query_one(NewsFeed).focus()


class DashboardHost(ItemSource, ShowKeeper, Protocol):
    """What the dashboard needs from the app: stored items, and changes to the shows."""


class DashboardScreen(BoardScreen):
    """Shows, news, status."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.DASHBOARD)
    AUTO_FOCUS = "#shows"

    def __init__(self, clock: Callable[[], datetime], source: DashboardHost) -> None:
        super().__init__(id="dashboard")
        self._clock = clock
        self._source = source
        self.board: Board | None = None
        self._removable: bool | None = None
        """Whether the show list's selection could be removed when bindings were last
        refreshed (``_show_highlighted``)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with Vertical(id="shows-pane", classes="pane") as shows:
            shows.border_title = "Shows"
            yield ShowList(id="shows")
        with Vertical(id="news-pane", classes="pane"):
            yield NewsFeed(id="news")
            yield Static(id="news-empty")
            yield FilterInput(
                placeholder="filter news: words in the title or feed name (Esc clears)",
                id="filter",
            )
        yield StatusLine(self._clock, id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(FilterInput).display = False
        self.query_one("#news-empty", Static).display = False
        self._title_news(None)
        self.query_one("#shows-pane").border_subtitle = Content.assemble(
            (keys.active_keys(self, "shows.add"), "bold"),
            " add · ",
            (keys.active_keys(self, "shows.remove"), "bold"),
            " remove",
        )

    # --- data in ---------------------------------------------------------------------

    def show_board(self, board: Board) -> None:
        self.board = board
        self.query_one(ShowList).show_board(board)
        self.query_one(StatusLine).board = board
        self._show_news(board.news)

    def items_changed(self, views: tuple[ItemView, ...]) -> None:
        """Nothing to do: the board that follows every change carries them."""

    def set_polling(self, polling: bool) -> None:
        """Show or hide "polling…" in the status line."""
        self.query_one(StatusLine).polling = polling

    def _show_news(self, window: NewsWindow) -> None:
        feed = self.query_one(NewsFeed)
        feed.show_window(window)
        self._title_news(window.query.show)
        pane = self.query_one("#news-pane")
        shown, total = len(window.items), window.total
        new = sum(1 for v in window.items if v.state is ReviewState.NEW)
        if shown == total:
            subtitle = f"{count(total, 'item')} · {new} new"
        else:
            more = "more below" if window.can_grow else "/ narrows"
            subtitle = f"newest {shown:,} of {total:,} · {new} new · {more}"
        pane.border_subtitle = subtitle
        empty = self.query_one("#news-empty", Static)
        empty.display = not window.items
        if not window.items:
            empty.update(self._empty_text(window.query))

    def _empty_text(self, query: NewsQuery) -> Content:
        if query.text:
            return Content.assemble(
                "No news matches ", literal_line(query.text, 80, "bold"), ". Esc clears the filter."
            )
        if self.board is not None and self.board.stored == 0:
            return Content(
                "No news stored yet. The feeds are polled in the background; press r to poll now."
            )
        return Content("No news about this show yet.")

    def _title_news(self, show: str | None) -> None:
        pane = self.query_one("#news-pane")
        if show is None:
            pane.border_title = "News · all shows"
        else:
            pane.border_title = Content.assemble("News · ", literal_line(show, NAME_LIMIT))

    # --- the current item and the query out -------------------------------------------

    @property
    def current_item(self) -> ItemView | None:
        return self.query_one(NewsFeed).current_item

    @property
    def news_query(self) -> NewsQuery:
        """What the news list should show now."""
        show = self.query_one(ShowList).selected_title
        return NewsQuery(show, self.query_one(FilterInput).value.strip())

    def _ask_for_news(self) -> None:
        query = self.news_query
        self._title_news(query.show)
        if self.board is None or query != self.board.news.query:
            self.app.post_message(QueryChanged(query))

    @on(ShowList.Highlighted)
    def _show_highlighted(self, _event: ShowList.Highlighted) -> None:
        self._ask_for_news()
        # d removes a show, not "All shows". Refreshing the bindings rebuilds the
        # footer (its keys removed and mounted again: a few ms and ~4,000 objects of
        # cyclic garbage), so only when that changes, not on every move down the list.
        removable = self.query_one(ShowList).selected_title is not None
        if removable != self._removable:
            self._removable = removable
            self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#news")
    def _news_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The list holds a page of news; reaching its end asks for the next page.
        window = self.query_one(NewsFeed).window
        if event.cursor_row >= len(window.items) - 1 and window.can_grow:
            self.app.post_message(QueryChanged(window.query, window.limit + PAGE))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, _event: Input.Changed) -> None:
        self._ask_for_news()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one(FilterInput).display = False
        self.query_one(NewsFeed).focus()

    # --- opening things ------------------------------------------------------------------

    @on(ShowList.Chosen)
    def _show_chosen(self, event: ShowList.Chosen) -> None:
        if event.title is None or self.board is None:
            self.query_one(NewsFeed).focus()
            return
        self.app.push_screen(ShowDetailScreen(event.title, self.board, self._source, self._clock))

    @on(NewsFeed.Chosen)
    def _item_chosen(self, event: NewsFeed.Chosen) -> None:
        view = self.query_one(NewsFeed).window.find(event.item_id)
        if view is not None:
            self.app.push_screen(ItemDetailScreen(view))

    # --- actions ---------------------------------------------------------------------

    def action_filter(self) -> None:
        """Open the filter (or go back to it)."""
        field = self.query_one(FilterInput)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        """Esc outside the filter: clear it if one is set."""
        field = self.query_one(FilterInput)
        if field.value:
            field.action_cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_show":
            try:
                selected = self.query_one(ShowList).selected_title
            except NoMatches:
                return None
            return True if selected is not None else None
        return True

    def action_add_show(self) -> None:
        """Track a new show: a form, then its news."""
        self._add_show()

    def action_remove_show(self) -> None:
        """Stop tracking the selected show, after a confirmation."""
        title = self.query_one(ShowList).selected_title
        if title is None:
            self.notify("Select a show to remove first.", timeout=4, markup=False)
            return
        self._remove_show(title)

    @work(exclusive=True, group="show-dialog", exit_on_error=False, description="Adding a show")
    async def _add_show(self) -> None:
        title = await add_show(self.app, self._source)
        if title is not None:
            self._select_show(title)

    @work(exclusive=True, group="show-dialog", exit_on_error=False, description="Removing a show")
    async def _remove_show(self, title: str) -> None:
        if await remove_show(self.app, self._source, title):
            self._ask_for_news()

    def _select_show(self, title: str) -> None:
        """Move the show list's cursor to a show (its news follows)."""
        shows = self.query_one(ShowList)
        try:
            shows.move_cursor(row=shows.get_row_index(RowKey(title)), animate=False)
        except RowDoesNotExist:  # gone again meanwhile
            return
        shows.focus()
