"""Every key binding of the dashboard, in one place.

Each binding has an id (``"item.confirm"``) so users can remap it in ``keymap.toml``
(see ``tui.keymap``) without knowing which class holds it. The help screen and the
command palette are built from these lists, so a key cannot exist without being
documented there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

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
    Binding(
        "a",
        "add_show",
        "Add show",
        show=False,  # the Shows pane names a and d: at 80 columns the footer has no room
        id="shows.add",
        tooltip="Track a new show: its title, other names, franchise",
    ),
    Binding(
        "d",
        "remove_show",
        "Remove show",
        show=False,
        id="shows.remove",
        tooltip="Stop tracking the selected show (asks first; its items and marks stay)",
    ),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="news.clear_filter"),
]

FILTER = [
    Binding("escape", "cancel", "Clear", id="filter.cancel", tooltip="Clear the filter"),
]

DETAIL = [
    Binding("escape", "back", "Back", id="screen.back", tooltip="Back to the previous screen"),
]

CONFIRM = [
    Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="Yes, do it"),
    Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="No, leave it"),
]
"""A yes/no question (removing a show, creating a config from the demo)."""

FORM = [
    Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without a change"),
]
"""A form (adding a show); Enter in any field submits it."""


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

KEY_NAMES = {"escape": "Esc", "enter": "Enter", "tab": "Tab", "slash": "/", "question_mark": "?"}


def active_keys(screen: Screen[Any], binding_id: str) -> str:
    """The keys that run a binding on ``screen`` now ("y or Enter"), the keymap applied."""
    found = [
        KEY_NAMES.get(key, key)
        for key, active in screen.active_bindings.items()
        if active.binding.id == binding_id
    ]
    return " or ".join(dict.fromkeys(found)) or "?"
