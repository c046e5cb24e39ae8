"""The embedded demo feeds in ``sample_feeds/`` are well-formed and cover what the demo needs.

They are loaded the way the demo loads them (``importlib.resources``) and parsed from bytes,
never from a path, exactly as the ingester hands them to feedparser.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import feedparser
import pytest

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")  # what pyproject ships as package data
SEED_TITLE = (
    "'Jessica Jones' updates: Season 2 may air sometime 2018; production expected to start soon"
)


def _feed_files() -> list[Traversable]:
    root = files("sample_feeds")
    return sorted(
        (p for p in root.iterdir() if p.is_file() and p.name.endswith(FEED_SUFFIXES)),
        key=lambda p: p.name,
    )


FEEDS = _feed_files()


@cache
def _parse_named(name: str) -> Any:
    return feedparser.parse(files("sample_feeds").joinpath(name).read_bytes())


def _parse(feed: Traversable) -> Any:
    return _parse_named(feed.name)


def _entries() -> Iterator[tuple[str, Any]]:
    for feed in FEEDS:
        for entry in _parse(feed).entries:
            yield feed.name, entry


def _when(entry: Any) -> time.struct_time:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    assert stamp is not None, f"no usable date on {entry.get('title')!r}"
    return stamp


def test_there_are_at_least_six_feed_files() -> None:
    assert len(FEEDS) >= 6


@pytest.mark.parametrize("feed", FEEDS, ids=lambda f: f.name)
def test_feed_is_well_formed(feed: Traversable) -> None:
    parsed = _parse(feed)
    assert parsed.bozo == 0, f"{feed.name}: {parsed.get('bozo_exception')}"
    assert parsed.feed.get("title")
    assert parsed.entries


def test_rss2_atom_and_rdf_are_all_covered() -> None:
    versions = {_parse(feed).version for feed in FEEDS}
    assert {"rss20", "atom10", "rss10"} <= versions


def test_there_are_at_least_110_entries() -> None:
    assert sum(1 for _ in _entries()) >= 110


def test_every_entry_has_a_title_and_a_link() -> None:
    incomplete = [
        (name, entry.get("title"), entry.get("link"))
        for name, entry in _entries()
        if not (entry.get("title") and entry.get("link"))
    ]
    assert incomplete == []


def test_every_entry_is_dated_2016_to_2019() -> None:
    out_of_range = [
        (name, entry.title, time.strftime("%Y-%m-%d", _when(entry)))
        for name, entry in _entries()
        if not 2016 <= _when(entry).tm_year <= 2019
    ]
    assert out_of_range == []


def test_the_seed_article_is_an_item_dated_2017_03_24() -> None:
    seeds = [entry for _, entry in _entries() if entry.title == SEED_TITLE]
    assert len(seeds) == 1
    seed = seeds[0]
    assert time.strftime("%Y-%m-%d", seed.published_parsed) == "2017-03-24"
    assert seed.published.startswith("Fri, 24 Mar 2017")
    body = seed.content[0].value
    assert "2018–2019 timeline" in body
    assert "has just wrapped up with its filming" in body
    assert seed.summary  # the shorter description is there too


def test_some_items_have_no_guid_and_fall_back_to_their_link() -> None:
    guidless = [entry for _, entry in _entries() if "id" not in entry]
    assert guidless
    assert all(entry.link.startswith("https://") for entry in guidless)


def test_a_permalink_guid_stands_in_for_a_missing_link() -> None:
    by_guid = [entry for _, entry in _entries() if entry.get("guidislink")]
    assert by_guid
    assert all(entry.link == entry.id for entry in by_guid)
