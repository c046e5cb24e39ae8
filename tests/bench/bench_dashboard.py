"""Dashboard targets: opening, a keypress and a live update, 20,000 vs 500 items; UI stalls.

Every figure runs the real app (``tui.app.create_app``) headless with ``run_test``, at
both sizes in the same run. Latency is never timed with ``pilot.press`` (it sleeps
inside): a key goes through the app's own binding dispatch (``_check_bindings``) and
the clock stops when the workers it started are done and the screen has been
refreshed after them (``call_after_refresh``).

- open: until the first frame (the app mounted, its screen composed), and until the
  board is shown (the first board on screen, refreshed); beside the latter, the
  process's CPU time until then (steadier on a shared box). Each session ends with
  the quit key, as a user's does, so the next opens with the board cache the quit
  saved (``ingest.boardcache``): the board shown is the cached one, and the store
  loads into the Library behind it. Two figures without a target say what that
  leaves out: until the store is loaded (every worker done, the Library's board on
  screen), and the board shown with no valid cache (one open of each size after the
  cache is deleted, as after another process changed the store).
- open with yesterday's cache: every user's first open of a day. The cache a quit
  saved is made yesterday's (its key's day moved back one; nothing else changes) and
  the dashboard opened: until the board is shown (the outdated board, marked as
  updating), against the same target as an open with today's cache; and, without a
  target, until today's estimates are on screen (the store loaded, the board
  redrawn). Each open's quit saves today's cache, which the next repeat ages again.
- keypress: ``j`` in the show list, where the focus starts (the next show, and its
  news listed: a page of 100 items at 20,000, about 17 at 500), and ``c``/``n`` on the
  first item listed (the mark saved, the item and the touched shows redrawn). (Until
  the news listing counted, its tail landed in the next key's time.)
- live update: a poll in which one feed changed one item, from the poll's start to the
  refreshed screen.
- stall: while a poll parses 100 changed feeds (100 x 40 items) into the 20,000-item
  store, a ticker on the app's event loop records the longest gap between its ticks.
  Every repeat opens a fresh dashboard and rewrites every feed first (a new seed), so
  each poll parses all 100; the first poll of the process also starts the parse
  workers. The figure is the worst repeat.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from ingest.clock import FrozenClock
from ingest.config import Location
from ingest.storejson import dumps, loads
from tests.bench import corpus
from tests.bench.figures import Figure, pending

NOW = corpus.START


async def _refreshed(app: Any) -> None:
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


async def _settle(app: Any) -> None:
    for _ in range(50):
        await app.workers.wait_for_complete()
        await _refreshed(app)
        if all(w.is_finished for w in app.workers):
            return


class _Ticker:
    """The longest gap between ticks of a 5 ms timer on the app's event loop."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.period)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - self.period)
            last = now

    def __enter__(self) -> _Ticker:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()


def _timed(times: dict[str, list[float]], key: str) -> Callable[[Awaitable[Any]], Awaitable[Any]]:
    async def run(step: Awaitable[Any]) -> Any:
        began = time.perf_counter()
        result = await step
        times.setdefault(key, []).append(time.perf_counter() - began)
        return result

    return run


async def _session(location: Location, feed: Path, repeats: int) -> dict[str, list[float]]:
    from tui.app import create_app

    times: dict[str, list[float]] = {}
    began, cpu = time.perf_counter(), time.process_time()
    app = create_app(location, clock=FrozenClock(NOW), autopoll=False, opener=_no_browser)
    try:
        async with app.run_test(size=(120, 40)):
            times["first frame"] = [time.perf_counter() - began]
            while app.board is None:
                await asyncio.sleep(0.001)
            await _refreshed(app)
            times["board shown"] = [time.perf_counter() - began]
            times["board cpu"] = [time.process_time() - cpu]
            await _settle(app)
            times["store loaded"] = [time.perf_counter() - began]
            for n in range(repeats):
                await _timed(times, "key j")(_key(app, "j"))
                await _timed(times, "key c")(_key(app, "c" if n % 2 == 0 else "n"))
            for n in range(repeats):
                _rewrite(feed, n)
                await _timed(times, "live update")(_poll(app))
            await app._check_bindings("q")  # quits, saving the board cache
    finally:
        app.close()
    return times


async def _cold_open(location: Location) -> float:
    """Until the board is shown when the store has no valid board cache."""
    from ingest.boardcache import CACHE_FILE

    (location.data_dir / CACHE_FILE).unlink(missing_ok=True)
    shown, _settled = await _timed_open(location, save_cache=False)
    return shown


async def _yesterday_open(location: Location) -> dict[str, float]:
    """Until the board is shown, and until today's estimates are, with yesterday's cache."""
    from ingest.boardcache import CACHE_FILE

    path = location.data_dir / CACHE_FILE
    cache = loads(path.read_bytes())
    cache["key"]["today"] = str(NOW.date() - timedelta(days=1))
    path.write_bytes(dumps(cache))
    shown, updated = await _timed_open(location, save_cache=True)
    return {"yesterday shown": shown, "yesterday updated": updated}


async def _timed_open(location: Location, *, save_cache: bool) -> tuple[float, float]:
    """(seconds until the board is shown, until the store is loaded behind it); with
    ``save_cache`` the app then quits as a user would, saving the board cache."""
    from tui.app import create_app

    began = time.perf_counter()
    app = create_app(location, clock=FrozenClock(NOW), autopoll=False, opener=_no_browser)
    try:
        async with app.run_test(size=(120, 40)):
            while app.board is None:
                await asyncio.sleep(0.001)
            await _refreshed(app)
            shown = time.perf_counter() - began
            await _settle(app)
            settled = time.perf_counter() - began
            if save_cache:
                await app._check_bindings("q")
    finally:
        app.close()
    return shown, settled


