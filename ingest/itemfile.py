"""The items file: TinyDB's JSON layout, written with a sorted id index beside it.

``items.json`` is what TinyDB would write — ``{"items": {doc_id: doc}, "meta": {...}}``
— and TinyDB can still open it. seasonwatch writes it itself, one document per line
in id order, and keeps ``items.idx`` beside it: every item's id and where its document
sits in ``items.json``. That makes the costs that matter independent of the number of
stored items:

- one item (the one a user marks, or a prefix they typed) is found by a binary search
  over the index file and read with one seek: ``seasonwatch mark`` never parses the
  whole store;
- a poll's single write copies the unchanged documents' bytes across in long runs and
  encodes only the new and changed ones, so no large JSON encoding holds the GIL while
  the dashboard draws;
- reading every item parses one document at a time, so the parsed file is never in
  memory all at once.

The index is derived data. Its header names the size of the items file it describes
and a random generation token that the items file carries in its meta table; when
either disagrees (a crash between the two renames, a file edited by hand or written by
TinyDB), the index is ignored and the items file is parsed whole as before, and the
next writer rewrites both. Both files are replaced atomically (temporary file, fsync,
rename, folder fsync): the items file first, so the items are never older than what an
index describes.

Layout of ``items.idx``: one JSON header line, then one fixed-width line per item,
sorted by id: the 12-hex-digit id, the document's byte offset (12 digits) and length
(10 digits).

A third file, ``items.brief``, holds a brief of every document (a projection the
caller gives: ``ingest.briefs``), one compact JSON array per line in the index's order,
under a header with the same generation. A live view loads the briefs instead of the
documents; a write copies the unchanged documents' brief lines as it copies their
bytes. It is derived data like the index, written last, and ignored (then rebuilt from
the documents) when its generation is not the index's.
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ingest.durable import atomic_replace, atomic_write
from ingest.errors import StoreCorruptError, StoreError

try:  # orjson encodes and parses several times faster; json is the fallback.
    import orjson

    HAVE_ORJSON = True
except ImportError:  # pragma: no cover - orjson is a dependency; json keeps working
    HAVE_ORJSON = False

SCHEMA_VERSION = 1
INDEX_FORMAT = 1
BRIEF_FORMAT = 1
ID_WIDTH = 12
_OFFSET_WIDTH = 12
_LENGTH_WIDTH = 10
RECORD = ID_WIDTH + _OFFSET_WIDTH + _LENGTH_WIDTH + 1
_HEX = frozenset("0123456789abcdef")
_TAIL = 256
"""Bytes at the end of the items file that hold its meta table (and generation)."""
_COPY_CHUNK = 1 << 20
_SEARCH_COST = 40
"""Finding one id by binary search costs about as much as parsing this many index
records into a table: fewer ids than count / _SEARCH_COST are searched for."""

Doc = dict[str, Any]


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON."""
    if HAVE_ORJSON:
        try:
            return orjson.dumps(value)
        except orjson.JSONEncodeError:
            pass  # e.g. a lone surrogate: json escapes it instead of refusing
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def loads(data: bytes) -> Any:
    """Parse JSON bytes (ValueError when they are not JSON)."""
    if HAVE_ORJSON:
        return orjson.loads(data)
    return json.loads(data)


def decode_tables(path: Path, raw: bytes) -> dict[str, dict[str, Any]] | None:
    """A TinyDB file's tables; StoreCorruptError when it is not one."""
    if not raw.strip():
        # Every write is whole JSON renamed into place, so an empty file lost its content
        # (a truncation, a crash on a file system that reorders writes): report it.
        raise StoreCorruptError(f"{path}: empty (its content was lost)")
    try:
        data = loads(raw)
    except ValueError as exc:
        raise StoreCorruptError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreCorruptError(f"{path}: not a seasonwatch store (unexpected layout)")
    return data


def _key(item_id: str) -> bytes:
    """A document's key in the items table: TinyDB's doc_id, the id read as hex."""
    return f'"{int(item_id, 16)}":'.encode()


