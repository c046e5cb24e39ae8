"""A polite client, measured on 127.0.0.1: validators, Retry-After, User-Agent, two
connections per host, backoff that is capped but never gives up, quick recovery."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.clock import FrozenClock
from ingest.config import Config, FeedConfig
from ingest.fetch import USER_AGENT, FetchLimits
from ingest.parsepool import ParserPool
from ingest.poller import Poller, PollReport
from ingest.records import FeedStatus
from ingest.schedule import BACKOFF_CAP
from ingest.store import Store
from tests import hostile
from tests.feedserver import FeedServer, Reply, Seen

INTERVAL = timedelta(minutes=15)
START = datetime(2019, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pool() -> Iterator[ParserPool]:
    with ParserPool(workers=2, timeout=15) as running:
        yield running


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def make_poller(urls: list[str], store: Store, clock: FrozenClock, pool: ParserPool) -> Poller:
    feeds = tuple(FeedConfig(url, f"feed{i}", INTERVAL) for i, url in enumerate(urls))
    config = Config(path=None, poll_interval=INTERVAL, feeds=feeds, shows=hostile.SHOWS)
    return Poller(config, store, clock=clock, pool=pool, limits=FetchLimits(deadline=10))


def poll(poller: Poller, *, force: bool = False) -> PollReport:
    return asyncio.run(poller.poll_once(force=force))


def test_every_repeat_request_is_conditional(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    versions = {"etag": '"v1"', "modified": "Mon, 31 Dec 2018 00:00:00 GMT", "fail": False}

    def route(seen: Seen) -> Reply:
        if versions["fail"]:
            return Reply(500, b"down")
        headers = {"ETag": str(versions["etag"]), "Last-Modified": str(versions["modified"])}
        if seen.headers.get("if-none-match") == versions["etag"]:
            return Reply(304, b"", headers)
        body = hostile.feed(hostile.item(str(versions["etag"]), "Daredevil season 3 news"))
        return Reply(200, body, headers)

    url = server.add("/f", route)
    clock = FrozenClock(START)
    with Store(tmp_path, writable=True) as store:
        poller = make_poller([url], store, clock, pool)
        script = ["same", "same", "fail", "same", "new", "same", "same"]
        poll(poller)
        for step in script:
            versions["fail"] = step == "fail"
            if step == "new":
                versions["etag"], versions["modified"] = '"v2"', "Tue, 01 Jan 2019 00:00:00 GMT"
            clock.current = store.feed_states()[url].next_poll  # type: ignore[assignment]
            poll(poller)
    hits = server.hits("/f")
    assert len(hits) == 1 + len(script)
    assert "if-none-match" not in hits[0].headers  # nothing known yet
    for hit in hits[1:]:  # every repeat request, after errors too
        assert hit.headers.get("if-none-match") in ('"v1"', '"v2"')
        assert hit.headers.get("if-modified-since")
    assert hits[-1].headers["if-none-match"] == '"v2"'  # the newest validators


def test_user_agent_names_seasonwatch_on_every_hop(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    server.add("/old", Reply(301, b"", {"Location": "/new"}))
    server.add("/new", Reply(200, hostile.GOOD))
    with Store(tmp_path, writable=True) as store:
        poll(make_poller([server.url("/old")], store, FrozenClock(START), pool))
    agents = {hit.headers["user-agent"] for hit in server.requests}
    assert agents == {USER_AGENT}
    assert USER_AGENT.startswith("seasonwatch/")


def test_retry_after_is_honoured_before_the_next_request(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    reply = {"now": Reply(429, b"", {"Retry-After": "7200"})}
    url = server.add("/f", lambda _seen: reply["now"])
    clock = FrozenClock(START)
    with Store(tmp_path, writable=True) as store:
        poller = make_poller([url], store, clock, pool)
        poll(poller)
        reply["now"] = Reply(200, hostile.GOOD)
        for _ in range(7):  # every 15 minutes for the next 1 h 45 min: not due
            clock.advance(INTERVAL)
            assert poll(poller).outcomes == ()
        assert len(server.hits("/f")) == 1
        clock.advance(INTERVAL)  # 2 h: due, and fine again
        assert [o.status for o in poll(poller).outcomes] == [FeedStatus.OK]
    assert len(server.hits("/f")) == 2


def test_at_most_two_connections_per_host_at_once(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    in_flight = {"now": 0, "most": 0}
    guard = threading.Lock()

    def slow(_seen: Seen) -> Reply:
        with guard:
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])
        time.sleep(0.3)
        with guard:
            in_flight["now"] -= 1
        return Reply(200, hostile.GOOD)

    urls = [server.add(f"/f{i}", slow) for i in range(10)]
    with Store(tmp_path, writable=True) as store:
        began = time.perf_counter()
        report = poll(make_poller(urls, store, FrozenClock(START), pool))
        elapsed = time.perf_counter() - began
    assert all(o.status is FeedStatus.OK for o in report.outcomes)
    assert in_flight["most"] == 2  # requests at once
    assert server.max_connections["127.0.0.1"] <= 2  # sockets open at once
    assert elapsed >= 5 * 0.3  # ten requests, two at a time


def test_the_per_host_limit_holds_across_redirects(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    port = server.base.rsplit(":", 1)[1]

    def slow(_seen: Seen) -> Reply:
        time.sleep(0.3)
        return Reply(200, hostile.GOOD)

    server.add("/feed", slow)
    server.add("/start", Reply(302, b"", {"Location": f"http://cdn.test:{port}/feed"}))
    origins = [f"http://site{i}.test:{port}/start" for i in range(8)]
    claims = {f"site{i}.test": {"127.0.0.1"} for i in range(8)} | {"cdn.test": {"127.0.0.1"}}
    with hostile.fake_names(claims), Store(tmp_path, writable=True) as store:
        report = poll(make_poller(origins, store, FrozenClock(START), pool))
    assert all(o.status is FeedStatus.OK for o in report.outcomes), report.outcomes
    assert server.max_connections["cdn.test"] <= 2
    assert sum(server.max_connections[f"site{i}.test"] for i in range(8)) == 8


def test_failing_feed_backs_off_to_the_cap_never_stops_and_recovers_in_one_period(
    server: FeedServer, pool: ParserPool, tmp_path: Path
) -> None:
    broken = {"yes": True}
    url = server.add(
        "/f", lambda _seen: Reply(503, b"") if broken["yes"] else Reply(200, hostile.GOOD)
    )
    clock = FrozenClock(START)
    waits: list[timedelta] = []
    with Store(tmp_path, writable=True) as store:
        poller = make_poller([url], store, clock, pool)
        poll(poller)
        fixed_at = START + timedelta(days=2, hours=1, minutes=7)
        while True:
            state = store.feed_states()[url]
            assert state.next_poll is not None  # never disabled
            waits.append(state.next_poll - clock.now())
            if state.next_poll > fixed_at and broken["yes"]:
                broken["yes"] = False  # the server is fixed between two polls
            clock.current = state.next_poll
            poll(poller)
            if store.feed_states()[url].status is FeedStatus.OK:
                break
        recovered_at = clock.now()
        state = store.feed_states()[url]
    assert waits[:5] == [INTERVAL * 2**n for n in range(5)]
    assert max(waits) == BACKOFF_CAP and waits[-1] == BACKOFF_CAP
    assert recovered_at - fixed_at <= BACKOFF_CAP  # back within one backoff period
    assert state.error is None and state.next_poll == recovered_at + INTERVAL
    requests_while_broken = len(server.hits("/f")) - 1
    # two days of failure cost about a dozen requests instead of 200
    assert requests_while_broken < 20
