"""The indexed items file gives exactly the results the whole-file TinyDB store gave.

The index and the copy-what-did-not-change writes are optimisations (issue 6): these
tests hold them to the plain model — a dict of items — over random sequences of polls,
and check the file stays a TinyDB database, that a store without an index (older, or
left by a crash between the two renames) reads the same, and that unchanged documents
are copied byte for byte rather than encoded again.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tinydb import TinyDB

from ingest import itemfile, itemwriter, storejson
from ingest.itemfile import ItemFile
from ingest.records import NewsItem
from ingest.store import ITEMS_FILE, ITEMS_INDEX, Store
from rules import Certainty, Claim, ClaimKind, DateWindow, ReviewState

NOW = datetime(2019, 3, 1, 12, 0, tzinfo=UTC)


def news(n: int, title: str = "", **changes: object) -> NewsItem:
    item_id = f"{(n * 2654435761) % (1 << 48):012x}"
    text = title or f'Daredevil season {n % 5 + 2} may premiere in 2019 — “{n}” \\ " é 🎬'
    claim = Claim(
        "Daredevil",
        n % 5 + 2,
        ClaimKind.PREMIERE,
        DateWindow(NOW.date(), None),
        Certainty.RUMORED,
        text,
    )
    item = NewsItem(
        id=item_id,
        feed_url="https://example.org/feed",
        feed_name="Example",
        title=text,
        summary=f"summary {n}\nline two\t\u2028 </script>",
        link=f"https://example.org/{n}",
        guid=str(n),
        published=NOW - timedelta(hours=n),
        first_seen=NOW,
        updated_at=NOW,
        content_hash=f"h{n}",
        mentions=("Daredevil",),
        claims=(claim,),
        rules_version="1",
    )
    return replace(item, **changes)  # type: ignore[arg-type]


def check_same(store: Store, model: dict[str, NewsItem]) -> None:
    assert {i.id: i for i in store.items()} == model
    assert store.item_ids() == set(model)
    assert store.item_count() == len(model)
    for item_id, item in model.items():
        assert store.item(item_id) == item
    some = [*list(model)[:5], "000000000000", "ffffffffffff"]
    assert store.items_by_id(some) == {i: model[i] for i in some if i in model}
    for item_id in list(model)[:20]:
        for length in (1, 3, 6, 12):
            prefix = item_id[:length]
            expected = sorted(i for i in model if i.startswith(prefix))
            if len(expected) == 1:
                assert store.resolve_item_id(prefix) == expected[0]


def test_random_polls_read_back_exactly_like_a_dict(tmp_path: Path) -> None:
    rng = random.Random(6)
    model: dict[str, NewsItem] = {}
    with Store(tmp_path, writable=True) as store:
        for poll in range(12):
            batch = {}
            for n in rng.sample(range(400), rng.randint(0, 60)):
                item = news(n, summary=f"poll {poll}") if rng.random() < 0.5 else news(n)
                batch[item.id] = item
            result = store.save_poll(list(batch.values()), [])
            assert result.updated == len(set(batch) & set(model))
            assert result.new == len(set(batch) - set(model))
            model.update(batch)
            check_same(store, model)
    with Store(tmp_path, writable=False) as reader:
        check_same(reader, model)


def test_the_items_file_is_still_a_tinydb_database(tmp_path: Path) -> None:
    items = [news(n) for n in range(30)]
    with Store(tmp_path, writable=True) as store:
        store.save_poll(items[:20], [])
        store.save_poll(items[10:], [])
    with TinyDB(tmp_path / ITEMS_FILE, access_mode="r") as db:
        docs = db.table("items").all()
        assert sorted(d.doc_id for d in docs) == sorted(int(i.id, 16) for i in items)
        assert {NewsItem.from_json(dict(d)) for d in docs} == set(items)
        assert db.table("meta").get(doc_id=1)["schema"] == 1  # type: ignore[index]


def test_unchanged_documents_are_copied_not_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news(n) for n in range(50)], [])
        encoded: list[object] = []
        real = storejson.dumps
        for module in (itemfile, itemwriter):  # every module of the items file that encodes
            monkeypatch.setattr(module, "dumps", lambda v: encoded.append(v) or real(v))
        store.save_poll([news(7, summary="changed"), news(99)], [])
    docs = [v for v in encoded if isinstance(v, dict) and "id" in v]
    assert sorted(d["id"] for d in docs) == sorted([news(7).id, news(99).id])


def test_a_store_without_an_index_reads_the_same_and_the_writer_indexes_it(
    tmp_path: Path,
) -> None:
    items = [news(n) for n in range(40)]
    legacy = {
        "items": {str(int(i.id, 16)): i.to_json() for i in items},
        "meta": {"1": {"schema": 1}},
    }
    (tmp_path / ITEMS_FILE).write_text(json.dumps(legacy), encoding="utf-8")
    model = {i.id: i for i in items}
    with Store(tmp_path, writable=False) as reader:
        check_same(reader, model)
    assert not (tmp_path / ITEMS_INDEX).exists()  # a reader never writes
    with Store(tmp_path, writable=True) as store:
        assert (tmp_path / ITEMS_INDEX).exists()
        check_same(store, model)


def test_an_index_left_behind_by_a_crash_between_the_renames_is_ignored(tmp_path: Path) -> None:
    first = [news(n) for n in range(30)]
    second = [news(n, summary="second poll") for n in range(20, 60)]
    with Store(tmp_path, writable=True) as store:
        store.save_poll(first, [])
        shutil.copy(tmp_path / ITEMS_INDEX, tmp_path / "old.idx")
        store.save_poll(second, [])
    # the process died after items.json was replaced and before items.idx was
    shutil.copy(tmp_path / "old.idx", tmp_path / ITEMS_INDEX)
    model = {i.id: i for i in [*first, *second]}
    with Store(tmp_path, writable=False) as reader:
        check_same(reader, model)
    with Store(tmp_path, writable=True) as store:
        check_same(store, model)
        store.save_poll([news(99)], [])
        model[news(99).id] = news(99)
        check_same(store, model)


def test_a_damaged_index_is_ignored(tmp_path: Path) -> None:
    items = [news(n) for n in range(25)]
    with Store(tmp_path, writable=True) as store:
        store.save_poll(items, [])
    index = tmp_path / ITEMS_INDEX
    raw = index.read_bytes()
    index.write_bytes(raw[: len(raw) // 2])  # a record table cut short
    with Store(tmp_path, writable=False) as reader:
        check_same(reader, {i.id: i for i in items})
    index.write_bytes(b"not an index\n")
    with Store(tmp_path, writable=False) as reader:
        check_same(reader, {i.id: i for i in items})


def test_a_reader_follows_a_writer_across_polls(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as writer, Store(tmp_path, writable=False) as reader:
        writer.save_poll([news(1)], [])
        assert reader.item(news(1).id) == news(1)
        writer.save_poll([news(1, title="Daredevil season 3 is dated"), news(2)], [])
        assert reader.item(news(1).id) == news(1, title="Daredevil season 3 is dated")
        assert reader.item_count() == 2


def test_ids_seasonwatch_never_makes_still_round_trip(tmp_path: Path) -> None:
    odd = [news(1, id="abc"), news(2, id="aaaaaaaaaaaaaaaa")]
    with Store(tmp_path, writable=True) as store:
        store.save_poll(odd, [])
        store.save_poll([news(3)], [])
        check_same(store, {i.id: i for i in [*odd, news(3)]})
        store.set_mark("abc", ReviewState.CONFIRMED, NOW)
        assert store.review_state("abc") is ReviewState.CONFIRMED


def test_json_fallback_reads_what_orjson_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [news(n) for n in range(10)]
    with Store(tmp_path, writable=True) as store:
        store.save_poll(items[:5], [])
    monkeypatch.setattr(storejson, "HAVE_ORJSON", False)
    with Store(tmp_path, writable=True) as store:
        store.save_poll(items[5:], [])
        check_same(store, {i.id: i for i in items})
    for value in (items[0].to_json(), {"s": "\ud800 lone surrogate"}):
        assert json.loads(storejson.dumps(value)) == value


def test_an_empty_store_writes_a_valid_file(tmp_path: Path) -> None:
    file = ItemFile(tmp_path)
    assert file.count() == 0 and file.get("000000000001") is None
    file.save({})
    assert json.loads((tmp_path / "items.json").read_text())["items"] == {}
    assert ItemFile(tmp_path).count() == 0
