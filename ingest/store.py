"""The store: every TinyDB call in seasonwatch lives here.

Layout of a data folder::

    items.json    TinyDB: tables ``items`` (stored news) and ``meta`` (schema version).
                  Written at most once per poll cycle, and not at all when nothing
                  changed: it is the file that grows. Written by ``ingest.itemfile``
                  in TinyDB's layout, with ``items.idx`` beside it so one item is
                  read without parsing the file and a write encodes only what changed,
                  and ``items.brief``, every item's brief (``ingest.briefs``), so the
                  dashboard opens without building every item.
    feeds.json    TinyDB: table ``feeds``, each feed's polling state. Small; written
                  once per poll cycle.
    marks.json    TinyDB: table ``marks``, the user's confirmed/ignored decisions. Kept
                  apart so no ingest can overwrite a mark and so marking costs the
                  same whether 500 or 50,000 items are stored.
    marks.log     the marks since ``marks.json`` was last written, one line each, so a
                  mark costs the same with 50 or 50,000 marks (``ingest.marksfile``).
    lock          the writer lock (see ``ingest.lock``).
    quarantine/   store files that were found unreadable, moved aside, never deleted.

Every write goes to a temporary file that is fsynced and then renamed over the old
one (and the folder fsynced), so a process killed at any instant leaves either the
old or the new file, never a torn one (``ingest.durable``). Documents use the item id
(hex) as their TinyDB document id.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from ingest.briefs import brief_fields
from ingest.durable import FileStamp, atomic_write, file_stamp, fsync_dir
from ingest.errors import StoreCorruptError, StoreError
from ingest.itemfile import ItemFile
from ingest.lock import DataFolderLock
from ingest.marksfile import JournaledStorage, journal_path
from ingest.records import FeedState, Mark, NewsItem
from ingest.storejson import decode_tables, dumps
from rules import ReviewState

SCHEMA_VERSION = 1
ITEMS_FILE = "items.json"
ITEMS_INDEX = "items.idx"
ITEMS_BRIEF = "items.brief"
FEEDS_FILE = "feeds.json"
MARKS_FILE = "marks.json"
QUARANTINE_DIR = "quarantine"
MARK_HISTORY_LIMIT = 50

_Tables = dict[str, dict[str, Any]]


__all__ = ["ITEMS_FILE", "MARKS_FILE", "SaveResult", "Store", "atomic_write"]


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically and keeps the parsed file in memory.

    TinyDB reads the whole storage on every table operation; re-parsing a large file
    each time would make every lookup cost as much as the file. The cached copy is
    re-read only when the file on disk changed (another process wrote it). Inside
    ``deferred()`` writes only update the cache, and leaving it writes once: that is
    how one poll cycle costs one write however many items and feeds it touched.
    """

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: _Tables | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._defer_depth = 0
        self._dirty = False

    def read(self) -> _Tables | None:
        """The whole database, from memory unless the file changed on disk."""
        if self._cache is not None and (self._defer_depth or self._stamp == self._stat()):
            return self._cache
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._cache, self._stamp = None, None
            return None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from exc
        data = _decode(self.path, raw)
        self._cache, self._stamp = data, self._stat()
        return data

    def write(self, data: _Tables) -> None:
        """Replace the database (deferred inside ``deferred()``)."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        self._cache = data
        if self._defer_depth:
            self._dirty = True
            return
        self._flush()

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Collect writes and make them one atomic write when the block ends."""
        self._defer_depth += 1
        try:
            yield
        except BaseException:
            self._defer_depth -= 1
            if not self._defer_depth:
                self._forget()  # the cache may hold half a batch; the disk does not
            raise
        self._defer_depth -= 1
        if not self._defer_depth and self._dirty:
            self._flush()

    def close(self) -> None:
        """Nothing is held open; writes are never left pending outside ``deferred()``."""

    def _flush(self) -> None:
        try:
            atomic_write(self.path, dumps(self._cache))
        except BaseException:
            self._forget()
            raise
        self._dirty = False
        self._stamp = self._stat()

    def _forget(self) -> None:
        self._cache, self._stamp, self._dirty = None, None, False

    def _stat(self) -> FileStamp | None:
        return file_stamp(self.path)


