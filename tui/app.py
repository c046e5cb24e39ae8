"""The dashboard app (placeholder until the dashboard issue lands)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from ingest.config import Location


class SeasonwatchApp(App[None]):
    """A minimal screen naming the config; the real dashboard replaces it."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"seasonwatch: {self.location.config.source}", markup=False)
        yield Footer()


def run_dashboard(location: Location) -> int:
    """Run the app until the user quits."""
    SeasonwatchApp(location).run()
    return 0
