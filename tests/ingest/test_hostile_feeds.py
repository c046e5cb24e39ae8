"""A hostile-server suite on 127.0.0.1: every bad feed is that feed's error, or stored clean.

Each case is served by the loopback server beside one well-behaved feed and polled by
the real Poller (real fetcher, real parse workers, real store). Whatever the case
does, the cycle completes, the good feed is stored, the case ends as OK or as an
error recorded in its state, and nothing stored carries a dangerous character.
``test_every_hostile_feed_in_one_cycle`` then polls them all at once.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.clock import FrozenClock
from ingest.config import Config, FeedConfig
from ingest.fetch import FetchLimits
from ingest.parse import TITLE_LIMIT
from ingest.parsepool import ParserPool
from ingest.poller import Poller, PollReport
from ingest.records import FeedStatus, NewsItem
from ingest.schedule import RETRY_AFTER_CAP
from ingest.store import Store
from tests import hostile
from tests.feedserver import FeedServer, Reply, Route, drip

INTERVAL = timedelta(minutes=15)
NOW = datetime(2019, 1, 1, tzinfo=UTC)
DEADLINE = 3.0
LIMITS = FetchLimits(deadline=DEADLINE, read_timeout=2.0, max_bytes=4 * 1024 * 1024)

ItemCheck = Callable[[list[NewsItem]], None]


@dataclass(frozen=True)
class Case:
    """One hostile feed: how it is served and how its poll must end."""

    name: str
    serve: Callable[[FeedServer], Reply | Route]
    status: FeedStatus | None
    """The expected outcome; None when either OK or ERROR is acceptable."""
    error: str | None = None
    """A pattern the recorded error must contain."""
    check: ItemCheck | None = None
    """Assertions on the items stored from this feed."""


def body(data: bytes, content_type: str = "application/rss+xml") -> Callable[[FeedServer], Reply]:
    return lambda _server: Reply(200, data, {"Content-Type": content_type})


@functools.cache
def gzip_bomb() -> bytes:
    return hostile.gzip_bomb(200 * 1024 * 1024)  # 200 MB of zeros in about 200 KB


@functools.cache
def deflate_bomb() -> bytes:
    return hostile.deflate_bomb(200 * 1024 * 1024)


def titles(*expected: str) -> ItemCheck:
    def check(items: list[NewsItem]) -> None:
        assert sorted(i.title for i in items) == sorted(expected)

    return check


def count(n: int) -> ItemCheck:
    def check(items: list[NewsItem]) -> None:
        assert len(items) == n

    return check


def all_links_http(items: list[NewsItem]) -> None:
    assert items
    for i in items:
        assert i.link is None or re.match(r"https?://[^/\\]", i.link), i.link


def dates_in_range(items: list[NewsItem]) -> None:
    assert len(items) == len(hostile.DATES)
    for i in items:
        assert datetime(1990, 1, 1, tzinfo=UTC) <= i.published <= NOW, i.published


def missing_fields_filled(items: list[NewsItem]) -> None:
    assert len(items) == 3 and len({i.id for i in items}) == 3
    by_title = {i.title: i for i in items}
    assert by_title["Daredevil season 3 nothing"].link is None
    assert by_title["Daredevil season 3 nothing"].published == NOW  # first seen
    assert by_title["Jessica Jones season 2 no link"].guid == "g-only"


def markup_literal(items: list[NewsItem]) -> None:
    assert sorted(i.title for i in items) == sorted(
        f"Daredevil season 3 {t}" for t in hostile.MARKUP_TITLES
    )


def clean_text(items: list[NewsItem]) -> None:
    (entry,) = items
    for text in (entry.title, entry.summary, entry.link or "", entry.guid or ""):
        assert hostile.dangerous(text) == [], text
    assert entry.title.startswith("Daredevil") and "season 3" in entry.title


def short_title(items: list[NewsItem]) -> None:
    (entry,) = items
    assert len(entry.title) <= TITLE_LIMIT


def redirect(target: str, status: int = 302) -> Callable[[FeedServer], Reply]:
    return lambda _server: Reply(status, b"", {"Location": target})


def loop_route(server: FeedServer) -> Reply:
    return Reply(307, b"", {"Location": "/case"})


def chain_route(server: FeedServer) -> Route:
    for hop in range(7):
        server.add(f"/hop{hop}", Reply(301, b"", {"Location": f"/hop{hop + 1}"}))
    server.add("/hop7", Reply(200, hostile.GOOD))
    return lambda _seen: Reply(301, b"", {"Location": "/hop0"})


CASES = [
    # not feeds at all
    Case("empty body", body(b""), FeedStatus.ERROR, "empty"),
    Case("whitespace body", body(b" \r\n\t "), FeedStatus.ERROR, "empty"),
    Case(
        "html page",
        body(b"<!DOCTYPE html><html><body>Daredevil</body></html>", "text/html"),
        FeedStatus.ERROR,
        "HTML page",
    ),
    Case(
        "html served as rss",
        body(b"\n<!-- hi --><html><head><title>x</title></head></html>"),
        FeedStatus.ERROR,
        "HTML page",
    ),
    Case("json", body(b'{"title": "Daredevil season 3"}'), FeedStatus.ERROR, "not an RSS"),
    Case("random bytes", body(hostile.garbage()), FeedStatus.ERROR, "not an RSS"),
    # broken but readable
    Case(
        "malformed xml",
        body(hostile.malformed_xml()),
        FeedStatus.OK,
        check=count(2),
    ),
    Case("wrong encoding declared", body(hostile.wrong_encoding()), FeedStatus.OK, check=count(1)),
    Case(
        "no encoding declared",
        body(hostile.missing_encoding(), "text/xml"),
        FeedStatus.OK,
        check=titles("Daredevil \u201cseason 3\u201d confirmed"),
    ),
    Case(
        "utf-16",
        body(hostile.feed(hostile.item("u", "Daredevil S3"), encoding="utf-16")),
        FeedStatus.OK,
        check=titles("Daredevil S3"),
    ),
    Case(
        "duplicate guids",
        body(hostile.duplicate_guids()),
        FeedStatus.OK,
        check=titles("Daredevil season 3 take 0"),
    ),
    Case(
        "missing guid link date",
        body(hostile.missing_fields()),
        FeedStatus.OK,
        check=missing_fields_filled,
    ),
    Case(
        "future and out-of-range dates",
        body(hostile.odd_dates()),
        FeedStatus.OK,
        check=dates_in_range,
    ),
    Case(
        "javascript: and file: links",
        body(hostile.bad_links()),
        FeedStatus.OK,
        check=all_links_http,
    ),
    Case(
        "escape sequences and bidi", body(hostile.hostile_text()), FeedStatus.OK, check=clean_text
    ),
    Case("markup in titles", body(hostile.markup_titles()), FeedStatus.OK, check=markup_literal),
    Case("1 MB title", body(hostile.huge_title()), FeedStatus.OK, check=short_title),
    Case("10,000 items", body(hostile.many_items(10_000)), FeedStatus.OK, check=count(100)),
    # feedparser's weak spots
    Case("bad character references", body(hostile.bad_char_refs()), FeedStatus.OK, check=count(1)),
    Case(
        "bad character references, utf-16",
        body(hostile.bad_char_refs("utf-16")),
        FeedStatus.OK,
        check=count(1),
    ),
    Case(
        "quadratic entities", body(hostile.quadratic_entities()), FeedStatus.OK, check=short_title
    ),
    Case(
        "quadratic entities, evasion",
        body(hostile.quadratic_entities(variant="evasion")),
        FeedStatus.OK,
        check=short_title,
    ),
    Case(
        "quadratic entities, utf-16",
        body(hostile.quadratic_entities(variant="utf16")),
        FeedStatus.OK,
        check=short_title,
    ),
    Case("billion laughs", body(hostile.billion_laughs()), FeedStatus.OK, check=short_title),
    Case("32 KB author", body(hostile.long_author()), FeedStatus.OK, check=count(1)),
    Case(
        "64 KB of unclosed tags",
        body(hostile.html_bomb_description()),
        FeedStatus.OK,
        check=count(1),
    ),
    Case("50,000-deep nesting", body(hostile.deep_nesting()), None),
    # hostile HTTP
    Case(
        "slow drip",
        lambda _s: Reply(200, drip(hostile.GOOD, 0.5), {"Content-Type": "text/xml"}),
        FeedStatus.ERROR,
        f"within {DEADLINE:g} s",
    ),
    Case(
        "oversized, declared",
        lambda _s: Reply(200, b"x" * 100, {"Content-Length": str(5 * 1024 * 1024)}, close=True),
        FeedStatus.ERROR,
        "over the",
    ),
    Case(
        "oversized, streamed",
        lambda _s: Reply(200, (b"<rss>" + b"x" * 65_531 for _ in range(100))),
        FeedStatus.ERROR,
        "cap",
    ),
    Case(
        "gzip bomb",
        lambda _s: Reply(200, gzip_bomb(), {"Content-Encoding": "gzip"}),
        FeedStatus.ERROR,
        "decoded",
    ),
    Case(
        "deflate bomb",
        lambda _s: Reply(200, deflate_bomb(), {"Content-Encoding": "deflate"}),
        FeedStatus.ERROR,
        "decoded",
    ),
    Case(
        "corrupt gzip",
        lambda _s: Reply(200, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}),
        FeedStatus.ERROR,
        "corrupt",
    ),
    Case(
        "unknown encoding",
        lambda _s: Reply(200, b"xx", {"Content-Encoding": "br\x9b"}),
        FeedStatus.ERROR,
        "Content-Encoding",
    ),
    Case(
        "truncated body",
        lambda _s: Reply(200, hostile.GOOD[:50], {"Content-Length": "5000"}, close=True),
        FeedStatus.ERROR,
    ),
    Case(
        "a megabyte of headers",
        lambda _s: Reply(200, hostile.GOOD, {f"X-Junk-{i}": "j" * 1000 for i in range(1000)}),
        FeedStatus.ERROR,
    ),
    Case(
        "hostile reason phrase",
        lambda _s: Reply(500, b"", reason="Oops \x9b31m\x9d0;title\x9c\x85"),
        FeedStatus.ERROR,
        "HTTP 500",
    ),
    Case("redirect loop", lambda _s: loop_route(_s), FeedStatus.ERROR, "more than 5 redirects"),
    Case("seven redirects", chain_route, FeedStatus.ERROR, "more than 5 redirects"),
    Case("redirect to file:", redirect("file:///etc/passwd"), FeedStatus.ERROR, "non-http"),
    Case("redirect to javascript:", redirect("javascript:alert(1)"), FeedStatus.ERROR, "non-http"),
    Case("redirect to data:", redirect("data:text/xml,<rss/>"), FeedStatus.ERROR, "non-http"),
    Case("redirect to ftp:", redirect("ftp://127.0.0.1/feed"), FeedStatus.ERROR, "non-http"),
    Case("redirect without location", lambda _s: Reply(302, b""), FeedStatus.ERROR, "Location"),
    Case(
        "redirect to a bad ipv6",
        redirect("http://[::1/x"),
        FeedStatus.ERROR,
        "(?i)location|redirect",
    ),
    Case(
        "429 with Retry-After",
        lambda _s: Reply(429, b"", {"Retry-After": "7200"}),
        FeedStatus.ERROR,
        "HTTP 429",
    ),
    Case(
        "503 with an HTTP-date Retry-After",
        lambda _s: Reply(503, b"", {"Retry-After": "Wed, 01 Jan 2042 00:00:00 GMT"}),
        FeedStatus.ERROR,
        "HTTP 503",
    ),
    Case(
        "Retry-After of 10**400 seconds",
        lambda _s: Reply(503, b"", {"Retry-After": "1" + "0" * 400}),
        FeedStatus.ERROR,
        "HTTP 503",
    ),
    Case("404", lambda _s: Reply(404, b"gone"), FeedStatus.ERROR, "HTTP 404"),
    Case("204", lambda _s: Reply(204, b""), FeedStatus.ERROR, "HTTP 204"),
]


@pytest.fixture(scope="module")
def pool() -> Iterator[ParserPool]:
    with ParserPool(workers=2, timeout=30) as running:
        yield running


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def serve(server: FeedServer, case: Case, path: str) -> str:
    reply = case.serve(server)
    return server.add(path, reply)


def poll(urls: list[str], store: Store, pool: ParserPool) -> PollReport:
    feeds = tuple(FeedConfig(url, f"feed{i}", INTERVAL) for i, url in enumerate(urls))
    config = Config(path=None, poll_interval=INTERVAL, feeds=feeds, shows=hostile.SHOWS)
    poller = Poller(config, store, clock=FrozenClock(NOW), pool=pool, limits=LIMITS)
    return asyncio.run(poller.poll_once(force=True))


def assert_case(case: Case, url: str, report: PollReport, store: Store) -> None:
    (outcome,) = [o for o in report.outcomes if o.url == url]
    state = store.feed_states()[url]
    if case.status is not None:
        assert outcome.status is case.status, (case.name, outcome)
    assert outcome.status in (FeedStatus.OK, FeedStatus.ERROR), (case.name, outcome)
    if outcome.status is FeedStatus.ERROR:
        assert state.error and state.consecutive_errors == 1, case.name
        assert state.next_poll is not None and state.next_poll > NOW  # retried later
        assert hostile.dangerous(state.error) == [], state.error
        if case.error:
            assert re.search(case.error, state.error), (case.name, state.error)
    else:
        assert state.error is None
    items = [i for i in store.items() if i.feed_url == url]
    for i in items:
        for text in (i.title, i.summary, i.link or "", i.guid or ""):
            assert hostile.dangerous(text) == [], (case.name, text)
    if case.check is not None:
        case.check(items)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_feed_is_its_own_error_or_stored_clean(
    case: Case, server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    good = server.add("/good", Reply(200, hostile.GOOD))
    url = serve(server, case, "/case")
    with Store(tmp_path, writable=True) as store:
        report = poll([url, good], store, pool)
        assert_case(case, url, report, store)
        (good_outcome,) = [o for o in report.outcomes if o.url == good]
        assert good_outcome.status is FeedStatus.OK and good_outcome.new == 1
        assert good_outcome.seconds < 10
        # the case was bounded: no feed took much longer than the fetch deadline
        assert max(o.seconds for o in report.outcomes) < DEADLINE + 20
    with Store(tmp_path, writable=False) as reader:  # and the store reads back
        assert any(i.feed_url == good for i in reader.items())


def test_every_hostile_feed_in_one_cycle(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    urls = [serve(server, case, f"/case{n}") for n, case in enumerate(CASES)]
    good = server.add("/good", Reply(200, hostile.GOOD))
    with Store(tmp_path, writable=True) as store:
        report = poll([*urls, good], store, pool)
        assert len(report.outcomes) == len(CASES) + 1
        for case, url in zip(CASES, urls, strict=True):
            if case.name not in ("redirect loop", "seven redirects"):  # their paths are shared
                assert_case(case, url, report, store)
        assert any(i.feed_url == good for i in store.items())
    with Store(tmp_path, writable=False) as reader:
        assert len(reader.feed_states()) == len(CASES) + 1


def test_retry_after_is_kept_within_bounds(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    seconds = server.add("/s", Reply(429, b"", {"Retry-After": "7200"}))
    huge = server.add("/h", Reply(503, b"", {"Retry-After": "9" * 400}))
    date = server.add("/d", Reply(503, b"", {"Retry-After": "Wed, 01 Jan 2042 00:00:00 GMT"}))
    with Store(tmp_path, writable=True) as store:
        poll([seconds, huge, date], store, pool)
        states = store.feed_states()
    assert states[seconds].next_poll == NOW + timedelta(hours=2)
    assert states[huge].next_poll == NOW + RETRY_AFTER_CAP  # a wait, not a farewell
    assert states[date].next_poll == NOW + RETRY_AFTER_CAP


def test_no_external_entity_or_dtd_is_ever_fetched(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    server.add("/xxe", Reply(200, b"SECRET-FROM-THE-NETWORK"))
    server.add("/dtd", Reply(200, b'<!ENTITY leak "SECRET-FROM-THE-DTD">'))
    xxe = server.add("/feed-xxe", Reply(200, hostile.external_entity(server.url("/xxe"))))
    dtd = server.add("/feed-dtd", Reply(200, hostile.external_dtd(server.url("/dtd"))))
    with Store(tmp_path, writable=True) as store:
        report = poll([xxe, dtd], store, pool)
        assert all(o.status is FeedStatus.OK for o in report.outcomes), report.outcomes
        texts = " ".join(i.title + i.summary for i in store.items())
    assert "SECRET" not in texts and "root:" not in texts
    assert server.hits("/xxe") == [] and server.hits("/dtd") == []


# --- redirects from public to private addresses, with made-up names ------------------

PUBLIC = {"93.184.215.14"}
"""A public address the checks are told about; no socket ever connects to it."""


@pytest.fixture
def names() -> Iterator[hostile.FakeNames]:
    claims = {
        "feeds.public.test": PUBLIC,
        "cdn.public.test": PUBLIC,
        "intranet.test": {"10.0.0.5"},
        "mixed.test": {"93.184.215.14", "192.168.1.1"},
        "mapped.test": {"::ffff:127.0.0.1"},
        "nat64.test": {"64:ff9b::7f00:1"},
        "linklocal.test": {"169.254.169.254"},
    }
    with hostile.fake_names(claims) as fake:
        yield fake


def public_origin(server: FeedServer, path: str, location: str) -> str:
    server.add(path, Reply(302, b"", {"Location": location}))
    return server.url(path).replace("127.0.0.1", "feeds.public.test")


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/good",
        "http://localhost:{port}/good",
        "http://[::1]:{port}/good",
        "http://[::ffff:127.0.0.1]:{port}/good",
        "http://0.0.0.0:{port}/good",
        "http://2130706433:{port}/good",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.test:{port}/good",
        "http://mixed.test:{port}/good",
        "http://mapped.test:{port}/good",
        "http://nat64.test:{port}/good",
        "http://linklocal.test:{port}/good",
        "http://nowhere.test:{port}/good",
    ],
)
def test_a_public_feed_may_not_redirect_to_a_private_address(
    location: str,
    server: FeedServer,
    pool: ParserPool,
    names: hostile.FakeNames,
    tmp_path: Path,
) -> None:
    port = server.base.rsplit(":", 1)[1]
    server.add("/good", Reply(200, hostile.GOOD))
    url = public_origin(server, "/start", location.format(port=port))
    with Store(tmp_path, writable=True) as store:
        report = poll([url], store, pool)
    (outcome,) = report.outcomes
    assert outcome.status is FeedStatus.ERROR
    assert re.search("private|does not resolve", outcome.error or ""), outcome.error
    assert server.hits("/good") == []


def test_public_to_public_redirects_are_followed(
    server: FeedServer, pool: ParserPool, names: hostile.FakeNames, tmp_path: Path
) -> None:
    port = server.base.rsplit(":", 1)[1]
    server.add("/good", Reply(200, hostile.GOOD))
    url = public_origin(server, "/start", f"http://cdn.public.test:{port}/good")
    with Store(tmp_path, writable=True) as store:
        report = poll([url], store, pool)
    assert [o.status for o in report.outcomes] == [FeedStatus.OK]
    assert len(server.hits("/good")) == 1


def test_a_private_feed_may_redirect_anywhere_on_its_network(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    server.add("/good", Reply(200, hostile.GOOD))
    url = server.add("/start", Reply(302, b"", {"Location": "/good"}))
    with Store(tmp_path, writable=True) as store:
        report = poll([url], store, pool)
    assert [o.status for o in report.outcomes] == [FeedStatus.OK]


@pytest.mark.parametrize(
    ("host", "public"),
    [
        ("2130706433", False),  # 127.0.0.1 written as one number
        ("0x7f.1", False),
        ("127.1", False),
        ("0177.0.0.1", False),
        ("[::ffff:7f00:1]", False),
        ("[64:ff9b::a00:1]", False),  # NAT64 of 10.0.0.1
        ("[2002:7f00:1::]", False),  # 6to4 of 127.0.0.1
        ("93.184.215.14", True),
    ],
)
def test_numeric_host_spellings_are_classified_without_a_lookup(host: str, public: bool) -> None:
    from ingest.redirects import is_public

    assert asyncio.run(is_public(f"http://{host}/feed")) is public


@pytest.mark.parametrize("url", ["http://[::1/feed", "http://exa mple.test/", "http://a..b.test/"])
def test_a_malformed_feed_url_is_a_fetch_error(url: str) -> None:
    from ingest.errors import FetchError
    from ingest.fetch import Fetcher

    async def go() -> None:
        async with Fetcher(LIMITS) as fetcher:
            await fetcher.fetch(url, None, None)

    with hostile.fake_names({}), pytest.raises(FetchError):  # no name is ever looked up
        asyncio.run(go())


def test_a_bug_of_ours_in_one_feed_is_that_feeds_error(
    server: FeedServer, pool: ParserPool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.poller

    cursed = tmp_path / "cursed.xml"
    cursed.write_bytes(hostile.GOOD)
    real_read_local = ingest.poller.read_local

    def read_local(path: str, *args: object) -> object:
        if path == str(cursed):
            raise RuntimeError("a bug of ours")
        return real_read_local(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest.poller, "read_local", read_local)
    good = server.add("/good", Reply(200, hostile.GOOD))
    with Store(tmp_path / "data", writable=True) as store:
        report = poll([str(cursed), good], store, pool)
        by_url = {o.url: o for o in report.outcomes}
        assert by_url[good].status is FeedStatus.OK and by_url[good].new == 1
        assert by_url[str(cursed)].status is FeedStatus.ERROR
        assert "RuntimeError: a bug of ours" in (by_url[str(cursed)].error or "")
        assert store.feed_states()[str(cursed)].next_poll is not None  # retried later
