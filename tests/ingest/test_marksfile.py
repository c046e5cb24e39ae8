"""The marks journal (``ingest.marksfile``): a mark is one appended line, nothing lost.

Every test goes through a real ``Store`` on a real data folder and reads back with a
fresh ``Store``, as another process would. Crashes are made by hand: a file left the
way a kill -9 leaves it, or a step of the code made to raise.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest import marksfile
from ingest.errors import StoreError
from ingest.marksfile import JournaledStorage, journal_path
from ingest.store import ITEMS_FILE, MARKS_FILE, QUARANTINE_DIR, Store
from rules import ReviewState

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
CONF, IGN, NEW = ReviewState.CONFIRMED, ReviewState.IGNORED, ReviewState.NEW


def item(n: int) -> str:
    return f"{n:064x}"


def states(folder: Path) -> dict[str, ReviewState]:
    with Store(folder, writable=False) as reader:
        return {item_id: mark.state for item_id, mark in reader.marks().items()}


def journal(folder: Path) -> Path:
    return journal_path(folder / MARKS_FILE)


def storage_of(store: Store) -> JournaledStorage:
    storage = store._marks_db.storage
    assert isinstance(storage, JournaledStorage)
    return storage


class Crash(BaseException):
    """A kill -9 at this step: nothing after it runs (``finally`` aside)."""


def crashed_writer(folder: Path) -> Store:
    """A writer that will die without closing (no fold): only what reached the disk."""
    return Store(folder, writable=True)


def die(store: Store) -> None:
    """The writer is gone without closing; the OS drops a dead process's lock."""
    if store._lock:
        store._lock.release()


def left_by_a_crash(folder: Path, *marks: tuple[int, ReviewState]) -> bytes:
    """A folder whose writer died right after these marks (the first one is in
    ``marks.json``, the rest in the journal); returns the journal's bytes."""
    store = crashed_writer(folder)
    for n, state in marks:
        store.set_mark(item(n), state, NOW)
    die(store)
    return journal(folder).read_bytes()


def test_a_mark_appends_one_line_and_leaves_the_file_alone(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.set_mark(item(1), CONF, NOW)  # the first mark makes marks.json
        assert not journal(tmp_path).exists()
        before = (tmp_path / MARKS_FILE).stat()
        store.set_mark(item(2), IGN, NOW)
        store.set_mark(item(1), IGN, NOW + timedelta(hours=1))
        after = (tmp_path / MARKS_FILE).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        lines = journal(tmp_path).read_bytes().splitlines()
        assert [json.loads(line)["doc"]["state"] for line in lines] == ["ignored", "ignored"]
        assert states(tmp_path) == {item(1): IGN, item(2): IGN}  # another process sees it
    with Store(tmp_path, writable=False) as reader:  # the history runs across the journal
        assert reader.marks()[item(1)].history == ((CONF, NOW),)


def test_closing_a_writer_folds_the_journal_into_the_file(tmp_path: Path) -> None:
    """A folder at rest is what an older seasonwatch reads whole: marks.json alone."""
    with Store(tmp_path, writable=True) as store:
        for n in range(1, 4):
            store.set_mark(item(n), IGN, NOW)
        assert journal(tmp_path).exists()
    assert not journal(tmp_path).exists()
    on_file = json.loads((tmp_path / MARKS_FILE).read_bytes())["marks"]
    assert {doc["item_id"] for doc in on_file.values()} == {item(1), item(2), item(3)}


def test_a_reader_sees_a_mark_another_store_appended(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as writer:
        writer.set_mark(item(1), CONF, NOW)
        with Store(tmp_path, writable=False) as reader:
            assert reader.review_state(item(2)) is NEW
            digest = reader.marks_digest()
            writer.set_mark(item(2), IGN, NOW)
            assert reader.review_state(item(2)) is IGN  # its cache saw the journal grow
            assert reader.marks_digest() != digest


def test_a_torn_last_line_is_skipped_then_cut_off_by_the_next_writer(tmp_path: Path) -> None:
    whole = left_by_a_crash(tmp_path, (1, CONF), (2, CONF))
    # A kill -9 in the middle of an append: half of a line, no newline, never acknowledged.
    journal(tmp_path).write_bytes(whole + b'{"id": "3", "doc": {"item_id": "' + b"0" * 20)
    assert states(tmp_path) == {item(1): CONF, item(2): CONF}
    store = crashed_writer(tmp_path)
    assert store.warnings == []  # a crash explains it: nothing to report
    store.set_mark(item(4), IGN, NOW)
    die(store)
    assert journal(tmp_path).read_bytes().startswith(whole + b'{"id":')  # clean, no glue
    assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): IGN}


