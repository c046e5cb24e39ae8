"""The only place seasonwatch reads the time.

Everything else is handed a ``Clock`` so tests can freeze or move time, and so the
rules can stay pure (they get ``today`` as an argument, from here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of the current time, always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass
class FrozenClock:
    """A clock that stands still until told to move (for tests and benchmarks)."""

    current: datetime = field(default_factory=lambda: datetime(2020, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        """The frozen instant."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.current += delta


def today(clock: Clock) -> date:
    """The current UTC calendar date, the reference date the rules are given."""
    return clock.now().date()
