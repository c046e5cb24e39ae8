"""The show list: one row per tracked show with its next season's estimate.

The first row, "All shows", selects every show's news. Each show's row has its phase
as a coloured badge, the premiere window in words ("2018", "Mar 8 2018", "2018 or
later"; "≈" when derived from production or wrap news), the confidence and how many
of its items are still unreviewed. Rows change in place when a board arrives.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from ingest.snapshot import ShowStatus
from ingest.wording import describe_phase, describe_season, describe_window
from rules import Phase, SeasonEstimate
from tui.text import NAME_LIMIT, cell, short_count
from tui.view import Board
from tui.widgets.table import Column, KeyedTable, Row

ALL_SHOWS = "\x00all"
"""The row key of "All shows" (no configured title holds a NUL)."""


def title_of(key: str | None) -> str | None:
    """The show title a row key stands for (None for "All shows")."""
    return None if key in (None, ALL_SHOWS) else key


class ShowList(KeyedTable):
    """Every tracked show, with its estimate; highlights drive the news list."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("show", "Show", auto=True, max_width=40),
        Column("phase", "Phase", width=13),
        Column("window", "Season · premiere", flex=1, min_width=12, max_width=30),
        Column("confidence", "Conf", width=4),
        Column("new", "New", width=5),
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "show-list--all",
        "show-list--derived",
        "show-list--unknown",
        "show-list--count",
        "show-list--zero",
        "show-list--confidence-high",
        "show-list--confidence-mid",
        "show-list--confidence-low",
        *(f"show-list--phase-{phase.value}" for phase in Phase),
    }

    class Highlighted(Message):
        """The cursor moved to a show (``title``) or to "All shows" (None)."""

        def __init__(self, title: str | None) -> None:
            super().__init__()
            self.title = title

    class Chosen(Message):
        """Enter on a show (``title``) or on "All shows" (None)."""

        def __init__(self, title: str | None) -> None:
            super().__init__()
            self.title = title

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._board: Board | None = None

    @property
    def selected_title(self) -> str | None:
        """The highlighted show's title, or None for "All shows"."""
        return title_of(self.current_key)

    def show_board(self, board: Board) -> None:
        """Bring every row up to date with ``board``."""
        self._board = board
        rows: list[Row] = [(ALL_SHOWS, self._all_row(board))]
        rows += [(status.show.title, self._show_row(status)) for status in board.shows]
        self.sync_rows(rows)

    def redraw(self) -> None:
        if self._board is not None:
            self.show_board(self._board)

    def _all_row(self, board: Board) -> tuple[Text, ...]:
        style = self.component_style("show-list--all")
        return (
            Text("All shows", style=style, end=""),
            Text(""),
            Text(""),
            Text(""),
            self._count(board.unreviewed),
        )

    def _show_row(self, status: ShowStatus) -> tuple[Text, ...]:
        estimate = status.current
        phase = estimate.phase if estimate else Phase.UNKNOWN
        badge = Text(
            f" {describe_phase(phase)} ",
            style=self.component_style(f"show-list--phase-{phase.value}"),
            end="",
        )
        window = self._window(estimate)
        return (
            cell(status.show.title, NAME_LIMIT),
            badge,
            window,
            self._confidence(estimate.confidence if estimate else None),
            self._count(status.unreviewed),
        )

    def _window(self, estimate: SeasonEstimate | None) -> Text:
        muted = self.component_style("show-list--unknown")
        if estimate is None:
            return Text("no estimate yet", style=muted)
        season = f"{describe_season(estimate.season)} · " if estimate.season is not None else ""
        if estimate.phase is Phase.CANCELLED:
            return Text(f"{season}no next season", style=muted)
        if estimate.window.is_open:
            return Text(f"{season}window unknown", style=muted)
        words = season + describe_window(estimate.window)
        if estimate.derived:
            return cell("≈ " + words, 60, self.component_style("show-list--derived"))
        return cell(words, 60)

    def _confidence(self, confidence: float | None) -> Text:
        if confidence is None:
            return Text("")
        level = "high" if confidence >= 0.75 else "mid" if confidence >= 0.5 else "low"
        text = f"{round(confidence * 100)}%".rjust(4)
        return Text(text, style=self.component_style(f"show-list--confidence-{level}"))

    def _count(self, unreviewed: int) -> Text:
        if not unreviewed:
            return Text("0".rjust(3), style=self.component_style("show-list--zero"))
        text = short_count(unreviewed).rjust(3)
        return Text(text, style=self.component_style("show-list--count"))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(title_of(event.row_key.value)))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(title_of(event.row_key.value)))
