"""The board follows the day: when the date changes, every estimate is made again.

Why: an estimate depends on the day it is made for (a premiere dated today reads
"scheduled" until the day ends and "premiered" after; a window's start passes), and
the board is otherwise rebuilt only by a poll, a mark or a change of shows. A
dashboard left open past midnight with no poll due — autopoll off, a long interval,
every feed backing off — kept yesterday's words until then.

The day is the clock's date, the one the rules are given everywhere (``ingest.clock``:
UTC), so the timer is set for the clock's next midnight, not a poll of the date. A
timer counts monotonic time, which stands still while the machine sleeps: so it is
set at most ``RECHECK_SECONDS`` ahead, and when it fires the date is looked at again
(early, it is set again; late, the board is rebuilt at once). The rebuild takes the
lane like a mark and replaces the board; the screens redraw only the rows that changed.
The app runs it as its worker (``DayHost``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Protocol

from textual.timer import Timer

from tui.host import BoardHost

RECHECK_SECONDS = 600.0
"""The longest the timer runs before the date is looked at again: a sleep that spans
midnight is noticed at most this long after the machine wakes."""
PAST_MIDNIGHT = 0.1
"""Seconds past midnight the timer aims for: Textual trims its sleeps a little, and a
timer that fired just before midnight would only be set again."""


class DayHost(BoardHost, Protocol):
    """What following the day needs from the dashboard app (``tui.app``)."""

    def follow_day(self) -> object:
        """Start the worker that rebuilds the board for the new day (``DayWatch.run``)."""
        ...

    def save_cache_soon(self) -> None: ...


def seconds_to_check(now: datetime) -> float:
    """How long until the date is looked at again: just past the next midnight of
    ``now``'s date, or ``RECHECK_SECONDS`` if that is sooner."""
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), now.tzinfo)
    return min(RECHECK_SECONDS, (midnight - now).total_seconds() + PAST_MIDNIGHT)


class DayWatch:
    """Rebuilds the board when the clock's date is no longer the board's."""

    def __init__(self, host: DayHost) -> None:
        self._host = host
        self._timer: Timer | None = None

    def start(self) -> None:
        """Set the timer for the next midnight (or the next recheck)."""
        if self._host.released:
            return
        self.stop()
        delay = seconds_to_check(self._host.clock.now())
        self._timer = self._host.set_timer(delay, self._timer_fired, name="day change")

    def stop(self) -> None:
        """Disarm the timer (the app is closing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def behind(self) -> bool:
        """True when the board on screen was made for another day than the clock's."""
        board = self._host.board
        return board is not None and board.taken.date() != self._host.clock.now().date()

    def _timer_fired(self) -> None:
        self._timer = None
        if self.behind():
            self._host.follow_day()
        self.start()

    async def run(self) -> None:
        """Rebuild the board for today (the body of the app's worker), then save the
        board cache with today's estimates for the next start."""
        host = self._host
        async with host.lane:
            library = host.library
            if library is None or not self.behind():
                return  # still loading (the load builds today's), or a poll rebuilt it first
            host.board = await host.built(library)
        host.save_cache_soon()
