"""The board cache: what the dashboard's first screen shows, saved beside the store.

Opening the dashboard on a large store means reading a brief of every item and
estimating every show from all its claims: about a second at 20,000 items, all of it
to show a few dozen rows. ``board.cache`` keeps the result of that work — each tracked
show's estimates and counts, the store's counts and the ids of the newest page of
news — so the next open shows the board at once while the ``Library`` loads behind it.

Estimates are kept without the claims, item ids and reasons behind them: the show list needs
their headlines, and what they rest on (the "why" of a show's screen) comes with the
Library a moment later, which recomputes every estimate from the briefs.

It is derived data, like ``items.idx``, and trusted only while everything it was
derived from is unchanged. Its ``CacheKey`` names all of it:

- the items file's generation (every write of the items makes a new one);
- a digest of the marks file's bytes (every mark, from any process, changes it);
- a digest of the tracked shows (titles, aliases) and the lags the estimates use;
- the rules' version, and the day the estimates were made for (an estimate depends on
  "today").

A cache whose key differs in any part, or that cannot be read, is not trusted. Two
differences still leave it worth showing, as an *outdated* board, while the store loads
and today's estimates are computed: another day (every first open of a day), and another
items generation (a background ``seasonwatch ingest`` stored news since). Neither can
touch what the user decided — the marks file is the same, byte for byte — nor what the
estimates are made from besides the news: the shows, the lags and the rules. Every other
difference, or a cache that cannot be read, is ignored: the dashboard loads the store as
if there were none. Either way it writes a fresh cache once the store is loaded. The cache
never holds a review state: the marks shown are always read from the marks file, so
the cache can neither override nor lose one. It is written atomically
(``ingest.durable``) by the process that holds the data folder's lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ingest.config import Config
from ingest.durable import atomic_write
from ingest.records import FeedState
from ingest.snapshot import ItemView, Library, ShowStatus
from ingest.store import Store
from ingest.storejson import dumps, loads
from rules import (
    RULES_VERSION,
    DateWindow,
    Phase,
    ReviewState,
    SeasonEstimate,
    newest_per_show,
)

CACHE_FILE = "board.cache"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class CacheKey:
    """Everything a cached board derives from; any difference makes it untrusted."""

    items: str
    """The items file's generation."""
    marks: str
    """A digest of the marks file."""
    config: str
    """A digest of the tracked shows and the lags."""
    rules: str
    """``RULES_VERSION``."""
    today: str
    """The ISO day the estimates were made for."""

    def outdated_by(self, now: CacheKey) -> bool:
        """True when this key differs from ``now`` only in the day or the items.

        A board saved under it is then worth showing at once as an outdated board
        (its estimates made for another day, or before news stored since) while the
        store's own board is computed. The marks, the shows and lags, and the rules
        must be the same: a board made with other marks would show decisions the user
        undid, one made for other shows or rules estimates the user no longer asks for.
        """
        same = (self.marks, self.config, self.rules) == (now.marks, now.config, now.rules)
        return same and self != now

    @classmethod
    def now(cls, store: Store, config: Config, today: date) -> CacheKey | None:
        """The key of the store as it is now (None for an unindexed items file)."""
        generation = store.items_generation()
        if generation is None:
            return None
        return cls(
            generation, store.marks_digest(), config_digest(config), RULES_VERSION, str(today)
        )


