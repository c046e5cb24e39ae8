"""Parse worker processes: every feed is parsed out of process, with a deadline.

A size cap does not bound parse time: feedparser can spend seconds on a small hostile
feed (quadratic regexes, entity blow-ups) and a thread doing that holds the GIL and
freezes the dashboard. So parsing happens in a few long-lived worker processes, each
with an address-space ceiling; a job that runs past its deadline gets its worker
killed and replaced, and becomes that feed's ParseError. The rules run in the worker
too, so the process that draws the screen never parses or reads text.

``ParserPool.parse`` blocks; the async poller calls it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from ingest.errors import ParseError
from ingest.parse import ParsedFeed, ParseJob, parse_feed
from ingest.plaintext import safe_line

DEFAULT_TIMEOUT = 15.0
DEFAULT_MEMORY_LIMIT = 1 << 30  # 1 GiB of address space per worker


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no rlimits
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(conn: Connection, memory_limit: int) -> None:
    """A worker's loop: receive a job, send back ("ok", feed) or ("error", message).

    After running out of memory or stack the worker answers ("spent", message) and
    stops, so the pool starts a fresh one instead of trusting a damaged heap.
    """
    _limit_memory(memory_limit)
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        # Parsing is background work: when the CPU is busy, the process that draws the
        # dashboard should get it first (a poll beside a busy core stalled the UI
        # 54-95 ms with workers at the same priority).
        os.nice(10)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, object] = ("ok", parse_feed(job))
        except ParseError as exc:
            reply = ("error", safe_line(str(exc)))
        except MemoryError:
            reply = ("spent", "parsing it needed more memory than allowed")
        except RecursionError:
            reply = ("spent", "too deeply nested to parse")
        except Exception as exc:  # one feed's bug must not end the worker
            reply = ("error", safe_line(f"parser failed: {type(exc).__name__}: {exc}"))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        if reply[0] == "spent":
            return


_STDIO_SWAP = threading.Lock()


def _has_fd(stream: object) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """Give multiprocessing a real stderr while it starts its helper processes.

    The resource tracker and forkserver pass ``sys.stderr.fileno()`` to their child;
    a Textual app replaces ``sys.stderr`` with a capture whose fileno() is -1, and
    starting a process then fails with "bad value(s) in fds_to_keep".
    """
    with _STDIO_SWAP:
        if _has_fd(sys.stderr) or not _has_fd(sys.__stderr__):
            yield
            return
        captured, sys.stderr = sys.stderr, sys.__stderr__
        try:
            yield
        finally:
            sys.stderr = captured


class _Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, context: BaseContext, memory_limit: int) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child, memory_limit),
            name="seasonwatch-parser",
            daemon=True,
        )
        with _real_stderr():
            self.process.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


def _context() -> BaseContext:
    # forkserver forks workers from a clean single-threaded server: plain fork from a
    # process running Textual's threads is unsafe, and spawn re-imports everything.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["ingest.parse"])
    return context


class ParserPool:
    """A small pool of parse workers with a per-job deadline and memory ceiling."""

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.size = workers or max(1, min(4, os.cpu_count() or 1))
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._context = _context()
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._workers: set[_Worker] = set()
        self._guard = threading.Lock()
        self._closed = False

    def parse(self, job: ParseJob) -> ParsedFeed:
        """Parse one body in a worker; ParseError on a bad feed, a timeout or a crash."""
        with self._slots:
            worker = self._take()
            try:
                worker.conn.send(job)
                if not worker.conn.poll(self.timeout):
                    self._discard(worker)
                    raise ParseError(f"parsing took longer than {self.timeout:g} s; gave up")
                status, payload = worker.conn.recv()
            except (EOFError, OSError, ValueError) as exc:
                self._discard(worker)
                raise ParseError("the parser process died (the feed may be too large)") from exc
            if status == "spent":
                self._discard(worker)
            else:
                self._idle.put(worker)
        if status == "ok":
            assert isinstance(payload, ParsedFeed)
            return payload
        raise ParseError(str(payload))

    def _take(self) -> _Worker:
        """A live worker: an idle one, else a new one (a few tries if they die at once)."""
        for _attempt in range(self.size + 3):
            with self._guard:
                if self._closed:
                    raise ParseError("the parser pool is shut down")
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                try:
                    worker = _Worker(self._context, self.memory_limit)
                except OSError as exc:  # fork or pipe refused: too many processes or files
                    raise ParseError(f"could not start a parser process: {exc}") from exc
                with self._guard:
                    self._workers.add(worker)
            if worker.process.is_alive():
                return worker
            self._discard(worker)
        raise ParseError("parser processes die as soon as they start")

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._guard:
            self._workers.discard(worker)

    def close(self) -> None:
        """Stop every worker; later ``parse`` calls fail."""
        with self._guard:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
