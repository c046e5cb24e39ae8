"""Plain-text output of the headless commands: aligned tables and the poll summary.

Every string that came from a feed passes ``strip_unsafe`` again on its way out:
the store holds clean text, but a hand-edited or older store must not be able to
send escape sequences to the user's terminal either.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from datetime import datetime

from ingest.plaintext import strip_unsafe, truncate
from ingest.poller import PollReport
from ingest.records import FeedState, FeedStatus
from ingest.wording import describe_moment

_STATUS_WORDS = {
    FeedStatus.NEVER: "not polled",
    FeedStatus.OK: "ok",
    FeedStatus.NOT_MODIFIED: "not modified",
    FeedStatus.ERROR: "failed",
}


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns aligned; the last column is cut to the terminal width on a TTY."""
    cells = [[strip_unsafe(" ".join(str(c).split())) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    if sys.stdout.isatty() and widths:
        room = shutil.get_terminal_size().columns - sum(w + 2 for w in widths[:-1])
        widths[-1] = max(len(headers[-1]), min(widths[-1], room))
    lines = [_line(headers, widths)]
    lines += [_line([*row[:-1], truncate(row[-1], widths[-1])], widths) for row in cells]
    if not rows:
        lines.append("(nothing to show)")
    print("\n".join(lines))


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [c.ljust(w) for c, w in zip(cells[:-1], widths[:-1], strict=False)]
    return "  ".join([*padded, cells[-1]]).rstrip()


def feeds_rows(states: Sequence[FeedState], now: datetime) -> tuple[list[str], list[list[str]]]:
    """The ``feeds`` table: one row per configured feed."""
    headers = ["NAME", "STATUS", "LAST POLL", "NEXT POLL", "ITEMS", "URL / ERROR"]
    rows = []
    for state in states:
        detail = state.url if state.error is None else f"{state.error} ({state.url})"
        rows.append(
            [
                state.name,
                _STATUS_WORDS[state.status],
                describe_moment(state.last_poll, now),
                describe_moment(state.next_poll, now) if state.last_poll else "now",
                f"{state.matched}/{state.entries}",
                detail,
            ]
        )
    return headers, rows


def render_report(report: PollReport, *, stored: int, now: datetime, brief: bool = False) -> str:
    """The summary of one poll cycle: feeds ok / not modified / failed, items new / updated."""
    seconds = (report.finished - report.started).total_seconds()
    polled = len(report.outcomes)
    feeds = (
        f"{polled} feed{'s' if polled != 1 else ''} polled in {seconds:.1f} s: "
        f"{report.count(FeedStatus.OK)} ok, {report.count(FeedStatus.NOT_MODIFIED)} not modified, "
        f"{len(report.failed)} failed"
    )
    if report.not_due:
        feeds += f", {report.not_due} not due yet"
    items = (
        f"items: {len(report.new_items)} new, {len(report.updated_items)} updated, {stored} stored"
    )
    if brief:
        return f"{feeds}; {items}"
    lines = [feeds, items]
    for outcome in report.failed:
        retry = describe_moment(outcome.next_poll, now)
        lines.append(
            f"  failed: {strip_unsafe(outcome.name)}: "
            f"{strip_unsafe(truncate(outcome.error or '', 200))} (retry {retry})"
        )
    return "\n".join(lines)
