"""Fetching feed bytes over HTTP (httpx) or from disk, always within bounds.

A feed server is a stranger, so every fetch is bounded: a total deadline per feed
(httpx's read timeout is per chunk, so a server dripping one byte every second would
otherwise never end), a cap on the *decoded* body enforced while streaming (we
decompress ourselves with an output limit, so a small gzip bomb cannot inflate in
memory), at most five redirects that we follow by hand so each hop can be checked
(``ingest.redirects``), at most two requests (so two connections) per host at a time,
redirect hops included, and a bounded number in flight overall. Whatever the server
sent that ends up in an error message (a reason phrase, a redirect target) is cleaned
of control characters first: errors are shown to the user in the terminal.

Being polite is part of the job: a User-Agent that names us, conditional GET with
the validators of the last answer and the server's Retry-After reported back to the
scheduler (``ingest.conditional``).

Requests go straight to httpx's connection pool (``AsyncHTTPTransport``), not through
an ``AsyncClient``: the client's layers (merging its defaults into every request, auth
flows, cookie bookkeeping on every response, its own redirect handling) were a quarter
of the cost of a 304. What of them a feed needs is done here, and only when it applies:
Basic auth for a URL that carries a user name (``https://user:pass@host/feed``), and a
cookie jar for the cycle, read only by responses that set a cookie (a consent wall
that redirects back to the feed with one). The proxy settings from the environment
(HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are the client's: when any is set,
requests go through an ``AsyncClient``, which routes them exactly as httpx always has.
"""

from __future__ import annotations

import asyncio
import base64
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.request import getproxies

import httpx

from ingest.conditional import Fetched, check_status, validator_headers
from ingest.errors import FeedTimeoutError, FeedTooLargeError, FetchError, RedirectError
from ingest.plaintext import safe_line
from ingest.redirects import is_public, next_hop

USER_AGENT = "seasonwatch/0.1 (terminal feed reader; +https://github.com/seasonwatch/seasonwatch)"
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"  # noqa: E501
_HEADERS = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """The bounds every fetch runs within."""

    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    """Longest wait for the next chunk of the body."""
    deadline: float = 20.0
    """Longest a whole fetch may take, redirects and body included."""
    max_bytes: int = 10 * 1024 * 1024
    """Largest decoded body accepted."""
    max_redirects: int = 5
    per_host: int = 2
    """Connections in flight to one host at a time."""
    in_flight: int = 16
    """Fetches in flight overall; httpx's pool slows down badly when far more queue."""


class _BoundedDecoder:
    """Decodes a Content-Encoding with an output limit, so bombs fail before they inflate."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self._identity = encoding in ("", "identity")
        if encoding in ("gzip", "x-gzip"):
            self._zlib: zlib._Decompress | None = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)
        elif self._identity:
            self._zlib = None
        else:
            raise FetchError(f"unsupported Content-Encoding '{safe_line(encoding, 40)}'")

    def decode(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of ``data``; at most ``room + 1`` so the caller sees an overflow."""
        if self._zlib is None:
            return data
        try:
            out = self._zlib.decompress(data, room + 1)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}") from exc
        return out

    def finish(self) -> None:
        """Raise if a compressed body stopped before its end (truncated or corrupt)."""
        if self._zlib is not None and not self._zlib.eof:
            raise FetchError("corrupt compressed body: it ends before the compressed data does")


