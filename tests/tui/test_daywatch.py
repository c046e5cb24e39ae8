"""A dashboard left open past midnight shows the new day's estimates without a poll or mark.

The demo plus a show whose season 2 premieres on the tests' today (as in
``test_boardcache``): "scheduled" that day, "premiered" the next. The app's frozen
clock is moved across midnight while the real timer runs; no poll runs (no autopoll).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

import tui.daywatch
from ingest.clock import FrozenClock
from ingest.config import Location
from tests.tui.conftest import AppFactory, settle
from tests.tui.test_boardcache import PREMIERING, TODAY, phase_shown, premiering_today
from tui.app import SeasonwatchApp
from tui.daywatch import PAST_MIDNIGHT, RECHECK_SECONDS, seconds_to_check

pytestmark = pytest.mark.anyio

MIDNIGHT = datetime.combine(TODAY + timedelta(days=1), datetime.min.time(), UTC)
"""The end of the tests' today."""


async def next_board(app: SeasonwatchApp) -> None:
    """Wait (a few seconds at most) until the app sets another board."""
    changed = asyncio.Event()
    app.watch(app, "board", lambda _board: changed.set(), init=False)
    await asyncio.wait_for(changed.wait(), 5)


async def test_the_board_follows_the_day_at_midnight(
    make_app: AppFactory, demo_location: Location
) -> None:
    clock = FrozenClock(MIDNIGHT - timedelta(seconds=0.4))
    app = make_app(premiering_today(demo_location), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert phase_shown(app, PREMIERING) == "scheduled"
        clock.advance(timedelta(seconds=1))  # the timer, set for just past midnight, fires soon
        await next_board(app)
        await settle(pilot)
        assert app.board is not None and app.board.taken.date() == TODAY + timedelta(days=1)
        assert phase_shown(app, PREMIERING) == "premiered"


async def test_a_sleep_past_midnight_is_noticed_when_the_timer_fires(
    make_app: AppFactory, demo_location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Monotonic time stops while the machine sleeps: the timer, set for midday's
    # recheck, fires after the wake with the clock a day on.
    monkeypatch.setattr(tui.daywatch, "RECHECK_SECONDS", 0.2)
    clock = FrozenClock(MIDNIGHT - timedelta(hours=12))
    app = make_app(premiering_today(demo_location), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert phase_shown(app, PREMIERING) == "scheduled"
        clock.advance(timedelta(hours=20))
        await next_board(app)
        await settle(pilot)
        assert phase_shown(app, PREMIERING) == "premiered"


def test_the_timer_is_set_just_past_the_next_midnight_or_the_recheck() -> None:
    assert seconds_to_check(MIDNIGHT - timedelta(seconds=30)) == pytest.approx(30 + PAST_MIDNIGHT)
    assert seconds_to_check(MIDNIGHT) == RECHECK_SECONDS  # a whole day ahead: recheck first
    assert seconds_to_check(MIDNIGHT - timedelta(hours=12)) == RECHECK_SECONDS
