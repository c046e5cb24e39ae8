"""Every key binding of the dashboard, in one place.

Each binding has an id (``"item.confirm"``) so users can remap it in ``keymap.toml``
(see ``tui.keymap``) without knowing which class holds it. The help screen and the
command palette are built from these lists, so a key cannot exist without being
documented there.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

APP = [
    Binding(
        "c",
        "mark('confirmed')",
        "Confirm",
        id="item.confirm",
        tooltip="Confirm the item: its claims outrank unreviewed news",
    ),
    Binding(
        "i",
        "mark('ignored')",
        "Ignore",
        id="item.ignore",
        tooltip="Ignore the item: its claims count for nothing",
    ),
    Binding(
        "n",
        "mark('new')",
        "New",
        id="item.reset",
        tooltip="Reset the item to new (undoes confirm or ignore)",
    ),
    Binding("o", "open_link", "Open", id="item.open", tooltip="Open the item's link in a browser"),
    Binding("r", "poll", "Poll", id="app.poll", tooltip="Poll every feed now"),
    Binding(
        "f",
        "feeds",
        "Feeds",
        id="app.feeds",
        show=False,
        tooltip="Feed health: each feed's last poll, status, error",
    ),
    Binding(
        "question_mark",
        "help",
        "Help",
        id="app.help",
        key_display="?",
        tooltip="Every key, explained",
    ),
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit seasonwatch"),
]
"""Keys that work on every screen (item keys act on the screen's current item)."""

TABLE = [
    Binding("j", "cursor_down", "Down", show=False, id="move.down"),
    Binding("k", "cursor_up", "Up", show=False, id="move.up"),
    Binding("g", "scroll_top", "First", show=False, id="move.first"),
    Binding("G", "scroll_bottom", "Last", show=False, id="move.last"),
]
"""Vi-style movement added to every list (arrows, PgUp/PgDn, Home/End also work)."""

DASHBOARD = [
    Binding(
        "slash",
        "filter",
        "Filter",
        id="news.filter",
        key_display="/",
        tooltip="Filter the news by words in the title or feed name",
    ),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="news.clear_filter"),
]

FILTER = [
    Binding("escape", "cancel", "Clear", id="filter.cancel", tooltip="Clear the filter"),
]

DETAIL = [
    Binding("escape", "back", "Back", id="screen.back", tooltip="Back to the previous screen"),
]


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of the help screen: keys, what they do, and the binding id if any."""

    keys: str
    description: str
    binding_id: str | None = None


NAVIGATION = (
    KeyHelp("↑ ↓  j k", "Move in a list"),
    KeyHelp("PgUp PgDn  g G", "Page up and down; first and last row"),
    KeyHelp("Tab  Shift+Tab", "Next and previous pane (shows → news → filter)"),
    KeyHelp("Enter", "Open the show's estimate, or the item's text"),
    KeyHelp("Esc", "Back; clear the filter"),
    KeyHelp("Ctrl+P", "Command palette: every action by name"),
)
"""Keys that come from Textual's widgets rather than from a binding of ours."""
