"""Frozen views of a data folder for the screens and commands that show it.

``Library`` is the in-memory model a long-running process (the dashboard) keeps: the
stored items, the user's marks and the feeds' state, loaded once and then changed by
deltas — a poll's new items, one mark — so a keypress never re-reads the store.
Estimates are recomputed only for the shows a change touched. ``snapshot()`` hands out
an immutable ``Snapshot`` a UI can render from any thread (memray's live-TUI shape).
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ingest.config import Config
from ingest.records import FeedState, Mark, NewsItem
from ingest.store import Store
from rules import (
    Claim,
    Evidence,
    ReviewState,
    SeasonEstimate,
    Show,
    estimate_seasons,
    newest_per_show,
)


@dataclass(frozen=True, slots=True)
class ItemView:
    """A stored item with the user's review state."""

    item: NewsItem
    state: ReviewState


@dataclass(frozen=True, slots=True)
class ShowStatus:
    """One tracked show: every season's estimate, the one to headline, and its news."""

    show: Show
    estimates: tuple[SeasonEstimate, ...]
    current: SeasonEstimate | None
    """The newest season's estimate (what a one-row-per-show view shows)."""
    items: int
    """Stored items that mention the show."""
    unreviewed: int
    """Of those, the ones still in state new."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a screen shows, frozen at one moment."""

    taken: datetime
    shows: tuple[ShowStatus, ...]
    items: tuple[ItemView, ...]
    """Newest first."""
    feeds: tuple[FeedState, ...]

    def show_status(self, title: str) -> ShowStatus | None:
        """The status of the show with this configured title."""
        return next((s for s in self.shows if s.show.title == title), None)


def evidence_from(
    items: Iterable[NewsItem], marks: Mapping[str, Mark], tracked: set[str]
) -> list[Evidence]:
    """The estimator's input: each item's claims about tracked shows, with its state."""
    evidence = []
    for item in items:
        claims = tuple(c for c in item.claims if c.show in tracked)
        if claims:
            mark = marks.get(item.id)
            state = mark.state if mark else ReviewState.NEW
            evidence.append(Evidence(item.id, item.published.date(), state, claims))
    return evidence


def estimate_all(
    items: Iterable[NewsItem], marks: Mapping[str, Mark], config: Config, today: date
) -> tuple[SeasonEstimate, ...]:
    """Every (show, season) estimate a store supports today."""
    tracked = {show.title for show in config.shows}
    return estimate_seasons(evidence_from(items, marks, tracked), today, config.lags)


