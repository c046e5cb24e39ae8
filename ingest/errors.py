"""The ingester's exceptions, one tree so callers can catch exactly what they handle.

::

    SeasonwatchError              anything the user can be told about in one line
    ├── ConfigError               the config file is missing, unreadable or invalid
    ├── UsageError                a command was given input it cannot use
    ├── StoreError                the data folder cannot be used
    │   ├── StoreLockedError      another seasonwatch process is the writer
    │   └── StoreCorruptError     a store file is unreadable (it was quarantined)
    └── FeedError                 one feed could not be polled; recorded as its error
        ├── FetchError            the bytes could not be fetched
        │   ├── FeedTimeoutError  the total deadline or a connect/read timeout passed
        │   ├── FeedTooLargeError the decoded body passed the size cap
        │   ├── RedirectError     too many redirects, or one we refuse to follow
        │   └── HTTPStatusError   the server answered with an error status
        └── ParseError            the bytes are not a feed we can read

Every message is meant for the user as it stands: it names the file, feed or field.
"""

from __future__ import annotations


class SeasonwatchError(Exception):
    """Base class: a failure with a one-line message fit to show the user."""


class ConfigError(SeasonwatchError):
    """Raised when the config file cannot be read or a field in it is invalid."""


class UsageError(SeasonwatchError):
    """Raised when a command's input (an argument, a line on stdin) cannot be used."""


class StoreError(SeasonwatchError):
    """Raised when the data folder or one of its files cannot be used."""


class StoreLockedError(StoreError):
    """Raised when another process already holds the data folder's writer lock."""


class StoreCorruptError(StoreError):
    """Raised when a store file is unreadable; the file has been moved aside, not lost."""


class FeedError(SeasonwatchError):
    """Raised for one feed's failure; the poller records it and moves on."""


class FetchError(FeedError):
    """Raised when the feed's bytes could not be fetched or read."""


class FeedTimeoutError(FetchError):
    """Raised when connecting, reading, or the whole fetch took longer than allowed."""


class FeedTooLargeError(FetchError):
    """Raised when the decoded body grows past the configured size cap."""


class RedirectError(FetchError):
    """Raised on a redirect loop, too many hops, or a hop to a refused address."""


class HTTPStatusError(FetchError):
    """Raised when the server answers with a status that carries no feed."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        """Seconds the server asked us to wait (Retry-After on 429/503), if any."""


class ParseError(FeedError):
    """Raised when the bytes are not a feed: not XML, HTML instead, or too costly to parse."""
