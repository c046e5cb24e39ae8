"""What seasonwatch tracks, changed from the command line or the dashboard.

Each function takes the config file's path, checks the change against the file as it
is now, saves it with ``ingest.configfile`` (in place, comments kept, validated,
atomic) and returns what it did with the ``Config`` as saved. They print nothing and
never touch the store: after a show is added or removed, the caller re-reads the
stored items (``ingest.reread``) so the change reaches the news already kept.

``create_config`` writes a user's first config: a copy of the embedded demo (with
its feed paths made absolute, so the copy works from any folder) or an empty one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from tomlkit.items import AoT

import sample_feeds
from ingest.config import DEMO_CONFIG_NAME, Config, FeedConfig, config_from_mapping, load_config
from ingest.configfile import append_tables, remove_table, write_text
from ingest.errors import ConfigError, UsageError
from ingest.plaintext import strip_unsafe
from rules import Show

EMPTY_CONFIG = """\
# seasonwatch config, created by `seasonwatch init --empty` on {today}.
#
# Add what you follow with the commands below, or edit this file by hand
# (README.md, "Configuration", describes every key):
#   seasonwatch shows add "Severance" --alias "Severance season 2"
#   seasonwatch feeds add https://example.org/tv/feed/ --name "Example TV"
#   seasonwatch feeds import subscriptions.opml

poll_interval = "15m"            # how often each feed is polled; a feed may override