def _indexable(item_id: object) -> bool:
    return isinstance(item_id, str) and len(item_id) == ID_WIDTH and _HEX.issuperset(item_id)


@dataclass(slots=True)
class _Table:
    """The index in memory: sorted ids and where each document is."""

    ids: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def find(self, item_id: str) -> int | None:
        at = bisect.bisect_left(self.ids, item_id)
        return at if at < len(self.ids) and self.ids[at] == item_id else None


@dataclass(slots=True)
class _View:
    """What the items file holds at one version of it (identified by ``stamp``)."""

    stamp: tuple[int, int, int] | None
    """(inode, mtime, size) of the items file; None when there is none."""
    generation: str | None = None
    """The index's generation when the index is valid for this version."""
    count: int = 0
    schema: int = SCHEMA_VERSION
    table: _Table | None = None
    """The index loaded (indexed files, on demand) or built (after a write)."""
    docs: dict[str, Doc] | None = None
    """Every document by id: the file parsed whole (files without a valid index)."""
    records: bytes | None = None
    """The index's records as read, searched in place (a few ids wanted, on demand)."""

    @property
    def indexed(self) -> bool:
        return self.generation is not None


Projection = Callable[[Doc], Any]
"""A document's brief: any JSON value (``ingest.briefs.brief_fields``)."""


