"""Help: every key, what it does, and where keys can be changed.

Built from ``tui.keys`` and the keymap in effect, so it always names the keys that
actually work. Esc or ``?`` close it; ``q`` still quits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keys
from tui.keys import KeyHelp
from tui.text import literal_line


def key_label(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The key(s) a binding answers to, as people write them."""
    key = keymap.get(binding.id or "", binding.key)
    if binding.key_display and key == binding.key:
        return binding.key_display
    names = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter"}
    return " ".join(names.get(k, k) for k in key.split(","))


def help_lines(keymap: Mapping[str, str]) -> list[tuple[str, list[KeyHelp]]]:
    """The help screen's sections."""

    def from_bindings(bindings: Iterable[Binding]) -> list[KeyHelp]:
        return [KeyHelp(key_label(b, keymap), b.tooltip or b.description, b.id) for b in bindings]

    item = [b for b in keys.APP if (b.id or "").startswith("item.")]
    app = [b for b in keys.APP if not (b.id or "").startswith("item.")]
    dashboard = {b.id: b for b in keys.DASHBOARD}
    shows = [dashboard["shows.add"], dashboard["shows.remove"]]
    return [
        ("Move", list(keys.NAVIGATION)),
        ("News items (on the list, an item, or a claim's item)", from_bindings(item)),
        ("Shows (on the dashboard)", from_bindings(shows)),
        ("Everywhere", from_bindings([*app, dashboard["news.filter"]])),
    ]


class HelpScreen(ModalScreen[None]):
    """The keys, explained."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, keymap: Mapping[str, str], keymap_file: str | None) -> None:
        super().__init__(id="help")
        self._keymap = keymap
        self._keymap_file = keymap_file

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel") as panel:
            panel.border_title = "seasonwatch keys"
            panel.border_subtitle = "Esc or ? closes"
            for title, entries in help_lines(self._keymap):
                yield Static(Content.styled(title, "bold $accent"), classes="help-section")
                with Grid(classes="help-keys"):
                    for entry in entries:
                        yield Static(Content.styled(entry.keys, "bold"), classes="help-key")
                        yield Static(Content(entry.description), classes="help-what")
            yield Static(self._notes(), classes="help-notes")

    def _notes(self) -> Content:
        lines = [
            Content.styled(
                "States: ● new (unreviewed) · ✓ confirmed (outranks unreviewed news) · "
                "✗ ignored (counts for nothing). A mark is saved the moment you make it.",
                "$text-muted",
            )
        ]
        if self._keymap_file:
            lines.append(
                Content.assemble(
                    Content.styled("Change keys in ", "$text-muted"),
                    literal_line(self._keymap_file, 300, "$text-muted"),
                    Content.styled(', e.g. [keymap] "item.confirm" = "y"', "$text-muted"),
                )
            )
        return Content("\n").join(lines)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()
