"""The dashboard's latency as a user feels it: a real process in a real pty.

    .venv/bin/python -m tests.tui.latency            # 500 and 20,000 stored items
    .venv/bin/python -m tests.tui.latency 500 2000   # other sizes

Each size gets a store built by ``tests.bench.corpus`` (no feeds configured, so no poll
runs) and a fresh ``seasonwatch dashboard`` at 160x48. A figure is the time from
writing a key to the pty until the terminal receives the bytes that show its effect:
the first frame, the loaded board, ``j`` (cursor), ``c``/``n`` (a mark saved and shown),
Enter (an item's screen), Esc (back), Tab (the other pane). Medians of a few presses.
Then the next day's first open: the dashboard quits (saving its board cache), the
cache is made yesterday's (its key's day moved back one) and a new dashboard opened:
until the board shows, and until today's estimates replace it (the status line says
"no feeds configured" again instead of "updating yesterday's estimates").
Headless figures (``run_test``) are in ``tests/bench/bench_dashboard.py``; this one
includes the terminal output Textual writes.
"""

from __future__ import annotations

import os
import select
import signal
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ingest.boardcache import CACHE_FILE
from ingest.storejson import dumps, loads
from tests.bench import corpus
from tests.tui.ptys import spawn

ROWS, COLUMNS = 48, 160
REPEAT = 5


class Terminal:
    """A dashboard process on a pty, with what it wrote so far."""

    def __init__(self, config: Path, data: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color"}
        self.started = time.perf_counter()
        args = ["dashboard", "--config", str(config), "--data-dir", str(data)]
        self.process, main = spawn(args, env, ROWS, COLUMNS)
        self.fd = main
        self.seen = bytearray()

    def wait_for(self, marker: bytes, timeout: float = 60, since: int | None = None) -> float:
        """Read until ``marker`` arrives in new output (or in output from ``since`` on);
        the time it arrived."""
        start = len(self.seen) if since is None else since
        deadline = time.perf_counter() + timeout
        while marker not in self.seen[start:]:
            ready, _, _ = select.select([self.fd], [], [], max(0, deadline - time.perf_counter()))
            if not ready:
                raise TimeoutError(f"no {marker!r} within {timeout} s")
            self.seen.extend(os.read(self.fd, 1 << 16))
        return time.perf_counter()

    def quiet(self, seconds: float = 0.3) -> None:
        """Read until the app has written nothing for ``seconds``."""
        while select.select([self.fd], [], [], seconds)[0]:
            self.seen.extend(os.read(self.fd, 1 << 16))

    def press(self, key: bytes, marker: bytes) -> float:
        """Milliseconds from the key to the output that shows it."""
        self.quiet()
        began = time.perf_counter()
        os.write(self.fd, key)
        return (self.wait_for(marker) - began) * 1000

    def quit(self, timeout: float = 30) -> None:
        """Press q and wait for the process to end (its board cache saved)."""
        self.quiet()
        os.write(self.fd, b"q")
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the dashboard did not quit within {timeout} s")
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.seen.extend(os.read(self.fd, 1 << 16))
                except OSError:  # the process closed its side
                    break
        self.process.wait(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.fd)


def measure(items: int) -> dict[str, float]:
    """Every figure for a store of ``items`` items."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        corpus.build_store(data, items)
        config = corpus.write_config(Path(folder) / "config.toml")
        terminal = Terminal(config, data)
        try:
            figures = {"first frame": (terminal.wait_for(b"Shows") - terminal.started) * 1000}
            figures["board shown"] = (terminal.wait_for(b"to review") - terminal.started) * 1000
            steps = {
                "tab to news": (b"\t", b"News"),
                "j": (b"j", b"\x1b["),
                "c (mark saved, shown)": (b"c", "✓".encode()),
                "n (undo)": (b"n", "●".encode()),
                "enter (item screen)": (b"\r", b"News item"),
                "esc (back)": (b"\x1b", b"Filter"),
            }
            times: dict[str, list[float]] = {name: [] for name in steps}
            terminal.press(b"\t", b"News")
            for _ in range(REPEAT):
                for name, (key, marker) in steps.items():
                    if name != "tab to news":
                        times[name].append(terminal.press(key, marker))
                times["tab to news"].append(terminal.press(b"\t", b"Show"))
                terminal.press(b"\t", b"News")
            figures.update({name: statistics.median(v) for name, v in times.items()})
            terminal.quit()
        finally:
            terminal.close()
        make_yesterdays(data)
        terminal = Terminal(config, data)
        try:
            shown = terminal.wait_for(b"to review")
            figures["board shown, yesterday's cache"] = (shown - terminal.started) * 1000
            # (Anywhere in the output: before today's board it reads "updating".)
            updated = terminal.wait_for(b"no feeds configured", since=0)
            figures["today's estimates, yesterday's cache"] = (updated - terminal.started) * 1000
        finally:
            terminal.close()
        return figures


def make_yesterdays(data: Path) -> None:
    """Move the board cache's day back one, as the next day's first open finds it."""
    path = data / CACHE_FILE
    cache = loads(path.read_bytes())
    cache["key"]["today"] = str(date.fromisoformat(cache["key"]["today"]) - timedelta(days=1))
    path.write_bytes(dumps(cache))


def main(sizes: list[int]) -> None:
    measure(min(sizes))  # warm up: the first process pays for compiling and disk caches
    results = {size: measure(size) for size in sizes}
    names = list(next(iter(results.values())))
    width = max(map(len, names)) + 2
    print(f"{'ms (median)':<{width}}" + "".join(f"{size:>12,}" for size in sizes))
    for name in names:
        print(f"{name:<{width}}" + "".join(f"{results[s][name]:>12.1f}" for s in sizes))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 20_000])
