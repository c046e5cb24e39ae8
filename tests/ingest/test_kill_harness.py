"""kill -9 during mark and ingest writes: no acknowledged mark lost, no store unreadable.

A writer process (``tests/killdriver.py``) writes marks and poll results to real
files; the harness kills it with SIGKILL at a random moment, then checks the data
folder before starting the next writer on the same folder:

- every store file parses, a read-only Store opens it, and the next writer opens it
  without quarantining anything (so "unreadable" would be caught twice over);
- every mark the writer acknowledged (printed after ``set_mark`` returned) is on
  disk, unless a later write of that item's mark replaced it; a mark on disk that
  was never acknowledged must be the one write that was in flight at the kill;
- every item an acknowledged poll saved is on disk, at that poll's version or later.

The short form (60 kills) runs in the normal suite; ``SEASONWATCH_KILLS=1000`` (or
``-m slow``) runs the full one whose figures are in the README.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from ingest.store import FEEDS_FILE, ITEMS_FILE, MARKS_FILE, QUARANTINE_DIR, Store
from tests.killdriver import seq_of

ROOT = Path(__file__).resolve().parents[2]
SHORT_KILLS = 60
FULL_KILLS = int(os.environ.get("SEASONWATCH_KILLS", "1000"))


@dataclass
class Tally:
    """What the kills did and what the checks found."""

    kills: int = 0
    mid_mark: int = 0
    """Kills that landed while a mark write was in flight."""
    mid_poll: int = 0
    """Kills that landed while a poll write was in flight."""
    marks_acknowledged: int = 0
    polls_acknowledged: int = 0
    in_flight_mark_on_disk: int = 0
    """Marks that reached the disk although the kill came before the acknowledgement."""
    lost_marks: list[str] = field(default_factory=list)
    lost_items: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    writer_errors: list[str] = field(default_factory=list)
    """Writes that raised (a torn file found by the next writer would show here)."""
    stale_temp_files: int = 0


class Zygote:
    """The killdriver zygote: starts writers on request, reports their lines."""

    def __init__(self, data_dir: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.killdriver", str(data_dir)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[str] = self.proc.stdin
        self.stdout: IO[str] = self.proc.stdout

    def start(self, seed: int, seq: int) -> tuple[int, list[str]]:
        """Start a writer; its pid and the lines it printed before the zygote's PID line."""
        self.stdin.write(f"go {seed} {seq}\n")
        self.stdin.flush()
        early = []
        while True:
            line = self.stdout.readline()
            assert line, "the zygote died"
            if line.startswith("PID "):
                return int(line.split()[1]), early
            early.append(line.rstrip("\n"))

    def lines_until_exit(self, pid: int) -> list[str]:
        """Every line the writer printed until the zygote reaped it."""
        lines = []
        while True:
            line = self.stdout.readline()
            assert line, "the zygote died"
            if line.startswith(f"EXIT {pid} "):
                return lines
            lines.append(line.rstrip("\n"))

    def close(self) -> None:
        self.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    running = Zygote(tmp_path / "data")
    try:
        yield running
    finally:
        running.close()


def check_folder(data_dir: Path, tally: Tally) -> None:
    """Every store file readable, by JSON, by a reader and by the next writer."""
    for name in (ITEMS_FILE, FEEDS_FILE, MARKS_FILE):
        path = data_dir / name
        if path.exists():
            try:
                json.loads(path.read_bytes() or b"{}")
            except ValueError as exc:
                tally.unreadable.append(f"{name}: {exc}")
    tally.stale_temp_files += len(list(data_dir.glob(".*.tmp")))
    with Store(data_dir, writable=False) as reader:
        reader.items(), reader.marks(), reader.feed_states()
    with Store(data_dir, writable=True) as writer:  # also: the lock died with the writer
        tally.unreadable.extend(writer.warnings)
    if (data_dir / QUARANTINE_DIR).exists():
        tally.unreadable.append(f"quarantined: {os.listdir(data_dir / QUARANTINE_DIR)}")


