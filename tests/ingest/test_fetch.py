"""Fetching over real HTTP on 127.0.0.1: validators, statuses, redirects and bounds."""

from __future__ import annotations

import asyncio
import base64
import gzip
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.conditional import Fetched
from ingest.errors import (
    FeedTimeoutError,
    FeedTooLargeError,
    FetchError,
    HTTPStatusError,
    RedirectError,
)
from ingest.fetch import USER_AGENT, Fetcher, FetchLimits, read_local
from tests.feedserver import FeedServer, Reply, Seen, conditional, drip, gzip_bomb, rss

BODY = rss(("a", "Daredevil season 3", "Coming in 2018"))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def fetch(
    url: str, etag: str | None = None, modified: str | None = None, **limits: float
) -> Fetched:
    async def go() -> Fetched:
        async with Fetcher(FetchLimits(**limits)) as fetcher:  # type: ignore[arg-type]
            return await fetcher.fetch(url, etag, modified)

    return asyncio.run(go())


def test_200_returns_body_and_validators(server: FeedServer) -> None:
    url = server.add(
        "/feed", conditional(BODY, '"v1"', "Fri, 24 Mar 2017 10:00:00 GMT", "application/rss+xml")
    )
    got = fetch(url)
    assert got.body == BODY
    assert (got.etag, got.last_modified, got.status) == (
        '"v1"',
        "Fri, 24 Mar 2017 10:00:00 GMT",
        200,
    )
    assert server.hits("/feed")[0].headers["user-agent"] == USER_AGENT


def test_etag_gets_304_not_modified(server: FeedServer) -> None:
    url = server.add(
        "/feed", conditional(BODY, '"v1"', "Fri, 24 Mar 2017 10:00:00 GMT", "text/xml")
    )
    got = fetch(url, etag='"v1"')
    assert got.not_modified and got.status == 304
    assert got.etag == '"v1"'
    assert server.hits("/feed")[0].headers["if-none-match"] == '"v1"'


def test_last_modified_gets_304(server: FeedServer) -> None:
    stamp = "Fri, 24 Mar 2017 10:00:00 GMT"
    url = server.add("/feed", conditional(BODY, '"v1"', stamp, "text/xml"))
    got = fetch(url, modified=stamp)
    assert got.not_modified
    assert server.hits("/feed")[0].headers["if-modified-since"] == stamp


@pytest.mark.parametrize("status", [404, 410, 500, 502])
def test_error_statuses_raise_with_the_status(server: FeedServer, status: int) -> None:
    url = server.add("/feed", Reply(status, b"nope"))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(url)
    assert caught.value.status == status
    assert str(caught.value).startswith(f"HTTP {status}")


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_reported(server: FeedServer, status: int) -> None:
    url = server.add("/feed", Reply(status, b"slow down", {"Retry-After": "120"}))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(url)
    assert caught.value.retry_after == 120


def test_redirects_are_followed_up_to_five(server: FeedServer) -> None:
    for hop in range(5):
        server.add(f"/r{hop}", Reply(301, b"", {"Location": f"/r{hop + 1}"}))
    final = server.add("/r5", Reply(200, BODY))
    got = fetch(server.url("/r0"))
    assert got.body == BODY and got.url == final


def test_six_redirects_are_refused(server: FeedServer) -> None:
    for hop in range(6):
        server.add(f"/r{hop}", Reply(302, b"", {"Location": f"/r{hop + 1}"}))
    server.add("/r6", Reply(200, BODY))
    with pytest.raises(RedirectError, match="more than 5 redirects"):
        fetch(server.url("/r0"))


def test_redirect_loop_is_bounded(server: FeedServer) -> None:
    url = server.add("/loop", Reply(307, b"", {"Location": "/loop"}))
    with pytest.raises(RedirectError):
        fetch(url)
    assert len(server.hits("/loop")) == 6


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]
)
def test_redirect_to_other_schemes_is_refused(server: FeedServer, target: str) -> None:
    url = server.add("/feed", Reply(302, b"", {"Location": target}))
    with pytest.raises(RedirectError, match="non-http"):
        fetch(url)


def test_total_deadline_stops_a_drip(server: FeedServer) -> None:
    url = server.add("/drip", Reply(200, drip(BODY, 0.2), {"Content-Type": "text/xml"}))
    began = time.monotonic()
    with pytest.raises(FeedTimeoutError, match="within 1 s"):
        fetch(url, deadline=1.0, read_timeout=5.0)
    assert time.monotonic() - began < 3


def test_declared_oversize_is_refused_before_reading(server: FeedServer) -> None:
    url = server.add("/big", Reply(200, b"x" * 5000))
    with pytest.raises(FeedTooLargeError, match="5,000 bytes"):
        fetch(url, max_bytes=1000)


def test_streamed_oversize_is_refused(server: FeedServer) -> None:
    url = server.add("/big", Reply(200, (b"x" * 1000 for _ in range(50))))
    with pytest.raises(FeedTooLargeError):
        fetch(url, max_bytes=10_000)


