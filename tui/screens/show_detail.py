"""One show's estimate and why: the window on a timeline, the rules, the claims.

The headline is the newest season's estimate: phase, premiere window in words,
confidence, and whether the window was derived from production or wrap news. The
timeline draws it against today. "Why" lists what each rule did (the estimate's
reasons); "Claims" lists every claim it weighed, how it was used and the item it came
from — move there and press ``c``/``i``/``n`` to judge that item and watch the
estimate change, or Enter to read it. Other seasons' estimates follow.

Opened on an outdated board (the first open of a day, the store still loading), the
headline says whose estimate it is ("yesterday's, updating…") and the reasons wait
for today's: an estimate made for another day is never shown as today's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from ingest.snapshot import ItemView, ShowStatus
from ingest.wording import describe_confidence, describe_phase, describe_season, describe_window
from rules import DateWindow, Phase, SeasonEstimate, UsedClaim
from tui import keys
from tui.screens.base import BoardScreen, ItemSource
from tui.screens.item_detail import ItemDetailScreen
from tui.text import NAME_LIMIT, TITLE_LIMIT, cell, clean, literal_line
from tui.view import Board, describe_claim, describe_estimate, estimates_age
from tui.widgets.news_feed import STATE_MARKS
from tui.widgets.table import Column, KeyedTable, Row
from tui.widgets.timeline import Timeline

ITEM_ID = re.compile(r"\bitem ([0-9a-f]{12})\b")
"""How the rules name an item in a reason ("cancelled according to item 16b1f018e23d")."""


class ClaimTable(KeyedTable):
    """The claims behind an estimate, one row each, with the item each came from."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("state", "", width=1),
        Column("claim", "Claim", flex=2, min_width=12, max_width=36),
        Column("role", "How it was used", flex=3, min_width=14, max_width=48),
        Column("date", "Date", width=10),
        Column("item", "Item", flex=3, min_width=10, fill=True),
    )


