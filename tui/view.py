"""What the dashboard shows, as frozen values built off the UI thread.

The app never renders from the ``Library`` directly: a worker thread asks it for a
``Board`` (every show's status, a bounded window of news, the feeds) and the app
assigns the board to a reactive; widgets then update their rows in place by key
(memray's live-TUI shape). After a mark only the touched item and shows change, so a
keypress costs the same with 500 or 50,000 stored items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ingest.records import FeedState, NewsItem
from ingest.snapshot import ItemView, Library, ShowStatus
from ingest.wording import describe_phase, describe_season, describe_window
from rules import Certainty, Claim, ClaimKind, Phase, ReviewState, SeasonEstimate

PAGE = 100
"""Items the news list asks for at a time: a table measures every row it is given."""
MAX_WINDOW = 1_000
"""The most items the list grows to as the cursor reaches its end (a filter narrows)."""


@dataclass(frozen=True, slots=True)
class NewsQuery:
    """Which news the list shows: one show's or all, optionally filtered by words."""

    show: str | None = None
    """A configured show title, or None for every show."""
    text: str = ""
    """Words that must all appear in the title or the feed name (any case)."""

    @property
    def words(self) -> tuple[str, ...]:
        """The filter's words, case-folded."""
        return tuple(self.text.casefold().split())

    def matches(self, item: NewsItem) -> bool:
        """True when the item belongs in the list (``Library.newest``'s show and words)."""
        if self.show is not None and self.show not in item.mentions:
            return False
        words = self.words
        if not words:
            return True
        haystack = f"{item.title}\n{item.feed_name}".casefold()
        return all(word in haystack for word in words)


@dataclass(frozen=True, slots=True)
class NewsWindow:
    """The newest items a query matches, at most ``limit`` of them."""

    query: NewsQuery = field(default_factory=NewsQuery)
    items: tuple[ItemView, ...] = ()
    """Newest first."""
    total: int = 0
    """How many stored items the query matches (may exceed ``len(items)``)."""
    limit: int = PAGE
    """How many were asked for."""

    @property
    def can_grow(self) -> bool:
        """True when more items match than are shown and the list may grow."""
        return self.total > len(self.items) and self.limit < MAX_WINDOW

    def find(self, item_id: str) -> ItemView | None:
        """The item with this id, if the window holds it."""
        return next((v for v in self.items if v.item.id == item_id), None)

    def with_item(self, view: ItemView) -> NewsWindow:
        """The window with one item's new state (or text) in place."""
        items = tuple(view if v.item.id == view.item.id else v for v in self.items)
        return replace(self, items=items)


@dataclass(frozen=True, slots=True)
class Marked:
    """The result of one mark: the item as it now is and the shows it touched."""

    view: ItemView
    previous: ReviewState
    """The state before the mark (the board's count to review follows it)."""
    shows: tuple[ShowStatus, ...]


@dataclass(frozen=True, slots=True)
class Board:
    """Everything the dashboard shows, frozen at one moment."""

    taken: datetime
    shows: tuple[ShowStatus, ...] = ()
    news: NewsWindow = field(default_factory=NewsWindow)
    feeds: tuple[FeedState, ...] = ()
    stored: int = 0
    """Items in the store."""
    unreviewed: int = 0
    """Items in the store still in state new."""
    estimates_as_of: date | None = None
    """None when the estimates and counts are the store's own, made for ``taken``'s
    day. Otherwise the board is an outdated board cache's (``ingest.boardcache``),
    shown while the store loads: its estimates were made for this day, or (this
    very day) before news stored since. The screens say they are updating."""

    def status(self, title: str) -> ShowStatus | None:
        """The status of the show with this configured title."""
        return next((s for s in self.shows if s.show.title == title), None)

    def with_marked(self, marked: Marked) -> Board:
        """The board after one mark: the item's row, its shows, the count to review."""
        by_title = {s.show.title: s for s in marked.shows}
        shows = tuple(by_title.get(s.show.title, s) for s in self.shows)
        was_new = marked.previous is ReviewState.NEW
        is_new = marked.view.state is ReviewState.NEW
        return replace(
            self,
            shows=shows,
            news=self.news.with_item(marked.view),
            unreviewed=self.unreviewed + int(is_new) - int(was_new),
        )


def estimates_age(board: Board) -> str | None:
    """Whose estimates an outdated board shows, as a possessive ("yesterday's",
    "Jun 24's"; "" when made today, before news stored since), or None when current."""
    as_of = board.estimates_as_of
    if as_of is None:
        return None
    today = board.taken.date()
    if as_of == today:
        return ""
    if as_of == today - timedelta(days=1):
        return "yesterday's"
    year = f" {as_of.year}" if as_of.year != today.year else ""
    return f"{as_of:%b} {as_of.day}{year}'s"


