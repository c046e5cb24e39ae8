"""The victim of the kill -9 harness: a process that writes marks and polls until killed.

``python -m tests.killdriver DATA_DIR`` starts a zygote: it imports the store once,
then for every ``go SEED SEQ`` line on stdin forks a child that opens the store
writable and writes for ever, and reports ``PID n`` and later ``EXIT n status``.
Forking from a warm zygote means no kill is wasted on interpreter start-up: nearly
every kill lands in the middle of a write.

The child announces each write before it starts (``TRY``) and acknowledges it only
after the store call returned (``MARK`` / ``POLL``), one ``os.write`` per line so a
line is either whole in the pipe or absent. Each write carries its sequence number:
a mark's ``at`` is ``BASE + seq`` seconds and an item's title ends in ``#seq``, so the
harness can tell exactly which write reached the disk.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ingest.records import FeedState, FeedStatus, NewsItem
from ingest.store import Store
from rules import Certainty, Claim, ClaimKind, DateWindow, ReviewState

BASE = datetime(2017, 3, 24, tzinfo=UTC)
ITEM_IDS = tuple(f"{n:012x}" for n in range(1, 41))
STATES = (ReviewState.CONFIRMED, ReviewState.IGNORED, ReviewState.NEW)
FEED = "https://example.org/feed"


def moment(seq: int) -> datetime:
    """The timestamp that carries a write's sequence number."""
    return BASE + timedelta(seconds=seq)


def seq_of(when: datetime) -> int:
    """The sequence number a timestamp carries."""
    return int((when - BASE).total_seconds())


def _emit(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _news(item_id: str, seq: int) -> NewsItem:
    title = f"Daredevil season 3 is slated for 2018 #{seq}"
    claim = Claim(
        "Daredevil",
        3,
        ClaimKind.PREMIERE,
        DateWindow(date(2018, 1, 1), date(2018, 12, 31)),
        Certainty.EXPECTED,
        title,
    )
    return NewsItem(
        id=item_id,
        feed_url=FEED,
        feed_name="Example",
        title=title,
        summary="Netflix says the third season comes next year. " * 20,
        link=f"https://example.org/{item_id}",
        guid=item_id,
        published=moment(seq),
        first_seen=moment(seq),
        updated_at=moment(seq),
        content_hash=str(seq),
        mentions=("Daredevil",),
        claims=(claim,),
        rules_version="1",
    )


def run_child(data_dir: Path, seed: int, seq: int) -> None:
    """Write marks (60%) and polls (40%) for ever; never returns."""
    rng = random.Random(seed)
    store = Store(data_dir, writable=True, command="killdriver")
    _emit(f"OPEN {len(store.warnings)}")
    while True:
        seq += 1
        if rng.random() < 0.6:
            item_id, state = rng.choice(ITEM_IDS), rng.choice(STATES)
            _emit(f"TRY {seq} {item_id} {state.value}")
            store.set_mark(item_id, state, moment(seq))
            _emit(f"MARK {seq} {item_id} {state.value}")
        else:
            ids = rng.sample(ITEM_IDS, rng.randint(1, 8))
            feed = FeedState(FEED, "Example", status=FeedStatus.OK, last_poll=moment(seq))
            _emit(f"TRYPOLL {seq} {','.join(ids)}")
            store.save_poll([_news(i, seq) for i in ids], [feed])
            _emit(f"POLL {seq} {','.join(ids)}")


def zygote(data_dir: Path) -> None:
    """Fork one writer per ``go SEED SEQ`` line; report its pid and how it ended."""
    for line in sys.stdin:
        command, seed, seq = line.split()
        if command != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                run_child(data_dir, int(seed), int(seq))
            except BaseException as exc:  # a write raised: the harness fails on this line
                _emit(f"ERROR {type(exc).__name__}: {exc}".replace("\n", " "))
            os._exit(3)
        _emit(f"PID {pid}")
        _, status = os.waitpid(pid, 0)
        _emit(f"EXIT {pid} {status}")


if __name__ == "__main__":
    zygote(Path(sys.argv[1]))
