"""``items.idx``: the sorted id index beside the items file, and the searches over it.

The index is what finds one item without parsing the store (``ingest.itemfile`` says
why it exists and when it is trusted). This module holds its layout and nothing else:
writing it, checking that it describes the items file as that file is now, and finding
ids in it — by a binary search over the file on disk (one id, or the prefix a user
typed), over its records as read (a page of ids), or in the table they parse into
(every id). It is apart from the items file because the layout and its arithmetic are
the part that must be exactly right, and here they can be read in one place.

Layout: one JSON header line, then one fixed-width line per item, sorted by id: the
12-hex-digit id, the document's byte offset (12 digits) and length (10 digits).
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

INDEX_FORMAT = 1
ID_WIDTH = 12
_OFFSET_WIDTH = 12
_LENGTH_WIDTH = 10
RECORD = ID_WIDTH + _OFFSET_WIDTH + _LENGTH_WIDTH + 1
_HEX = frozenset("0123456789abcdef")
TAIL = 256
"""Bytes at the end of the items file that hold its meta table (and generation)."""


class Stale(Exception):
    """The index no longer describes the items file (replaced meanwhile)."""


def indexable(item_id: object) -> bool:
    """True for an id the index can hold: 12 lowercase hex digits."""
    return isinstance(item_id, str) and len(item_id) == ID_WIDTH and _HEX.issuperset(item_id)


@dataclass(slots=True)
class Table:
    """The index in memory: sorted ids and where each document is."""

    ids: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, records: bytes) -> Table:
        """The table of the index's records as read; ``Stale`` when one is not a record."""
        text = records.decode("ascii", "replace")
        starts = range(0, len(text), RECORD)
        try:
            return cls(
                [text[k : k + ID_WIDTH] for k in starts],
                [int(text[k + ID_WIDTH : k + RECORD - 1 - _LENGTH_WIDTH]) for k in starts],
                [int(text[k + RECORD - 1 - _LENGTH_WIDTH : k + RECORD - 1]) for k in starts],
            )
        except ValueError as exc:
            raise Stale from exc

    def find(self, item_id: str) -> int | None:
        at = bisect.bisect_left(self.ids, item_id)
        return at if at < len(self.ids) and self.ids[at] == item_id else None

    def where(self, item_id: str) -> tuple[int, int] | None:
        """Where the document of ``item_id`` is (offset, length); None when not stored."""
        at = self.find(item_id)
        return None if at is None else (self.offsets[at], self.lengths[at])

    def with_prefix(self, prefix: str) -> list[str]:
        """The ids that start with ``prefix``."""
        ids = self.ids
        at = bisect.bisect_left(ids, prefix)
        out = []
        while at < len(ids) and ids[at].startswith(prefix):
            out.append(ids[at])
            at += 1
        return out


def index_bytes(table: Table, *, schema: int, generation: str, items_size: int) -> bytes:
    """The index of an items file of ``items_size`` bytes whose documents ``table`` places."""
    header = {
        "format": INDEX_FORMAT,
        "schema": schema,
        "generation": generation,
        "count": len(table.ids),
        "items_size": items_size,
    }
    lines = [
        f"{i}{o:0{_OFFSET_WIDTH}d}{n:0{_LENGTH_WIDTH}d}\n"
        for i, o, n in zip(table.ids, table.offsets, table.lengths, strict=True)
    ]
    return (json.dumps(header) + "\n" + "".join(lines)).encode("ascii")


def valid_header(index_path: Path, items_path: Path, size: int) -> dict[str, Any] | None:
    """The index header when the index describes the items file as it is now."""
    try:
        with index_path.open("rb") as index:
            header = _read_header(index)
            records = os.fstat(index.fileno()).st_size - index.tell()
        if header is None or header["items_size"] != size:
            return None
        if records != header["count"] * RECORD:
            return None
        with items_path.open("rb") as items:
            items.seek(max(0, size - TAIL))
            tail = items.read(TAIL)
    except OSError:
        return None
    token = f'"generation":"{header["generation"]}"'.encode()
    return header if token in tail else None


def read_records(index_path: Path, generation: str | None) -> bytes:
    """The index's records, read whole; ``Stale`` unless they are ``generation``'s."""
    with index_path.open("rb") as index:
        header = _read_header(index)
        body = index.read()
    if header is None or header["generation"] != generation:
        raise Stale
    if len(body) != header["count"] * RECORD:
        raise Stale
    return body


# --- the index on disk, searched without loading it ----------------------------------


def search(index_path: Path, generation: str | None, item_id: str) -> tuple[int, int] | None:
    """Where the document of ``item_id`` is (offset, length), read from the file on disk."""
    index, base, count = _open_records(index_path, generation)
    with index:
        at = _lower_bound(index, base, count, item_id)
        if at >= count:
            return None
        record = _record(index, base, at)
        if record[:ID_WIDTH] != item_id:
            return None
        return _where(record)


def search_prefix(index_path: Path, generation: str | None, prefix: str) -> list[str]:
    """The ids that start with ``prefix``, read from the file on disk."""
    index, base, count = _open_records(index_path, generation)
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


def search_records(records: bytes, item_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Where these documents are: a binary search over the index's records as read."""
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


def _open_records(index_path: Path, generation: str | None) -> tuple[BinaryIO, int, int]:
    index = index_path.open("rb")
    header = _read_header(index)
    if header is None or header["generation"] != generation:
        index.close()
        raise Stale
    return index, index.tell(), header["count"]


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
        raise Stale
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
