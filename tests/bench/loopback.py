"""A fast feed server on 127.0.0.1, in its own process, for the HTTP benchmarks.

The test suite's ``FeedServer`` starts a thread per connection in the test process, so
its own cost (and the GIL it shares with the client) would blur what is measured. This
one is a single asyncio loop in a separate process that answers ``GET /feed/N``: a
small RSS body with an ETag, or 304 when the client sends that ETag back. Both the
seasonwatch poller and the bare httpx baselines talk to the same server in the same
run, so the server's cost is in every figure alike.

Run as ``python -m tests.bench.loopback``: it prints its port on one line and serves
until stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

ETAG = '"v1"'
BODY = (
    b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Loopback</title>"
    b"<link>https://example.org/</link><description>d</description>"
    b"<item><guid>1</guid><title>Box office: a film tops the weekend</title>"
    b"<pubDate>Tue, 01 Oct 2019 12:00:00 +0000</pubDate></item></channel></rss>"
)
_NOT_MODIFIED = f"HTTP/1.1 304 Not Modified\r\nETag: {ETAG}\r\nContent-Length: 0\r\n\r\n".encode()
_OK = (
    f"HTTP/1.1 200 OK\r\nETag: {ETAG}\r\nContent-Type: application/rss+xml\r\n"
    f"Content-Length: {len(BODY)}\r\n\r\n"
).encode() + BODY


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            fresh = f"if-none-match: {ETAG}".encode() in head.lower()
            writer.write(_NOT_MODIFIED if fresh else _OK)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _serve() -> None:
    server = await asyncio.start_server(_handle, "127.0.0.1", 0, backlog=2048)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    server.close()


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the server process; yields its base URL (http://127.0.0.1:PORT)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.loopback"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    asyncio.run(_serve())
