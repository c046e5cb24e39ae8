"""Messages between the screens and the app that are not owned by one widget.

Widgets define their own messages as nested classes (``ShowList.Highlighted``); the
ones here go from a screen to the app. Messages that can pile up while the user types
or scrolls define ``can_replace`` so only the newest waits in the queue (Toolong's
habit).
"""

from __future__ import annotations

from textual.message import Message

from tui.view import PAGE, NewsQuery


class QueryChanged(Message):
    """The dashboard wants another window of news (a show was selected, a filter typed)."""

    def __init__(self, query: NewsQuery, limit: int = PAGE) -> None:
        super().__init__()
        self.query = query
        self.limit = limit
        """How many items to show (it grows as the cursor reaches the end of the list)."""

    def can_replace(self, message: Message) -> bool:
        """Only the newest query matters."""
        return isinstance(message, QueryChanged)