class Library:
    """A data folder held in memory and kept current by deltas. Thread-safe.

    Besides the items it keeps, per show, the ids of the items that mention it and how
    many of those are unreviewed, so a mark or a new item updates a show's status
    without looking at the other shows' news: the cost of a keypress follows the news
    about the shows it touches, not the size of the store.
    """

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self._guard = threading.RLock()
        self._items: dict[str, NewsItem] = {item.id: item for item in store.items()}
        self._marks: dict[str, Mark] = store.marks()
        self._feeds: dict[str, FeedState] = store.feed_states()
        self._estimates: dict[str, tuple[SeasonEstimate, ...]] = {}
        self._estimated_for: date | None = None
        self._mentioning: defaultdict[str, set[str]] = defaultdict(set)
        self._unreviewed: Counter[str] = Counter()
        """Per show title, the items mentioning it still in state new."""
        self._new = 0
        """Stored items still in state new."""
        for item in self._items.values():
            self._count(item, +1)

    @property
    def shows(self) -> tuple[Show, ...]:
        """The tracked shows, in config order."""
        return self.config.shows

    def item(self, item_id: str) -> NewsItem | None:
        """One item by id."""
        return self._items.get(item_id)

    def state_of(self, item_id: str) -> ReviewState:
        """The item's review state."""
        mark = self._marks.get(item_id)
        return mark.state if mark else ReviewState.NEW

    def mark(self, item_id: str, state: ReviewState, now: datetime) -> Mark:
        """Save the user's decision (durably, first) and update the estimates it touches."""
        mark = self.store.set_mark(item_id, state, now)
        with self._guard:
            item = self._items.get(item_id)
            if item is not None:
                self._count(item, -1)
            self._marks[item_id] = mark
            if item is not None:
                self._count(item, +1)
                self._invalidate(item.mentions)
        return mark

    def apply(self, items: Sequence[NewsItem], feeds: Iterable[FeedState] = ()) -> None:
        """Take a poll's new and changed items (already stored) and feed states."""
        with self._guard:
            for item in items:
                old = self._items.get(item.id)
                if old is not None:
                    self._count(old, -1)
                    self._invalidate(old.mentions)
                self._items[item.id] = item
                self._count(item, +1)
                self._invalidate(item.mentions)
            for feed in feeds:
                self._feeds[feed.url] = feed

    def counts(self) -> tuple[int, int]:
        """(stored items, of those the ones still in state new), without a scan."""
        with self._guard:
            return len(self._items), self._new

    def _count(self, item: NewsItem, sign: int) -> None:
        """Add (+1) or remove (-1) an item in the per-show indexes."""
        unreviewed = self.state_of(item.id) is ReviewState.NEW
        self._new += sign * unreviewed
        for title in item.mentions:
            if sign > 0:
                self._mentioning[title].add(item.id)
            else:
                self._mentioning[title].discard(item.id)
            self._unreviewed[title] += sign * unreviewed

    def reload_feeds(self) -> None:
        """Re-read the feeds' state from the store (after a poll saved it)."""
        with self._guard:
            self._feeds = self.store.feed_states()

    def retrack(self, config: Config, changed: Sequence[NewsItem] = ()) -> None:
        """Follow a new config (a show added or removed) and the items re-read for it.

        ``changed`` are the stored items whose reading changed (``ingest.reread``):
        they move between the shows' indexes like a poll's items. Every estimate is
        recomputed when the lags changed; otherwise only those of the touched shows.
        """
        with self._guard:
            if config.lags != self.config.lags:
                self._estimates.clear()
            self.config = config
            self.apply(changed)

    def _invalidate(self, titles: Iterable[str]) -> None:
        for title in titles:
            self._estimates.pop(title, None)

    def estimates(self, title: str, today: date) -> tuple[SeasonEstimate, ...]:
        """Every season estimate of one show, recomputed only when its evidence changed."""
        with self._guard:
            if self._estimated_for != today:
                self._estimates.clear()
                self._estimated_for = today
            cached = self._estimates.get(title)
            if cached is None:
                evidence = evidence_from(  # in id order, as the store lists them
                    (self._items[i] for i in sorted(self._mentioning.get(title, ()))),
                    self._marks,
                    {title},
                )
                cached = estimate_seasons(evidence, today, self.config.lags)
                self._estimates[title] = cached
            return cached

    def snapshot(self, now: datetime) -> Snapshot:
        """A frozen view of everything, as of ``now``."""
        today = now.date()
        with self._guard:
            items = sorted(self._items.values(), key=lambda i: i.published, reverse=True)
            views = tuple(ItemView(item, self.state_of(item.id)) for item in items)
            shows = tuple(self._show_status(show, views, today) for show in self.config.shows)
            feeds = tuple(
                self._feeds.get(f.url) or FeedState(url=f.url, name=f.name)
                for f in self.config.feeds
            )
        return Snapshot(taken=now, shows=shows, items=views, feeds=feeds)

    # --- bounded queries for a live UI: none of them builds a view of every item ----

    def view(self, item_id: str) -> ItemView | None:
        """One item with its review state."""
        with self._guard:
            item = self._items.get(item_id)
            return ItemView(item, self.state_of(item_id)) if item is not None else None

    def newest(
        self,
        limit: int,
        keep: Callable[[NewsItem], bool] | None = None,
        *,
        show: str | None = None,
    ) -> tuple[tuple[ItemView, ...], int]:
        """The ``limit`` newest items ``keep`` accepts (all if None), and how many it accepts.

        A screen shows a window, not the whole store: this costs one pass over the
        candidates and a heap of ``limit``, never a sort or a view of every item. With
        ``show`` the candidates are that show's items (its index), not every item.
        """
        with self._guard:
            if show is not None:
                pool: Iterable[NewsItem] = [self._items[i] for i in self._mentioning.get(show, ())]
            else:
                pool = self._items.values()
            if keep is None and limit <= 0:
                return (), len(pool) if isinstance(pool, list) else len(self._items)
            chosen = [i for i in pool if keep is None or keep(i)]
            top = heapq.nlargest(limit, chosen, key=lambda i: (i.published, i.id))
            return tuple(ItemView(i, self.state_of(i.id)) for i in top), len(chosen)

    def feed_states(self) -> tuple[FeedState, ...]:
        """Every configured feed's state, in config order (a blank one if never polled)."""
        with self._guard:
            return tuple(
                self._feeds.get(f.url) or FeedState(url=f.url, name=f.name)
                for f in self.config.feeds
            )

    def show_status(self, show: Show, today: date) -> ShowStatus:
        """One show's status, without a snapshot of everything (after a mark, a poll)."""
        with self._guard:
            mentioning = len(self._mentioning.get(show.title, ()))
            unreviewed = self._unreviewed[show.title]
            estimates = self.estimates(show.title, today)
        current = newest_per_show(estimates).get(show.title)
        return ShowStatus(show, estimates, current, mentioning, unreviewed)

    def _show_status(self, show: Show, views: Sequence[ItemView], today: date) -> ShowStatus:
        estimates = self.estimates(show.title, today)
        current = newest_per_show(estimates).get(show.title)
        mentioning = [v for v in views if show.title in v.item.mentions]
        unreviewed = sum(1 for v in mentioning if v.state is ReviewState.NEW)
        return ShowStatus(show, estimates, current, len(mentioning), unreviewed)


def claims_of(item: NewsItem, tracked: set[str]) -> tuple[Claim, ...]:
    """An item's claims about shows still tracked."""
    return tuple(c for c in item.claims if c.show in tracked)
