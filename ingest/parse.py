"""The feedparser boundary: feed bytes in, plain-text entries and their readings out.

This module runs inside a parse worker process (see ``ingest.parsepool``), so a feed
that makes feedparser slow, greedy or crash costs that worker, never the ingester or
the dashboard. feedparser is only ever handed a byte stream: given a string or bytes
that look like a URL or a path it would fetch or open them itself.

The bytes are defused where feedparser has just decoded them to UTF-8 (a UTF-16 feed
would slip past a check on the raw bytes): every entity declaration is removed and the
DOCTYPE internal subset cut out (entity definitions are how "billion laughs" and
quadratic-blowup feeds work: a 115 KB feed whose DOCTYPE dodged a simple cut still
made feedparser's fallback parser take 81 s and 3 GB), feedparser's fallback parser is
given no entities to expand, and character references that name no character are
replaced, since feedparser raises on them instead of reporting a malformed feed.
Author strings are cut to a few hundred characters before feedparser looks for an
e-mail address in them: that regular expression is quadratic (a 32 KB ``<author>``
took 7 s). Each raw field is cut before it is turned into text, so no field costs
more than its share of the worker's deadline.

HTML sanitising and relative-URI resolution are turned off: seasonwatch keeps only
plain text, so cleaning HTML it is about to throw away would be most of the parse time
for nothing.
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
import feedparser.api
import feedparser.mixin

from ingest.errors import ParseError
from ingest.plaintext import (
    html_to_text,
    one_line,
    safe_line,
    strip_unsafe,
    truncate,
    without_footer,
)
from rules import Reading, Show, ShowMatcher, read

TITLE_LIMIT = 500
SUMMARY_LIMIT = 4000
"""Characters kept of an entry's text: enough for the rules, bounded for the store."""

RAW_TEXT_LIMIT = 64 * 1024
RAW_LINE_LIMIT = 8 * 1024
"""Characters of a raw field (HTML, entities and all) read before it becomes text."""
AUTHOR_LIMIT = 200
"""Characters of an author string feedparser may search for an e-mail address."""

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_SUBSET_END = re.compile(rb"\]\s*>")
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
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
    """No entity declarations, no DOCTYPE internal subset, no references to nothing.

    Every step scans the body a bounded number of times, whatever it holds.
    """
    body = _drop_entity_declarations(body)
    body = _cut_internal_subset(body)
    return _CHAR_REF.sub(_fix_char_ref, body) if b"&#" in body else body


def _drop_entity_declarations(body: bytes) -> bytes:
    """Remove each ``<!ENTITY`` up to the next ``>``; what a quoted ``>`` leaves is junk."""
    if not _ENTITY_DECL.search(body):
        return body
    kept = []
    pos = 0
    while (found := _ENTITY_DECL.search(body, pos)) is not None:
        kept.append(body[pos : found.start()])
        end = body.find(b">", found.end())
        pos = len(body) if end < 0 else end + 1
    kept.append(body[pos:])
    return b"".join(kept)


def _cut_internal_subset(body: bytes) -> bytes:
    """Remove a ``<!DOCTYPE name [ ... ]>`` with an internal subset (one without stays)."""
    doctype = _DOCTYPE.search(body)
    if doctype is None:
        return body
    bracket = body.find(b"[", doctype.end())
    close = body.find(b">", doctype.end())
    if bracket < 0 or (0 <= close < bracket):
        return body
    end = _SUBSET_END.search(body, bracket)
    return body if end is None else body[: doctype.start()] + body[end.end() :]


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
    parsed = _feedparser(job.body)
    version = parsed.get("version", "")
    entries = parsed.get("entries", [])
    if not version and not entries:
        problem = safe_line(str(parsed.get("bozo_exception") or ""))
        raise ParseError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    matcher = _matcher(job.shows)
    found = []
    unreadable = 0
    for entry in entries:
        try:
            read_entry = _read_entry(entry, job, matcher)
        except (MemoryError, RecursionError):
            raise
        except Exception:  # one odd entry must not cost the feed its other entries
            unreadable += 1
            continue
        if read_entry is not None:
            found.append(read_entry)
    problems = [safe_line(str(parsed.get("bozo_exception")))] if parsed.get("bozo") else []
    if unreadable:
        problems.append(f"{unreadable} entries could not be read")
    warning = "; ".join(problems) or None
    raw_title = str(parsed.get("feed", {}).get("title", ""))[:RAW_LINE_LIMIT]
    feed_title = truncate(one_line(raw_title), TITLE_LIMIT) or None
    return ParsedFeed(
        title=feed_title, entries_total=len(entries), entries=tuple(found), warning=warning
    )


_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]{0,200}\?>")


