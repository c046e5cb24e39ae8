"""The records the ingester keeps: stored news items, the user's marks, feed state.

Frozen dataclasses with a JSON shape each, so the store converts at one boundary and
everything above it works with typed values. Times are timezone-aware UTC.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from rules import Claim, ReviewState

ITEM_ID_LENGTH = 12
"""Hex digits of an item id: short enough to type in ``seasonwatch mark``, and 48 bits
keep collisions negligible even at hundreds of thousands of items."""


def item_id_for(feed_url: str, guid: str | None, link: str | None, title: str, date: str) -> str:
    """A stable id from the feed and the entry's guid, else link, else title and date."""
    if guid:
        key = f"guid:{guid}"
    elif link:
        key = f"link:{link}"
    else:
        key = f"title:{title}\x00{date}"
    digest = hashlib.sha1(f"{feed_url}\x00{key}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:ITEM_ID_LENGTH]


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class NewsItem:
    """A feed entry that mentions at least one tracked show, as stored."""

    id: str
    feed_url: str
    feed_name: str
    title: str
    """Plain text: HTML stripped, entities decoded, control characters removed."""
    summary: str
    """Plain text of the entry's content or summary (the longer), bounded in length."""
    link: str | None
    """The entry's link when it is an http(s) URL; other schemes are dropped."""
    guid: str | None
    published: datetime
    """Publication time in UTC: the entry's published, else updated, else first seen."""
    first_seen: datetime
    updated_at: datetime
    """When the stored copy last changed."""
    content_hash: str
    """Digest of what the feed said; a changed entry is updated, an unchanged one skipped."""
    mentions: tuple[str, ...]
    claims: tuple[Claim, ...]
    rules_version: str
    """The RULES_VERSION that produced ``mentions`` and ``claims``."""

    @property
    def text(self) -> str:
        """Title and summary as one text, the way the rules read an item."""
        return f"{self.title}\n{self.summary}" if self.summary else self.title

    def to_json(self) -> dict[str, Any]:
        """The stored document."""
        return {
            "id": self.id,
            "feed_url": self.feed_url,
            "feed_name": self.feed_name,
            "title": self.title,
            "summary": self.summary,
            "link": self.link,
            "guid": self.guid,
            "published": _iso(self.published),
            "first_seen": _iso(self.first_seen),
            "updated_at": _iso(self.updated_at),
            "content_hash": self.content_hash,
            "mentions": list(self.mentions),
            "claims": [c.to_json() for c in self.claims],
            "rules_version": self.rules_version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NewsItem:
        """Read a stored document."""
        published = _from_iso(data["published"])
        first_seen = _from_iso(data["first_seen"])
        updated_at = _from_iso(data["updated_at"])
        assert published and first_seen and updated_at
        return cls(
            id=data["id"],
            feed_url=data["feed_url"],
            feed_name=data["feed_name"],
            title=data["title"],
            summary=data["summary"],
            link=data.get("link"),
            guid=data.get("guid"),
            published=published,
            first_seen=first_seen,
            updated_at=updated_at,
            content_hash=data["content_hash"],
            mentions=tuple(data["mentions"]),
            claims=tuple(Claim.from_json(c) for c in data["claims"]),
            rules_version=data["rules_version"],
        )


@dataclass(frozen=True, slots=True)
class Mark:
    """The user's decision on one item, kept apart from the item so nothing overwrites it."""

    item_id: str
    state: ReviewState
    at: datetime
    history: tuple[tuple[ReviewState, datetime], ...] = ()
    """Earlier states, oldest first, so a mark can always be traced and undone."""

    def to_json(self) -> dict[str, Any]:
        """The stored document."""
        return {
            "item_id": self.item_id,
            "state": self.state.value,
            "at": _iso(self.at),
            "history": [[state.value, _iso(at)] for state, at in self.history],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mark:
        """Read a stored document."""
        at = _from_iso(data["at"])
        assert at
        history = tuple(
            (ReviewState(state), moment)
            for state, when in data.get("history", [])
            if (moment := _from_iso(when))
        )
        return cls(data["item_id"], ReviewState(data["state"]), at, history)


class FeedStatus(StrEnum):
    """How a feed's last poll went."""

    NEVER = "never"
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the ingester remembers about one feed between polls."""

    url: str
    name: str
    title: str | None = None
    """The feed's own title, from its last successful parse."""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    """Digest of the last body parsed; an identical body is not parsed again."""
    last_poll: datetime | None = None
    last_success: datetime | None = None
    status: FeedStatus = FeedStatus.NEVER
    error: str | None = None
    """The last poll's error message; None when it succeeded."""
    consecutive_errors: int = 0
    next_poll: datetime | None = None
    """When the feed is due again (None: due now)."""
    entries: int = 0
    """Entries in the last body parsed."""
    matched: int = 0
    """Of those, how many mention a tracked show."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Room for later fields without a schema change."""

    def to_json(self) -> dict[str, Any]:
        """The stored document."""
        return {
            "url": self.url,
            "name": self.name,
            "title": self.title,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "body_hash": self.body_hash,
            "last_poll": _iso(self.last_poll),
            "last_success": _iso(self.last_success),
            "status": self.status.value,
            "error": self.error,
            "consecutive_errors": self.consecutive_errors,
            "next_poll": _iso(self.next_poll),
            "entries": self.entries,
            "matched": self.matched,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedState:
        """Read a stored document."""
        return cls(
            url=data["url"],
            name=data["name"],
            title=data.get("title"),
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
            body_hash=data.get("body_hash"),
            last_poll=_from_iso(data.get("last_poll")),
            last_success=_from_iso(data.get("last_success")),
            status=FeedStatus(data.get("status", "never")),
            error=data.get("error"),
            consecutive_errors=data.get("consecutive_errors", 0),
            next_poll=_from_iso(data.get("next_poll")),
            entries=data.get("entries", 0),
            matched=data.get("matched", 0),
            extra=data.get("extra", {}),
        )
