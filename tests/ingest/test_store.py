"""The store on real TinyDB files: atomic writes, marks kept apart, one writer, quarantine."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ingest.errors import StoreError, StoreLockedError
from ingest.records import FeedState, FeedStatus, NewsItem
from ingest.store import ITEMS_FILE, MARKS_FILE, Store
from rules import Certainty, Claim, ClaimKind, DateWindow, ReviewState

NOW = datetime(2017, 3, 24, 12, 0, tzinfo=UTC)


def news(item_id: str, title: str = "Daredevil season 3 is coming", **changes: object) -> NewsItem:
    claim = Claim(
        "Daredevil",
        3,
        ClaimKind.PREMIERE,
        DateWindow(date(2018, 1, 1), date(2019, 12, 31)),
        Certainty.EXPECTED,
        title,
    )
    fields: dict[str, object] = {
        "id": item_id,
        "feed_url": "https://example.org/feed",
        "feed_name": "Example",
        "title": title,
        "summary": "",
        "link": "https://example.org/a",
        "guid": item_id,
        "published": NOW,
        "first_seen": NOW,
        "updated_at": NOW,
        "content_hash": title,
        "mentions": ("Daredevil",),
        "claims": (claim,),
        "rules_version": "1",
    }
    fields.update(changes)
    return NewsItem(**fields)  # type: ignore[arg-type]


def test_items_round_trip_through_the_file(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        result = store.save_poll([news("aaaaaaaaaaa1"), news("aaaaaaaaaaa2")], [])
        assert (result.new, result.updated) == (2, 0)
    with Store(tmp_path, writable=False) as reader:
        assert {i.id for i in reader.items()} == {"aaaaaaaaaaa1", "aaaaaaaaaaa2"}
        assert reader.item("aaaaaaaaaaa1") == news("aaaaaaaaaaa1")
        assert reader.item("bbbbbbbbbbbb") is None
    on_disk = json.loads((tmp_path / ITEMS_FILE).read_text())
    assert on_disk["meta"]["1"]["schema"] == 1


def test_same_item_again_is_updated_not_duplicated_and_keeps_its_mark(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news("aaaaaaaaaaa1")], [])
        store.set_mark("aaaaaaaaaaa1", ReviewState.CONFIRMED, NOW)
        result = store.save_poll([news("aaaaaaaaaaa1", title="Daredevil S3 dated")], [])
        assert (result.new, result.updated) == (0, 1)
        assert len(store.items()) == 1
        assert store.item("aaaaaaaaaaa1").title == "Daredevil S3 dated"  # type: ignore[union-attr]
        assert store.review_state("aaaaaaaaaaa1") is ReviewState.CONFIRMED


def test_marks_keep_their_history_and_survive_reopening(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.set_mark("aaaaaaaaaaa1", ReviewState.CONFIRMED, NOW)
        store.set_mark("aaaaaaaaaaa1", ReviewState.NEW, NOW + timedelta(minutes=1))
        store.set_mark("aaaaaaaaaaa1", ReviewState.IGNORED, NOW + timedelta(minutes=2))
    with Store(tmp_path, writable=False) as reader:
        mark = reader.marks()["aaaaaaaaaaa1"]
    assert mark.state is ReviewState.IGNORED
    assert [state for state, _ in mark.history] == [ReviewState.CONFIRMED, ReviewState.NEW]


def test_a_poll_with_nothing_new_does_not_rewrite_items(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news("aaaaaaaaaaa1")], [FeedState("https://example.org/feed", "Example")])
        before = (tmp_path / ITEMS_FILE).stat().st_mtime_ns
        store.save_poll(
            [], [FeedState("https://example.org/feed", "Example", status=FeedStatus.OK)]
        )
        assert (tmp_path / ITEMS_FILE).stat().st_mtime_ns == before
        assert store.feed_states()["https://example.org/feed"].status is FeedStatus.OK


def test_feed_state_is_replaced_per_url(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([], [FeedState("https://a/", "A"), FeedState("https://b/", "B")])
        store.save_poll([], [FeedState("https://a/", "A", error="HTTP 500", consecutive_errors=1)])
        states = store.feed_states()
    assert set(states) == {"https://a/", "https://b/"}
    assert states["https://a/"].consecutive_errors == 1


def test_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True, command="dashboard"):
        with pytest.raises(StoreLockedError) as caught:
            Store(tmp_path, writable=True, command="ingest")
        assert "in use by another seasonwatch" in str(caught.value)
        assert "dashboard" in str(caught.value)
        # readers are never refused
        with Store(tmp_path, writable=False) as reader:
            assert reader.items() == []
    Store(tmp_path, writable=True).close()  # released on close


def test_lock_held_by_another_process_is_released_when_it_is_killed(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from ingest.store import Store; "
            f"s = Store(Path({str(tmp_path)!r}), writable=True, command='holder'); "
            "print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="holder"):
            Store(tmp_path, writable=True)
    finally:
        holder.kill()
        holder.wait()
    Store(tmp_path, writable=True).close()


def test_corrupt_file_is_quarantined_and_reported_not_silently_replaced(tmp_path: Path) -> None:
    (tmp_path / ITEMS_FILE).write_text('{"items": {"1": {"id": "trunc')
    with pytest.raises(StoreError, match="not valid JSON"):
        Store(tmp_path, writable=False)  # a reader only reports
    with Store(tmp_path, writable=True) as store:
        assert len(store.warnings) == 1
        assert "moved it to" in store.warnings[0]
        assert store.items() == []
    quarantined = list((tmp_path / "quarantine").iterdir())
    assert [p.read_text() for p in quarantined] == ['{"items": {"1": {"id": "trunc']


def test_corrupt_marks_file_is_kept_aside(tmp_path: Path) -> None:
    (tmp_path / MARKS_FILE).write_text("[1, 2")
    with Store(tmp_path, writable=True) as store:
        assert "marks.json" in store.warnings[0]
    assert any(p.name.startswith("marks.json") for p in (tmp_path / "quarantine").iterdir())


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    (tmp_path / ITEMS_FILE).write_text('{"meta": {"1": {"schema": 99}}}')
    with pytest.raises(StoreError, match="newer seasonwatch"):
        Store(tmp_path, writable=True)


def test_read_only_store_of_a_missing_folder_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "nothing-here"
    with Store(folder, writable=False) as store:
        assert store.items() == [] and store.marks() == {} and store.feed_states() == {}
    assert not folder.exists()


def test_stale_temp_files_are_cleaned_by_the_writer(tmp_path: Path) -> None:
    stale = tmp_path / ".items.json.999.1.tmp"
    stale.write_text("half a write")
    Store(tmp_path, writable=True).close()
    assert not stale.exists()


def test_item_id_prefixes_resolve(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news("abc000000001"), news("abd000000002")], [])
        assert store.resolve_item_id("abc") == "abc000000001"
        with pytest.raises(StoreError, match="matches 2 items"):
            store.resolve_item_id("ab")
        with pytest.raises(StoreError, match="no stored item"):
            store.resolve_item_id("fff")


def test_reader_sees_a_writers_new_file(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as writer, Store(tmp_path, writable=False) as reader:
        writer.save_poll([news("aaaaaaaaaaa1")], [])
        assert len(reader.items()) == 1
        writer.save_poll([news("aaaaaaaaaaa2")], [])
        assert len(reader.items()) == 2
