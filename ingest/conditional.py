"""Conditional GET: what a feed's last answer tells the next request, and what an answer means.

Being polite to a feed server is asking only for what changed: the validators of the
last answer (ETag, Last-Modified) go back with the next request, and "not modified"
(HTTP 304) is an answer with no body, not an error; a local feed's modification time
and size serve as its Last-Modified (``ingest.fetch.read_local``). A status that
brings no feed is an error; with 429 or 503 it carries the server's Retry-After,
reported back to the scheduler so the next poll waits for it.

``Fetched`` is an answer in those terms: a body or "not modified", with the validators
the poller keeps for next time, from HTTP and local feeds alike. This is kept apart
from the HTTP client (``ingest.fetch``), which is about bounds, because it is about
what the answers mean.
"""

from __future__ import annotations

import contextlib
import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from ingest.errors import HTTPStatusError
from ingest.plaintext import safe_line

RETRY_AFTER_LIMIT = 30 * 24 * 3600.0
"""Longest wait a Retry-After may ask for; larger values (even 10**400) are cut to it."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """The answer to one fetch: a body, or "not modified"."""

    body: bytes | None
    """None when the feed is unchanged since the validators we sent."""
    etag: str | None
    last_modified: str | None
    url: str
    """Where the body finally came from, after redirects."""
    status: int | None = None
    """The HTTP status; None for a local file."""

    @property
    def not_modified(self) -> bool:
        """True when there is nothing new to parse."""
        return self.body is None


def validator_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The request headers that ask for the body only if it changed since these validators."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def check_status(response: httpx.Response) -> None:
    """HTTPStatusError unless ``response`` (not a 304 or a redirect) brings a feed."""
    status = response.status_code
    if status >= 400 or status < 200 or status in (204, 205):
        retry_after = (
            _retry_after(response.headers.get("retry-after")) if status in (429, 503) else None
        )
        reason = safe_line(response.reason_phrase, 80) or "error"
        raise HTTPStatusError(f"HTTP {status} {reason}", status, retry_after)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), at most a month."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), RETRY_AFTER_LIMIT)  # float("9" * 400) is inf
    with contextlib.suppress(TypeError, ValueError, OverflowError, IndexError):
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), RETRY_AFTER_LIMIT)
    return None
