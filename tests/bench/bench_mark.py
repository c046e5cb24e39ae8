"""Target 2: marking an item costs the same with 20,000 stored items as with 500.

Three ways to mark, each measured at both sizes in the same run: the ``seasonwatch
mark`` command as a user runs it (a new process, wall time), the same command in
process (``ingest.cli.main``), and the dashboard's path (``Library.mark``, then the
status of the shows the item mentions, which the dashboard redraws). The item marked
is the worst case at every size: one that mentions the most-mentioned show and carries
claims. 2% of the stored items are already marked, as a user's store would have them.
The dashboard's path is also given less the time in ``Store.set_mark`` (the marks
file's write): what is left is the Library's share, the estimates it recomputes. A last
figure is the in-process command at 50,000 items (target: under 20 ms).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ingest.cli import main as cli_main
from ingest.config import load_config
from ingest.records import Mark, NewsItem
from ingest.snapshot import Library
from ingest.store import MARKS_FILE, Store
from ingest.storejson import dumps
from rules import ReviewState
from tests.bench import corpus
from tests.bench.figures import Figure

STATES = ("confirmed", "ignored", "new")
NOW = datetime(2019, 10, 2, tzinfo=UTC)


def _targets(items: list[NewsItem], count: int = 6) -> list[NewsItem]:
    top = Counter(t for i in items for t in i.mentions).most_common(1)[0][0]
    chosen = sorted((i for i in items if top in i.mentions and i.claims), key=lambda i: i.id)
    return chosen[:count]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("seasonwatch")
    if script.exists():
        return [str(script)]
    found = shutil.which("seasonwatch")
    return [found] if found else [sys.executable, "-m", "ingest"]


class _CallClock:
    """Counts the time spent in one function while in use (a share of a mark to leave out)."""

    def __init__(self, owner: object, name: str) -> None:
        self.seconds = 0.0
        self._owner, self._name = owner, name
        self._real = getattr(owner, name)

    def __enter__(self) -> _CallClock:
        real = self._real

        def timed(*args: object, **kwargs: object) -> object:
            began = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - began

        setattr(self._owner, self._name, timed)
        return self

    def __exit__(self, *exc_info: object) -> None:
        setattr(self._owner, self._name, self._real)


def _fsync_clock() -> _CallClock:
    """Counts the time spent in os.fsync (the disk's share of a mark, not ours)."""
    return _CallClock(os, "fsync")


def _write_clock() -> _CallClock:
    """Counts the time spent in Store.set_mark (the store's share of a mark)."""
    return _CallClock(Store, "set_mark")


def _alternate(
    ways: dict[str, list[Callable[[], object]]],
    repeats: int,
    less_fsync: bool = False,
    less: Callable[[], _CallClock] = _fsync_clock,
) -> dict[str, float]:
    """Median time of one mark for each size, the sizes taking turns (noise hits both).

    With ``less_fsync``, each mark's time minus what it spent in the function ``less``
    clocks: by default os.fsync, since the disk's flush latency on a shared machine
    swings by 10x between minutes.
    """
    samples: dict[str, list[float]] = {key: [] for key in ways}
    for marks in ways.values():
        marks[0]()  # warm up
    for n in range(repeats):
        for key, marks in ways.items():
            with less() as left_out:
                began = time.perf_counter()
                marks[n % len(marks)]()
                elapsed = time.perf_counter() - began
            samples[key].append(elapsed - left_out.seconds if less_fsync else elapsed)
    return {key: statistics.median(values) for key, values in samples.items()}


class _Sized:
    """One store of a given size and the ways to mark its worst-case items."""

    def __init__(self, folder: Path, config: Path, items: list[NewsItem]) -> None:
        self.folder, self.config = folder, config
        targets = _targets(items)
        self.args = [(t.id, STATES[n % 3]) for n, t in enumerate(targets * 3)]
        self.targets = targets
        self.common = ["--config", str(config), "--data-dir", str(folder)]

    def in_process(self) -> list[Callable[[], object]]:
        def one(item_id: str, state: str) -> Callable[[], object]:
            def mark() -> None:
                with contextlib.redirect_stdout(io.StringIO()):
                    assert cli_main(["mark", item_id[:8], state, *self.common]) == 0

            return mark

        return [one(i, s) for i, s in self.args]

    def external(self) -> list[Callable[[], object]]:
        env = {**os.environ, "SEASONWATCH_CONFIG": str(self.config)}

        def one(item_id: str, state: str) -> Callable[[], object]:
            cmd = [*_command(), "mark", item_id[:8], state, *self.common]
            return lambda: subprocess.run(cmd, check=True, capture_output=True, env=env)

        return [one(i, s) for i, s in self.args]

    def library(self, library: Library, refresh: bool) -> list[Callable[[], object]]:
        by_title = {show.title: show for show in library.shows}

        def one(item: NewsItem, state: str) -> Callable[[], object]:
            def mark() -> None:
                library.mark(item.id, ReviewState(state), NOW)
                if refresh:
                    for title in item.mentions:
                        library.show_status(by_title[title], NOW.date())

            return mark

        return [one(t, s) for t, s in zip(self.targets * 3, STATES * 6, strict=False)]


def _reviewed_store(
    folder: Path, marks: int, stores: contextlib.ExitStack
) -> list[Callable[[], object]]:
    """A data folder whose user has reviewed ``marks`` items; the ways to mark one more
    (the store stays open until ``stores`` closes).

    The marks file is written at once in its TinyDB layout (each document under the item
    id read as hex): ``set_mark`` one at a time would take minutes at 20,000.
    """
    folder.mkdir()
    table = {
        str(int(item_id, 16)): Mark(item_id, ReviewState.CONFIRMED, NOW).to_json()
        for item_id in (f"{n:064x}" for n in range(1, marks + 1))
    }
    (folder / MARKS_FILE).write_bytes(dumps({"marks": table}))
    store = stores.enter_context(Store(folder, writable=True))
    states = [ReviewState(s) for s in STATES]
    return [lambda n=n: store.set_mark(f"{n % 6 + 1:064x}", states[n % 3], NOW) for n in range(18)]


def run(smoke: bool = False) -> list[Figure]:
    """Mark costs at the small and the large size, and the command at 50,000."""
    small, large, huge = (50, 400, 800) if smoke else (500, 20_000, 50_000)
    repeats = 2 if smoke else 15
    with tempfile.TemporaryDirectory() as tmp:
        config = corpus.write_config(Path(tmp) / "config.toml")
        sized = {}
        for size in (small, large):
            folder = Path(tmp) / f"store{size}"
            sized[size] = _Sized(folder, config, corpus.build_store(folder, size))
        s, g = sized[small], sized[large]
        command = _alternate({"s": s.in_process(), "g": g.in_process()}, repeats * 2)
        process = _alternate({"s": s.external(), "g": g.external()}, repeats)
        with Store(s.folder, writable=True) as s_store, Store(g.folder, writable=True) as g_store:
            s_lib = Library(load_config(config), s_store)
            g_lib = Library(load_config(config), g_store)
            library = _alternate(
                {"s": s.library(s_lib, False), "g": g.library(g_lib, False)}, repeats * 2
            )
            library_cpu = _alternate(
                {"s": s.library(s_lib, False), "g": g.library(g_lib, False)},
                repeats * 2,
                less_fsync=True,
            )
            dashboard = _alternate(
                {"s": s.library(s_lib, True), "g": g.library(g_lib, True)}, repeats * 2
            )
            recompute = _alternate(
                {"s": s.library(s_lib, True), "g": g.library(g_lib, True)},
                repeats * 2,
                less_fsync=True,
                less=_write_clock,
            )
        for size in (small, large):
            shutil.rmtree(sized[size].folder)
        folder = Path(tmp) / f"store{huge}"
        h = _Sized(folder, config, corpus.build_store(folder, huge))
        with _fsync_clock() as disk:
            big = _alternate({"h": h.in_process()}, repeats * 2)["h"]
        fsync_share = disk.seconds / (repeats * 2 + 1)
        # A diligent user reviews every item: then the marks grow with the items.
        with contextlib.ExitStack() as stores:
            reviewed = {
                key: _reviewed_store(Path(tmp) / f"reviewed{size}", size, stores)
                for key, size in (("s", small), ("g", large))
            }
            every_mark = _alternate(reviewed, repeats * 2, less_fsync=True)
    label = f"{large:,} vs {small:,} items"
    same = f"same at {small:,}"
    return [
        Figure(
            f"mark: `seasonwatch mark` process, {label}",
            process["g"],
            "s",
            same,
            process["s"],
            max_ratio=1.2,
        ),
        Figure(
            f"mark: command in process, {label}",
            command["g"],
            "s",
            same,
            command["s"],
            max_ratio=1.2,
        ),
        Figure(
            f"mark: Library.mark, {label}", library["g"], "s", same, library["s"], max_ratio=1.2
        ),
        Figure(
            f"mark: Library.mark less the disk's fsync time, {label}",
            library_cpu["g"],
            "s",
            same,
            library_cpu["s"],
            max_ratio=1.2,
        ),
        Figure(
            f"mark: Library.mark + touched shows' status, {label}",
            dashboard["g"],
            "s",
            same,
            dashboard["s"],
            max_ratio=1.2,
            note="what the dashboard redraws",
        ),
        Figure(
            f"mark: the same less Store.set_mark's time, {label}",
            recompute["g"],
            "s",
            same,
            recompute["s"],
            max_ratio=1.2,
            note="the Library's share: counts, estimates",
        ),
        Figure(
            f"mark: command in process, {huge:,} items",
            big,
            "s",
            note=f"of which fsync {fsync_share * 1000:.1f} ms",
        ),
        Figure(
            f"mark: command in process, {huge:,} items, less the disk's fsync time",
            big - fsync_share,
            "s",
            max_value=None if smoke else 0.020,
        ),
        Figure(
            f"mark: Store.set_mark with every item reviewed, less fsync, {large:,} vs "
            f"{small:,} marks",
            every_mark["g"],
            "s",
            f"same at {small:,} marks",
            every_mark["s"],
            max_ratio=1.2,
            note="a mark is one journal line (ingest.marksfile)",
        ),
    ]