def news_window(library: Library, query: NewsQuery, limit: int = PAGE) -> NewsWindow:
    """The items a query shows (``query.matches``, on the Library's briefs). Runs in a thread."""
    limit = min(limit, MAX_WINDOW)
    items, total = library.newest(limit, show=query.show, words=query.words)
    return NewsWindow(query, items, total, limit)


def build_board(library: Library, query: NewsQuery, now: datetime, limit: int = PAGE) -> Board:
    """A whole board, after loading or polling. Runs in a worker thread."""
    today = now.date()
    shows = tuple(library.show_status(show, today) for show in library.shows)
    feeds = library.feed_states()
    stored, unreviewed = library.counts()
    return Board(now, shows, news_window(library, query, limit), feeds, stored, unreviewed)


def mark_item(library: Library, item_id: str, state: ReviewState, now: datetime) -> Marked:
    """Save a mark (durably, first) and recompute what it touched. Runs in a thread."""
    previous = library.state_of(item_id)
    library.mark(item_id, state, now)
    view = library.view(item_id)
    if view is None:
        raise LookupError(f"item {item_id} is no longer stored")
    today = now.date()
    shows = tuple(
        library.show_status(show, today)
        for show in library.shows
        if show.title in view.item.mentions
    )
    return Marked(view, previous, shows)


_KIND_WORDS = {
    ClaimKind.RENEWED: "renewed",
    ClaimKind.CANCELLED: "cancelled",
    ClaimKind.PRODUCTION: "production",
    ClaimKind.WRAPPED: "wrapped",
    ClaimKind.PREMIERE: "premiere",
}


def describe_claim(claim: Claim, *, with_show: bool = True) -> str:
    """ "Jessica Jones S2 premiere 2018?" — a claim in a few words ("?" when rumored)."""
    parts = [claim.show] if with_show else []
    if claim.season is not None:
        parts.append(describe_season(claim.season))
    parts.append(_KIND_WORDS[claim.kind])
    if claim.kind in (ClaimKind.PREMIERE, ClaimKind.PRODUCTION) and not claim.window.is_open:
        parts.append(describe_window(claim.window))
    words = " ".join(parts)
    return words + "?" if claim.certainty is Certainty.RUMORED else words


def describe_claims(claims: Iterable[Claim], show: str | None, title: str = "") -> str:
    """An item's claims in one line; with ``show``, only that show's.

    Show names are left out where the reader already knows the show, and the column is
    narrow: with ``show`` (the pane names it), or when every claim is about one show
    that the item's ``title`` names. "CANCELLED: Daredevil" with a claim about Jessica
    Jones from its summary keeps the name.
    """
    chosen = [c for c in claims if show is None or c.show == show]
    about = {c.show for c in chosen}
    with_show = show is None and not (
        len(about) == 1 and next(iter(about)).casefold() in title.casefold()
    )
    return "; ".join(dict.fromkeys(describe_claim(c, with_show=with_show) for c in chosen))


def describe_estimate(estimate: SeasonEstimate | None) -> str:
    """ "S2 · 2018 · renewed · 62%" — an estimate in one line of words."""
    if estimate is None:
        return "no estimate yet"
    season = "whole show" if estimate.season is None else describe_season(estimate.season)
    if estimate.phase is Phase.CANCELLED:
        window = "no next season"
    elif estimate.window.is_open:
        window = "window unknown"
    else:
        window = ("≈ " if estimate.derived else "") + describe_window(estimate.window)
    phase = describe_phase(estimate.phase)
    return f"{season} · {window} · {phase} · {round(estimate.confidence * 100)}%"


@dataclass(frozen=True, slots=True)
class EstimateChange:
    """A show whose headline estimate moved, in words."""

    show: str
    was: str
    now: str

    @property
    def message(self) -> str:
        """ "was …\nnow …", for a notice."""
        return f"was {self.was}\nnow {self.now}"


def estimate_changes(before: Board, after: Board) -> list[EstimateChange]:
    """Every show whose headline estimate changed between two boards."""
    changes = []
    for new in after.shows:
        old = before.status(new.show.title)
        if old is None:
            continue
        was, now = old.current, new.current
        if _headline(was) != _headline(now):
            changes.append(
                EstimateChange(new.show.title, describe_estimate(was), describe_estimate(now))
            )
    return changes


def _headline(estimate: SeasonEstimate | None) -> tuple[object, ...] | None:
    if estimate is None:
        return None
    return (estimate.season, estimate.phase, estimate.window, round(estimate.confidence, 2))