def test_gzip_bomb_is_stopped_at_the_decoded_cap(server: FeedServer) -> None:
    bomb = gzip_bomb(200 * 1024 * 1024)
    assert len(bomb) < 300 * 1024
    url = server.add("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with pytest.raises(FeedTooLargeError, match="decoded"):
        fetch(url, max_bytes=1024 * 1024)


def test_gzip_body_is_decoded(server: FeedServer) -> None:
    url = server.add("/gz", Reply(200, gzip.compress(BODY), {"Content-Encoding": "gzip"}))
    assert fetch(url).body == BODY


def test_unknown_encoding_is_an_error(server: FeedServer) -> None:
    url = server.add("/br", Reply(200, b"xx", {"Content-Encoding": "br"}))
    with pytest.raises(FetchError, match="Content-Encoding"):
        fetch(url)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy named in the environment, in either case."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """A forward proxy on 127.0.0.1 named in the environment, as a user behind one has."""
    no_proxies(monkeypatch)
    with FeedServer() as running:
        monkeypatch.setenv("http_proxy", running.base)
        yield running


def test_a_proxy_in_the_environment_carries_the_request(proxy: FeedServer) -> None:
    # Without a client, requests go straight to the connection pool; a proxy in the
    # environment must still be used, as httpx's client always did.
    url = "http://feeds.proxied.test/feed"
    proxy.add(url, conditional(BODY, '"v1"', "Fri, 24 Mar 2017 10:00:00 GMT", "text/xml"))
    assert fetch(url).body == BODY
    assert fetch(url, etag='"v1"').not_modified
    first, second = proxy.hits(url)
    assert first.headers["host"] == "feeds.proxied.test"
    assert first.headers["user-agent"] == USER_AGENT
    assert "application/rss+xml" in first.headers["accept"]
    assert second.headers["if-none-match"] == '"v1"'


def test_no_proxy_sends_a_host_past_the_proxy(
    proxy: FeedServer, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    url = server.add("/feed", Reply(200, BODY))
    assert fetch(url).body == BODY
    assert len(server.hits("/feed")) == 1
    assert proxy.requests == []


def test_without_a_proxy_requests_go_straight_to_the_server(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_proxies(monkeypatch)
    url = server.add("/feed", Reply(200, BODY))
    assert fetch(url).body == BODY
    (seen,) = server.hits("/feed")
    assert seen.path == "/feed"  # origin form: no proxy in between
    assert seen.headers["accept-encoding"] == "gzip, deflate"


def test_credentials_in_the_url_are_sent_to_that_url_alone(server: FeedServer) -> None:
    port = server.base.rsplit(":", 1)[1]
    expected = "Basic " + base64.b64encode(b"user:s3cret").decode()

    def private(seen: Seen) -> Reply:
        if seen.headers.get("authorization") != expected:
            return Reply(401, b"who are you?")
        return Reply(302, b"", {"Location": f"http://localhost:{port}/elsewhere"})

    server.add("/private", private)
    server.add("/elsewhere", Reply(200, BODY))
    url = server.url("/private").replace("http://", "http://user:s3cret@")
    assert fetch(url).body == BODY
    (landed,) = server.hits("/elsewhere")
    assert "authorization" not in landed.headers  # another host: the credentials stay behind


def test_a_cookie_set_on_a_redirect_is_sent_back(server: FeedServer) -> None:
    # A consent wall: no cookie, a redirect that sets one, back to the same feed.
    def wall(seen: Seen) -> Reply:
        if "consent=yes" in seen.headers.get("cookie", ""):
            return Reply(200, BODY)
        return Reply(302, b"", {"Set-Cookie": "consent=yes; Path=/", "Location": "/wall"})

    url = server.add("/wall", wall)
    assert fetch(url).body == BODY
    assert len(server.hits("/wall")) == 2


def test_a_port_out_of_range_is_an_invalid_url() -> None:
    with pytest.raises(FetchError, match="invalid URL: port 99999 is out of range"):
        fetch("http://127.0.0.1:99999/feed")


def test_connection_refused_is_a_fetch_error() -> None:
    with FeedServer() as gone:
        url = gone.url("/feed")
    with pytest.raises(FetchError):
        fetch(url)


def test_local_file_uses_mtime_and_size_as_validator(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(BODY)
    limits = FetchLimits()
    first = read_local(str(path), limits, None)
    assert first.body == BODY and first.last_modified
    assert read_local(str(path), limits, first.last_modified).not_modified
    path.write_bytes(BODY + b" ")
    assert read_local(str(path), limits, first.last_modified).body == BODY + b" "


def test_local_gzip_and_caps(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress(BODY))
    assert read_local(str(path), FetchLimits(), None).body == BODY
    path.write_bytes(gzip_bomb(5 * 1024 * 1024))
    with pytest.raises(FeedTooLargeError):
        read_local(str(path), FetchLimits(max_bytes=1024 * 1024), None)
    with pytest.raises(FetchError, match="no such file"):
        read_local(str(tmp_path / "missing.xml"), FetchLimits(), None)
