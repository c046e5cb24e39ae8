"""The marks file and its journal: a mark costs the same with 50 marks or 50,000.

The user's decisions are the most precious data, so a mark is on disk (fsynced) before
``set_mark`` returns. Rewriting the whole ``marks.json`` for that made a mark's cost
grow with the marks: 0.3 ms at 10, 5 ms at 20,000 and 19 ms at 50,000, for a user who
reviews everything. So a mark is appended, as one line, to ``marks.log`` beside it:

- ``marks.json`` keeps TinyDB's layout (``{"marks": {doc_id: doc}}``), the state as of
  the last compaction. Every older seasonwatch reads it.
- ``marks.log`` holds one ``{"id": doc_id, "doc": doc}`` line per mark since then. A
  reader applies the lines in order over the file, so the newest line of a document
  wins.
- When the journal holds more lines than a quarter of the marks (and at least
  ``COMPACT_AT``), the mark that made it so compacts, after its own line is in. The
  whole table is written to ``marks.json`` atomically, and only then is the journal
  removed. A crash between the two leaves lines that the file already holds, and
  applying them again changes nothing.
- A crash in the middle of an append leaves a torn last line, whose mark was never
  acknowledged (that waits for the fsync of the whole line). Readers skip it; the next
  writer cuts it off before its first line, and a failed append takes its own bytes
  back, so no line is ever glued to half of another.
- A line damaged in any other way (the disk, a hand edit) is skipped and reported by
  the store; when the journal is folded in, it is moved to ``quarantine/``, not deleted.
- A writer folds the journal in when it closes, so a folder at rest holds only
  ``marks.json``, which every older seasonwatch reads whole. Only a crash leaves a
  journal behind, for the next writer.
- With no ``marks.json`` yet, a mark writes the file, not the journal. A new data folder
  looks as it always did.

Only one process writes (``ingest.lock``), so there is one appender. A reader checks
both files' ``stat`` to see a mark another process made.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ingest.durable import FileStamp, atomic_write, file_stamp, fsync_dir
from ingest.errors import StoreError
from ingest.storejson import decode_tables, dumps, loads

TABLE = "marks"
COMPACT_AT = 1000
"""The fewest journal lines worth a compaction (the file is rewritten then)."""

_Tables = dict[str, dict[str, Any]]
_Stamp = tuple[FileStamp | None, FileStamp | None]


def journal_path(path: Path) -> Path:
    """The journal beside a marks file."""
    return path.with_name(path.stem + ".log")


class JournaledStorage(Storage):
    """TinyDB storage for the marks: ``marks.json`` plus the append-only journal.

    The parsed table is cached, and read again only when either file changed on disk.
    ``set_aside`` moves a damaged journal out of the way when it is folded in (the
    store's quarantine); without it a damaged journal is kept beside the file.
    """

    def __init__(
        self,
        path: str,
        read_only: bool = False,
        set_aside: Callable[[Path], Path] | None = None,
    ) -> None:
        self.path = Path(path)
        self.journal = journal_path(self.path)
        self.read_only = read_only
        self.damaged = 0
        """Journal lines that are not whole documents and that no crash explains."""
        self._set_aside = set_aside
        self._cache: _Tables | None = None
        self._stamp: _Stamp | None = None
        self._lines = 0
        self._tail_checked = False
        self._dir_pending = False

    # --- TinyDB's interface -------------------------------------------------------

    def read(self) -> _Tables | None:
        """The marks, from memory unless a file changed on disk."""
        stamp = self._stat()
        if self._cache is not None and stamp == self._stamp:
            return self._cache
        # The journal is read before the file: a compaction in between then gives the
        # old lines over the new file, which already holds them (never the reverse,
        # which would miss the lines the compaction removed).
        journal = self._read_bytes(self.journal)
        raw = self._read_bytes(self.path)
        data = decode_tables(self.path, raw) if raw is not None else None
        entries, self._lines, self.damaged = _entries(journal or b"")
        if entries or data is not None:
            data = data if data is not None else {}
            table = data.setdefault(TABLE, {})
            for doc_id, doc in entries:
                table[doc_id] = doc
        self._cache, self._stamp = data, stamp
        return data

    def write(self, data: _Tables) -> None:
        """Replace every mark: the whole table to the file, then the journal goes.

        TinyDB's own writes come here; seasonwatch's marks go through ``append``, which
        calls this to compact once every line it wrote is in the journal.
        """
        self._writable()
        atomic_write(self.path, dumps(data))
        kept = False
        if self.journal.exists():  # only once the file holds everything it held
            if not self.damaged:
                _drop(self.journal)
                fsync_dir(self.path.parent)
            elif self._set_aside is not None:
                self._set_aside(self.journal)  # bytes no crash explains: kept, not lost
            else:
                kept = True  # nowhere to move it: it stays, still counted as damaged
        self._cache, self._stamp = data, self._stat()
        if not kept:
            self._lines, self.damaged = 0, 0
        self._tail_checked = False

    def close(self) -> None:
        """Nothing is held open; every write is on disk when its call returns."""

    # --- the journal ----------------------------------------------------------------

    def append(self, doc_id: str, doc: dict[str, Any]) -> None:
        """Put one document durably: one fsynced line (then a compaction when due)."""
        self._writable()
        try:
            self._append(doc_id, doc)
        except BaseException:
            self._forget()  # whatever happened, read the disk again
            raise

    def fold(self) -> None:
        """Fold the journal into the file now (a writer closing: an older seasonwatch,
        which does not read the journal, then finds every mark in the file)."""
        self._writable()
        data = self.read()
        if data is None or not self.journal.exists():
            return
        if self._lines or self.damaged:
            self.write(data)
        else:  # an empty journal: nothing to fold, no reason to rewrite the file
            _drop(self.journal)
            fsync_dir(self.path.parent)
            self._stamp = self._stat()

    def _append(self, doc_id: str, doc: dict[str, Any]) -> None:
        data = self.read()
        if data is None:
            self.write({TABLE: {doc_id: doc}})  # the first mark makes the file
            return
        line = dumps({"id": doc_id, "doc": doc}) + b"\n"
        if not self.journal.exists():
            self._dir_pending = True
        cut = False
        fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if not self._tail_checked and size:
                whole = _whole_lines(fd, size)
                if whole != size:
                    # A crash in the middle of an append left a torn line. Its mark was
                    # never acknowledged (that waits for the fsync of the whole line),
                    # so it goes, and this line starts clean.
                    os.ftruncate(fd, whole)
                    size, cut = whole, True
            try:
                _write_all(fd, line)
                os.fsync(fd)
            except BaseException:
                # Not acknowledged: take the bytes back, so no later line is glued to
                # half of this one, and no reader shows a mark the disk may not keep.
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
                    os.fsync(fd)
                self._tail_checked = False
                raise
        finally:
            os.close(fd)
        if self._dir_pending:  # the journal's name is durable too before we return
            fsync_dir(self.path.parent)
            self._dir_pending = False
        self._tail_checked = True
        if cut:
            # The cut line may have parsed (whole but for its newline) and be in the
            # cache: read the files as they are now, this line included.
            self._forget()
            data = self.read() or {}
            table = data.setdefault(TABLE, {})
        else:
            table = data.setdefault(TABLE, {})
            table[doc_id] = doc
            self._lines += 1
            self._stamp = self._stat()
        if self._lines > max(COMPACT_AT, len(table) // 4):
            # Every line is in the journal first, so the new file holds all of it: a
            # crash before the journal goes replays lines the file already has.
            self.write(data)

    def lines(self) -> int:
        """Journal lines since the last compaction (damaged ones included)."""
        self.read()
        return self._lines

    # --- helpers ----------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def _forget(self) -> None:
        self._cache, self._stamp = None, None

    def _stat(self) -> _Stamp:
        return (file_stamp(self.path), file_stamp(self.journal))

    @staticmethod
    def _read_bytes(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc}") from exc


def _entries(journal: bytes) -> tuple[list[tuple[str, dict[str, Any]]], int, int]:
    """The journal's (doc_id, doc) pairs in order, its number of lines, and how many of
    them are damaged (not whole documents, a torn last line not counted).

    The lines are parsed as one JSON array when they are all whole (one C call instead
    of one per line: a `seasonwatch mark` reads the journal at every start); a torn or
    damaged line sends it line by line, skipping those.
    """
    body = journal.strip()
    if not body:
        return [], 0, 0
    count = body.count(b"\n") + 1
    values = None
    if journal.endswith(b"\n"):  # else its last line is torn, even if it parses
        try:
            values = loads(b"[" + body.replace(b"\n", b",") + b"]")
        except ValueError:
            values = None
    if isinstance(values, list) and len(values) == count:
        checked = [_checked(value) for value in values]
        entries = [entry for entry in checked if entry is not None]
        if len(entries) == count:
            return entries, count, 0
    lines = journal.split(b"\n")
    torn = lines.pop() if not journal.endswith(b"\n") else b""
    found = [_entry(line) for line in lines if line.strip()]
    entries = [entry for entry in found if entry is not None]
    return entries, len(found) + (1 if torn.strip() else 0), len(found) - len(entries)


def _entry(line: bytes) -> tuple[str, dict[str, Any]] | None:
    """A journal line's (doc_id, doc); None for a torn or foreign line."""
    try:
        value = loads(line)
    except ValueError:
        return None
    return _checked(value)


def _checked(value: object) -> tuple[str, dict[str, Any]] | None:
    """A parsed journal line's (doc_id, doc); None when it is not one."""
    if not isinstance(value, dict):
        return None
    doc_id, doc = value.get("id"), value.get("doc")
    if not isinstance(doc_id, str) or not isinstance(doc, dict):
        return None
    return doc_id, doc


def _whole_lines(fd: int, size: int) -> int:
    """How many bytes of the file end in its last newline (0 when it has none)."""
    end = size
    while end > 0:
        start = max(0, end - 4096)
        chunk = os.pread(fd, end - start, start)
        at = chunk.rfind(b"\n")
        if at >= 0:
            return start + at + 1
        end = start
    return 0


def _drop(journal: Path) -> None:
    """Remove a journal the file now holds (a function of its own for the crash tests)."""
    journal.unlink()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


__all__ = ["COMPACT_AT", "JournaledStorage", "journal_path"]
