"""When each feed is polled next: pure decisions over a feed's state and ``now``.

Like reader's update Decider, nothing here does I/O: it is handed the time and the
outcome and returns the next ``FeedState``. A failing feed backs off exponentially
from its interval up to a cap, never gets disabled, and recovers on the first poll
that succeeds, so a fixed server is back within one backoff period.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ingest.records import FeedState, FeedStatus

BACKOFF_CAP = timedelta(hours=6)
RETRY_AFTER_CAP = timedelta(days=1)
"""A server may ask us to wait, but not to go away for good."""


def is_due(state: FeedState | None, now: datetime) -> bool:
    """True when the feed has never been polled or its next poll time has come."""
    return state is None or state.next_poll is None or state.next_poll <= now


def backoff(interval: timedelta, consecutive_errors: int) -> timedelta:
    """The wait after the n-th consecutive error: interval, 2x, 4x … up to the cap."""
    if consecutive_errors <= 0:
        return interval
    factor = 1 << min(consecutive_errors - 1, 16)
    return max(interval, min(interval * factor, BACKOFF_CAP))


def after_success(
    state: FeedState,
    now: datetime,
    interval: timedelta,
    *,
    status: FeedStatus,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None = None,
    title: str | None = None,
    entries: int | None = None,
    matched: int | None = None,
) -> FeedState:
    """The state after a poll that got a feed (or "not modified")."""
    return replace(
        state,
        etag=etag,
        last_modified=last_modified,
        body_hash=body_hash if body_hash is not None else state.body_hash,
        title=title or state.title,
        entries=entries if entries is not None else state.entries,
        matched=matched if matched is not None else state.matched,
        last_poll=now,
        last_success=now,
        status=status,
        error=None,
        consecutive_errors=0,
        next_poll=now + interval,
    )


def after_failure(
    state: FeedState,
    now: datetime,
    interval: timedelta,
    error: str,
    retry_after: float | None = None,
) -> FeedState:
    """The state after a failed poll: the error recorded, the next try backed off."""
    errors = state.consecutive_errors + 1
    wait = backoff(interval, errors)
    if retry_after is not None:
        wait = max(wait, min(timedelta(seconds=retry_after), RETRY_AFTER_CAP))
    return replace(
        state,
        last_poll=now,
        status=FeedStatus.ERROR,
        error=error,
        consecutive_errors=errors,
        next_poll=now + wait,
    )