class ItemFile:
    """``items.json``, its index and its briefs in one folder. Not thread-safe: the Store locks."""

    def __init__(
        self,
        folder: Path,
        *,
        name: str = "items.json",
        index: str = "items.idx",
        brief: Projection | None = None,
        briefs: str = "items.brief",
    ) -> None:
        self.path = folder / name
        self.index_path = folder / index
        self.brief_path = folder / briefs
        self._brief = brief
        self._view: _View | None = None

    # --- which version of the file we are looking at ---------------------------------

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from exc
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def view(self) -> _View:
        """The current version: from memory unless the file changed on disk."""
        stamp = self._stat()
        if self._view is not None and self._view.stamp == stamp:
            return self._view
        view = _View(stamp)
        if stamp is not None:
            header = self._valid_header(stamp[2])
            if header is not None:
                view.generation = header["generation"]
                view.count = header["count"]
                view.schema = header["schema"]
            else:
                self._parse_whole(view)
        self._view = view
        return view

    def _valid_header(self, size: int) -> dict[str, Any] | None:
        """The index header when the index describes the items file as it is now."""
        try:
            with self.index_path.open("rb") as index:
                header = _read_header(index)
                records = os.fstat(index.fileno()).st_size - index.tell()
            if header is None or header["items_size"] != size:
                return None
            if records != header["count"] * RECORD:
                return None
            with self.path.open("rb") as items:
                items.seek(max(0, size - _TAIL))
                tail = items.read(_TAIL)
        except OSError:
            return None
        token = f'"generation":"{header["generation"]}"'.encode()
        return header if token in tail else None

    def _parse_whole(self, view: _View) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            view.stamp, view.docs = None, {}
            return
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from exc
        tables = decode_tables(self.path, raw) or {}
        meta = tables.get("meta", {}).get("1")
        view.schema = meta.get("schema", SCHEMA_VERSION) if isinstance(meta, dict) else 1
        view.docs = {}
        for doc in tables.get("items", {}).values():
            if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                raise StoreCorruptError(f"{self.path}: an item without an id")
            view.docs[doc["id"]] = doc
        view.count = len(view.docs)

    def forget(self) -> None:
        """Drop what is held in memory (after the file was moved aside)."""
        self._view = None

    # --- reading ----------------------------------------------------------------------

    def _records_read(self, view: _View) -> bytes:
        """The index's records, read whole; ``_Stale`` unless they are the view's."""
        with self.index_path.open("rb") as index:
            header = _read_header(index)
            body = index.read()
        if header is None or header["generation"] != view.generation:
            raise _Stale
        if len(body) != header["count"] * RECORD:
            raise _Stale
        return body

    def _table(self, view: _View) -> _Table:
        if view.table is None:
            text = self._records_read(view).decode("ascii", "replace")
            starts = range(0, len(text), RECORD)
            try:
                view.table = _Table(
                    [text[k : k + ID_WIDTH] for k in starts],
                    [int(text[k + ID_WIDTH : k + RECORD - 1 - _LENGTH_WIDTH]) for k in starts],
                    [int(text[k + RECORD - 1 - _LENGTH_WIDTH : k + RECORD - 1]) for k in starts],
                )
            except ValueError as exc:
                raise _Stale from exc
        return view.table

    def _retrying(self, read: Any) -> Any:
        """Run ``read(view)``; if the index turns out stale, parse the file whole instead."""
        view = self.view()
        try:
            return read(view)
        except _Stale:
            view.generation, view.table = None, None
            self._parse_whole(view)
            return read(view)

    def get(self, item_id: str) -> Doc | None:
        """One document by id, without reading the others."""

        def read(view: _View) -> Doc | None:
            if not view.indexed:
                return (view.docs or {}).get(item_id)
            if view.table is not None:
                at = view.table.find(item_id)
                where = None if at is None else (view.table.offsets[at], view.table.lengths[at])
            else:
                where = self._search(view, item_id)
            if where is None:
                return None
            with self.path.open("rb") as items:
                return _read_doc(items, item_id, *where)

        if not _indexable(item_id) and self.view().indexed:
            return None
        result: Doc | None = self._retrying(read)
        return result

    def get_many(self, item_ids: Iterable[str]) -> dict[str, Doc]:
        """The documents of those ids that are stored."""
        wanted = sorted(set(item_ids))

        def read(view: _View) -> dict[str, Doc]:
            if not view.indexed:
                docs = view.docs or {}
                return {i: docs[i] for i in wanted if i in docs}
            if view.table is None and len(wanted) * _SEARCH_COST < view.count:
                where = self._search_many(view, wanted)  # a page of news: not a table
            else:
                table = self._table(view)
                where = {
                    i: (table.offsets[at], table.lengths[at])
                    for i in wanted
                    if (at := table.find(i)) is not None
                }
            if not where:
                return {}
            with self.path.open("rb") as items:
                return {i: _read_doc(items, i, *at) for i, at in where.items()}

        result: dict[str, Doc] = self._retrying(read)
        return result

    def ids(self) -> list[str]:
        """Every stored id, sorted."""

        def read(view: _View) -> list[str]:
            if not view.indexed:
                return sorted(view.docs or {})
            return list(self._table(view).ids)

        result: list[str] = self._retrying(read)
        return result

    def with_prefix(self, prefix: str) -> list[str]:
        """The ids that start with ``prefix`` (a binary search, not a scan)."""

        def read(view: _View) -> list[str]:
            if not view.indexed:
                return sorted(i for i in view.docs or {} if i.startswith(prefix))
            if view.table is not None:
                ids = view.table.ids
                at = bisect.bisect_left(ids, prefix)
                out = []
                while at < len(ids) and ids[at].startswith(prefix):
                    out.append(ids[at])
                    at += 1
                return out
            return self._search_prefix(view, prefix)

        result: list[str] = self._retrying(read)
        return result

    def docs(self) -> Iterator[Doc]:
        """Every document in id order, parsed one at a time.

        One document is alive at a time (with the file's bytes), never the whole
        parsed file, which is what keeps a 50,000-item load within its memory budget.
        """
        view = self.view()
        data = b""
        if view.indexed:
            try:
                table = self._table(view)
                data = self.path.read_bytes()
                token = f'"generation":"{view.generation}"'.encode()
                if len(data) != (view.stamp or (0, 0, -1))[2] or token not in data[-_TAIL:]:
                    raise _Stale  # replaced since we looked
            except (_Stale, FileNotFoundError):
                view.generation, view.table = None, None
                self._parse_whole(view)
        if not view.indexed:
            docs = view.docs or {}
            yield from [docs[i] for i in sorted(docs)]
            return
        for offset, length in zip(table.offsets, table.lengths, strict=True):
            try:
                yield loads(data[offset : offset + length])
            except ValueError as exc:
                raise StoreCorruptError(f"{self.path}: a damaged item at byte {offset}") from exc

    def briefs(self, *, repair: bool = False) -> list[bytes]:
        """Every document's brief line (JSON), in id order.

        From ``items.brief`` when it describes this version of the file; otherwise made
        from the documents (the whole file parsed), and with ``repair`` saved for the
        next reader. Needs the ``brief`` projection.
        """
        if self._brief is None:
            raise StoreError(f"{self.path}: no brief projection given")
        view = self.view()
        if view.indexed:
            lines = self._read_briefs(view)
            if lines is not None:
                return lines
        lines = [dumps(self._brief(doc)) for doc in self.docs()]
        view = self.view()
        if repair and view.indexed and len(lines) == view.count:
            assert view.generation is not None
            atomic_write(self.brief_path, _briefs_bytes(view.generation, lines))
        return lines

    def _read_briefs(self, view: _View) -> list[bytes] | None:
        """The brief lines of ``items.brief`` if it belongs to ``view``'s generation."""
        try:
            data = self.brief_path.read_bytes()
        except OSError:
            return None
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return None
        if not isinstance(header, dict) or header.get("format") != BRIEF_FORMAT:
            return None
        if header.get("generation") != view.generation or header.get("count") != view.count:
            return None
        lines = body.split(b"\n")
        if lines.pop() != b"" or len(lines) != view.count:
            return None
        return lines

    def count(self) -> int:
        """How many items are stored."""
        return self.view().count

    def schema(self) -> int:
        """The schema version the file was written with."""
        return self.view().schema

    # --- the index on disk, searched without loading it ------------------------------

    def _records(self, view: _View) -> tuple[BinaryIO, int, int]:
        index = self.index_path.open("rb")
        header = _read_header(index)
        if header is None or header["generation"] != view.generation:
            index.close()
            raise _Stale
        return index, index.tell(), header["count"]

    def _search(self, view: _View, item_id: str) -> tuple[int, int] | None:
        index, base, count = self._records(view)
        with index:
            at = _lower_bound(index, base, count, item_id)
            if at >= count:
                return None
            record = _record(index, base, at)
            if record[:ID_WIDTH] != item_id:
                return None
            return _where(record)

    def _search_many(self, view: _View, item_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Where these documents are: a binary search over the index's records as read.

        Reading the records is one read; parsing them all into a table (``_table``) costs
        a few microseconds a record, which a page of news at 20,000 items does not need.
        """
        if view.records is None:
            view.records = self._records_read(view)
        records = view.records
        count = len(records) // RECORD
        out = {}
        for item_id in item_ids:
            key = item_id.encode()
            lo, hi = 0, count
            while lo < hi:
                mid = (lo + hi) // 2
                if records[mid * RECORD : mid * RECORD + ID_WIDTH] < key:
                    lo = mid + 1
                else:
                    hi = mid
            record = records[lo * RECORD : (lo + 1) * RECORD]
            if record[:ID_WIDTH] == key:
                out[item_id] = _where(record.decode("ascii", "replace"))
        return out

    def _search_prefix(self, view: _View, prefix: str) -> list[str]:
        index, base, count = self._records(view)
        with index:
            at = _lower_bound(index, base, count, prefix)
            out = []
            while at < count:
                item_id = _record(index, base, at)[:ID_WIDTH]
                if not item_id.startswith(prefix):
                    break
                out.append(item_id)
                at += 1
            return out

    # --- writing ----------------------------------------------------------------------

    def save(self, changed: Mapping[str, Doc]) -> tuple[int, int]:
        """Store new and replaced documents in one atomic write; returns (new, updated).

        Unchanged documents are copied from the current file byte for byte, in runs;
        only ``changed`` is encoded. The index follows in a second atomic write and the
        briefs (when kept) in a third.
        """
        view = self.view()
        table: _Table | None = None
        if view.indexed:
            try:
                table = self._table(view)
            except _Stale:
                view.generation, view.table = None, None
                self._parse_whole(view)
        if table is None:  # no valid index: every document is encoded from the parse
            before = view.docs or {}
            merged = {**before, **changed}
            if not all(_indexable(i) for i in merged):
                return self._save_plain(merged, changed, before)
            plan = _Plan.fresh(merged)
            updated = sum(1 for i in changed if i in before)
            table = _Table()
        else:
            if not all(_indexable(i) for i in changed):
                merged = {doc["id"]: doc for doc in self.docs()}
                return self._save_plain({**merged, **changed}, changed, merged)
            plan = _Plan.merge(table, changed)
            updated = plan.updated
        briefs = self._plan_briefs(plan, view, table)
        generation = os.urandom(8).hex()
        new_table = _Table()
        with atomic_replace(self.path) as out, _Source(self.path if view.indexed else None) as old:
            for chunk in plan.chunks(old, table, new_table, generation):
                out.write(chunk)
        header = {
            "format": INDEX_FORMAT,
            "schema": SCHEMA_VERSION,
            "generation": generation,
            "count": len(new_table.ids),
            "items_size": plan.size,
        }
        atomic_write(self.index_path, _index_bytes(header, new_table))
        if briefs is not None:
            atomic_write(self.brief_path, _briefs_bytes(generation, briefs))
        count = len(new_table.ids)
        self._view = _View(self._stat(), generation, count, SCHEMA_VERSION, new_table)
        return len(changed) - updated, updated

    def _plan_briefs(self, plan: _Plan, view: _View, table: _Table) -> list[bytes] | None:
        """The new file's brief lines: the changed documents' made, the others' copied.

        Read before the items file is replaced: without valid old briefs, the copied
        documents are parsed from the old file (once; the next write copies lines).
        """
        if self._brief is None:
            return None
        old = self._read_briefs(view) if view.indexed else None
        data = self.path.read_bytes() if old is None and view.indexed else b""
        lines: list[bytes] = []
        for step in plan.steps:
            if isinstance(step, _Encode):
                lines.append(dumps(self._brief(step.doc)))
            elif old is not None:
                lines.extend(old[step.begin : step.end])
            else:
                for at in range(step.begin, step.end):
                    start = table.offsets[at]
                    doc = loads(data[start : start + table.lengths[at]])
                    lines.append(dumps(self._brief(doc)))
        return lines

    def _save_plain(
        self, merged: dict[str, Doc], changed: Mapping[str, Doc], before: Mapping[str, Doc]
    ) -> tuple[int, int]:
        """Ids the index cannot hold (never made by seasonwatch): plain TinyDB, no index."""
        items = {str(int(i, 16)): d for i, d in merged.items()}
        atomic_write(self.path, dumps({"items": items, "meta": {"1": {"schema": SCHEMA_VERSION}}}))
        self.index_path.unlink(missing_ok=True)
        self.brief_path.unlink(missing_ok=True)
        self._view = None
        updated = sum(1 for i in changed if i in before)
        return len(changed) - updated, updated

    def reindex(self) -> None:
        """Rewrite a file that has no valid index in the indexed layout (once)."""
        view = self.view()
        if view.stamp is not None and not view.indexed:
            self.save({})


class _Stale(Exception):
    """The index no longer describes the items file (replaced meanwhile)."""


def _read_header(index: BinaryIO) -> dict[str, Any] | None:
    line = index.readline(4096)
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != INDEX_FORMAT:
        return None
    ints = ("schema", "count", "items_size")
    if not all(isinstance(header.get(k), int) for k in ints):
        return None
    return header if isinstance(header.get("generation"), str) else None


def _record(index: BinaryIO, base: int, at: int) -> str:
    index.seek(base + at * RECORD)
    raw = index.read(RECORD)
    if len(raw) != RECORD:
        raise _Stale
    return raw.decode("ascii")


def _where(record: str) -> tuple[int, int]:
    offset = int(record[ID_WIDTH : ID_WIDTH + _OFFSET_WIDTH])
    return offset, int(record[ID_WIDTH + _OFFSET_WIDTH : RECORD - 1])


def _lower_bound(index: BinaryIO, base: int, count: int, key: str) -> int:
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) // 2
        if _record(index, base, mid)[:ID_WIDTH] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _read_doc(items: BinaryIO, item_id: str, offset: int, length: int) -> Doc:
    items.seek(offset)
    raw = items.read(length)
    try:
        doc = loads(raw)
    except ValueError as exc:
        raise _Stale from exc
    if not isinstance(doc, dict) or doc.get("id") != item_id:
        raise _Stale
    return doc


def _briefs_bytes(generation: str, lines: list[bytes]) -> bytes:
    header = {"format": BRIEF_FORMAT, "generation": generation, "count": len(lines)}
    return b"\n".join([json.dumps(header).encode("ascii"), *lines, b""])


def _index_bytes(header: dict[str, Any], table: _Table) -> bytes:
    lines = [
        f"{i}{o:0{_OFFSET_WIDTH}d}{n:0{_LENGTH_WIDTH}d}\n"
        for i, o, n in zip(table.ids, table.offsets, table.lengths, strict=True)
    ]
    return (json.dumps(header) + "\n" + "".join(lines)).encode("ascii")


class _Source:
    """The current items file, open for copying runs of unchanged documents."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: BinaryIO | None = None

    def __enter__(self) -> _Source:
        if self.path is not None:
            self.handle = self.path.open("rb")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.handle is not None:
            self.handle.close()

    def copy(self, start: int, end: int) -> Iterator[bytes]:
        assert self.handle is not None
        self.handle.seek(start)
        left = end - start
        while left > 0:
            chunk = self.handle.read(min(left, _COPY_CHUNK))
            if not chunk:
                raise _Stale
            left -= len(chunk)
            yield chunk


@dataclass(frozen=True, slots=True)
class _Copy:
    """Copy old documents ``begin`` to ``end`` (exclusive, by index position) as they are."""

    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class _Encode:
    """Encode a new or replaced document."""

    item_id: str
    doc: Doc


@dataclass(slots=True)
class _Plan:
    """A write in id order: runs of old documents to copy, documents to encode."""

    steps: list[_Copy | _Encode]
    updated: int = 0
    size: int = 0
    """The new file's size (known once ``chunks`` has been consumed)."""

    @classmethod
    def fresh(cls, docs: Mapping[str, Doc]) -> _Plan:
        return cls([_Encode(i, docs[i]) for i in sorted(docs)])

    @classmethod
    def merge(cls, old: _Table, changed: Mapping[str, Doc]) -> _Plan:
        steps: list[_Copy | _Encode] = []
        updated = at = 0
        for item_id in sorted(changed):
            nxt = bisect.bisect_left(old.ids, item_id, at)
            if nxt > at:
                steps.append(_Copy(at, nxt))
            steps.append(_Encode(item_id, changed[item_id]))
            at = nxt
            if at < len(old.ids) and old.ids[at] == item_id:
                updated += 1
                at += 1
        if at < len(old.ids):
            steps.append(_Copy(at, len(old.ids)))
        return cls(steps, updated)

    def chunks(self, old: _Source, table: _Table, new: _Table, generation: str) -> Iterator[bytes]:
        """The new file's bytes; fills ``new`` with where each document lands."""
        position = 0
        for n, step in enumerate(self.steps):
            lead = (b'{"items":{' if n == 0 else b",") + b"\n"
            position += len(lead)
            yield lead
            if isinstance(step, _Encode):
                key, body = _key(step.item_id), dumps(step.doc)
                new.ids.append(step.item_id)
                new.offsets.append(position + len(key))
                new.lengths.append(len(body))
                position += len(key) + len(body)
                yield key + body
                continue
            start = table.offsets[step.begin] - len(_key(table.ids[step.begin]))
            stop = table.offsets[step.end - 1] + table.lengths[step.end - 1]
            delta = position - start
            new.ids.extend(table.ids[step.begin : step.end])
            new.offsets.extend(o + delta for o in table.offsets[step.begin : step.end])
            new.lengths.extend(table.lengths[step.begin : step.end])
            position += stop - start
            yield from old.copy(start, stop)
        meta = {"1": {"schema": SCHEMA_VERSION, "generation": generation}}
        tail = (b"\n}" if self.steps else b'{"items":{}') + b',"meta":' + dumps(meta) + b"}\n"
        self.size = position + len(tail)
        yield tail