def test_a_failed_append_takes_its_bytes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half a line written, then the disk fails: the next mark must not be glued to it,
    and the failed mark must not show (it was never acknowledged)."""
    with Store(tmp_path, writable=True) as store:
        store.set_mark(item(1), CONF, NOW)
        store.set_mark(item(2), CONF, NOW)
        real = marksfile._write_all

        def half_then_full_disk(fd: int, data: bytes) -> None:
            os.write(fd, data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(marksfile, "_write_all", half_then_full_disk)
        with pytest.raises(OSError):
            store.set_mark(item(3), IGN, NOW)
        monkeypatch.setattr(marksfile, "_write_all", real)
        assert store.review_state(item(3)) is NEW
        store.set_mark(item(4), IGN, NOW)
        assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): IGN}


def test_a_failed_fsync_shows_no_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path, writable=True) as store:
        store.set_mark(item(1), CONF, NOW)
        store.set_mark(item(2), CONF, NOW)

        def failing(fd: int) -> None:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fsync", failing)
        with pytest.raises(OSError):
            store.set_mark(item(2), IGN, NOW)
        monkeypatch.undo()
        assert store.review_state(item(2)) is CONF
        store.set_mark(item(2), IGN, NOW + timedelta(minutes=1))
        history = store.marks()[item(2)].history
    assert history == ((CONF, NOW),)  # the failed attempt left no trace
    assert states(tmp_path)[item(2)] is IGN


def test_compaction_comes_after_the_line_that_made_it_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Due once the journal holds more lines than a quarter of the marks (and at least
    ``COMPACT_AT``): replaying it never costs much more than reading the file."""
    monkeypatch.setattr(marksfile, "COMPACT_AT", 3)
    with Store(tmp_path, writable=True) as store:
        store.set_mark(item(1), CONF, NOW)  # the file
        for n, state in ((2, CONF), (1, IGN), (2, IGN)):  # three lines, two marks
            store.set_mark(item(n), state, NOW)
        assert storage_of(store).lines() == 3
        store.set_mark(item(1), CONF, NOW)  # the fourth line passes 3: compact
        assert not journal(tmp_path).exists()
        on_file = json.loads((tmp_path / MARKS_FILE).read_bytes())["marks"]
        assert {doc["item_id"]: doc["state"] for doc in on_file.values()} == {
            item(1): "confirmed",
            item(2): "ignored",
        }
        store.set_mark(item(3), IGN, NOW)  # and the journal starts again
        assert storage_of(store).lines() == 1
    assert states(tmp_path) == {item(1): CONF, item(2): IGN, item(3): IGN}
    with Store(tmp_path, writable=False) as reader:
        assert [s for s, _at in reader.marks()[item(1)].history] == [CONF, IGN]


