"""The status line: how the feeds are doing and when the next poll comes.

"✓ 7 feeds ok · last poll 2m ago · next in 13m" on the left, the store's size and
what is left to review on the right; "⟳ polling…" while a poll runs and "▲ 2 of 7
feeds failing" when some feed's last poll failed (the feed screen, ``f``, says why).
While the board is an outdated board cache's (the first open of a day), the left
says so instead: "⟳ updating yesterday's estimates…" until today's replace them.
Relative times are refreshed every few seconds from the app's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ingest.records import FeedStatus
from ingest.wording import describe_moment
from tui.text import count
from tui.view import Board, estimates_age

TICK_SECONDS = 5.0


class StatusLine(Widget):
    """One line under the lists, always visible."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
    }
    """

    board: reactive[Board | None] = reactive(None)
    polling: reactive[bool] = reactive(False)
    now: reactive[datetime | None] = reactive(None)

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock

    def on_mount(self) -> None:
        self.now = self._clock()
        self.set_interval(TICK_SECONDS, self._tick)

    def _tick(self) -> None:
        self.now = self._clock()

    def render(self) -> Content:
        left = self._left()
        right = self._right()
        gap = self.size.width - left.cell_length - right.cell_length
        if gap < 2:
            return left
        return Content.assemble(left, " " * gap, right)

    def _left(self) -> Content:
        board, now = self.board, self.now or self._clock()
        if board is None:
            return Content.styled("⟳ loading the store…", "$accent")
        age = estimates_age(board)
        if age is not None:  # the store loads, and every estimate is made again
            words = f"{age} estimates" if age else "the estimates with news stored since"
            return Content.styled(f"⟳ updating {words}…", "bold $accent")
        feeds = board.feeds
        failed = sum(1 for f in feeds if f.status is FeedStatus.ERROR)
        if self.polling:
            health = Content.styled(f"⟳ polling {count(len(feeds), 'feed')}…", "bold $accent")
        elif not feeds:
            health = Content.styled("no feeds configured", "$warning")
        elif failed:
            health = Content.styled(
                f"▲ {failed} of {count(len(feeds), 'feed')} failing", "bold $error"
            )
        elif all(f.last_poll is None for f in feeds):
            health = Content.styled(f"○ {count(len(feeds), 'feed')}, not polled yet", "$text-muted")
        else:
            health = Content.styled(f"✓ {count(len(feeds), 'feed')} ok", "$success")
        polls = [f.last_poll for f in feeds if f.last_poll is not None]
        last = describe_moment(max(polls), now) if polls else "never"
        parts = [health, Content.styled(f" · last poll {last}", "$text-muted")]
        if feeds and not self.polling:
            nexts = [f.next_poll for f in feeds]
            due = None if any(n is None for n in nexts) else min(n for n in nexts if n)
            upcoming = "due now" if due is None or due <= now else describe_moment(due, now)
            parts.append(Content.styled(f" · next {upcoming}", "$text-muted"))
        return Content.assemble(*parts)

    def _right(self) -> Content:
        board = self.board
        if board is None:
            return Content("")
        unreviewed = board.unreviewed
        return Content.assemble(
            Content.styled(count(board.stored, "item"), "$text-muted"),
            Content.styled(" · ", "$text-muted"),
            Content.styled(f"{unreviewed:,} to review", "$accent" if unreviewed else "$text-muted"),
        )
