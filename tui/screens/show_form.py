"""The add-a-show form: a title, other names (comma-separated) and a franchise.

Enter in any field submits; Esc closes without a change. The form checks the show
against the tracked ones before closing (``tui.manage.check_request``, which uses
``ingest.manage``'s own rules and words), so an empty title or a name already tracked
is said under the fields and nothing is written. What the user typed is shown back
only as literal ``Content``: a title like ``[b]x[/b]`` stays those characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui import keys
from tui.keys import active_keys
from tui.manage import TITLE_LIMIT, ShowRequest
from tui.text import ERROR_LIMIT, literal_line

Check = Callable[[ShowRequest], str | None]
"""Why a request cannot be added, or None."""


class ShowFormScreen(ModalScreen[ShowRequest | None]):
    """Asks for a new show; dismisses with the request, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.FORM)
    AUTO_FOCUS = "#show-title"

    def __init__(self, check: Check) -> None:
        super().__init__(classes="dialog")
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="show-form", classes="dialog-panel") as panel:
            panel.border_title = "Add a show"
            yield Static("Title", classes="form-label")
            yield Input(
                placeholder="e.g. Severance", id="show-title", max_length=TITLE_LIMIT, compact=True
            )
            yield Static(
                "Other names the news uses · comma-separated, optional", classes="form-label"
            )
            yield Input(
                placeholder="e.g. Severance season 2, Severance S2",
                id="show-aliases",
                max_length=4 * TITLE_LIMIT,
                compact=True,
            )
            yield Static("Franchise · optional", classes="form-label")
            yield Input(id="show-franchise", max_length=TITLE_LIMIT, compact=True)
            yield Static(id="form-error")
            yield Static(
                "Its mentions are found in the news stored so far and in every poll.",
                classes="dialog-detail",
            )
            yield Static(id="form-keys", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#form-error", Static).display = False
        hint = Content.assemble(
            ("Enter", "bold"),
            "  Add     ",
            ("Tab", "bold"),
            "  Next field     ",
            (active_keys(self, "form.cancel"), "bold"),
            "  Cancel",
        )
        self.query_one("#form-keys", Static).update(hint)

    @property
    def request(self) -> ShowRequest:
        """What the fields say now."""
        return ShowRequest.from_fields(
            self.query_one("#show-title", Input).value,
            self.query_one("#show-aliases", Input).value,
            self.query_one("#show-franchise", Input).value,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        request = self.request
        problem = self._check(request)
        if problem is None:
            self.dismiss(request)
            return
        error = self.query_one("#form-error", Static)
        error.update(literal_line(problem, ERROR_LIMIT))
        error.display = True
        self.query_one("#show-title", Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#form-error", Static).display = False

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