async def _key(app: Any, key: str) -> None:
    await app._check_bindings(key)
    await _settle(app)


async def _poll(app: Any) -> None:
    app.poll(force=True)
    await _settle(app)


async def _no_browser(app: Any, url: str) -> str:
    return url


def _rewrite(feed: Path, n: int) -> None:
    """The live feed's one item, changed (a new summary each time)."""
    body = corpus.rss(0, 1).replace(b"<content:encoded>", f"<content:encoded>update {n} ".encode())
    feed.write_bytes(body)


async def _stall(location: Location, feeds: list[Path], repeats: int) -> list[float]:
    """The longest gap of each repeat's poll (every feed changed before each)."""
    from tui.app import create_app

    worst = []
    for n in range(repeats):
        for feed_no, path in enumerate(feeds):
            path.write_bytes(corpus.feed_body(feed_no, seed=1_000 + n))
        app = create_app(location, clock=FrozenClock(NOW), autopoll=False, opener=_no_browser)
        try:
            async with app.run_test(size=(120, 40)):
                await _settle(app)
                with _Ticker() as ticker:
                    await _poll(app)
                worst.append(ticker.longest)
                assert app.board is not None
                parsed = sum(1 for feed in app.board.feeds if feed.status.value == "ok")
                assert parsed == len(feeds), f"{parsed} of {len(feeds)} feeds parsed"
        finally:
            app.close()
    return worst


def _store(root: Path, size: int, feeds: list[str]) -> Location:
    folder = root / f"data{size}"
    corpus.build_store(folder, size)
    config = corpus.config(feeds)
    return Location(config, folder)


def run(smoke: bool = False) -> list[Figure]:
    """Open, keypress and live-update costs at both sizes; the longest UI stall."""
    try:
        import tui.app  # noqa: F401
    except ImportError as exc:
        return [pending("dashboard", f"tui.app cannot be imported ({exc})")]
    small, large = (50, 400) if smoke else (500, 20_000)
    repeats = 2 if smoke else 9
    stall_feeds = 4 if smoke else 100
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        live = root / "live.xml"
        _rewrite(live, 0)
        sessions: dict[int, dict[str, list[float]]] = {small: {}, large: {}}
        locations = {size: _store(root, size, [str(live)]) for size in (small, large)}
        if not smoke:
            for location in locations.values():
                asyncio.run(_session(location, live, 1))  # warm up: imports, parse workers
        for _ in range(1 if smoke else 3):  # the sizes take turns: the box's load drifts
            for size, location in locations.items():
                for key, values in asyncio.run(_session(location, live, repeats)).items():
                    sessions[size].setdefault(key, []).extend(values)
        # Nine: at five, 15 opens a size showed the 500-item side alone at 185-325 ms
        # (quartiles), and the ratio of medians crossed 1.2x in two of five runs.
        for _ in range(1 if smoke else 9):  # the sizes take turns, as above
            for size, location in locations.items():
                for key, value in asyncio.run(_yesterday_open(location)).items():
                    sessions[size].setdefault(key, []).append(value)
        cold = {size: asyncio.run(_cold_open(location)) for size, location in locations.items()}
        paths = corpus.write_feeds(root / "feeds", stall_feeds)
        location = _store(root, large, [str(p) for p in paths])
        stalls = asyncio.run(_stall(location, paths, 1 if smoke else 4))
    s = {k: statistics.median(v) for k, v in sessions[small].items()}
    g = {k: statistics.median(v) for k, v in sessions[large].items()}
    label = f"{large:,} vs {small:,} items"
    same = f"same at {small:,}"
    what = {
        "first frame": "open, first frame",
        "board shown": "open, board shown",
        "key j": "keypress j (next show, its news listed)",
        "key c": "keypress c/n (mark, shows redrawn)",
        "live update": "live update of one item (poll to screen)",
    }
    cpu = f"CPU {g['board cpu'] * 1000:.0f} vs {s['board cpu'] * 1000:.0f} ms"
    figures = [
        Figure(
            f"dashboard: {text}, {label}",
            g[key],
            "s",
            same,
            s[key],
            max_ratio=1.2,
            note=f"{cpu} ({g['board cpu'] / s['board cpu']:.2f}x)" if key == "board shown" else "",
        )
        for key, text in what.items()
    ]
    figures.append(
        Figure(
            f"dashboard: open, board shown, yesterday's cache, {label}",
            g["yesterday shown"],
            "s",
            same,
            s["yesterday shown"],
            max_ratio=1.2,
        )
    )
    figures.append(
        Figure(
            f"dashboard: open, yesterday's cache, today's estimates shown (no target), {label}",
            g["yesterday updated"],
            "s",
            same,
            s["yesterday updated"],
        )
    )
    figures.append(
        Figure(
            f"dashboard: open, store loaded (no target), {label}",
            g["store loaded"],
            "s",
            same,
            s["store loaded"],
        )
    )
    figures.append(
        Figure(
            f"dashboard: open, board shown, no valid cache (no target), {label}",
            cold[large],
            "s",
            same,
            cold[small],
        )
    )
    figures.append(
        Figure(
            f"dashboard: longest UI stall, poll of {stall_feeds} changed feeds, {large:,} items",
            max(stalls),
            "s",
            max_value=None if smoke else 0.050,
            note="each poll: " + ", ".join(f"{s * 1000:.0f}" for s in stalls) + " ms",
        )
    )
    return figures