def test_a_crash_between_compaction_and_dropping_the_journal_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file was rewritten with everything, the journal not yet removed. Its lines,
    the one that made the compaction due included, are all in the file already."""
    monkeypatch.setattr(marksfile, "COMPACT_AT", 3)

    def killed(journal: Path) -> None:
        raise Crash

    store = crashed_writer(tmp_path)
    store.set_mark(item(1), CONF, NOW)
    for n, state in ((2, CONF), (1, IGN), (2, IGN)):
        store.set_mark(item(n), state, NOW)
    monkeypatch.setattr(marksfile, "_drop", killed)
    with pytest.raises(Crash):
        store.set_mark(item(2), CONF, NOW + timedelta(minutes=1))  # due: compacts
    die(store)
    monkeypatch.undo()
    assert journal(tmp_path).exists()
    assert states(tmp_path) == {item(1): IGN, item(2): CONF}
    with Store(tmp_path, writable=True) as store:
        assert store.warnings == []
        store.set_mark(item(3), IGN, NOW)
    assert states(tmp_path) == {item(1): IGN, item(2): CONF, item(3): IGN}


def test_marks_in_the_journal_survive_a_damaged_file(tmp_path: Path) -> None:
    left_by_a_crash(tmp_path, (1, CONF), (2, IGN))  # 2 is in the journal
    (tmp_path / MARKS_FILE).write_bytes(b'{"marks": {"1": {"item_id": "')
    with Store(tmp_path, writable=True) as store:
        assert len(store.warnings) == 1 and MARKS_FILE in store.warnings[0]
        assert store.review_state(item(2)) is IGN
        store.set_mark(item(3), CONF, NOW)
    assert states(tmp_path) == {item(2): IGN, item(3): CONF}
    assert len(list((tmp_path / QUARANTINE_DIR).iterdir())) == 1


def test_a_damaged_line_is_reported_and_its_journal_kept_in_quarantine(
    tmp_path: Path,
) -> None:
    lines = left_by_a_crash(tmp_path, *((n, CONF) for n in range(1, 5))).split(b"\n")
    # One flipped byte in item 3's line (item 1 is in the file, 2-4 in the journal).
    lines[1] = lines[1].replace(b'"id"', b'"i\xffd"')
    damaged = b"\n".join(lines)
    journal(tmp_path).write_bytes(damaged)
    assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): CONF}
    with Store(tmp_path, writable=True) as store:
        assert len(store.warnings) == 1 and "1 damaged line" in store.warnings[0]
        store.set_mark(item(5), IGN, NOW)
    # Folded at close: the journal's bytes are kept, byte for byte, not deleted.
    (kept,) = (tmp_path / QUARANTINE_DIR).iterdir()
    assert kept.name.startswith(journal(tmp_path).name)
    assert kept.read_bytes().startswith(damaged)
    assert not journal(tmp_path).exists()
    assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): CONF, item(5): IGN}


def test_a_foreign_line_in_the_middle_costs_only_itself(tmp_path: Path) -> None:
    lines = left_by_a_crash(tmp_path, (1, CONF), (2, CONF))
    journal(tmp_path).write_bytes(lines + b'[1, 2]\n{"id": 3}\n')
    with Store(tmp_path, writable=True) as store:
        assert "2 damaged line" in store.warnings[0]
        store.set_mark(item(4), IGN, NOW)
    assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): IGN}


def test_a_folder_from_before_the_journal_reads_as_it_did(tmp_path: Path) -> None:
    doc = {"item_id": item(7), "state": "confirmed", "at": NOW.isoformat(), "history": []}
    (tmp_path / MARKS_FILE).write_text(json.dumps({"marks": {str(7): doc}}))
    assert states(tmp_path) == {item(7): CONF}
    with Store(tmp_path, writable=True) as store:
        store.set_mark(item(7), IGN, NOW + timedelta(days=1))
    assert states(tmp_path) == {item(7): IGN}


def test_a_mark_writes_the_same_bytes_with_many_marks(tmp_path: Path) -> None:
    """Counted in bytes written, not seconds: one line, whatever the number of marks."""
    table = {
        str(n): {"item_id": item(n), "state": "confirmed", "at": NOW.isoformat(), "history": []}
        for n in range(1, 20_001)
    }
    (tmp_path / MARKS_FILE).write_text(json.dumps({"marks": table}))
    size = (tmp_path / MARKS_FILE).stat().st_size
    store = crashed_writer(tmp_path)
    store.set_mark(item(5), IGN, NOW)
    assert (tmp_path / MARKS_FILE).stat().st_size == size
    assert journal(tmp_path).stat().st_size < 300
    die(store)


def test_a_last_line_without_its_newline_is_torn_even_if_it_parses(tmp_path: Path) -> None:
    """Readers and the writer agree: never shown, cut off, not folded in from memory."""
    lines = left_by_a_crash(tmp_path, (1, CONF), (2, CONF))
    line = b'{"id":"3","doc":{"item_id":"%s","state":"ignored","at":"%s","history":[]}}' % (
        item(3).encode(),
        NOW.isoformat().encode(),
    )
    journal(tmp_path).write_bytes(lines + line)
    assert item(3) not in states(tmp_path)
    with Store(tmp_path, writable=True) as store:
        assert store.review_state(item(3)) is NEW
        store.set_mark(item(4), IGN, NOW)
        assert store.review_state(item(3)) is NEW
    assert states(tmp_path) == {item(1): CONF, item(2): CONF, item(4): IGN}


def test_closing_waits_for_a_mark_in_another_thread_then_refuses_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard saves marks in a worker thread: a mark during the fold at close is
    either in the file or refused, never acknowledged and then dropped with the journal."""
    store = Store(tmp_path, writable=True)
    store.set_mark(item(1), CONF, NOW)
    store.set_mark(item(2), CONF, NOW)
    outcome: list[object] = []
    real_fold = JournaledStorage.fold

    def fold_with_a_mark_arriving(self: JournaledStorage) -> None:
        def late_mark() -> None:
            try:
                outcome.append(store.set_mark(item(3), IGN, NOW))
            except StoreError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=late_mark)
        worker.start()
        worker.join(0.2)
        assert worker.is_alive()  # it waits for the close to finish
        real_fold(self)
        threads.append(worker)

    threads: list[threading.Thread] = []
    monkeypatch.setattr(JournaledStorage, "fold", fold_with_a_mark_arriving)
    store.close()
    threads[0].join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], StoreError)
    assert not journal(tmp_path).exists()
    assert states(tmp_path) == {item(1): CONF, item(2): CONF}


