"""The dashboard as a newcomer first runs it: a real process on a real pty, no store yet.

``run_test`` runs the app as its own asyncio task and headless; a real terminal does
neither, and a call that works under one can fail under the other (``wait_for_refresh``
asserts the app is its own task: the first poll failed in a terminal, and only there).
So this walks the README's first run for real: the embedded demo, an empty data folder,
the first poll from the schedule, the news listed, a mark, quit. What the process writes
is played into a terminal emulator (pyte), and the test reads the screen a user sees.
"""

from __future__ import annotations

import os
import select
import signal
import time
from pathlib import Path

import pyte

from ingest.store import Store
from rules import ReviewState
from tests.tui.ptys import spawn

ROWS, COLUMNS = 48, 160
NEWEST = "a quiet goodbye"
"""Words of the demo's newest item title (2019-06-17), on screen once the news is listed."""


class Terminal:
    """A dashboard process on a pty, and the screen its output draws."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process, self.fd = spawn([], env, ROWS, COLUMNS)
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.closed = False

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the process closed its side
            chunk = b""
        if not chunk:
            self.closed = True
        self.stream.feed(chunk)

    def wait_for(self, wanted: str, deadline: float) -> None:
        """Read until ``wanted`` is on the screen; fail with the screen if it never is."""
        while wanted not in self.text:
            if self.closed or time.monotonic() > deadline:
                raise AssertionError(f"{wanted!r} never appeared; the screen:\n{self.text}")
            self._read(max(0.0, min(0.5, deadline - time.monotonic())))

    def press(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait_for_exit(self, deadline: float) -> int:
        while not self.closed and time.monotonic() < deadline:
            self._read(0.5)
        return self.process.wait(timeout=max(1.0, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.fd)


def test_the_first_run_polls_lists_the_news_marks_and_quits(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),  # Textual prefers these to the pty's size when set
        "LINES": str(ROWS),
        "SEASONWATCH_DATA": str(data),
    }
    env.pop("SEASONWATCH_CONFIG", None)  # the sandboxed HOME has no config: the demo
    env.pop("TEXTUAL", None)
    terminal = Terminal(env)
    try:
        deadline = time.monotonic() + 90
        terminal.wait_for("All shows", deadline)
        terminal.wait_for(NEWEST, deadline)  # polled, stored, listed: no key pressed
        assert "went wrong" not in terminal.text
        terminal.press(b"\tc")  # to the news (the newest item under the cursor), confirm
        terminal.wait_for("79 to review", deadline)  # the status line: saved
        terminal.press(b"q")
        assert terminal.wait_for_exit(deadline) == 0
    finally:
        terminal.close()
    with Store(data, writable=False, command="test") as store:
        marks = store.marks()
        assert [m.state for m in marks.values()] == [ReviewState.CONFIRMED]
        (marked,) = store.items_by_id(marks).values()
    assert NEWEST in marked.title
