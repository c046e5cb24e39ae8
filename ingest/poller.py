"""One poll cycle: fetch the due feeds, parse them out of process, store what changed.

``Poller.poll_once`` is the whole ingest pipeline for one cycle. Each feed runs
independently (reader's ``UpdateResult`` idea): whatever goes wrong with one feed —
a timeout, a 500, HTML instead of XML, a bug of ours — becomes that feed's error in
its state and in the report, and never touches the others. The cycle ends with a
single atomic store write, and none at all when nothing changed.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from ingest.clock import Clock, SystemClock
from ingest.conditional import Fetched
from ingest.config import Config, FeedConfig
from ingest.errors import FeedError, HTTPStatusError
from ingest.fetch import Fetcher, FetchLimits, read_local
from ingest.parse import ParsedEntry, ParsedFeed, ParseJob
from ingest.parsepool import ParserPool
from ingest.records import FeedState, FeedStatus, NewsItem, item_id_for
from ingest.schedule import after_failure, after_success, is_due
from ingest.store import Store
from rules import RULES_VERSION, Show

READING_KEY = "reading_key"
"""FeedState.extra key: the rules version and shows a feed's items were last read with."""


_NO_ITEMS: tuple[NewsItem, ...] = ()
_NONE_KNOWN: frozenset[str] = frozenset()
"""Shared empties for the feeds that brought nothing: most of them, in most cycles."""


def reading_key(shows: Sequence[Show]) -> str:
    """Changes when the rules or the tracked shows change, so old bodies get read again."""
    text = RULES_VERSION + "\x00" + repr(tuple(shows))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's poll went."""

    url: str
    name: str
    status: FeedStatus
    error: str | None = None
    entries: int = 0
    matched: int = 0
    new: int = 0
    updated: int = 0
    seconds: float = 0.0
    next_poll: datetime | None = None


@dataclass(frozen=True, slots=True, repr=False)
class PollReport:
    """The result of one cycle: every polled feed's outcome and the items it changed."""

    started: datetime
    finished: datetime
    outcomes: tuple[FeedOutcome, ...] = ()
    new_items: tuple[NewsItem, ...] = ()
    updated_items: tuple[NewsItem, ...] = ()
    not_due: int = 0
    """Configured feeds skipped because their next poll had not come."""
    wrote: bool = False
    """Whether the cycle wrote the item store (it does not when nothing changed)."""
    warnings: tuple[str, ...] = field(default=())

    def count(self, status: FeedStatus) -> int:
        """How many feeds ended with ``status``."""
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        """The outcomes that are errors."""
        return tuple(o for o in self.outcomes if o.status is FeedStatus.ERROR)

    def __repr__(self) -> str:
        """Counts, not contents: a report can hold thousands of items.

        ``asyncio.run`` formats its task's result on the way out (Python 3.11, in
        ``signal.getsignal``); the full dataclass repr of a 1,000-feed report took
        longer than a tenth of the cycle's own work.
        """
        return (
            f"PollReport(started={self.started.isoformat()}, feeds={len(self.outcomes)}, "
            f"failed={len(self.failed)}, new_items={len(self.new_items)}, "
            f"updated_items={len(self.updated_items)}, not_due={self.not_due}, "
            f"wrote={self.wrote}, warnings={len(self.warnings)})"
        )


ProgressCallback = Callable[[FeedOutcome, int, int], None]
"""Called after each feed: (outcome, feeds done, feeds due)."""


