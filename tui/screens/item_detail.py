"""One news item: its text with the evidence sentences highlighted, its claims, its link.

The item keys work here as on the list (``c`` confirm, ``i`` ignore, ``n`` new, ``o``
open the link), and the state line follows each mark at once. Esc goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Rule, Static

from ingest.snapshot import ItemView
from rules import Certainty, ReviewState
from tui import keys
from tui.screens.base import BoardScreen
from tui.text import NAME_LIMIT, TITLE_LIMIT, highlight_evidence, literal_line, one_line
from tui.view import describe_claim
from tui.widgets.link_line import LinkLine
from tui.widgets.news_feed import STATE_MARKS

STATE_STYLES = {
    ReviewState.NEW: "bold $accent",
    ReviewState.CONFIRMED: "bold $success",
    ReviewState.IGNORED: "bold $text-muted",
}
CERTAINTY_STYLES = {
    Certainty.CONFIRMED: "$success",
    Certainty.EXPECTED: "$warning",
    Certainty.RUMORED: "$text-muted",
}
EVIDENCE_STYLE = "bold $text on $accent 25%"


def state_badge(state: ReviewState) -> Content:
    """ "● new", "✓ confirmed", "✗ ignored" in the state's colour."""
    return Content.styled(f"{STATE_MARKS[state]} {state.value}", STATE_STYLES[state])


class ItemDetailScreen(BoardScreen):
    """The full text of one item."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.DETAIL)

    def __init__(self, view: ItemView) -> None:
        super().__init__(classes="detail")
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with VerticalScroll(id="item-scroll", classes="pane") as scroll:
            scroll.border_title = "News item"
            scroll.can_focus = True
            yield Static(id="item-title")
            yield Static(id="item-meta")
            yield LinkLine(id="item-link")
            yield Rule()
            yield Static(id="item-body")
            yield Static(id="item-claims")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._render_item()
        self.query_one("#item-scroll").focus()

    @property
    def current_item(self) -> ItemView | None:
        return self.view

    def items_changed(self, views: tuple[ItemView, ...]) -> None:
        for view in views:
            if view.item.id == self.view.item.id:
                self.view = view
                self._render_item()

    def action_back(self) -> None:
        """Esc: back to where the item was opened."""
        self.dismiss()

    def _render_item(self) -> None:
        item, state = self.view.item, self.view.state
        evidence = [c.evidence for c in item.claims]
        title = highlight_evidence(one_line(item.title, TITLE_LIMIT), evidence, EVIDENCE_STYLE)
        self.query_one("#item-title", Static).update(title.stylize_before("bold"))
        meta = [
            state_badge(state),
            Content.styled(f"  {item.published:%a %b %d %Y, %H:%M} UTC  ·  ", "$text-muted"),
            literal_line(item.feed_name, NAME_LIMIT, "$text-muted"),
        ]
        if item.mentions:
            meta.append(Content.styled("  ·  about ", "$text-muted"))
            meta.append(literal_line(", ".join(item.mentions), 200, "$text-muted"))
        self.query_one("#item-meta", Static).update(Content.assemble(*meta))
        self.query_one("#item-link", LinkLine).link = item.link or ""
        body = (
            highlight_evidence(item.summary, evidence, EVIDENCE_STYLE)
            if item.summary
            else Content.styled("(the feed gave no text beyond the title)", "$text-muted")
        )
        self.query_one("#item-body", Static).update(body)
        self.query_one("#item-claims", Static).update(self._claims())

    def _claims(self) -> Content:
        claims = self.view.item.claims
        if not claims:
            return Content.styled(
                "No season claims found in this item: it only mentions the shows.",
                "$text-muted",
            )
        lines = [Content.styled(f"Claims ({len(claims)})", "bold")]
        for claim in claims:
            lines.append(
                Content.assemble(
                    Content.styled("• ", "$accent"),
                    literal_line(describe_claim(claim).rstrip("?"), 200, "bold"),
                    Content.styled(f"  {claim.certainty.value}", CERTAINTY_STYLES[claim.certainty]),
                )
            )
            lines.append(Content.assemble("   “", literal_line(claim.evidence, 600, "italic"), "”"))
        return Content("\n").join(lines)
