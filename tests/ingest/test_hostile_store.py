"""Damaged store files: quarantined and reported, never silently replaced by empty ones.

Every store file, every kind of damage a crash, a full disk, a bad sector or a stray
editor leaves: a reader refuses with a message naming the file; the next writer moves
the file into ``quarantine/`` byte for byte, says so, and starts that file anew; the
other files (the user's marks above all) are untouched; ``ingest`` prints the warning.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.errors import StoreCorruptError
from ingest.records import FeedState
from ingest.store import FEEDS_FILE, ITEMS_FILE, MARKS_FILE, QUARANTINE_DIR, Store
from rules import ReviewState
from tests import hostile
from tests.killdriver import _news

NOW = datetime(2019, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
ITEM = "00000000000a"

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda _data: b"",
    "zeros": lambda data: b"\0" * max(len(data), 64),  # what some file systems leave
    "garbage": lambda data: hostile.garbage(max(len(data), 64)),
    "a json list": lambda _data: b"[1, 2, 3]",
    "a table that is a list": lambda _data: b'{"items": [1, 2], "marks": [3], "feeds": []}',
    "cut in a string": lambda data: data[: data.find(b'"', 20) + 3],
}


def filled(folder: Path) -> None:
    with Store(folder, writable=True) as store:
        store.save_poll([_news(ITEM, 1), _news("00000000000b", 1)], [])
        store.set_mark(ITEM, ReviewState.CONFIRMED, NOW)
        store.save_poll([], [FeedState("https://example.org/feed", "Example")])


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("name", [ITEMS_FILE, FEEDS_FILE, MARKS_FILE])
def test_a_damaged_file_is_quarantined_and_reported(name: str, damage: str, tmp_path: Path) -> None:
    filled(tmp_path)
    path = tmp_path / name
    broken = DAMAGE[damage](path.read_bytes())
    path.write_bytes(broken)

    with (  # a reader refuses, naming the file
        pytest.raises(StoreCorruptError) as caught,
        Store(tmp_path, writable=False) as reader,
    ):
        reader.items(), reader.marks(), reader.feed_states()
    assert name in str(caught.value)

    with Store(tmp_path, writable=True) as writer:
        assert len(writer.warnings) == 1 and name in writer.warnings[0]
        assert "moved it to" in writer.warnings[0]
        if name != MARKS_FILE:  # the marks survive damage to anything else
            assert writer.review_state(ITEM) is ReviewState.CONFIRMED
        if name != ITEMS_FILE:
            assert writer.item(ITEM) is not None
    (kept,) = (tmp_path / QUARANTINE_DIR).iterdir()
    assert kept.name.startswith(name) and kept.read_bytes() == broken  # byte for byte

    with Store(tmp_path, writable=True) as again:  # and it is quiet from then on
        assert again.warnings == []


def test_ingest_prints_the_quarantine_warning(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(hostile.GOOD)
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed}"\n[[shows]]\ntitle = "Jessica Jones"\n')
    data = tmp_path / "data"
    filled(data)
    (data / MARKS_FILE).write_bytes(b'{"marks": {"10": {"item_id": "00000000000a", "st')
    where = ("--config", str(config), "--data-dir", str(data))
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "ingest", "--once", *where],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and MARKS_FILE in warning[0] and "quarantine" in warning[0]