def run_harness(zygote: Zygote, data_dir: Path, kills: int, seed: int) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    acked_marks: dict[str, tuple[int, str]] = {}  # item -> (seq, state) the disk must hold
    acked_items: dict[str, int] = {}  # item -> newest seq of an acknowledged poll
    for run in range(kills):
        base_seq = (run + 1) * 1_000_000
        pid, early = zygote.start(rng.randrange(1 << 30), base_seq)
        time.sleep(rng.uniform(0.0, 0.12))
        with contextlib.suppress(ProcessLookupError):  # died by itself: ERROR says why
            os.kill(pid, signal.SIGKILL)
        lines = early + zygote.lines_until_exit(pid)
        tally.kills += 1
        tally.writer_errors += [f"kill {run}: {x}" for x in lines if x.startswith("ERROR")]
        tally.writer_errors += [f"kill {run}: {x}" for x in lines if x.startswith("OPEN 1")]
        tried: dict[int, tuple[str, ...]] = {}
        last = None
        for line in lines:
            kind, *rest = line.split()
            if kind == "TRY":
                tried[int(rest[0])] = (rest[1], rest[2])
                last = "mark"
            elif kind == "TRYPOLL":
                tried[int(rest[0])] = tuple(rest[1].split(","))
                last = "poll"
            elif kind == "MARK":
                seq, item, state = int(rest[0]), rest[1], rest[2]
                acked_marks[item] = (seq, state)
                tally.marks_acknowledged += 1
                last = None
            elif kind == "POLL":
                for item in rest[1].split(","):
                    acked_items[item] = int(rest[0])
                tally.polls_acknowledged += 1
                last = None
        tally.mid_mark += last == "mark"
        tally.mid_poll += last == "poll"

        try:
            check_folder(data_dir, tally)
        except Exception as exc:  # an unreadable store: count it, and go on measuring
            tally.unreadable.append(f"kill {run}: {type(exc).__name__}: {exc}")
            continue
        with Store(data_dir, writable=False) as reader:
            on_disk = {item: (seq_of(m.at), m.state.value) for item, m in reader.marks().items()}
            items = {i.id: int(i.title.rsplit("#", 1)[1]) for i in reader.items()}
        for item, (seq, state) in list(acked_marks.items()):
            disk = on_disk.get(item)
            if disk == (seq, state):
                continue
            in_flight = disk is not None and tried.get(disk[0]) == (item, disk[1])
            if disk is not None and disk[0] > seq and in_flight:
                tally.in_flight_mark_on_disk += 1
                acked_marks[item] = disk  # the write completed; it is the new truth
                continue
            tally.lost_marks.append(f"kill {run}: {item} acked {(seq, state)}, disk {disk}")
        for item, disk in on_disk.items():  # nothing on disk that was never written
            if item not in acked_marks:
                assert tried.get(disk[0]) == (item, disk[1]), (item, disk)
                acked_marks[item] = disk
        for item, seq in acked_items.items():
            if items.get(item, -1) < seq:
                tally.lost_items.append(f"kill {run}: {item} acked #{seq}, disk {items.get(item)}")
    return tally


def assert_nothing_lost(tally: Tally, kills: int) -> None:
    summary = {k: (len(v) if isinstance(v, list) else v) for k, v in tally.__dict__.items()}
    print(f"\nkill -9 harness: {summary}")
    assert tally.kills == kills
    assert tally.lost_marks == []
    assert tally.lost_items == []
    assert tally.unreadable == []
    assert tally.writer_errors == []
    assert tally.marks_acknowledged > kills  # the writers did write
    assert tally.mid_mark + tally.mid_poll > kills * 0.5  # most kills hit a write


def test_kill_9_during_writes_short(zygote: Zygote, tmp_path: Path) -> None:
    tally = run_harness(zygote, tmp_path / "data", SHORT_KILLS, seed=60)
    assert_nothing_lost(tally, SHORT_KILLS)


@pytest.mark.slow
def test_kill_9_during_writes_full(
    zygote: Zygote, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if "slow" not in (request.config.getoption("-m") or "") and (
        "SEASONWATCH_KILLS" not in os.environ
    ):
        pytest.skip("the full kill -9 run: SEASONWATCH_KILLS=1000 or -m slow")
    tally = run_harness(zygote, tmp_path / "data", FULL_KILLS, seed=1000)
    assert_nothing_lost(tally, FULL_KILLS)