def _feedparser(body: bytes) -> Any:
    """feedparser's result for ``body``; a second, forgiving try when feedparser raises.

    feedparser raises (instead of reporting a malformed feed) on a few inputs: a
    non-UTF-8 byte in the encoding declaration, a name its strict parser cannot split.
    Its forgiving parser, given the body without the declaration, reads most of them.
    """
    try:
        return _run_feedparser(body, strict=True)
    except (MemoryError, RecursionError):
        raise  # the worker reports these itself, and is replaced
    except Exception as first:  # feedparser raises a zoo of types on hostile input
        try:
            return _run_feedparser(_XML_DECLARATION.sub(b"", body, count=1), strict=False)
        except (MemoryError, RecursionError):
            raise
        except Exception:
            problem = f"{type(first).__name__}: {safe_line(str(first))}"
            raise ParseError(f"unreadable feed: {problem}") from first


def _run_feedparser(body: bytes, *, strict: bool) -> Any:
    # feedparser picks its forgiving parser when it believes no XML parser is installed;
    # the flag is only flipped for one call, in a single-threaded worker.
    available = feedparser.api._XML_AVAILABLE
    feedparser.api._XML_AVAILABLE = available and strict
    try:
        return feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    finally:
        feedparser.api._XML_AVAILABLE = available


def _defused_replace_doctype(
    data: bytes, *, original: Any = feedparser.api.replace_doctype
) -> tuple[str | None, bytes, dict[str, str]]:
    """feedparser's DOCTYPE step on its UTF-8 bytes, defused, with no entities to expand."""
    version, data, _entities = original(defuse(data))
    return version, data, {}


def _bounded_sync_author_detail(
    self: Any,
    key: str = "author",
    *,
    original: Any = feedparser.mixin._FeedParserMixin._sync_author_detail,
) -> None:
    """feedparser's author/e-mail split, on at most AUTHOR_LIMIT characters."""
    context = self._get_context()
    value = context.get(key)
    if isinstance(value, str) and len(value) > AUTHOR_LIMIT:
        context[key] = value[:AUTHOR_LIMIT]
    original(self, key)


def _tolerant_unknown_endtag(
    self: Any, tag: str, *, original: Any = feedparser.mixin._FeedParserMixin.unknown_endtag
) -> None:
    """feedparser's end-tag step; an end tag whose start it never saw is dropped.

    Its handlers for ``</category>``, ``</media:credit>``, ``</media:thumbnail>`` ...
    look up what their start tag created and raise KeyError when a malformed feed
    closes one it never opened (4 in 10,530 mutated feeds).
    """
    try:
        original(self, tag)
    except (KeyError, IndexError):
        # The handler already popped the element; do what the original does after it,
        # so xml:base, xml:lang and depth stay balanced.
        if self.basestack:
            self.basestack.pop()
            if self.basestack and self.basestack[-1]:
                self.baseuri = self.basestack[-1]
        if self.langstack:
            self.langstack.pop()
            if self.langstack:
                self.lang = self.langstack[-1]
        self.depth -= 1


def _guard_feedparser() -> None:
    """Put the guards above into feedparser (once; tests check they are in place)."""
    if feedparser.api.replace_doctype is not _defused_replace_doctype:
        feedparser.api.replace_doctype = _defused_replace_doctype
    mixin = feedparser.mixin._FeedParserMixin
    if mixin._sync_author_detail is not _bounded_sync_author_detail:
        mixin._sync_author_detail = _bounded_sync_author_detail
    if mixin.unknown_endtag is not _tolerant_unknown_endtag:
        mixin.unknown_endtag = _tolerant_unknown_endtag


_guard_feedparser()


@lru_cache(maxsize=4)
def _matcher(shows: tuple[Show, ...]) -> ShowMatcher:
    return ShowMatcher(shows)


def _read_entry(
    entry: Mapping[str, Any], job: ParseJob, matcher: ShowMatcher
) -> ParsedEntry | None:
    title = truncate(one_line(str(entry.get("title", ""))[:RAW_LINE_LIMIT]), TITLE_LIMIT)
    body = html_to_text(_longest_text(entry)[:RAW_TEXT_LIMIT])
    summary = truncate(without_footer(body, title), SUMMARY_LIMIT)
    text = f"{title}\n{summary}" if summary else title
    if not text:
        return None
    published = _entry_time(entry, job.now)
    reading = read(text, (published or job.now).date(), matcher)
    if not reading.mentions:  # read tells this after one scan, before any other rule
        return None
    link = _safe_link(str(entry.get("link", "") or "")[:RAW_LINE_LIMIT], job.feed_url)
    guid = strip_unsafe(str(entry.get("id", "") or "")[:1000]).strip() or None
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
        # The plain dict's value: FeedParserDict maps a missing "updated_parsed" to
        # "published_parsed" (tried already) with a DeprecationWarning per entry.
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
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
    try:
        if feed_url.startswith(("http://", "https://")):
            link = urljoin(feed_url, link)
        parts = urlsplit(link)
        hostname = parts.hostname
    except ValueError:  # "http://[oops/": not a link anyone can follow
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None  # javascript:, data:, file: and relative links to nowhere are dropped
    return link[:2000]
