"""Item briefs give exactly what the whole items gave.

The dashboard's ``Library`` loads a brief of every item (``items.brief``) instead of
every ``NewsItem`` (issue 6: opening at 20,000 items). These tests hold the briefs to
the items over random polls: the brief file always describes the items file as it is;
a missing, stale or damaged brief file is never trusted (the items are read instead,
and a writer saves fresh briefs); and a Library built from briefs gives the same
statuses, estimates, counts and news windows as one built from the whole items.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ingest import storejson
from ingest.brieffile import read_briefs
from ingest.briefs import brief_fields, brief_of, decode_briefs
from ingest.records import NewsItem
from ingest.snapshot import Library, library_in_steps
from ingest.store import ITEMS_BRIEF, Store
from rules import ReviewState
from tests.bench import corpus
from tests.ingest.test_itemfile import NOW, news
from tests.ingest.test_library_index import agree


def briefs_of(store: Store) -> list[object]:
    return list(decode_briefs(store.briefs()))


def expected(store: Store) -> list[object]:
    return [brief_of(item) for item in store.items()]


def from_file(folder: Path) -> bool:
    """True when ``items.brief`` is valid for the items file (read, not made)."""
    with Store(folder, writable=False) as reader:
        item_file = reader._items
        view = item_file.view()
        return read_briefs(item_file.brief_path, view.generation, view.count) is not None


def other_generation(data: bytes) -> bytes:
    head, _, body = data.partition(b"\n")
    header = json.loads(head)
    generation = header["generation"]
    header["generation"] = ("1" if generation[0] == "0" else "0") + generation[1:]  # always other
    return json.dumps(header).encode() + b"\n" + body


def test_a_brief_reads_back_as_the_items_brief() -> None:
    items = [news(n) for n in range(30)] + list(corpus.stored_items(300))
    odd = replace(items[0], id="00000000abcd", mentions=(), claims=(), title="", feed_name="")
    for item in [*items, odd]:
        line = storejson.dumps(brief_fields(item.to_json()))
        assert list(decode_briefs([line])) == [brief_of(item)]
    lines = [storejson.dumps(brief_fields(i.to_json())) for i in items]
    assert list(decode_briefs(lines)) == [brief_of(i) for i in items]  # across chunks


def test_random_polls_keep_the_brief_file_exact(tmp_path: Path) -> None:
    rng = random.Random(6)
    with Store(tmp_path, writable=True) as store:
        for poll in range(10):
            batch = {}
            for n in rng.sample(range(300), rng.randint(0, 50)):
                item = news(n, title=f"poll {poll} item {n}") if rng.random() < 0.5 else news(n)
                batch[item.id] = item
            store.save_poll(list(batch.values()), [])
            assert from_file(tmp_path)
            assert briefs_of(store) == expected(store)
    with Store(tmp_path, writable=False) as reader:
        assert briefs_of(reader) == expected(reader)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.unlink(),
        lambda path: path.write_bytes(path.read_bytes()[:-40]),
        lambda path: path.write_bytes(other_generation(path.read_bytes())),
        lambda path: path.write_bytes(b"not json\n"),
    ],
    ids=["missing", "truncated", "other generation", "garbage"],
)
def test_a_bad_brief_file_is_not_trusted_and_the_writer_remakes_it(
    tmp_path: Path, damage: object
) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news(n) for n in range(60)], [])
    damage(tmp_path / ITEMS_BRIEF)  # type: ignore[operator]
    assert not from_file(tmp_path)
    with Store(tmp_path, writable=False) as reader:
        assert briefs_of(reader) == expected(reader)  # made from the items
    assert not from_file(tmp_path)  # a reader never writes
    with Store(tmp_path, writable=True) as writer:
        assert briefs_of(writer) == expected(writer)
    assert from_file(tmp_path)
    with Store(tmp_path, writable=True) as writer:  # and the next poll copies them along
        writer.save_poll([news(7, title="changed"), news(500)], [])
        assert from_file(tmp_path)
        assert briefs_of(writer) == expected(writer)


def test_a_write_without_valid_briefs_makes_them_from_the_old_documents(tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        store.save_poll([news(n) for n in range(80)], [])
        (tmp_path / ITEMS_BRIEF).unlink()
        store.save_poll([news(3, title="changed")], [])
        assert from_file(tmp_path)
        assert briefs_of(store) == expected(store)


def test_a_library_from_briefs_is_the_library_from_items(tmp_path: Path) -> None:
    rng = random.Random(6)
    config = corpus.config([])
    items = corpus.build_store(tmp_path, 400)
    with Store(tmp_path, writable=True) as store:
        library = Library(config, store)
        assert library._briefs == {i.id: brief_of(i) for i in store.items()}
        agree(library, config, store)  # every figure against whole items and scratch
        for step in range(30):
            item = rng.choice(items)
            library.mark(item.id, rng.choice(list(ReviewState)), NOW + timedelta(minutes=step))
            if step % 6 == 0:
                fresh = replace(item, id=f"{step:012x}", published=NOW, title=f"fresh {step}")
                store.save_poll([fresh], [])
                library.apply([fresh])
        agree(library, config, store)
        words_checked = 0
        for query in ("season", "renewed FEED", "001", "zebra"):
            words = tuple(query.casefold().split())
            for show in (None, corpus.TRACKED[0]):
                fast = library.newest(50, show=show, words=words)

                def keep(i: NewsItem, w: tuple[str, ...] = words) -> bool:
                    return all(x in f"{i.title}\n{i.feed_name}".casefold() for x in w)

                assert fast == library.newest(50, keep, show=show)
                words_checked += fast[1]
        assert words_checked
        reopened = Library(config, store)  # from the brief file the polls kept
        for show in config.shows:
            assert reopened.show_status(show, NOW.date()) == library.show_status(show, NOW.date())
        assert reopened.counts() == library.counts()
        assert reopened.newest(100) == library.newest(100)


def test_a_shown_item_is_the_same_object_until_it_changes(tmp_path: Path) -> None:
    items = corpus.build_store(tmp_path, 50)
    with Store(tmp_path, writable=True) as store:
        library = Library(corpus.config([]), store)
        first = library.newest(10)[0]
        assert [v.item for v in first] == sorted(items, key=lambda i: i.published)[::-1][:10]
        again = library.newest(10)[0]
        assert all(a.item is b.item for a, b in zip(first, again, strict=True))
        changed = replace(first[0].item, title="changed")
        store.save_poll([changed], [])
        library.apply([changed])
        assert library.newest(10)[0][0].item is changed
        assert library.item(first[1].item.id) is first[1].item


def test_a_library_built_in_steps_is_the_same_library(tmp_path: Path) -> None:
    corpus.build_store(tmp_path, 4_500)  # more briefs than one step decodes
    config = corpus.config([])
    with Store(tmp_path, writable=True) as store:
        steps = list(library_in_steps(config, store))
        assert len(steps) > 3 and steps[:-1] == [None] * (len(steps) - 1)
        built, whole = steps[-1], Library(config, store)
        assert isinstance(built, Library)
        assert built._briefs == whole._briefs
        assert built.counts() == whole.counts()
        for show in config.shows:
            assert built.show_status(show, NOW.date()) == whole.show_status(show, NOW.date())
