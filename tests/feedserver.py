"""A real HTTP server on 127.0.0.1 for tests: routes, conditional GET, drips, bombs.

pytest-httpserver serves one request at a time; the hostile cases (a server that
drips a byte a second while others answer) need a threaded server whose handlers
can stream, so the suite has this small one. Every response is scripted by a route;
every request is recorded so tests can assert what the client sent.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """A scripted response; ``body`` may be an iterable of chunks to stream."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    """The status line's reason phrase (None: the standard one)."""
    close: bool = False
    """Hang up right after the body, whatever Content-Length promised."""


@dataclass(frozen=True)
class Seen:
    """A request the server received."""

    path: str
    headers: dict[str, str]


Route = Callable[[Seen], Reply]


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (as they should on hostile replies) are not test failures."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class FeedServer:
    """A threaded HTTP server with scripted routes; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.max_connections: dict[str, int] = {}
        """Most connections open at once, by the Host header of their first request."""
        self._connections: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            _host: str | None = None

            def do_GET(self) -> None:
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                with server._lock:
                    server.requests.append(seen)
                    if self._host is None:
                        self._host = seen.headers.get("host", "").rsplit(":", 1)[0]
                        count = server._connections.get(self._host, 0) + 1
                        server._connections[self._host] = count
                        most = max(count, server.max_connections.get(self._host, 0))
                        server.max_connections[self._host] = most
                route = server.routes.get(self.path.split("?")[0])
                reply = route(seen) if route else Reply(404, b"not found")
                self._send(reply)

            def finish(self) -> None:
                super().finish()
                if self._host is not None:
                    with server._lock:
                        server._connections[self._host] -= 1

            def _send(self, reply: Reply) -> None:
                if reply.close:
                    self.close_connection = True
                self.send_response(reply.status, reply.reason)
                streamed = not isinstance(reply.body, bytes)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if streamed:
                    self.send_header("Transfer-Encoding", "chunked")
                elif "content-length" not in {k.lower() for k in reply.headers}:
                    assert isinstance(reply.body, bytes)
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if streamed:
                        for chunk in reply.body:
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                            self.wfile.flush()
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        assert isinstance(reply.body, bytes)
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on hostile replies

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        """The full URL of a path on this server."""
        return self.base + path

    def add(self, path: str, route: Route | Reply) -> str:
        """Serve ``path``; returns its URL."""
        self.routes[path] = route if callable(route) else (lambda _seen, r=route: r)
        return self.url(path)

    def hits(self, path: str) -> list[Seen]:
        """Requests received for a path."""
        with self._lock:
            return [r for r in self.requests if r.path.split("?")[0] == path]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def conditional(body: bytes, etag: str, last_modified: str, content_type: str) -> Route:
    """A route that answers 304 when the client sends our validators back."""

    def route(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == etag or (
            seen.headers.get("if-modified-since") == last_modified
        ):
            return Reply(304, b"", {"ETag": etag, "Last-Modified": last_modified})
        headers = {"ETag": etag, "Last-Modified": last_modified, "Content-Type": content_type}
        return Reply(200, body, headers)

    return route


def drip(payload: bytes, delay: float) -> Iterator[bytes]:
    """Stream one byte per ``delay`` seconds (a read timeout never fires)."""
    for byte in payload:
        time.sleep(delay)
        yield bytes([byte])


def gzip_bomb(decoded_size: int) -> bytes:
    """A small gzip body that inflates to ``decoded_size`` zero bytes."""
    return gzip.compress(b"\0" * decoded_size, compresslevel=9)


def rss(*items: tuple[str, str, str], title: str = "Test TV") -> bytes:
    """A minimal RSS 2.0 body from (guid, title, description) triples."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{t}</title>"
        f"<link>https://example.org/{guid}</link><description>{d}</description>"
        f"<pubDate>Fri, 24 Mar 2017 10:00:00 +0000</pubDate></item>"
        for guid, t, d in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>https://example.org/</link><description>t</description>{entries}</channel></rss>"
    ).encode()
