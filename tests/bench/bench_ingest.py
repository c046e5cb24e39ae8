"""Target 1: one ingest cycle of 100 local feeds x 40 items, beside the reader library.

Both sides read the same generated files (``corpus``) into a fresh store: seasonwatch
with ``Poller.poll_once`` (parse in worker processes, the rules on every entry that
mentions a tracked show, one store write), reader with ``update_feeds`` into a fresh
SQLite database. The second cycle, with nothing changed, is forced on both sides (every
feed polled, none skipped by its schedule). Plain ``feedparser.parse`` of the same
bytes, as the issue measured it, is printed for reference.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import tempfile
import time
from pathlib import Path

import feedparser

from ingest.clock import FrozenClock
from ingest.parsepool import ParserPool
from ingest.poller import Poller
from ingest.store import ITEMS_FILE, Store
from tests.bench import corpus
from tests.bench.figures import Figure, pending


def _ours(config_urls: list[str], folder: Path, pool: ParserPool) -> tuple[float, float, int]:
    config = corpus.config(config_urls)
    with Store(folder, writable=True) as store:
        poller = Poller(config, store, clock=FrozenClock(), pool=pool)
        began = time.perf_counter()
        first = asyncio.run(poller.poll_once(force=True))
        one = time.perf_counter() - began
        assert not first.failed, first.failed[:1]
        stamp = (folder / ITEMS_FILE).stat().st_mtime_ns
        began = time.perf_counter()
        second = asyncio.run(poller.poll_once(force=True))
        two = time.perf_counter() - began
        assert not second.wrote and (folder / ITEMS_FILE).stat().st_mtime_ns == stamp
    return one, two, len(first.new_items)


def _reader(names: list[str], feed_root: Path, db: Path) -> tuple[float, float, int]:
    from reader import make_reader

    with make_reader(str(db), feed_root=str(feed_root)) as reader:
        for name in names:
            reader.add_feed(name)
        began = time.perf_counter()
        reader.update_feeds()
        one = time.perf_counter() - began
        began = time.perf_counter()
        reader.update_feeds(scheduled=False)
        two = time.perf_counter() - began
        count = reader.get_entry_counts().total or 0
    return one, two, count


def _feedparser(paths: list[Path]) -> float:
    began = time.perf_counter()
    for path in paths:
        feedparser.parse(io.BytesIO(path.read_bytes()))
    return time.perf_counter() - began


def run(smoke: bool = False) -> list[Figure]:
    """Median first and second cycles of seasonwatch and reader on the same files."""
    feeds, items, repeats = (4, 10, 1) if smoke else (100, corpus.ITEMS_PER_FEED, 5)
    try:
        import reader  # noqa: F401
    except ImportError as exc:
        have_reader = f"reader is not installed ({exc})"
    else:
        have_reader = ""
    samples: dict[str, list[float]] = {k: [] for k in ("ours1", "ours2", "rd1", "rd2", "fp")}
    stored = entries = 0
    with tempfile.TemporaryDirectory() as tmp, ParserPool() as pool:
        root = Path(tmp)
        paths = corpus.write_feeds(root / "feeds", feeds, items)
        urls = [str(p) for p in paths]
        for n in range(repeats + 1):  # the first round warms up (workers, imports)
            one, two, stored = _ours(urls, root / f"sw{n}", pool)
            if n:
                samples["ours1"].append(one)
                samples["ours2"].append(two)
            if not have_reader:
                r1, r2, entries = _reader([p.name for p in paths], root / "feeds", root / f"{n}.db")
                if n:
                    samples["rd1"].append(r1)
                    samples["rd2"].append(r2)
            fp = _feedparser(paths)
            if n:
                samples["fp"].append(fp)
    med = {k: statistics.median(v) for k, v in samples.items() if v}
    name = f"ingest: first cycle, {feeds} feeds x {items} items"
    figures = [
        Figure(
            f"{name} ({stored} stored)",
            med["ours1"],
            "s",
            "reader update_feeds",
            med.get("rd1"),
            max_ratio=1.0,
            note="aim 0.5x",
        )
        if not have_reader
        else pending(name, have_reader),
        Figure(
            "ingest: second cycle, nothing changed",
            med["ours2"],
            "s",
            "our first cycle",
            med["ours1"],
            max_ratio=0.1,
        ),
        Figure("  plain feedparser.parse, same bytes", med["fp"], "s", note="reference"),
    ]
    if not have_reader:
        figures.append(
            Figure(
                f"  reader: second cycle ({entries} entries)",
                med["rd2"],
                "s",
                "reader first cycle",
                med["rd1"],
                note="reference",
            )
        )
    return figures
