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

A third file, ``items.brief``, holds a brief of every document (a projection the
caller gives: ``ingest.briefs``), one compact JSON array per line in the index's order,
under a header with the same generation. A live view loads the briefs instead of the
documents; a write copies the unchanged documents' brief lines as it copies their
bytes. It is derived data like the index, written last, and ignored (then rebuilt from
the documents) when its generation is not the index's.

Here: which version of the files is current, reading by id, and when each file is
replaced. The index's layout and searches are ``ingest.itemindex``, the write's plan
``ingest.itemwriter``, the briefs file ``ingest.brieffile``, the JSON ``ingest.storejson``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ingest.brieffile import Projection, briefs_bytes, read_briefs
from ingest.durable import FileStamp, atomic_replace, atomic_write, file_stamp
from ingest.errors import StoreCorruptError, StoreError
from ingest.itemindex import (
    TAIL,
    Stale,
    Table,
    index_bytes,
    indexable,
    read_records,
    search,
    search_prefix,
    search_records,
    valid_header,
)
from ingest.itemwriter import SCHEMA_VERSION, Plan, Source
from ingest.storejson import Doc, decode_tables, dumps, loads

_SEARCH_COST = 40
"""Finding one id by binary search costs about as much as parsing this many index
records into a table: fewer ids than count / _SEARCH_COST are searched for."""


@dataclass(slots=True)
class _View:
    """What the items file holds at one version of it (identified by ``stamp``)."""

    stamp: tuple[int, int, int] | None
    """(inode, mtime, size) of the items file; None when there is none."""
    generation: str | None = None
    """The index's generation when the index is valid for this version."""
    count: int = 0
    schema: int = SCHEMA_VERSION
    table: Table | None = None
    """The index loaded (indexed files, on demand) or built (after a write)."""
    docs: dict[str, Doc] | None = None
    """Every document by id: the file parsed whole (files without a valid index)."""
    records: bytes | None = None
    """The index's records as read, searched in place (a few ids wanted, on demand)."""

    @property
    def indexed(self) -> bool:
        return self.generation is not None


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

    def _stat(self) -> FileStamp | None:
        try:
            return file_stamp(self.path)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from exc

    def view(self) -> _View:
        """The current version: from memory unless the file changed on disk."""
        stamp = self._stat()
        if self._view is not None and self._view.stamp == stamp:
            return self._view
        view = _View(stamp)
        if stamp is not None:
            header = valid_header(self.index_path, self.path, stamp[2])
            if header is not None:
                view.generation = header["generation"]
                view.count = header["count"]
                view.schema = header["schema"]
            else:
                self._parse_whole(view)
        self._view = view
        return view

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

    def _table(self, view: _View) -> Table:
        if view.table is None:
            view.table = Table.parse(read_records(self.index_path, view.generation))
        return view.table

    def _search_many(self, view: _View, item_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Where these documents are: a binary search over the index's records as read.

        Reading the records is one read; parsing them all into a table (``_table``) costs
        a few microseconds a record, which a page of news at 20,000 items does not need.
        """
        if view.records is None:
            view.records = read_records(self.index_path, view.generation)
        return search_records(view.records, item_ids)

    def _retrying(self, read: Any) -> Any:
        """Run ``read(view)``; if the index turns out stale, parse the file whole instead."""
        view = self.view()
        try:
            return read(view)
        except Stale:
            view.generation, view.table = None, None
            self._parse_whole(view)
            return read(view)

    def get(self, item_id: str) -> Doc | None:
        """One document by id, without reading the others."""

        def read(view: _View) -> Doc | None:
            if not view.indexed:
                return (view.docs or {}).get(item_id)
            if view.table is not None:
                where = view.table.where(item_id)
            else:
                where = search(self.index_path, view.generation, item_id)
            if where is None:
                return None
            with self.path.open("rb") as items:
                return _read_doc(items, item_id, *where)

        if not indexable(item_id) and self.view().indexed:
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
                where = {i: at for i in wanted if (at := table.where(i)) is not None}
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
                return view.table.with_prefix(prefix)
            return search_prefix(self.index_path, view.generation, prefix)

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
                if len(data) != (view.stamp or (0, 0, -1))[2] or token not in data[-TAIL:]:
                    raise Stale  # replaced since we looked
            except (Stale, FileNotFoundError):
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
            lines = read_briefs(self.brief_path, view.generation, view.count)
            if lines is not None:
                return lines
        lines = [dumps(self._brief(doc)) for doc in self.docs()]
        view = self.view()
        if repair and view.indexed and len(lines) == view.count:
            assert view.generation is not None
            atomic_write(self.brief_path, briefs_bytes(view.generation, lines))
        return lines

    def count(self) -> int:
        """How many items are stored."""
        return self.view().count

    def schema(self) -> int:
        """The schema version the file was written with."""
        return self.view().schema

    # --- writing ----------------------------------------------------------------------

    def save(self, changed: Mapping[str, Doc]) -> tuple[int, int]:
        """Store new and replaced documents in one atomic write; returns (new, updated).

        Unchanged documents are copied from the current file byte for byte, in runs;
        only ``changed`` is encoded. The index follows in a second atomic write and the
        briefs (when kept) in a third.
        """
        view = self.view()
        table: Table | None = None
        if view.indexed:
            try:
                table = self._table(view)
            except Stale:
                view.generation, view.table = None, None
                self._parse_whole(view)
        if table is None:  # no valid index: every document is encoded from the parse
            before = view.docs or {}
            merged = {**before, **changed}
            if not all(indexable(i) for i in merged):
                return self._save_plain(merged, changed, before)
            plan = Plan.fresh(merged)
            updated = sum(1 for i in changed if i in before)
            table = Table()
        else:
            if not all(indexable(i) for i in changed):
                merged = {doc["id"]: doc for doc in self.docs()}
                return self._save_plain({**merged, **changed}, changed, merged)
            plan = Plan.merge(table, changed)
            updated = plan.updated
        briefs = self._plan_briefs(plan, view, table)
        generation = os.urandom(8).hex()
        new_table = Table()
        with atomic_replace(self.path) as out, Source(self.path if view.indexed else None) as old:
            for chunk in plan.chunks(old, table, new_table, generation):
                out.write(chunk)
        index = index_bytes(
            new_table, schema=SCHEMA_VERSION, generation=generation, items_size=plan.size
        )
        atomic_write(self.index_path, index)
        if briefs is not None:
            atomic_write(self.brief_path, briefs_bytes(generation, briefs))
        count = len(new_table.ids)
        self._view = _View(self._stat(), generation, count, SCHEMA_VERSION, new_table)
        return len(changed) - updated, updated

    def _plan_briefs(self, plan: Plan, view: _View, table: Table) -> list[bytes] | None:
        """The new file's brief lines: the changed documents' made, the others' copied.

        Read before the items file is replaced: without valid old briefs, the copied
        documents are parsed from the old file (once; the next write copies lines).
        """
        if self._brief is None:
            return None
        old = read_briefs(self.brief_path, view.generation, view.count) if view.indexed else None
        data = self.path.read_bytes() if old is None and view.indexed else b""
        return plan.briefs(self._brief, old, data, table)

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


def _read_doc(items: BinaryIO, item_id: str, offset: int, length: int) -> Doc:
    items.seek(offset)
    raw = items.read(length)
    try:
        doc = loads(raw)
    except ValueError as exc:
        raise Stale from exc
    if not isinstance(doc, dict) or doc.get("id") != item_id:
        raise Stale
    return doc