def config_digest(config: Config) -> str:
    """A digest of what in a config the board depends on: the shows and the lags."""
    described = repr((config.shows, config.lags)).encode()
    return hashlib.blake2b(described, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedShow:
    """One tracked show as the board showed it."""

    title: str
    estimates: tuple[SeasonEstimate, ...]
    """Every season's estimate, without the claims, item ids and reasons behind it (a
    large store's estimates rest on most of its claims: kept, the cache would be as
    large as the briefs and as slow to read). What they rest on comes with the Library."""
    items: int
    unreviewed: int


@dataclass(frozen=True, slots=True)
class CachedBoard:
    """The board's data saved under the key it was derived with."""

    key: CacheKey
    shows: tuple[CachedShow, ...]
    stored: int
    unreviewed: int
    news: tuple[str, ...]
    """Ids of the newest items of all shows, newest first (the first page)."""
    news_total: int


@dataclass(frozen=True, slots=True)
class CachedStart:
    """A cached board made ready to show: statuses, the news page read, the feeds."""

    cached: CachedBoard
    shows: tuple[ShowStatus, ...]
    news: tuple[ItemView, ...]
    """The page of news as stored now, with the review states in the marks file now."""
    feeds: tuple[FeedState, ...]
    now: CacheKey
    """The key of the store as it is now (``cached.key`` but for an outdated cache)."""

    @property
    def outdated(self) -> bool:
        """True when the cached board was made for another day or before newer items:
        its estimates and counts are to be shown as updating, then replaced."""
        return self.cached.key != self.now

    @property
    def estimated_on(self) -> date:
        """The day the cached estimates were made for."""
        return date.fromisoformat(self.cached.key.today)


def cache_path(store: Store) -> Path:
    """Where a data folder's board cache lives."""
    return store.data_dir / CACHE_FILE


def open_cached(
    store: Store, config: Config, today: date, *, outdated: bool = False
) -> CachedStart | None:
    """The cached board when it is valid for the store as it is now, else None.

    With ``outdated``, also a cache that differs only by the day or the items
    generation (``CacheKey.outdated_by``): the caller shows it as updating. Reads the
    cache, the marks, the page of news it names and the feeds' state: a few small files
    and a hundred items, however large the store.
    """
    key = CacheKey.now(store, config, today)
    if key is None:
        return None
    cached = read_cache(cache_path(store), key, config, outdated=outdated)
    if cached is None:
        return None
    by_title = {show.title: show for show in config.shows}
    shows = tuple(
        ShowStatus(
            by_title[s.title],
            s.estimates,
            newest_per_show(s.estimates).get(s.title),
            s.items,
            s.unreviewed,
        )
        for s in cached.shows
    )
    marks = store.marks()
    found = store.items_by_id(cached.news)
    if len(found) != len(cached.news):
        return None  # the key says nothing changed, yet an item is gone: trust nothing
    news = tuple(
        ItemView(found[i], marks[i].state if i in marks else ReviewState.NEW) for i in cached.news
    )
    states = store.feed_states()
    feeds = tuple(states.get(f.url) or FeedState(url=f.url, name=f.name) for f in config.feeds)
    return CachedStart(cached, shows, news, feeds, key)


def read_cache(
    path: Path, key: CacheKey, config: Config, *, outdated: bool = False
) -> CachedBoard | None:
    """The cache at ``path`` if it was written under ``key`` for these shows, else None;
    with ``outdated``, also one written under a key only outdated by ``key``."""
    try:
        data = loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        saved = CacheKey(**data["key"])
        if saved != key and not (outdated and saved.outdated_by(key)):
            return None
        date.fromisoformat(saved.today)  # (``CachedStart.estimated_on`` reads it)
        cached = _decode(saved, data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if tuple(s.title for s in cached.shows) != tuple(s.title for s in config.shows):
        return None
    return cached


def cached_from(library: Library, key: CacheKey, today: date, page: int) -> CachedBoard:
    """What a loaded Library's board holds, to save under ``key``.

    The caller makes sure ``key`` describes the store the Library reflects (no write of
    the items or the marks between the Library's last change and the key).
    """
    shows = tuple(
        CachedShow(s.show.title, tuple(map(_headline, s.estimates)), s.items, s.unreviewed)
        for s in (library.show_status(show, today) for show in library.shows)
    )
    stored, unreviewed = library.counts()
    news, total = library.newest(page)
    ids = tuple(v.item.id for v in news)
    return CachedBoard(key, shows, stored, unreviewed, ids, total)


def save_cache(
    library: Library, today: date, page: int, unless: CacheKey | None = None
) -> CacheKey | None:
    """Save the board cache of a loaded Library; returns its key (None: nothing saved).

    The key and the board are taken together under the Library's lock, which a mark
    holds while it writes the marks file; the caller makes sure no write of the items
    is between the store and the Library (the dashboard holds its poll lock). Nothing
    is written when the key is ``unless`` (the cache saved last).
    """
    with library.holding():
        key = CacheKey.now(library.store, library.config, today)
        if key is None or key == unless:
            return None
        cached = cached_from(library, key, today, page)
    write_cache(cache_path(library.store), cached)
    return key


def write_cache(path: Path, cached: CachedBoard) -> None:
    """Save a cached board (atomically: a reader sees the old cache or the new one)."""
    atomic_write(path, dumps(_encode(cached)))


# --- the file's shape ------------------------------------------------------------------


def _encode(cached: CachedBoard) -> dict[str, Any]:
    key = cached.key
    return {
        "format": FORMAT,
        "key": {
            "items": key.items,
            "marks": key.marks,
            "config": key.config,
            "rules": key.rules,
            "today": key.today,
        },
        "stored": cached.stored,
        "unreviewed": cached.unreviewed,
        "shows": [
            [s.title, s.items, s.unreviewed, [_estimate_json(e) for e in s.estimates]]
            for s in cached.shows
        ],
        "news": list(cached.news),
        "news_total": cached.news_total,
    }


def _decode(key: CacheKey, data: Mapping[str, Any]) -> CachedBoard:
    shows = tuple(
        CachedShow(_str(title), tuple(_estimate(e) for e in estimates), _int(items), _int(new))
        for title, items, new, estimates in data["shows"]
    )
    news = tuple(_str(i) for i in data["news"])
    return CachedBoard(
        key, shows, _int(data["stored"]), _int(data["unreviewed"]), news, _int(data["news_total"])
    )


def _headline(e: SeasonEstimate) -> SeasonEstimate:
    """An estimate without what it rests on (its claims, item ids and reasons)."""
    return replace(e, evidence=(), claims=(), reasons=())


def _estimate_json(e: SeasonEstimate) -> list[Any]:
    return [
        e.show,
        e.season,
        e.phase.value,
        _iso(e.window.earliest),
        _iso(e.window.latest),
        e.confidence,
        e.derived,
        _iso(e.latest_news),
    ]


def _estimate(raw: Sequence[Any]) -> SeasonEstimate:
    show, season, phase, earliest, latest, confidence, derived, latest_news = raw
    if season is not None:
        season = _int(season)
    if not isinstance(confidence, float | int) or not isinstance(derived, bool):
        raise TypeError("not an estimate")
    return SeasonEstimate(
        _str(show),
        season,
        Phase(phase),
        DateWindow(_day(earliest), _day(latest)),
        float(confidence),
        derived,
        latest_news=_day(latest_news),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: object) -> date | None:
    if value is None:
        return None
    return date.fromisoformat(_str(value))


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value
