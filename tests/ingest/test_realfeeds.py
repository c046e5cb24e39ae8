"""Every real feed in ../shared/realfeeds goes through the ingester: stored, or its error.

The files were written by strangers (see the MANIFEST.tsv beside them): news feeds
with entities escaped several times over, HTML entities XML does not know, raw ``&``,
tabs and newlines in titles; edge cases in windows-1251, GB2312, Shift_JIS, UTF-16,
an HTML page, a gzipped body. Each file is polled by the real Poller twice: as a
local file, and over HTTP from the loopback server (the ``.gz`` as
``Content-Encoding: gzip``). Then the text of every entry of the news feeds is
checked: no control or invisible characters, no entity left undecoded.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from ingest.clock import FrozenClock
from ingest.config import Config, FeedConfig
from ingest.fetch import FetchLimits, read_local
from ingest.parse import RAW_LINE_LIMIT, RAW_TEXT_LIMIT
from ingest.parsepool import ParserPool
from ingest.plaintext import html_to_text, one_line
from ingest.poller import Poller, PollReport
from ingest.records import FeedStatus
from ingest.store import Store
from rules import Show
from tests import hostile
from tests.feedserver import FeedServer, Reply

REALFEEDS = Path(__file__).parents[2].parent / "shared" / "realfeeds"
FILES = sorted(p for p in REALFEEDS.glob("*/*") if p.suffix not in (".tsv", ".md") and p.is_file())
NEWS = [p for p in FILES if p.parent.name == "news"]
INTERVAL = timedelta(minutes=15)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
TITLES = (
    "Bridgerton", "Survivor", "Outlander", "Emmerdale", "Coronation Street", "Casualty",
    "Fire Country", "Sheriff Country", "Jujutsu Kaisen", "One Piece", "My Hero Academia",
    "Itou Junji: Maniac", "Onmyouji", "Hannah Montana", "American Blue", "Doctor Who",
    "EastEnders", "Hollyoaks", "Love Island", "Stranger Things", "The Crown",
    "Strictly Come Dancing", "Fargo",
)  # fmt: skip
"""Shows these feeds talk about, so that plenty of their items are stored."""
SHOWS = (
    *hostile.SHOWS,
    *(Show(title) for title in TITLES),
    Show("Saturday Night Live", aliases=("SNL",)),
)
EXPECTED_ERRORS = {"rssparser_html-not-a-feed.rss": "not an RSS or Atom feed"}
"""The one file that is not a feed at all (an HTML page with trailing junk)."""
LEFTOVER_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp|[a-z]{2,8});")

pytestmark = pytest.mark.skipif(not FILES, reason=f"no real feeds at {REALFEEDS}")


@pytest.fixture(scope="module")
def pool() -> Iterator[ParserPool]:
    with ParserPool(workers=2, timeout=30) as running:
        yield running


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for path in FILES:
            headers = {"Content-Type": "application/xml"}
            if path.suffix == ".gz":
                headers["Content-Encoding"] = "gzip"
            running.add(f"/{path.parent.name}/{path.name}", Reply(200, path.read_bytes(), headers))
        yield running


def poll(url: str, store: Store, pool: ParserPool) -> PollReport:
    feed = FeedConfig(url, "real", INTERVAL)
    config = Config(path=None, poll_interval=INTERVAL, feeds=(feed,), shows=SHOWS)
    poller = Poller(config, store, clock=FrozenClock(NOW), pool=pool, limits=FetchLimits())
    return asyncio.run(poller.poll_once(force=True))


def assert_stored_or_error(path: Path, report: PollReport, store: Store) -> None:
    (outcome,) = report.outcomes
    state = store.feed_states()[outcome.url]
    expected_error = EXPECTED_ERRORS.get(path.name)
    if expected_error:
        assert outcome.status is FeedStatus.ERROR and expected_error in (state.error or "")
        return
    assert outcome.status is FeedStatus.OK, (path.name, state.error)
    assert state.entries == outcome.entries and state.error is None
    for item in store.items():
        for text in (item.title, item.summary, item.link or "", item.guid or ""):
            assert hostile.dangerous(text) == [], (path.name, text)
        assert item.link is None or item.link.startswith(("http://", "https://"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_feed_as_a_local_file(path: Path, pool: ParserPool, tmp_path: Path) -> None:
    with Store(tmp_path, writable=True) as store:
        report = poll(str(path), store, pool)
        assert_stored_or_error(path, report, store)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_feed_over_http(
    path: Path, server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    url = server.url(f"/{path.parent.name}/{path.name}")
    with Store(tmp_path, writable=True) as store:
        report = poll(url, store, pool)
        assert_stored_or_error(path, report, store)


def test_news_feeds_give_items(pool: ParserPool, tmp_path: Path) -> None:
    feeds = tuple(FeedConfig(str(p), p.stem, INTERVAL) for p in NEWS)
    config = Config(path=None, poll_interval=INTERVAL, feeds=feeds, shows=SHOWS)
    with Store(tmp_path, writable=True) as store:
        poller = Poller(config, store, clock=FrozenClock(NOW), pool=pool)
        report = asyncio.run(poller.poll_once(force=True))
        assert report.failed == ()
        items = store.items()
    assert len(items) >= 15
    assert {m for i in items for m in i.mentions} >= {"Bridgerton", "One Piece", "Emmerdale"}


@pytest.mark.parametrize("path", NEWS, ids=[p.name for p in NEWS])
def test_every_news_entry_becomes_clean_text(path: Path) -> None:
    """The text steps of ``parse_feed`` on every entry, not only the matching ones."""
    body = read_local(str(path), FetchLimits(), None).body
    assert body is not None
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    assert parsed.entries
    for entry in parsed.entries:
        title = one_line(str(entry.get("title", ""))[:RAW_LINE_LIMIT])
        candidates = [str(c.get("value", "")) for c in entry.get("content", []) or []]
        summary = html_to_text(
            max([*candidates, str(entry.get("summary", ""))], key=len)[:RAW_TEXT_LIMIT]
        )
        for text in (title, summary):
            assert hostile.dangerous(text) == [], (path.name, text)
            assert "\t" not in title and "\n" not in title
            assert not LEFTOVER_ENTITY.search(text), (path.name, text[:200])
            assert "<p>" not in text and "<br" not in text, (path.name, text[:200])
