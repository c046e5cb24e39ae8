"""A yes/no question over the current screen: y or Enter says yes, n or Esc says no.

The dashboard asks one before it removes a show and before it leaves the demo for a
config of the user's own. The question arrives as ``Content`` the caller built, so a
show title in it is literal text, never markup. The keys it names are the ones in
effect (a keymap may have moved them).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keys
from tui.keys import active_keys


class ConfirmScreen(ModalScreen[bool]):
    """Asks one question; dismisses with True (yes) or False (no)."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.CONFIRM)

    def __init__(self, title: str, question: Content, detail: Content, yes: str, no: str) -> None:
        """``yes``/``no`` say what each answer does ("Remove", "Keep it")."""
        super().__init__(classes="dialog")
        self._title = title
        self._question = question
        self._detail = detail
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-panel", classes="dialog-panel") as panel:
            panel.border_title = self._title
            yield Static(self._question, id="confirm-question")
            yield Static(self._detail, id="confirm-detail", classes="dialog-detail")
            yield Static(id="confirm-keys", classes="dialog-keys")

    def on_mount(self) -> None:
        hint = Content.assemble(
            (active_keys(self, "confirm.yes"), "bold"),
            f"  {self._yes}     ",
            (active_keys(self, "confirm.no"), "bold"),
            f"  {self._no}",
        )
        self.query_one("#confirm-keys", Static).update(hint)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
