"""The dashboard as a newcomer first runs it: a real process on a real pty, no store yet.

``run_test`` runs the app as its own asyncio task and headless; a real terminal does
neither, and a call that works under one can fail under the other (``wait_for_refresh``
asserts the app is its own task: the first poll failed in a terminal, and only there).
So this walks the README's first run for real: the embedded demo, an empty data folder,
the first poll from the schedule, the news listed, a mark, quit.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from ingest.store import Store
from rules import ReviewState
from tests.tui.test_hostile import read_to_end, read_until

ROWS, COLUMNS = 48, 160
NEWEST = b"a quiet goodbye"
"""Words of the demo's newest item title (2019-06-17), on screen once the news is listed."""


def test_the_first_run_polls_lists_the_news_marks_and_quits(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "TERM": "xterm-256color", "SEASONWATCH_DATA": str(data)}
    env.pop("SEASONWATCH_CONFIG", None)  # the sandboxed HOME has no config: the demo
    env.pop("TEXTUAL", None)
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        close_fds=True,
        start_new_session=True,
    )
    os.close(child)
    seen = bytearray()
    try:
        deadline = time.monotonic() + 60
        read_until(main, b"All shows", seen, deadline)
        read_until(main, NEWEST, seen, deadline)  # polled, stored, listed: no key pressed
        os.write(main, b"\t")  # to the news, the newest item under the cursor
        time.sleep(0.3)
        os.write(main, b"c")
        read_until(main, b"79 to review", seen, deadline)  # the status line: saved
        os.write(main, b"q")
        read_to_end(main, seen, deadline)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(main)
    text = bytes(seen).decode("utf-8", errors="replace")
    for failure in ("Something went wrong", "failed", "Traceback", "Error"):
        assert failure not in text, failure
    assert process.returncode == 0
    with Store(data, writable=False, command="test") as store:
        marks = store.marks()
        assert [m.state for m in marks.values()] == [ReviewState.CONFIRMED]
        (marked,) = store.items_by_id(marks).values()
    assert NEWEST.decode() in marked.title
