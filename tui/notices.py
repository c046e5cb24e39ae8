"""What the dashboard tells the user in passing: a poll's news, failed feeds, moved estimates.

Pure functions from boards and poll reports to ``Notice`` values, so what is said (and
that feed text in it is cleaned) is decided in one place and tested without an app.
The app shows each as a toast with ``markup=False`` (``tui.toasts``: a newer notice about
the same show's estimate replaces the older one, and only a few of those show at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ingest.poller import PollReport
from ingest.records import FeedStatus
from tui.text import ERROR_LIMIT, NAME_LIMIT, count, one_line
from tui.view import Board, estimate_changes

MAX_CHANGE_NOTICES = 3
"""More estimate changes than this at once (a big poll) make one notice, not a pile."""

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One toast: plain text only."""

    message: str
    title: str
    severity: Severity = "information"
    timeout: float = 8
    key: str | None = None
    """What the notice reports on, when a newer report makes it moot (a show's
    estimate): the toast with the same key still up is replaced, and only a few keyed
    toasts show at once (``tui.toasts``)."""


def change_notices(before: Board, after: Board) -> list[Notice]:
    """A notice per show whose estimate moved (one for all when many moved)."""
    changes = estimate_changes(before, after)
    if len(changes) > MAX_CHANGE_NOTICES:
        names = one_line(", ".join(c.show for c in changes), 300)
        return [Notice(names, f"{len(changes)} estimates changed", key="estimates")]
    return [
        # The message is the rules' words and dates; only the show title is the user's.
        Notice(
            change.message,
            f"{one_line(change.show, NAME_LIMIT)}: estimate changed",
            key=f"estimate of {change.show}",
        )
        for change in changes
    ]


def poll_notices(report: PollReport, before: Board | None, after: Board) -> list[Notice]:
    """What a finished poll is worth saying: feeds that just failed, news, moved estimates."""
    failing = {f.url for f in before.feeds if f.status is FeedStatus.ERROR} if before else set()
    notices = [
        Notice(
            f"{one_line(outcome.name, NAME_LIMIT)}: {one_line(outcome.error, ERROR_LIMIT)}",
            "Feed failed",
            "warning",
            10,
        )
        for outcome in report.failed
        if outcome.url not in failing  # a feed that keeps failing is said once
    ]
    if report.new_items:
        notices.append(Notice(count(len(report.new_items), "new item"), "News", timeout=5))
    if before is not None:
        notices += change_notices(before, after)
    return notices
