"""The bytes of a new items file: runs of old documents copied, the changed ones encoded.

A poll changes a few documents of thousands. A write is planned in id order as runs of
the current file's documents to copy byte for byte and new or replaced documents to
encode (``Plan.merge``); the plan then streams the new file and notes where each
document lands, which is the new index (``ingest.itemindex``). Only the changed
documents are encoded, so no large JSON encoding holds the GIL while the dashboard
draws. The plan is apart from ``ingest.itemfile``, which decides when to write and
replaces the files in order, because its offset arithmetic is the part that must be
exactly right.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest.brieffile import Projection
from ingest.itemindex import Stale, Table
from ingest.storejson import Doc, dumps, loads

SCHEMA_VERSION = 1
_COPY_CHUNK = 1 << 20


def _key(item_id: str) -> bytes:
    """A document's key in the items table: TinyDB's doc_id, the id read as hex."""
    return f'"{int(item_id, 16)}":'.encode()


class Source:
    """The current items file, open for copying runs of unchanged documents."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: BinaryIO | None = None

    def __enter__(self) -> Source:
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
                raise Stale
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
class Plan:
    """A write in id order: runs of old documents to copy, documents to encode."""

    steps: list[_Copy | _Encode]
    updated: int = 0
    size: int = 0
    """The new file's size (known once ``chunks`` has been consumed)."""

    @classmethod
    def fresh(cls, docs: Mapping[str, Doc]) -> Plan:
        return cls([_Encode(i, docs[i]) for i in sorted(docs)])

    @classmethod
    def merge(cls, old: Table, changed: Mapping[str, Doc]) -> Plan:
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

    def chunks(self, old: Source, table: Table, new: Table, generation: str) -> Iterator[bytes]:
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

    def briefs(
        self, brief: Projection, old: list[bytes] | None, data: bytes, table: Table
    ) -> list[bytes]:
        """The new file's brief lines: the changed documents' made, the others' copied.

        The copied documents' lines come from ``old`` (the current briefs) when there
        are any; otherwise each is made from its document in ``data`` (the current
        items file), parsed once: the next write copies lines.
        """
        lines: list[bytes] = []
        for step in self.steps:
            if isinstance(step, _Encode):
                lines.append(dumps(brief(step.doc)))
            elif old is not None:
                lines.extend(old[step.begin : step.end])
            else:
                for at in range(step.begin, step.end):
                    start = table.offsets[at]
                    doc = loads(data[start : start + table.lengths[at]])
                    lines.append(dumps(brief(doc)))
        return lines