def _decode(path: Path, raw: bytes) -> _Tables | None:
    return decode_tables(path, raw)


def _storage(db: TinyDB) -> AtomicJSONStorage:
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)
    return storage


def _doc_id(item_id: str) -> int:
    try:
        return int(item_id, 16)
    except ValueError as exc:
        raise StoreError(f"{item_id!r} is not an item id") from exc


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What one ``save_poll`` changed."""

    new: int
    updated: int


class Store:
    """A data folder: news items, the user's marks and feed state.

    Open it writable (takes the folder's writer lock) for commands that change
    anything, read-only for those that only show. Methods are thread-safe: the
    dashboard marks items on its thread while a poll saves on another.
    """

    def __init__(self, data_dir: Path, *, writable: bool, command: str = "seasonwatch") -> None:
        self.data_dir = data_dir
        self.writable = writable
        self.warnings: list[str] = []
        """Problems found and handled while opening (a quarantined file), to report."""
        self._mutex = threading.RLock()
        self._opened = False  # set once every file is open: only then may close() fold
        self._closed = False
        self._lock = DataFolderLock(data_dir, command) if writable else None
        if self._lock:
            self._lock.acquire()
        try:
            self._clean_stale_temp_files()
            self._items = self._open_items()
            self._feeds_db = self._open(FEEDS_FILE)
            self._marks_db = self._open(MARKS_FILE, JournaledStorage, set_aside=self._quarantine)
            self._report_damaged_journal()
            self._check_schema()
        except BaseException:
            self.close()
            raise
        self._opened = True

    # --- opening and closing -----------------------------------------------------

    def _open(
        self, name: str, storage: type[Storage] = AtomicJSONStorage, **options: Any
    ) -> TinyDB:
        path = self.data_dir / name
        db = TinyDB(str(path), storage=storage, read_only=not self.writable, **options)
        try:
            db.storage.read()
        except StoreCorruptError as exc:
            if not self.writable:
                raise StoreCorruptError(
                    f"{exc}; the next seasonwatch command that writes will move it aside"
                ) from exc
            moved = self._quarantine(path)
            self.warnings.append(f"{exc}; moved it to {moved} and started a new one")
            db = TinyDB(str(path), storage=storage, **options)
            db.storage.read()  # what else it finds (the marks journal) is reported too
        return db

    def _report_damaged_journal(self) -> None:
        storage = self._marks_db.storage
        assert isinstance(storage, JournaledStorage)
        if self.writable and storage.damaged:
            self.warnings.append(
                f"{storage.journal}: {storage.damaged} damaged line(s) skipped; the file "
                f"goes to {QUARANTINE_DIR}/ when it is next folded into {MARKS_FILE}"
            )

    def _open_items(self) -> ItemFile:
        """The items file; parsed whole only when it has no valid index (then indexed)."""
        items = ItemFile(
            self.data_dir,
            name=ITEMS_FILE,
            index=ITEMS_INDEX,
            brief=brief_fields,
            briefs=ITEMS_BRIEF,
        )
        try:
            items.view()
        except StoreCorruptError as exc:
            if not self.writable:
                raise StoreCorruptError(
                    f"{exc}; the next seasonwatch command that writes will move it aside"
                ) from exc
            moved = self._quarantine(items.path)
            items.index_path.unlink(missing_ok=True)
            items.brief_path.unlink(missing_ok=True)
            items.forget()
            self.warnings.append(f"{exc}; moved it to {moved} and started a new one")
        if self.writable and items.schema() <= SCHEMA_VERSION:
            items.reindex()  # a store from before the index, or a crash between renames
        return items

    def _quarantine(self, path: Path) -> Path:
        folder = self.data_dir / QUARANTINE_DIR
        folder.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{path.name}.{stamp}"
        path.replace(target)
        fsync_dir(self.data_dir)
        return target

    def _clean_stale_temp_files(self) -> None:
        if self.writable:  # only the lock holder may know no write is in flight
            for stale in self.data_dir.glob(".*.tmp"):
                stale.unlink(missing_ok=True)

    def _check_schema(self) -> None:
        version = self._items.schema()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.data_dir / ITEMS_FILE}: written by a newer seasonwatch "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); please upgrade"
            )

    def close(self) -> None:
        """Release the writer lock; every acknowledged write is already on disk.

        A writer first folds the marks journal into ``marks.json``, so a folder at rest
        reads whole in an older seasonwatch too. If that fails, the journal stays: it is
        whole, and the next writer reads it.
        """
        with self._mutex:  # a mark saved in another thread is either in, or refused
            storage = self._foldable_marks()
            if storage is not None:
                with contextlib.suppress(OSError, StoreError):
                    storage.fold()
            self._closed = True
            if self._lock:
                self._lock.release()

    def has_marks_journal(self) -> bool:
        """Whether marks wait in the journal, to be folded into ``marks.json``."""
        return journal_path(self.data_dir / MARKS_FILE).exists()

    def fold_marks(self) -> bool:
        """Fold the marks journal into ``marks.json`` now, as closing would; True if
        there was a journal to fold.

        For a caller about to record the marks' digest (the dashboard's board cache
        at quit): the fold at close would otherwise change the files, and with them
        the digest, right after it was taken.
        """
        with self._mutex:
            storage = self._foldable_marks()
            if storage is None or not storage.journal.exists():
                return False
            storage.fold()
            return True

    def _foldable_marks(self) -> JournaledStorage | None:
        """The marks storage when this store may fold its journal: a writer, every file
        opened, not closed yet (a store refused at open must not touch the marks)."""
        if not (self._lock and self._opened) or self._closed:
            return None
        storage = self._marks_db.storage
        assert isinstance(storage, JournaledStorage)
        return storage

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- items -------------------------------------------------------------------

    def items(self) -> list[NewsItem]:
        """Every stored item (in id order)."""
        with self._mutex:
            return [NewsItem.from_json(doc) for doc in self._items.docs()]

    def briefs(self) -> list[bytes]:
        """Every stored item's brief, as JSON lines in id order (``ingest.briefs``).

        Read from ``items.brief``; when that file is missing or stale, made from the
        items (the whole store parsed, once: a writable store saves them).
        """
        with self._mutex:
            return self._items.briefs(repair=self.writable)

    def item(self, item_id: str) -> NewsItem | None:
        """One item by its full id, or None. Reads that item only."""
        with self._mutex:
            doc = self._items.get(item_id.lower())
        return NewsItem.from_json(doc) if doc is not None else None

    def items_by_id(self, item_ids: Iterable[str]) -> dict[str, NewsItem]:
        """The stored items among ``item_ids``, by id (one pass for many lookups)."""
        with self._mutex:
            docs = self._items.get_many(item_ids)
        return {item_id: NewsItem.from_json(doc) for item_id, doc in docs.items()}

    def items_generation(self) -> str | None:
        """The items file's generation (a token every write changes); None when unindexed."""
        with self._mutex:
            return self._items.view().generation

    def item_ids(self) -> set[str]:
        """The ids of every stored item, without building the items."""
        with self._mutex:
            return set(self._items.ids())

    def item_count(self) -> int:
        """How many items are stored (without reading them)."""
        with self._mutex:
            return self._items.count()

    def resolve_item_id(self, prefix: str) -> str:
        """The one item id starting with ``prefix``; StoreError when none or several do."""
        wanted = prefix.strip().lower()
        with self._mutex:
            matches = self._items.with_prefix(wanted) if wanted else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise StoreError(f"no stored item has an id starting with {prefix!r}")
        raise StoreError(f"{prefix!r} matches {len(matches)} items; give more of the id")

    # --- feeds -------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        """Every feed's remembered state, by URL."""
        with self._mutex:
            docs = self._feeds_db.table("feeds").all()
        return {doc["url"]: FeedState.from_json(doc) for doc in docs}

    # --- a poll's results, in one write ------------------------------------------

    def save_poll(self, items: Sequence[NewsItem], feeds: Sequence[FeedState]) -> SaveResult:
        """Store a cycle's new and changed items (one atomic write) and its feeds' state.

        Items are replaced whole (an item's fields all come from its feed); the
        user's marks live elsewhere, so replacing an item never touches its mark.
        Only the given items are encoded; the others' bytes are copied as they are.
        """
        new = updated = 0
        with self._mutex:
            if items:
                if not self.writable:
                    raise StoreError(f"{self.data_dir}: opened read-only")
                for item in items:
                    _doc_id(item.id)  # refuse an id that is not hex before writing anything
                new, updated = self._items.save({item.id: item.to_json() for item in items})
            if feeds:
                self._put_feed_states(feeds)
        return SaveResult(new=new, updated=updated)

    def _put_feed_states(self, feeds: Sequence[FeedState]) -> None:
        table = self._feeds_db.table("feeds")
        with _storage(self._feeds_db).deferred():
            by_url = {doc["url"]: doc.doc_id for doc in table.all()}
            stale = [by_url[f.url] for f in feeds if f.url in by_url]
            if stale:
                table.remove(doc_ids=stale)
            table.insert_multiple(f.to_json() for f in feeds)

    def forget_feeds(self, urls: Sequence[str]) -> None:
        """Drop the state of feeds no longer configured (their items stay)."""
        with self._mutex:
            table = self._feeds_db.table("feeds")
            doomed = [doc.doc_id for doc in table.all() if doc["url"] in set(urls)]
            if doomed:
                table.remove(doc_ids=doomed)

    # --- marks -------------------------------------------------------------------

    def marks(self) -> dict[str, Mark]:
        """Every mark the user made, by item id (items gone from the store included)."""
        with self._mutex:
            docs = self._marks_db.table("marks").all()
        return {doc["item_id"]: Mark.from_json(doc) for doc in docs}

    def set_mark(self, item_id: str, state: ReviewState, now: datetime) -> Mark:
        """Record the user's decision durably before returning it.

        The previous state goes into the mark's history, so every decision can be
        traced and undone; the write is atomic and fsynced, so a mark that was
        returned survives a crash the instant after.
        """
        with self._mutex:
            if self._closed:
                raise StoreError(f"{self.data_dir}: the store is closed; the mark was not saved")
            table = self._marks_db.table("marks")
            doc_id = _doc_id(item_id)
            previous = table.get(doc_id=doc_id)
            history: tuple[tuple[ReviewState, datetime], ...] = ()
            if isinstance(previous, dict):
                old = Mark.from_json(previous)
                history = (*old.history, (old.state, old.at))[-MARK_HISTORY_LIMIT:]
            mark = Mark(item_id=item_id, state=state, at=now, history=history)
            # One line appended to the journal (TinyDB's upsert converted every key of
            # the table twice, and a rewrite of the file grew with the marks).
            storage = self._marks_db.storage
            assert isinstance(storage, JournaledStorage)
            storage.append(str(doc_id), mark.to_json())
            table.clear_cache()
        return mark

    def marks_digest(self) -> str:
        """A digest of the marks file and its journal as they are on disk: it changes
        with every mark.

        Read from the files, not from memory, so a mark saved by another process (once
        it holds the lock) changes it too. "none" when there are no marks yet.
        """
        digest = hashlib.blake2b(digest_size=16)
        found = False
        with self._mutex:
            # The journal first, as the storage reads them: a compaction in between
            # then gives a pair never seen before, not the one after the last one.
            for path in (journal_path(self.data_dir / MARKS_FILE), self.data_dir / MARKS_FILE):
                try:
                    raw = path.read_bytes()
                except FileNotFoundError:
                    raw = b""
                except OSError as exc:
                    raise StoreError(f"{path}: cannot read: {exc}") from exc
                else:
                    found = True
                digest.update(len(raw).to_bytes(8, "big") + raw)
        return digest.hexdigest() if found else "none"

    def review_state(self, item_id: str) -> ReviewState:
        """The item's current review state (new when never marked)."""
        with self._mutex:
            doc = self._marks_db.table("marks").get(doc_id=_doc_id(item_id))
        return ReviewState(doc["state"]) if isinstance(doc, dict) else ReviewState.NEW
