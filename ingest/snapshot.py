"""Frozen views of a data folder for the screens and commands that show it.

``Library`` is the in-memory model a long-running process (the dashboard) keeps: a
brief of every stored item (``ingest.briefs``: what orders, counts, filters and
estimates it), the user's marks and the feeds' state, loaded once and then changed by
deltas — a poll's new items, one mark — so a keypress never re-reads the store. Whole
items are read only for what is shown (a page of news, one item) and kept once read.
Estimates are recomputed only for the shows a change touched. ``snapshot()`` hands out
an immutable ``Snapshot`` a UI can render from any thread (memray's live-TUI shape).
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ingest.briefs import CHUNK as BRIEF_CHUNK
from ingest.briefs import ItemBrief, brief_of, decode_briefs
from ingest.config import Config
from ingest.records import FeedState, Mark, NewsItem
from ingest.store import Store
from rules import (
    Claim,
    Evidence,
    ReviewState,
    SeasonEstimate,
    Show,
    ShowEstimates,
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

    Besides every item's brief it keeps, per show, the ids of the items that mention it,
    how many of those are unreviewed and the show's estimates (``rules.ShowEstimates``),
    so a mark or a new item updates a show's status without looking at the other shows'
    news, nor at most of its own: the estimates recompute only the seasons the item's
    claims are in, and a keypress costs about the same in a store of any size.
    """

    def __init__(
        self, config: Config, store: Store, *, briefs: dict[str, ItemBrief] | None = None
    ) -> None:
        """Load the store; ``briefs`` when already read (``library_in_steps``)."""
        self.config = config
        self.store = store
        self._guard = threading.RLock()
        self._briefs = briefs if briefs is not None else _last(_briefs_in_steps(store))
        self._items: dict[str, NewsItem] = {}
        """Whole items read so far (shown ones), kept until they change: a view of an
        unchanged item is the same object, so a screen can tell what changed."""
        self._marks: dict[str, Mark] = store.marks()
        self._feeds: dict[str, FeedState] = store.feed_states()
        self._kept: dict[str, ShowEstimates] = {}
        """Per show title, its estimates kept by deltas (made when first asked for)."""
        self._mentioning: defaultdict[str, set[str]] = defaultdict(set)
        self._unreviewed: Counter[str] = Counter()
        """Per show title, the items mentioning it still in state new."""
        self._new = 0
        """Stored items still in state new."""
        self._count_all()

    def _count_all(self) -> None:
        """The per-show indexes from scratch: every item, then the few that are marked."""
        mentioning = self._mentioning
        for brief in self._briefs.values():
            for title in brief.mentions:
                mentioning[title].add(brief.id)
        self._unreviewed.update({title: len(ids) for title, ids in mentioning.items()})
        self._new = len(self._briefs)
        for item_id, mark in self._marks.items():
            marked = self._briefs.get(item_id)
            if marked is not None and mark.state is not ReviewState.NEW:
                self._new -= 1
                self._unreviewed.subtract(marked.mentions)

    @property
    def shows(self) -> tuple[Show, ...]:
        """The tracked shows, in config order."""
        return self.config.shows

    def item(self, item_id: str) -> NewsItem | None:
        """One item by id."""
        with self._guard:
            return self._whole([item_id]).get(item_id)

    def _whole(self, item_ids: Iterable[str]) -> dict[str, NewsItem]:
        """Whole items for these ids (the stored ones), read from the store once."""
        wanted = [i for i in item_ids if i in self._briefs]
        missing = [i for i in wanted if i not in self._items]
        if missing:
            self._items.update(self.store.items_by_id(missing))
        return {i: self._items[i] for i in wanted if i in self._items}

    def holding(self) -> threading.RLock:
        """The Library's lock: held, nothing in it changes, nor the marks file under it."""
        return self._guard

    def state_of(self, item_id: str) -> ReviewState:
        """The item's review state."""
        mark = self._marks.get(item_id)
        return mark.state if mark else ReviewState.NEW

    def mark(self, item_id: str, state: ReviewState, now: datetime) -> Mark:
        """Save the user's decision (durably, first) and update the estimates it touches."""
        with self._guard:  # the marks file and this Library change together
            mark = self.store.set_mark(item_id, state, now)
            brief = self._briefs.get(item_id)
            if brief is not None:
                self._count(brief, -1)
            self._marks[item_id] = mark
            if brief is not None:
                self._count(brief, +1)
                self._tell(item_id, brief.mentions)
        return mark

    def apply(self, items: Sequence[NewsItem], feeds: Iterable[FeedState] = ()) -> None:
        """Take a poll's new and changed items (already stored) and feed states."""
        with self._guard:
            for item in items:
                old = self._briefs.get(item.id)
                if old is not None:
                    self._count(old, -1)
                brief = brief_of(item)
                self._briefs[item.id] = brief
                self._items[item.id] = item
                self._count(brief, +1)
                self._tell(item.id, (*old.mentions, *brief.mentions) if old else brief.mentions)
            for feed in feeds:
                self._feeds[feed.url] = feed

    def counts(self) -> tuple[int, int]:
        """(stored items, of those the ones still in state new), without a scan."""
        with self._guard:
            return len(self._briefs), self._new

    def _count(self, item: ItemBrief, sign: int) -> None:
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
        they move between the shows' indexes like a poll's items. The estimates follow
        the new lags (``ShowEstimates`` recomputes on them) and the touched items.
        """
        with self._guard:
            titles = {show.title for show in config.shows}
            self._kept = {t: kept for t, kept in self._kept.items() if t in titles}
            self.config = config
            self.apply(changed)

    def _tell(self, item_id: str, titles: Iterable[str]) -> None:
        """Give the kept estimates of these shows the item as it now stands."""
        for title in titles:
            kept = self._kept.get(title)
            if kept is not None:
                self._keep(kept, item_id)

    def _keep(self, kept: ShowEstimates, item_id: str) -> None:
        """``evidence_from``'s evidence of one item, for one show's kept estimates."""
        brief = self._briefs.get(item_id)
        if brief is None or kept.show not in brief.mentions or not brief.claims:
            kept.drop(item_id)
        else:  # the claims about other shows are left out by ShowEstimates
            state = self.state_of(item_id)
            kept.put(Evidence(item_id, brief.published.date(), state, brief.claims))

    def estimates(self, title: str, today: date) -> tuple[SeasonEstimate, ...]:
        """Every season estimate of one show: a change recomputes only what it reached."""
        with self._guard:
            kept = self._kept.get(title)
            if kept is None:
                kept = self._kept[title] = ShowEstimates(title)
                for item_id in self._mentioning.get(title, ()):
                    self._keep(kept, item_id)
            return kept.estimates(today, self.config.lags)

    def adopt(self, shown: Iterable[NewsItem]) -> None:
        """Keep whole items already read for the screen (a board cache's page of news),
        so the views of them are the same objects and their rows are not made again.

        Only items stored with the same publication time and title are taken; the rest
        are read from the store when wanted, as usual.
        """
        with self._guard:
            for item in shown:
                brief = self._briefs.get(item.id)
                if brief is not None and brief == brief_of(item):
                    self._items.setdefault(item.id, item)

    def snapshot(self, now: datetime) -> Snapshot:
        """A frozen view of everything, as of ``now``."""
        today = now.date()
        with self._guard:
            whole = self._whole(self._briefs).values()
            items = sorted(whole, key=lambda i: i.published, reverse=True)
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
            item = self.item(item_id)
            return ItemView(item, self.state_of(item_id)) if item is not None else None

    def newest(
        self,
        limit: int,
        keep: Callable[[NewsItem], bool] | None = None,
        *,
        show: str | None = None,
        words: Sequence[str] = (),
    ) -> tuple[tuple[ItemView, ...], int]:
        """The ``limit`` newest items ``keep`` accepts (all if None), and how many it accepts.

        A screen shows a window, not the whole store: this costs one pass over the
        candidates' briefs and a heap of ``limit``, never a sort or a view of every
        item. With ``show`` the candidates are that show's items (its index), not every
        item; with ``words`` (case-folded), those whose title or feed name holds every
        word. Only ``keep`` needs the candidates' whole items (read once, then kept).
        """
        with self._guard:
            pool: Iterable[ItemBrief]
            if show is not None:
                pool = [self._briefs[i] for i in self._mentioning.get(show, ())]
            else:
                pool = self._briefs.values()
            if words:
                pool = [b for b in pool if all(w in b.haystack for w in words)]
            if keep is None and limit <= 0:
                return (), len(pool) if isinstance(pool, list) else len(self._briefs)
            if keep is not None:
                pool = list(pool)
                whole = self._whole(b.id for b in pool)
                pool = [b for b in pool if b.id in whole and keep(whole[b.id])]
            chosen = pool if isinstance(pool, list) else list(pool)
            top = heapq.nlargest(limit, chosen)  # briefs order as (published, id)
            whole = self._whole(b.id for b in top)
            views = tuple(ItemView(whole[b.id], self.state_of(b.id)) for b in top if b.id in whole)
            return views, len(chosen)

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


def library_in_steps(config: Config, store: Store) -> Iterator[Library | None]:
    """A ``Library`` built a few milliseconds at a time: None after each step, then it.

    A caller that runs each step in a worker thread (``asyncio.to_thread(next, steps)``)
    lets its event loop run between the steps instead of competing with one long run
    of Python for the GIL: the dashboard draws its first frame while the store loads.
    """
    briefs = yield from _briefs_in_steps(store)
    yield Library(config, store, briefs=briefs)


def _briefs_in_steps(store: Store) -> Generator[None, None, dict[str, ItemBrief]]:
    """Every stored item's brief by id (from the store's briefs, else its items)."""
    lines = store.briefs()
    yield
    briefs: dict[str, ItemBrief] = {}
    try:
        for n, brief in enumerate(decode_briefs(lines), 1):
            briefs[brief.id] = brief
            if n % BRIEF_CHUNK == 0:
                yield
    except (ValueError, KeyError, TypeError):  # a brief file we cannot read: the items
        briefs = {item.id: brief_of(item) for item in store.items()}
    return briefs


def _last(steps: Generator[None, None, dict[str, ItemBrief]]) -> dict[str, ItemBrief]:
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: dict[str, ItemBrief] = done.value
            return result


def claims_of(item: NewsItem, tracked: set[str]) -> tuple[Claim, ...]:
    """An item's claims about shows still tracked."""
    return tuple(c for c in item.claims if c.show in tracked)