# Run a command for every estimate change, with the change as JSON on stdin
# (and $SEASONWATCH_CHANGE holding one sentence), e.g. a desktop notification:
# on_change = 'notify-send "seasonwatch" "$SEASONWATCH_CHANGE"'
"""

DEMO_HEADER = """\
# seasonwatch config, created by `seasonwatch init` on {today} from the embedded demo:
# its seven offline sample feeds and the six shows of the seed article. Replace them
# with your own (`seasonwatch shows add/remove`, `seasonwatch feeds add/remove/import`)
# or edit this file by hand; README.md, "Configuration", describes every key.
"""


# --- the first config ---------------------------------------------------------------


def create_config(path: Path, *, empty: bool = False, today: date | None = None) -> Config:
    """Write a new config file (the demo's copy, or an empty one); never overwrite one."""
    if path.exists() or path.is_symlink():
        raise UsageError(f"{path} already exists; edit it, or remove it to start again")
    stamp = (today or date.today()).isoformat()
    text = EMPTY_CONFIG.format(today=stamp) if empty else _demo_copy(stamp)
    try:
        config = config_from_mapping(tomllib.loads(text), path=path, base_dir=path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
    except ValueError as exc:  # pragma: no cover - the shipped texts are tested
        raise ConfigError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create its folder: {exc}") from exc
    write_text(path, text)
    return config


def _demo_copy(stamp: str) -> str:
    demo_dir = Path(str(resources.files(sample_feeds)))
    text = (demo_dir / DEMO_CONFIG_NAME).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)  # the demo's own header speaks about the demo, not this copy
    doc = tomlkit.parse(DEMO_HEADER.format(today=stamp) + "".join(lines))
    feeds = doc["feeds"]
    assert isinstance(feeds, AoT)
    for table in feeds:
        url = str(table["url"])
        if not url.startswith(("http://", "https://")):
            table["url"] = str((demo_dir / url).resolve())
    return doc.as_string()


# --- shows --------------------------------------------------------------------------


def find_show(config: Config, name: str) -> Show:
    """The tracked show with this title or alias (any case); UsageError when none."""
    wanted = name.strip().casefold()
    for show in config.shows:
        if wanted in (n.casefold() for n in show.names):
            return show
    known = ", ".join(s.title for s in config.shows) or "none"
    raise UsageError(f"no tracked show is called {name!r} (tracked: {known})")


def new_show(
    config: Config, title: str, aliases: Sequence[str] = (), franchise: str | None = None
) -> Show:
    """The show ``add_show`` would add to ``config``; UsageError saying why it cannot be.

    Names are cleaned first (whitespace collapsed, control and invisible characters
    dropped); none may be empty, given twice, or a name of a show already tracked.
    """
    show = Show(
        title=_clean(title, "title"),
        aliases=tuple(_clean(a, "alias") for a in aliases),
        franchise=_clean(franchise, "franchise") if franchise is not None else None,
    )
    taken = {n.casefold(): s.title for s in config.shows for n in s.names}
    seen: set[str] = set()
    for name in show.names:
        key = name.casefold()
        if key in taken:
            owner = taken[key]
            what = "already tracked" if owner.casefold() == key else f"already a name of {owner!r}"
            raise UsageError(f"{name!r} is {what} (in {config.source})")
        if key in seen:
            raise UsageError(f"{name!r} is given twice")
        seen.add(key)
    return show


def add_show(
    path: Path, title: str, aliases: Sequence[str] = (), franchise: str | None = None
) -> Config:
    """Track a new show; its names must not be a name of a show already tracked."""
    show = new_show(load_config(path), title, aliases, franchise)
    entry: dict[str, Any] = {"title": show.title}
    if show.aliases:
        entry["aliases"] = list(show.aliases)
    if show.franchise:
        entry["franchise"] = show.franchise
    return append_tables(path, "shows", [entry])


def remove_show(path: Path, name: str) -> tuple[Show, Config]:
    """Stop tracking a show (by title or alias). Its stored items and marks stay."""
    config = load_config(path)
    show = find_show(config, name)
    return show, remove_table(path, "shows", config.shows.index(show))


def _clean(value: str, what: str) -> str:
    # A name is shown on screens and in notices: nothing that steers a terminal.
    cleaned = " ".join(strip_unsafe(value).split())
    if not cleaned:
        raise UsageError(f"the {what} must not be empty")
    return cleaned


# --- feeds --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedImport:
    """What ``add_feeds`` did with each feed it was given."""

    added: tuple[FeedConfig, ...]
    """Feeds now in the config, in the order given."""
    already: tuple[FeedConfig, ...]
    """Feeds skipped because the config had them already (as configured there)."""
    repeated: tuple[str, ...]
    """URLs skipped because they came earlier in the same input."""
    unusable: tuple[tuple[str, str], ...]
    """(url, why) of feeds that cannot be polled: not http(s), no such file."""
    config: Config
    """The config after the import (unchanged when nothing was added)."""


def feed_location(value: str, relative_to: Path | None = None) -> str:
    """A feed URL or file as the config will hold it: http(s) URL or absolute path.

    Raises UsageError for other schemes and for local files that do not exist.
    """
    value = value.strip()
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise UsageError(f"{value!r} has no host")
        return value
    if scheme == "file":
        path = Path(parts.path)
    elif scheme and len(scheme) > 1:  # "C:" is a Windows drive letter, not a scheme
        raise UsageError(f"{value!r}: only http(s) URLs and local files can be polled")
    else:
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = (relative_to or Path.cwd()) / path
    path = path.resolve()
    if not path.is_file():
        raise UsageError(f"{value!r}: no such file")
    return str(path)


def feed_identity(url: str) -> str:
    """The key two spellings of one feed share: case of scheme and host, trailing slash."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host += f":{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def find_feed(config: Config, url_or_name: str) -> FeedConfig:
    """The configured feed with this URL (or path) or name; UsageError when none or several."""
    wanted = url_or_name.strip()
    by_url = [f for f in config.feeds if feed_identity(f.url) == feed_identity(wanted)]
    if not by_url and not wanted.startswith(("http://", "https://")):
        local = Path(wanted).expanduser()
        if local.exists():
            by_url = [f for f in config.feeds if f.url == str(local.resolve())]
    matches = by_url or [f for f in config.feeds if f.name.casefold() == wanted.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        urls = ", ".join(f.url for f in matches)
        raise UsageError(f"{len(matches)} feeds are called {url_or_name!r} ({urls}); give the URL")
    known = ", ".join(f.name for f in config.feeds) or "none"
    raise UsageError(f"no configured feed has the URL or name {url_or_name!r} (feeds: {known})")


def add_feed(path: Path, url: str, name: str | None = None) -> tuple[FeedConfig, Config]:
    """Add one feed; UsageError when it is already configured or cannot be polled."""
    location = feed_location(url)
    result = add_feeds(path, [(location, name)])
    if result.already:
        existing = result.already[0]
        raise UsageError(f"{url} is already configured (as {existing.name!r})")
    return result.added[0], result.config


def add_feeds(
    path: Path, feeds: Iterable[tuple[str, str | None]], *, dry_run: bool = False
) -> FeedImport:
    """Add many feeds in one write, skipping those configured already or given twice.

    With ``dry_run`` the result says what would be added, and nothing is written.
    """
    config = load_config(path)
    known = {feed_identity(f.url): f for f in config.feeds}
    seen: set[str] = set()
    entries: list[dict[str, Any]] = []
    already: list[FeedConfig] = []
    repeated: list[str] = []
    unusable: list[tuple[str, str]] = []
    for url, name in feeds:
        try:
            location = feed_location(url)
        except UsageError as exc:
            unusable.append((url, str(exc)))
            continue
        key = feed_identity(location)
        if key in known:
            already.append(known[key])
        elif key in seen:
            repeated.append(url)
        else:
            seen.add(key)
            entry = {"url": location}
            clean_name = " ".join((name or "").split())
            if clean_name:
                entry["name"] = clean_name
            entries.append(entry)
    if entries:
        config = append_tables(path, "feeds", entries, dry_run=dry_run)
    added = config.feeds[len(config.feeds) - len(entries) :] if entries else ()
    return FeedImport(tuple(added), tuple(already), tuple(repeated), tuple(unusable), config)


def remove_feed(path: Path, url_or_name: str) -> tuple[FeedConfig, Config]:
    """Stop polling a feed (by URL or name). The items it brought stay in the store."""
    config = load_config(path)
    feed = find_feed(config, url_or_name)
    return feed, remove_table(path, "feeds", config.feeds.index(feed))