class Fetcher:
    """One connection pool with the limits applied; use as ``async with Fetcher() as f``."""

    def __init__(
        self, limits: FetchLimits | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.limits = limits or FetchLimits()
        self._timeout = httpx.Timeout(
            connect=self.limits.connect_timeout,
            read=self.limits.read_timeout,
            write=self.limits.read_timeout,
            pool=self.limits.deadline,
        ).as_dict()
        pool = httpx.Limits(
            max_connections=self.limits.in_flight,
            max_keepalive_connections=self.limits.in_flight,
        )
        self._close: Callable[[], Awaitable[None]]
        self._send: Callable[[httpx.Request], Awaitable[httpx.Response]]
        if transport is None and _proxies_in_environment():
            client = httpx.AsyncClient(limits=pool, follow_redirects=False)
            self._send, self._close = _streamed(client), client.aclose
        else:
            transport = transport or httpx.AsyncHTTPTransport(limits=pool)
            self._send, self._close = transport.handle_async_request, transport.aclose
        self._cookies = httpx.Cookies()
        self._in_flight = asyncio.Semaphore(self.limits.in_flight)
        self._per_host: dict[str, asyncio.Semaphore] = {}

    def _host_semaphore(self, host: str) -> asyncio.Semaphore:
        return self._per_host.setdefault(host, asyncio.Semaphore(self.limits.per_host))

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()

    def _request(self, url: str, headers: dict[str, str]) -> httpx.Request:
        """A GET of ``url`` with every header, its cookies and the timeouts.

        InvalidURL if it is not one. Credentials in the URL become Basic auth for this
        URL alone, so a redirect elsewhere does not carry them.
        """
        request = httpx.Request("GET", url, headers=headers, extensions={"timeout": self._timeout})
        target = request.url
        if target.port is not None and not 0 < target.port < 65536:
            raise httpx.InvalidURL(f"port {target.port} is out of range")
        if target.userinfo:
            credentials = f"{target.username}:{target.password}".encode()
            request.headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        if self._cookies:
            self._cookies.set_cookie_header(request)
        return request

    async def fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        """GET ``url`` within the limits; a FetchError subclass for every failure.

        Waiting for a free slot (overall, and for the feed's host) is not counted in
        the deadline; waiting for the host of a redirect target is.
        """
        headers = {**_HEADERS, **validator_headers(etag, last_modified)}
        try:
            request = self._request(url, headers)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {safe_line(str(exc))}") from exc
        async with self._in_flight:
            slot = _HostSlot(self._host_semaphore)
            await slot.move_to(request.url.host)
            try:
                async with asyncio.timeout(self.limits.deadline):
                    return await self._follow(url, request, headers, slot, etag, last_modified)
            except TimeoutError as exc:
                raise FeedTimeoutError(
                    f"no complete answer within {self.limits.deadline:g} s"
                ) from exc
            except httpx.TimeoutException as exc:
                raise FeedTimeoutError(f"timed out: {_describe(exc)}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(_describe(exc)) from exc
            finally:
                slot.release()

    async def _follow(
        self,
        url: str,
        request: httpx.Request,
        headers: dict[str, str],
        slot: _HostSlot,
        etag: str | None,
        last_modified: str | None,
    ) -> Fetched:
        """Send ``request`` (a GET of ``url``), then each redirect's, one hop at a time."""
        current = url
        origin_is_public: bool | None = None  # asked only if the feed redirects
        for hop in range(self.limits.max_redirects + 1):
            response = await self._send(request)
            response.request = request
            if "set-cookie" in response.headers:
                self._cookies.extract_cookies(response)
            try:
                if response.status_code not in (301, 302, 303, 307, 308):
                    return await self._answer(current, response, etag, last_modified)
                if hop == self.limits.max_redirects:
                    break
                if origin_is_public is None:
                    origin_is_public = await is_public(url) is not False
                current = await next_hop(current, response, origin_is_public)
            finally:
                await response.aclose()
            try:
                request = self._request(current, headers)
            except httpx.InvalidURL as exc:
                raise RedirectError(
                    f"refused a redirect to an invalid URL: {safe_line(str(exc))}"
                ) from exc
            await slot.move_to(request.url.host)
        raise RedirectError(f"more than {self.limits.max_redirects} redirects")

    async def _answer(
        self, url: str, response: httpx.Response, etag: str | None, last_modified: str | None
    ) -> Fetched:
        status = response.status_code
        if status == 304:
            # A 304 has no body by HTTP framing; reading that nothing lets httpcore keep
            # the connection (closed unread, every conditional GET opened a new one).
            await response.aread()
            return Fetched(None, etag, last_modified, url, status)
        check_status(response)
        body = await self._read_body(response)
        return Fetched(
            body,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            url,
            status,
        )

    async def _read_body(self, response: httpx.Response) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FeedTooLargeError(f"body of {int(declared):,} bytes is over the {cap:,}-byte cap")
        decoder = _BoundedDecoder(response.headers.get("content-encoding", ""))
        body = bytearray()
        async for chunk in response.aiter_raw():
            body += decoder.decode(chunk, cap - len(body))
            if len(body) > cap:
                raise FeedTooLargeError(f"body passed the {cap:,}-byte cap (decoded)")
        decoder.finish()
        return bytes(body)


class _HostSlot:
    """One fetch's place among the requests to one host, moved along its redirects.

    Only one host's slot is held at a time (the old one is given back before the
    next is awaited), so two fetches redirecting towards each other's hosts cannot
    wait on each other forever.
    """

    def __init__(self, semaphore_for: Callable[[str], asyncio.Semaphore]) -> None:
        self._semaphore_for = semaphore_for
        self._host: str | None = None

    async def move_to(self, host: str) -> None:
        """Hold a slot for ``host`` (waiting if it has ``per_host`` requests in flight)."""
        if host == self._host:
            return
        self.release()
        await self._semaphore_for(host).acquire()
        self._host = host

    def release(self) -> None:
        """Give the slot back."""
        if self._host is not None:
            self._semaphore_for(self._host).release()
            self._host = None


def _proxies_in_environment() -> bool:
    """Whether the environment names a proxy for http or https (what httpx would use)."""
    proxies = getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _streamed(client: httpx.AsyncClient) -> Callable[[httpx.Request], Awaitable[httpx.Response]]:
    """``client.send`` returning before the body is read, like a transport."""

    async def send(request: httpx.Request) -> httpx.Response:
        return await client.send(request, stream=True)

    return send


def _describe(exc: httpx.HTTPError) -> str:
    return safe_line(str(exc) or type(exc).__name__)


def read_local(path: str, limits: FetchLimits, last_modified: str | None) -> Fetched:
    """Read a local feed file, with the same size cap; unchanged files are not read.

    The file's modification time and size serve as its Last-Modified validator, so a
    poll of unchanged local feeds costs one stat each.
    """
    file = Path(path)
    try:
        st = file.stat()
    except FileNotFoundError as exc:
        raise FetchError(f"no such file: {path}") from exc
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from exc
    if not file.is_file():
        raise FetchError(f"not a file: {path}")
    stamp = f"mtime:{st.st_mtime_ns}:size:{st.st_size}"
    if stamp == last_modified:
        return Fetched(None, None, stamp, path)
    if st.st_size > limits.max_bytes:
        raise FeedTooLargeError(
            f"file of {st.st_size:,} bytes is over the {limits.max_bytes:,}-byte cap"
        )
    try:
        with file.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)  # the file may grow after the stat
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from exc
    if len(body) > limits.max_bytes:
        raise FeedTooLargeError(f"file passed the {limits.max_bytes:,}-byte cap")
    if body[:2] == b"\x1f\x8b":  # a gzipped feed saved as is
        decoder = _BoundedDecoder("gzip")
        body = decoder.decode(body, limits.max_bytes)
        if len(body) > limits.max_bytes:
            raise FeedTooLargeError(f"file passed the {limits.max_bytes:,}-byte cap (decoded)")
        decoder.finish()
    return Fetched(body, None, stamp, path)
