"""One writer per data folder, at the command level: a second writer is refused.

The decision (README, Reliability): a second ``ingest``, ``mark`` or dashboard
on a folder another seasonwatch is writing is refused with one line naming the
holder, exit status 1; commands that only read keep working. The OS lock goes with
the process, so after ``kill -9`` the next writer starts at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import hostile

ROOT = Path(__file__).resolve().parents[2]


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *argv]


def run(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(*argv), capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path]:
    """A config with one local feed, and an empty data folder."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(hostile.GOOD)
    config = tmp_path / "config.toml"
    config.write_text(
        f'poll_interval = "15m"\n[[feeds]]\nurl = "{feed}"\n'
        '[[shows]]\ntitle = "Jessica Jones"\n[[shows]]\ntitle = "Daredevil"\n'
    )
    return config, tmp_path / "data"


@pytest.fixture
def running_ingest(folder: tuple[Path, Path]) -> Iterator[subprocess.Popen[str]]:
    config, data = folder
    assert run("ingest", "--once", "--config", str(config), "--data-dir", str(data)).returncode == 0
    proc = subprocess.Popen(
        command("ingest", "--config", str(config), "--data-dir", str(data)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # printed once the lock is held
    assert "ingesting 1 feeds" in first, (first, proc.stderr.read() if proc.stderr else "")
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_second_writers_are_refused_in_one_line_and_readers_work(
    folder: tuple[Path, Path], running_ingest: subprocess.Popen[str]
) -> None:
    config, data = folder
    where = ("--config", str(config), "--data-dir", str(data))
    items = run("items", "--json", *where)
    assert items.returncode == 0, items.stderr  # reading is never refused
    (item,) = json.loads(items.stdout)
    for argv in (("ingest", "--once"), ("mark", item["id"], "confirmed"), ("dashboard",)):
        refused = run(*argv, *where)
        assert refused.returncode == 1, (argv, refused)
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, refused.stderr  # one line, no traceback
        assert lines[0].startswith("seasonwatch: ")
        assert "in use by another seasonwatch" in lines[0]
        assert f"pid {running_ingest.pid}, ingest" in lines[0]
        assert "\x1b" not in refused.stdout  # refused before anything was drawn
        assert "--data-dir" in lines[0]  # and what to do about it
    assert run("status", *where).returncode == 0
    assert run("feeds", "--json", *where).returncode == 0


def test_the_lock_dies_with_a_killed_writer(
    folder: tuple[Path, Path], running_ingest: subprocess.Popen[str]
) -> None:
    config, data = folder
    where = ("--config", str(config), "--data-dir", str(data))
    assert run("ingest", "--once", *where).returncode == 1
    os.kill(running_ingest.pid, signal.SIGKILL)
    running_ingest.wait(timeout=10)
    after = run("ingest", "--once", *where)
    assert after.returncode == 0, after.stderr
    items = json.loads(run("items", "--json", *where).stdout)
    marked = run("mark", items[0]["id"], "ignored", *where)
    assert marked.returncode == 0, marked.stderr


def test_a_data_folder_that_cannot_be_made_is_one_line_not_a_traceback(
    folder: tuple[Path, Path], tmp_path: Path
) -> None:
    config, _data = folder
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for argv in (("ingest", "--once"), ("mark", "abc", "confirmed")):
        failed = run(*argv, "--config", str(config), "--data-dir", str(blocker / "data"))
        assert failed.returncode == 1, failed
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot take the writer lock" in lines[0], failed.stderr