def test_a_store_refused_at_open_folds_nothing(tmp_path: Path) -> None:
    before = left_by_a_crash(tmp_path, (1, CONF), (2, IGN))
    newer = {"items": {}, "meta": {"1": {"schema": 99}}}  # written by a newer seasonwatch
    (tmp_path / ITEMS_FILE).write_text(json.dumps(newer))
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path, writable=True)
    assert journal(tmp_path).read_bytes() == before


def test_a_damaged_journal_is_reported_beside_a_damaged_file(tmp_path: Path) -> None:
    lines = left_by_a_crash(tmp_path, *((n, CONF) for n in range(1, 4)))
    journal(tmp_path).write_bytes(b"\x00\x00garbage\n" + lines)
    (tmp_path / MARKS_FILE).write_bytes(b"{")
    with Store(tmp_path, writable=True) as store:
        assert len(store.warnings) == 2
        assert MARKS_FILE in store.warnings[0] and "1 damaged line" in store.warnings[1]
        assert store.review_state(item(3)) is CONF


def test_without_a_place_to_set_it_aside_a_damaged_journal_stays(tmp_path: Path) -> None:
    storage = JournaledStorage(str(tmp_path / MARKS_FILE))
    storage.write({"marks": {}})
    journal(tmp_path).write_bytes(b"garbage\n")
    data = storage.read()
    assert data is not None and storage.damaged == 1
    storage.write(data)
    storage.write(data)  # and again: it is still known to be damaged, still kept
    assert journal(tmp_path).read_bytes() == b"garbage\n"
