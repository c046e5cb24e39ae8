"""Item briefs: what a live view keeps of every stored item, cheap to load.

The dashboard's board needs, of every item, only what orders, counts, filters and
estimates it: the publication time, the id, the shows mentioned, the claims, the title
and the feed name. A ``NewsItem`` has all that plus its summary, link and history, and
building 20,000 of them took most of a second; a brief is a tuple built from one JSON
array. The store keeps a brief of every item in ``items.brief`` beside the items file
(``ingest.itemfile``), so opening the dashboard parses a few megabytes, not the store;
whole items are read only for the rows on screen.

``brief_line`` is the one place that says what a brief holds (a projection of a stored
document); ``decode_briefs`` reads such lines back into ``ItemBrief`` values equal to
``brief_of(NewsItem.from_json(document))``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple

from ingest.records import NewsItem
from ingest.storejson import loads
from rules import Certainty, Claim, ClaimKind, DateWindow

CHUNK = 2_000
"""Lines parsed per call: one C call over a whole store would hold the GIL for its length."""


class ItemBrief(NamedTuple):
    """What a live view keeps of one stored item. Sorts newest last, as (published, id)."""

    published: datetime
    id: str
    mentions: tuple[str, ...]
    claims: tuple[Claim, ...]
    title: str
    feed_name: str

    @property
    def haystack(self) -> str:
        """Title and feed name, case-folded: what the news filter's words are looked up in."""
        return f"{self.title}\n{self.feed_name}".casefold()


def brief_of(item: NewsItem) -> ItemBrief:
    """A stored item's brief."""
    return ItemBrief(
        item.published, item.id, item.mentions, item.claims, item.title, item.feed_name
    )


def brief_fields(doc: dict[str, Any]) -> list[Any]:
    """A stored document's brief, as the JSON array ``items.brief`` holds on one line."""
    return [
        doc.get("published"),
        doc.get("id"),
        doc.get("mentions") or [],
        doc.get("claims") or [],
        doc.get("title") or "",
        doc.get("feed_name") or "",
    ]


def decode_briefs(lines: Sequence[bytes]) -> Iterator[ItemBrief]:
    """Briefs from ``items.brief`` lines, parsed ``CHUNK`` lines at a time.

    ValueError (or KeyError, TypeError) when a line is not a brief: the caller falls
    back to reading the items themselves.
    """
    claims = _ClaimReader()
    parse = datetime.fromisoformat
    for start in range(0, len(lines), CHUNK):
        rows = loads(b"[" + b",".join(lines[start : start + CHUNK]) + b"]")
        for published, item_id, mentions, raw_claims, title, feed_name in rows:
            yield ItemBrief(
                parse(published),
                item_id,
                tuple(mentions),
                claims.read(raw_claims) if raw_claims else (),
                title,
                feed_name,
            )


class _ClaimReader:
    """``Claim.from_json`` for many claims: enum lookups by value, windows shared.

    Claims are frozen, so two claims with the same window can share one ``DateWindow``;
    a store holds a few hundred distinct windows among tens of thousands of claims.
    """

    _KINDS: ClassVar[dict[str, ClaimKind]] = {kind.value: kind for kind in ClaimKind}
    _CERTAINTIES: ClassVar[dict[str, Certainty]] = {c.value: c for c in Certainty}

    def __init__(self) -> None:
        self._windows: dict[tuple[str | None, str | None], DateWindow] = {}

    def read(self, raw: Iterable[dict[str, Any]]) -> tuple[Claim, ...]:
        return tuple(
            Claim(
                c["show"],
                c["season"],
                self._KINDS[c["kind"]],
                self._window(c.get("earliest"), c.get("latest")),
                self._CERTAINTIES[c["certainty"]],
                c["evidence"],
            )
            for c in raw
        )

    def _window(self, earliest: str | None, latest: str | None) -> DateWindow:
        key = (earliest, latest)
        window = self._windows.get(key)
        if window is None:
            window = DateWindow(_day(earliest), _day(latest))
            self._windows[key] = window
        return window


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