class ShowDetailScreen(BoardScreen):
    """The estimate of one show, explained."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.DETAIL)

    def __init__(
        self, title: str, board: Board, source: ItemSource, clock: Callable[[], datetime]
    ) -> None:
        super().__init__(classes="detail")
        self.show_title = title
        self._board = board
        self._source = source
        self._clock = clock
        self._items: dict[str, ItemView] = {}
        self._claims: dict[str, UsedClaim] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with VerticalScroll(id="show-scroll", classes="pane") as scroll:
            scroll.border_title = literal_line(self.show_title, NAME_LIMIT)
            yield Static(id="show-headline")
            yield Timeline(id="timeline")
            yield Static(id="show-legend")
            yield Static(id="show-reasons")
            yield Static("Claims behind it", classes="section")
            yield ClaimTable(id="claims")
            yield Static(id="show-seasons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_board(self._board)
        # The keys go to the claims, but the screen opens at its top: the estimate and
        # its timeline (focus scrolled a long list of reasons past them).
        self.query_one(ClaimTable).focus(scroll_visible=False)

    # --- data in --------------------------------------------------------------------

    @property
    def status(self) -> ShowStatus | None:
        """The show's status on the newest board."""
        return self._board.status(self.show_title)

    def show_board(self, board: Board) -> None:
        self._board = board
        status = self.status
        estimate = status.current if status else None
        self._headline(status, estimate, estimates_age(board))
        timeline = self.query_one(Timeline)
        timeline.today = board.taken.date()
        timeline.window = estimate.window if estimate else DateWindow()
        timeline.derived = bool(estimate and estimate.derived)
        self.query_one("#show-legend", Static).update(self._legend(estimate, board))
        self.query_one("#show-reasons", Static).update(self._reasons(estimate, board))
        self.query_one("#show-seasons", Static).update(self._seasons(status, estimate))
        self._claims = (
            {f"{c.item_id}:{i}": c for i, c in enumerate(estimate.claims)} if (estimate) else {}
        )
        missing = {c.item_id for c in self._claims.values()} - set(self._items)
        if missing:
            self.fetch_items(missing)
        self._show_claims()

    def items_changed(self, views: tuple[ItemView, ...]) -> None:
        for view in views:
            if view.item.id in self._items:
                self._items[view.item.id] = view
        self._show_claims()

    @work(
        exclusive=True,
        group="show-items",
        exit_on_error=False,
        description="Loading the items behind the estimate",
    )
    async def fetch_items(self, ids: set[str]) -> None:
        """Fetch the items the claims came from (off the UI thread)."""
        self._items.update(await self._source.fetch_items(ids))
        self._show_claims()
        status = self.status
        estimate = status.current if status else None
        self.query_one("#show-reasons", Static).update(self._reasons(estimate, self._board))

    @property
    def current_item(self) -> ItemView | None:
        key = self.query_one(ClaimTable).current_key
        claim = self._claims.get(key) if key else None
        return self._items.get(claim.item_id) if claim else None

    def action_back(self) -> None:
        """Esc: back to the dashboard."""
        self.dismiss()

    @on(DataTable.RowSelected, "#claims")
    def _open_item(self, event: DataTable.RowSelected) -> None:
        event.stop()
        view = self.current_item
        if view is not None:
            self.app.push_screen(ItemDetailScreen(view))

    # --- rendering ------------------------------------------------------------------

    def _headline(
        self, status: ShowStatus | None, estimate: SeasonEstimate | None, age: str | None
    ) -> None:
        headline = self.query_one("#show-headline", Static)
        updating = Content("")
        if age is not None:
            whose = f"{age} estimate" if age else "estimate before the news stored since"
            updating = Content.styled(f"  ·  ⟳ {whose}, updating…", "bold $warning")
        if estimate is None:
            items = status.items if status else 0
            headline.update(
                Content.assemble(
                    literal_line(self.show_title, NAME_LIMIT, "bold"),
                    Content.styled(
                        f"  no estimate yet: {items} items mention it, none with a "
                        "season claim that counts",
                        "$text-muted",
                    ),
                    updating,
                )
            )
            return
        season = "whole show" if estimate.season is None else describe_season(estimate.season)
        if estimate.phase is Phase.CANCELLED:
            window = Content.styled("no next season", "bold $error")
        elif estimate.window.is_open:
            window = Content.styled("premiere window unknown", "$text-muted")
        else:
            words = ("≈ " if estimate.derived else "") + describe_window(estimate.window)
            window = Content.assemble("premiere ", Content.styled(words, "bold $accent"))
        confidence = f"  ·  confidence {describe_confidence(estimate.confidence)}"
        headline.update(
            Content.assemble(
                literal_line(self.show_title, NAME_LIMIT, "bold"),
                Content.styled(f"  {season}  ", "bold"),
                Content.styled(f" {describe_phase(estimate.phase)} ", "reverse bold $accent"),
                "  ",
                window,
                Content.styled(confidence, "bold"),
                updating,
            )
        )

    def _legend(self, estimate: SeasonEstimate | None, board: Board) -> Content:
        today = board.taken
        parts = [
            Content.styled(f"▼ today {today:%b} {today.day} {today.year}", "$warning"),
            Content.styled("  ◆ news behind it", "$text-secondary"),
        ]
        if estimate is not None and estimate.phase is Phase.CANCELLED:
            parts.append(Content.styled("  ·  cancelled: no next season", "$text-muted"))
        elif estimate is None or estimate.window.is_open:
            parts.append(Content.styled("  ·  no premiere window yet", "$text-muted"))
        else:
            source = (
                "derived from production or wrap news using typical lags"
                if estimate.derived
                else "from premiere news"
            )
            window = describe_window(estimate.window)
            parts.append(Content.styled(f"  ━ premiere {window} ({source})", "$text-muted"))
        return Content.assemble(*parts)

    def _reasons(self, estimate: SeasonEstimate | None, board: Board) -> Content:
        lines = [Content.styled("Why", "bold")]
        reasons = estimate.reasons if estimate else ()
        if board.estimates_as_of is not None:
            lines.append(
                Content.styled(
                    "  today's estimate and the rules behind it follow in a moment", "$text-muted"
                )
            )
        elif not reasons:
            lines.append(Content.styled("  no rules applied yet", "$text-muted"))
        for reason in reasons:
            lines.append(Content.assemble(Content.styled("  • ", "$accent"), self._words(reason)))
        return Content("\n").join(lines)

    def _words(self, reason: str) -> Content:
        """A rule's reason with "item <id>" replaced by the item's title, once it is loaded."""
        parts: list[Content] = []
        at = 0
        for match in ITEM_ID.finditer(reason):
            view = self._items.get(match.group(1))
            if view is None:
                continue
            parts.append(Content(clean(reason[at : match.start()], 400)))
            title = literal_line(f"“{view.item.title}”", 80, "italic")
            parts.append(title)
            at = match.end()
        parts.append(Content(clean(reason[at:], 400)))
        return Content.assemble(*parts)

    def _seasons(self, status: ShowStatus | None, current: SeasonEstimate | None) -> Content:
        others = [e for e in (status.estimates if status else ()) if e is not current]
        if not others:
            return Content("")
        lines = [Content.styled("Other seasons", "bold")]
        for estimate in others:
            lines.append(Content.assemble("  ", literal_line(describe_estimate(estimate), 200)))
        return Content("\n").join(lines)

    def _show_claims(self) -> None:
        table = self.query_one(ClaimTable)
        rows: list[Row] = []
        for key, used in self._claims.items():
            view = self._items.get(used.item_id)
            rows.append(
                (
                    key,
                    (
                        Text(STATE_MARKS[view.state] if view else "…"),
                        cell(describe_claim(used.claim, with_show=False), 120),
                        cell(used.role, 200),
                        Text(view.item.published.date().isoformat() if view else ""),
                        cell(view.item.title, TITLE_LIMIT)
                        if view
                        else Text("loading…", style="dim"),
                    ),
                )
            )
        table.sync_rows(rows)
        published = {
            self._items[c.item_id].item.published.date()
            for c in self._claims.values()
            if c.item_id in self._items
        }
        self.query_one(Timeline).events = tuple(sorted(published))
