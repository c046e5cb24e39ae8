"""Replacing a file so that readers and crashes see the old or the new one, never a torn one.

Every store file is written this way: to a temporary file in the same folder, flushed
and fsynced, renamed over the old one, and the folder fsynced so the rename itself
survives a power cut. A process killed at any instant leaves the old file or the new.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_replace(path: Path) -> Iterator[BinaryIO]:
    """Write the new ``path`` into the yielded file; it replaces the old one at the end.

    Nothing changes if the block raises. The replacement happens after the block, so
    a block may read the old file while writing the new one (and close it first, which
    Windows needs before a rename over it).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with tmp.open("wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that readers and crashes see old or new only."""
    with atomic_replace(path) as handle:
        handle.write(payload)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    if os.name == "nt":  # pragma: no cover - directories cannot be fsynced on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """``path``'s inode, modification time and size (None when it does not exist).

    A store file is replaced by a rename (a new inode) or appended to (a new size), so a
    cache keyed on this sees another process's write even within one clock tick.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