class Poller:
    """Polls a config's feeds into a store. Holds the parse workers between cycles."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        clock: Clock | None = None,
        pool: ParserPool | None = None,
        limits: FetchLimits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock or SystemClock()
        self.limits = limits or FetchLimits()
        self._pool = pool
        self._owns_pool = pool is None
        self._transport = transport
        self._key = reading_key(config.shows)

    @property
    def pool(self) -> ParserPool:
        """The parse workers, started on first use."""
        if self._pool is None:
            self._pool = ParserPool()
        return self._pool

    def retrack(self, config: Config) -> None:
        """Poll with ``config`` from the next cycle on (a show added or removed).

        Its reading key changes with the shows, so feeds whose bodies did not change
        are read again with the new show list at their next poll.
        """
        self.config = config
        self._key = reading_key(config.shows)

    def close(self) -> None:
        """Stop the parse workers this poller started."""
        if self._owns_pool and self._pool is not None:
            self._pool.close()
            self._pool = None

    def next_due(self) -> datetime | None:
        """The earliest time a configured feed is due (None: one is due now or never polled)."""
        states = self.store.feed_states()
        times = [states[f.url].next_poll if f.url in states else None for f in self.config.feeds]
        if not times or any(t is None for t in times):
            return None
        return min(t for t in times if t is not None)

    async def poll_once(
        self, *, force: bool = False, progress: ProgressCallback | None = None
    ) -> PollReport:
        """Poll every due feed (every feed with ``force``) and store the results."""
        started = self.clock.now()
        # Blocking work stays off the event loop (the dashboard draws on it): reading
        # the feeds' state, and below, building the client and starting the workers.
        states = await asyncio.to_thread(self.store.feed_states)
        outcome_new_ids: dict[str, set[str]] = {}
        due = [f for f in self.config.feeds if force or is_due(states.get(f.url), started)]
        done = 0

        async def one(feed: FeedConfig) -> tuple[FeedState, Sequence[NewsItem], FeedOutcome]:
            nonlocal done
            result = await self._poll_feed(
                fetcher, feed, states.get(feed.url), started, outcome_new_ids
            )
            done += 1
            if progress:
                progress(result[2], done, len(due))
            return result

        # The client loads the TLS trust store (~50 ms); the pool imports and forks.
        fetcher = await asyncio.to_thread(Fetcher, self.limits, self._transport)
        if due:
            await asyncio.to_thread(lambda: self.pool)
        async with fetcher:
            results = await asyncio.gather(*(one(feed) for feed in due))
        changed: dict[str, NewsItem] = {}
        new_ids: set[str] = set()
        for _state, items, outcome in results:
            for item in items:
                changed.setdefault(item.id, item)
            new_ids.update(outcome_new_ids.get(outcome.url, ()))
        new_states = [state for state, _items, _outcome in results]
        if changed or new_states:
            await asyncio.to_thread(self.store.save_poll, list(changed.values()), new_states)
        return PollReport(
            started=started,
            finished=self.clock.now(),
            outcomes=tuple(outcome for _s, _i, outcome in results),
            new_items=tuple(i for i in changed.values() if i.id in new_ids),
            updated_items=tuple(i for i in changed.values() if i.id not in new_ids),
            not_due=len(self.config.feeds) - len(due),
            wrote=bool(changed),
        )

    async def _poll_feed(
        self,
        fetcher: Fetcher,
        feed: FeedConfig,
        state: FeedState | None,
        now: datetime,
        new_ids: dict[str, set[str]],
    ) -> tuple[FeedState, Sequence[NewsItem], FeedOutcome]:
        began = time.perf_counter()
        if state is None:
            previous = FeedState(feed.url, feed.name)
        elif state.name != feed.name:
            previous = replace(state, name=feed.name)
        else:
            previous = state  # every replace a feed can skip counts when 1,000 answer 304
        if previous.extra.get(READING_KEY) != self._key:
            # New rules or new shows: the unchanged bodies must be read again.
            previous = replace(previous, etag=None, last_modified=None, body_hash=None)
        try:
            fetched = await self._fetch(fetcher, feed, previous)
            new_state, items, parsed, known = await self._digest(feed, previous, fetched, now)
        except FeedError as exc:
            retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
            new_state = after_failure(previous, now, feed.poll_interval, str(exc), retry_after)
            return new_state, _NO_ITEMS, self._outcome(feed, new_state, began)
        except Exception as exc:  # a bug of ours must cost one feed, not the cycle
            message = f"unexpected error: {type(exc).__name__}: {exc}"
            new_state = after_failure(previous, now, feed.poll_interval, message)
            return new_state, _NO_ITEMS, self._outcome(feed, new_state, began)
        if new_state.extra.get(READING_KEY) != self._key:
            new_state = replace(new_state, extra={**new_state.extra, READING_KEY: self._key})
        if items:
            new_ids[feed.url] = {i.id for i in items} - known
        outcome = self._outcome(
            feed,
            new_state,
            began,
            entries=parsed.entries_total if parsed else 0,
            matched=len(parsed.entries) if parsed else 0,
            new=len(items) - len(known),
            updated=len(known),
        )
        return new_state, items, outcome

    def _fetch(self, fetcher: Fetcher, feed: FeedConfig, state: FeedState) -> Awaitable[Fetched]:
        # Not a coroutine itself: one frame less on each of a fetch's many resumptions.
        if feed.is_local:
            return asyncio.to_thread(read_local, feed.url, self.limits, state.last_modified)
        return fetcher.fetch(feed.url, state.etag, state.last_modified)

    async def _digest(
        self, feed: FeedConfig, state: FeedState, fetched: Fetched, now: datetime
    ) -> tuple[FeedState, Sequence[NewsItem], ParsedFeed | None, Set[str]]:
        """The feed's new state, its new and changed items, the parse, the ids already stored."""
        etag = fetched.etag or (state.etag if fetched.not_modified else None)
        modified = fetched.last_modified or (state.last_modified if fetched.not_modified else None)
        if fetched.body is None:
            return self._unchanged(feed, state, now, etag, modified), _NO_ITEMS, None, _NONE_KNOWN
        body_hash = hashlib.sha256(fetched.body).hexdigest()
        if body_hash == state.body_hash:
            return self._unchanged(feed, state, now, etag, modified), _NO_ITEMS, None, _NONE_KNOWN
        job = ParseJob(fetched.body, fetched.url, self.config.shows, now)
        parsed, items, known = await asyncio.to_thread(self._read, feed, job, now)
        new_state = after_success(
            state,
            now,
            feed.poll_interval,
            status=FeedStatus.OK,
            etag=etag,
            last_modified=modified,
            body_hash=body_hash,
            title=parsed.title,
            entries=parsed.entries_total,
            matched=len(parsed.entries),
        )
        return new_state, items, parsed, known

    def _read(
        self, feed: FeedConfig, job: ParseJob, now: datetime
    ) -> tuple[ParsedFeed, list[NewsItem], set[str]]:
        """Parse (in a worker process), then compare with the stored items. Runs in a thread.

        The comparison reads the stored copies and builds the new items: up to tens of
        milliseconds of Python a feed, which on the event loop stalled the dashboard.
        """
        parsed = self.pool.parse(job)
        items, known = self._changed_items(feed, parsed.entries, now)
        return parsed, items, known

    def _unchanged(
        self,
        feed: FeedConfig,
        state: FeedState,
        now: datetime,
        etag: str | None,
        modified: str | None,
    ) -> FeedState:
        return after_success(
            state,
            now,
            feed.poll_interval,
            status=FeedStatus.NOT_MODIFIED,
            etag=etag,
            last_modified=modified,
        )

    def _changed_items(
        self, feed: FeedConfig, entries: Sequence[ParsedEntry], now: datetime
    ) -> tuple[list[NewsItem], set[str]]:
        """New items and stored ones whose text, feed name or reading changed; stored ids."""
        # For a feed given by a relative path, ``earlier`` holds each id's older form, made
        # from the resolved path before such paths were ids of their own: an item stored
        # under it (and not the new one) keeps it and its mark instead of being stored again.
        by_id: dict[str, ParsedEntry] = {}
        earlier: dict[str, str] = {}
        for entry in entries:
            stamp = entry.published.isoformat() if entry.published else ""
            item_id = item_id_for(feed.identity, entry.guid, entry.link, entry.title, stamp)
            if item_id in by_id:
                continue  # a duplicate guid in one feed: the first wins
            by_id[item_id] = entry
            if feed.identity != feed.url:
                earlier[item_id] = item_id_for(feed.url, entry.guid, entry.link, entry.title, stamp)
        stored = self.store.items_by_id([*by_id, *earlier.values()])  # one lookup for both
        keyed = {
            earlier[i] if i in earlier and i not in stored and earlier[i] in stored else i: entry
            for i, entry in by_id.items()
        }
        changed: dict[str, NewsItem] = {}
        for item_id, entry in keyed.items():
            old = stored.get(item_id)
            if (
                old is not None
                and old.content_hash == entry.content_hash
                and old.rules_version == RULES_VERSION
                and old.feed_name == feed.name
                and old.mentions == entry.reading.mentions
            ):
                continue
            changed[item_id] = NewsItem(
                id=item_id,
                feed_url=feed.url,
                feed_name=feed.name,
                title=entry.title,
                summary=entry.summary,
                link=entry.link,
                guid=entry.guid,
                published=entry.published or (old.published if old else now),
                first_seen=old.first_seen if old else now,
                updated_at=now,
                content_hash=entry.content_hash,
                mentions=entry.reading.mentions,
                claims=entry.reading.claims,
                rules_version=RULES_VERSION,
            )
        return list(changed.values()), set(stored) & set(changed)

    def _outcome(
        self, feed: FeedConfig, state: FeedState, began: float, **counts: int
    ) -> FeedOutcome:
        return FeedOutcome(
            url=feed.url,
            name=feed.name,
            status=state.status,
            error=state.error,
            seconds=time.perf_counter() - began,
            next_poll=state.next_poll,
            **counts,
        )
