"""One writer per data folder, enforced by an OS file lock.

Two processes writing one TinyDB file corrupt it or lose inserts, even with care, so
every command that writes (the dashboard, ``ingest``, ``mark``) takes an exclusive,
non-blocking lock on ``<data>/lock`` first. The OS drops the lock when the process
dies, ``kill -9`` included, so a crash never leaves the folder locked. The lock file
holds the holder's pid and command only to make the refusal message useful.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from ingest.errors import StoreError, StoreLockedError

LOCK_NAME = "lock"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)  # the lock is on byte 0: "a+" starts at the end, which moves
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class DataFolderLock:
    """The exclusive writer lock of one data folder."""

    def __init__(self, data_dir: Path, command: str) -> None:
        self.path = data_dir / LOCK_NAME
        self.command = command
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise StoreLockedError naming the process that holds it.

        StoreError (one line, no traceback) when the folder cannot be created or the
        lock file opened: a read-only disk, a file where the folder should be.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot take the writer lock: {exc.strerror}") from exc
        if not _try_lock(handle):
            holder = _describe_holder(handle)
            handle.close()
            raise StoreLockedError(
                f"{self.path.parent} is in use by another seasonwatch ({holder}); "
                "close it first, or use another --data-dir"
            )
        since = datetime.now(UTC).isoformat(timespec="seconds")
        with contextlib.suppress(OSError):  # who holds it is a courtesy; the lock is held
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "command": self.command, "since": since}))
            handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Give the lock back (also happens by itself when the process ends)."""
        if self._handle is None:
            return
        _unlock(self._handle)
        self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._handle is not None


def _describe_holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        info = json.loads(handle.read() or "{}")
    except (OSError, ValueError):  # Windows locks are mandatory: the holder's byte is unreadable
        return "unknown process"
    if not isinstance(info, dict):
        return "unknown process"
    return f"pid {info.get('pid', '?')}, {info.get('command', '?')}, since {info.get('since', '?')}"
