"""Estimate changes: what moved between two sets of estimates, and telling the user.

``estimate_changes(before, after)`` is pure: it pairs estimates by (show, season) and
returns an ``EstimateChange`` for each whose phase, window or confidence moved. The
``mark`` command prints them, the dashboard can toast them (``describe()`` is one
sentence), and ``ingest`` hands the notable ones (a new phase or window, not only a
new confidence) to the user's ``on_change`` command.

``on_change`` is a shell command from the user's own config, run once per change
with the change as JSON on stdin and as words in ``$SEASONWATCH_CHANGE`` (so
``notify-send "$SEASONWATCH_CHANGE"`` works without a JSON tool). It runs with a
timeout in its own process group, so a hung command and its children are killed;
whatever it does — fail, hang, not exist — is reported and ingest carries on.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest.config import Config
from ingest.poller import PollReport
from ingest.snapshot import Library
from ingest.store import Store
from ingest.wording import describe_confidence, describe_phase, describe_season, describe_window
from rules import SeasonEstimate

HOOK_TIMEOUT = 10.0
"""Seconds an ``on_change`` command may run before it (and its children) are killed."""
OUTPUT_LIMIT = 500
"""Characters of a failing command's stderr kept for the message."""


@dataclass(frozen=True, slots=True)
class EstimateChange:
    """One (show, season) whose estimate is not what it was."""

    show: str
    season: int | None
    before: SeasonEstimate | None
    """None when the season had no estimate before."""
    after: SeasonEstimate | None
    """None when the season has no estimate any more (its evidence was ignored)."""

    @property
    def changed(self) -> tuple[str, ...]:
        """Which of "phase", "window", "confidence" differ (all three for a new estimate)."""
        was, now = self.before, self.after
        if was is None or now is None:
            return ("phase", "window", "confidence")
        fields = []
        if was.phase != now.phase:
            fields.append("phase")
        if was.window != now.window:
            fields.append("window")
        if describe_confidence(was.confidence) != describe_confidence(now.confidence):
            fields.append("confidence")
        return tuple(fields)

    @property
    def notable(self) -> bool:
        """A new phase or window (a change of confidence alone is not worth an alert)."""
        return "phase" in self.changed or "window" in self.changed

    def describe(self) -> str:
        """One sentence: "Daredevil S3: renewed, 2019, 40% -> scheduled, Oct 19 2018, 90%"."""
        label = f"{self.show} {describe_season(self.season)}"
        return f"{label}: {summarize(self.before)} -> {summarize(self.after)}"

    def to_json(self) -> dict[str, Any]:
        """What ``on_change`` reads on stdin."""
        return {
            "show": self.show,
            "season": self.season,
            "changed": list(self.changed),
            "summary": self.describe(),
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
        }


def summarize(estimate: SeasonEstimate | None) -> str:
    """An estimate in a few words: "scheduled, Oct 19 2018, 90%"."""
    if estimate is None:
        return "no estimate"
    return (
        f"{describe_phase(estimate.phase)}, {describe_window(estimate.window)}, "
        f"{describe_confidence(estimate.confidence)}"
    )


def estimate_changes(
    before: Iterable[SeasonEstimate], after: Iterable[SeasonEstimate]
) -> list[EstimateChange]:
    """Every (show, season) whose phase, window or confidence differs, by show and season."""
    old = {(e.show, e.season): e for e in before}
    new = {(e.show, e.season): e for e in after}
    changes = []
    for show, season in sorted(old.keys() | new.keys(), key=lambda k: (k[0], k[1] or 0)):
        change = EstimateChange(show, season, old.get((show, season)), new.get((show, season)))
        if change.changed:
            changes.append(change)
    return changes


# --- the on_change command ---------------------------------------------------------


def run_on_change(
    command: str, change: EstimateChange, timeout: float = HOOK_TIMEOUT
) -> str | None:
    """Run the user's command for one change; the problem in words, or None if it worked."""
    env = {
        **os.environ,
        "SEASONWATCH_CHANGE": change.describe(),
        "SEASONWATCH_SHOW": change.show,
        "SEASONWATCH_SEASON": "" if change.season is None else str(change.season),
    }
    payload = json.dumps(change.to_json(), ensure_ascii=False).encode("utf-8")
    try:
        process = subprocess.Popen(  # noqa: S602 - the user's own command, from their config
            command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        return f"cannot start: {exc}"
    try:
        _out, err = process.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return f"still running after {timeout:g} s; stopped it"
    if process.returncode:
        detail = " ".join(err.decode("utf-8", "replace").split())[-OUTPUT_LIMIT:]
        return f"exit status {process.returncode}" + (f": {detail}" if detail else "")
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # pragma: no cover - it ended just now
        process.kill()
    process.communicate()


class ChangeHook:
    """Watches the estimates across poll cycles and runs ``on_change`` for what moved.

    It keeps a ``Library`` (the store in memory, updated by each poll's items), so a
    cycle costs only the estimates of the shows that cycle touched. Estimates also
    move with the date (a scheduled season premieres), and those changes are caught
    too: each cycle compares with what the previous one saw.
    """

    def __init__(self, command: str, config: Config, store: Store, today: date) -> None:
        self.command = command
        self.library = Library(config, store)
        self._seen = self._estimates(today)

    @classmethod
    def from_config(cls, config: Config, store: Store, today: date) -> ChangeHook | None:
        """A hook when the config has ``on_change``, else None (and no cost at all)."""
        return cls(config.on_change, config, store, today) if config.on_change else None

    def _estimates(self, today: date) -> list[SeasonEstimate]:
        return [e for s in self.library.shows for e in self.library.estimates(s.title, today)]

    def changes_after(self, report: PollReport, today: date) -> list[EstimateChange]:
        """The notable changes since the last call, with the poll's items taken in."""
        self.library.apply([*report.new_items, *report.updated_items])
        now = self._estimates(today)
        changes = [c for c in estimate_changes(self._seen, now) if c.notable]
        self._seen = now
        return changes

    async def after_poll(self, report: PollReport, today: date) -> list[EstimateChange]:
        """Run the command for each notable change (off the event loop); report failures."""
        changes = self.changes_after(report, today)
        await asyncio.to_thread(self.run, changes)
        return changes

    def run(self, changes: Sequence[EstimateChange]) -> None:
        """Run the command once per change, in order; print each failure on stderr."""
        for change in changes:
            problem = run_on_change(self.command, change)
            if problem:
                print(
                    f"seasonwatch: on_change failed for {change.show} "
                    f"{describe_season(change.season)}: {problem}",
                    file=sys.stderr,
                    flush=True,
                )
