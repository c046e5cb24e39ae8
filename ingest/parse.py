"""The feedparser boundary: feed bytes in, plain-text entries and their readings out.

This module runs inside a parse worker process (see ``ingest.parsepool``), so a feed
that makes feedparser slow, greedy or crash costs that worker, never the ingester or
the dashboard. feedparser is only ever handed a byte stream: given a string or bytes
that look like a URL or a path it would fetch or open them itself.

Before parsing, the bytes are defused: the DOCTYPE internal subset is cut out (entity
definitions there are how "billion laughs" and quadratic-blowup feeds work) and
character references that name no character are replaced, since feedparser raises on
them instead of reporting a malformed feed. HTML sanitising and relative-URI
resolution are turned off: seasonwatch keeps only plain text, so cleaning HTML it is
about to throw away would be most of the parse time for nothing.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.errors import ParseError
from ingest.plaintext import html_to_text, one_line, truncate
from rules import Reading, Show, ShowMatcher, read

TITLE_LIMIT = 500
SUMMARY_LIMIT = 4000
"""Characters kept of an entry's text: enough for the rules, bounded for the store."""

_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_CHAR_REF = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


@dataclass(frozen=True, slots=True)
class ParseJob:
    """Everything a worker needs to turn one feed body into entries."""

    body: bytes
    feed_url: str
    shows: tuple[Show, ...]
    now: datetime
    """First-seen time for entries without dates, and the clamp for future dates."""


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry that mentions a tracked show, reduced to plain text and read."""

    guid: str | None
    link: str | None
    title: str
    summary: str
    published: datetime | None
    """The entry's own publication (or update) time in UTC, if it gave a usable one."""
    content_hash: str
    reading: Reading


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed body: the feed's title, how many entries it had, and the matching ones."""

    title: str | None
    entries_total: int
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None
    """A survivable problem feedparser reported (the feed was read anyway)."""


def defuse(body: bytes) -> bytes:
    """Cut the DOCTYPE internal subset and neutralise character references to nothing."""
    head, sep, rest = body.partition(b"<!DOCTYPE")
    if sep:
        body = head + _DOCTYPE_SUBSET.sub(b"", sep + rest, count=1)
    return _CHAR_REF.sub(_fix_char_ref, body) if b"&#" in body else body


def _fix_char_ref(match: re.Match[bytes]) -> bytes:
    ref = match.group(1)
    is_hex = ref[:1] in (b"x", b"X")
    digits = ref[1:] if is_hex else ref
    if len(digits) > 8:
        return b"&#xFFFD;"
    value = int(digits, 16 if is_hex else 10)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or value == 0:
        return b"&#xFFFD;"
    return match.group(0)


def parse_feed(job: ParseJob) -> ParsedFeed:
    """Parse one body; ParseError when it is not a feed at all."""
    if not job.body.strip():
        raise ParseError("empty response: no feed in it")
    if _HTML_START.match(job.body[:4096]):
        raise ParseError("got an HTML page, not a feed (is the URL the feed's address?)")
    try:
        parsed = feedparser.parse(
            io.BytesIO(defuse(job.body)), sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser raises a zoo of types on hostile input
        raise ParseError(f"unreadable feed: {type(exc).__name__}: {exc}") from exc
    version = parsed.get("version", "")
    entries = parsed.get("entries", [])
    if not version and not entries:
        problem = parsed.get("bozo_exception")
        raise ParseError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    matcher = _matcher(job.shows)
    found = []
    for entry in entries:
        read_entry = _read_entry(entry, job, matcher)
        if read_entry is not None:
            found.append(read_entry)
    warning = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    feed_title = one_line(str(parsed.get("feed", {}).get("title", ""))) or None
    return ParsedFeed(
        title=feed_title, entries_total=len(entries), entries=tuple(found), warning=warning
    )


@lru_cache(maxsize=4)
def _matcher(shows: tuple[Show, ...]) -> ShowMatcher:
    return ShowMatcher(shows)


def _read_entry(
    entry: Mapping[str, Any], job: ParseJob, matcher: ShowMatcher
) -> ParsedEntry | None:
    title = truncate(one_line(str(entry.get("title", ""))), TITLE_LIMIT)
    summary = truncate(html_to_text(_longest_text(entry)), SUMMARY_LIMIT)
    text = f"{title}\n{summary}" if summary else title
    if not text or not matcher.find(text):
        return None
    published = _entry_time(entry, job.now)
    reading = read(text, (published or job.now).date(), matcher)
    if not reading.mentions:
        return None
    link = _safe_link(str(entry.get("link", "") or ""), job.feed_url)
    guid = str(entry.get("id", "") or "").strip()[:1000] or None
    digest = hashlib.sha1(
        "\x00".join(
            (title, summary, link or "", published.isoformat() if published else "")
        ).encode("utf-8", "replace"),
        usedforsecurity=False,
    ).hexdigest()
    return ParsedEntry(guid, link, title, summary, published, digest, reading)


def _longest_text(entry: Mapping[str, Any]) -> str:
    candidates = [str(c.get("value", "")) for c in entry.get("content", []) or []]
    candidates.append(str(entry.get("summary", "") or ""))
    return max(candidates, key=len)


def _entry_time(entry: Mapping[str, Any], now: datetime) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                moment = datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, OSError):
                continue
            if moment.year < 1990:
                continue  # epoch zero and other placeholders
            # A date in the future is a publisher's mistake; it must not sort first forever.
            return min(moment, now)
    return None


def _safe_link(link: str, feed_url: str) -> str | None:
    link = one_line(link)
    if not link:
        return None
    if feed_url.startswith(("http://", "https://")):
        link = urljoin(feed_url, link)
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None  # javascript:, data:, file: and relative links to nowhere are dropped
    return link[:2000]
