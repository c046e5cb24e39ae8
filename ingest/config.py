"""The config file: where it is, what it may say, and the typed ``Config`` it becomes.

The format is SPEC.md's TOML (``poll_interval``, ``[[feeds]]``, ``[[shows]]``) plus a
few optional keys documented on ``Config``. Validation is strict because a typo in a
hand-written file should be an error that names the key, not a silently ignored
setting. With no config file anywhere, the embedded demo config (``sample_feeds``) is
used so the first run works offline.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

import sample_feeds
from ingest.errors import ConfigError
from rules import Lags, Show

APP_NAME = "seasonwatch"
CONFIG_ENV = "SEASONWATCH_CONFIG"
DATA_ENV = "SEASONWATCH_DATA"
DEFAULT_POLL_INTERVAL = timedelta(minutes=15)
DEMO_CONFIG_NAME = "demo.toml"


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One ``[[feeds]]`` entry."""

    url: str
    """An http(s) URL, or an absolute path for a local file (resolved at load time)."""
    name: str
    """The configured name, else one derived from the URL (host) or file name."""
    poll_interval: timedelta
    """This feed's interval: its own ``poll_interval`` or the file's default."""
    relative: str = ""
    """A local path as the config file wrote it, when relative to the file's folder."""

    @property
    def identity(self) -> str:
        """What the feed's item ids are made from: the URL, or a relative path as written.

        A relative path resolves wherever the folder is, and its items keep their ids
        (and their marks) when the folder moves: the demo's feeds live in the installed
        package, so a new checkout or virtual environment would otherwise store every
        demo item again under a new id.
        """
        return self.relative or self.url

    @property
    def is_local(self) -> bool:
        """True for a file on disk, read directly instead of over HTTP."""
        return not self.url.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Config:
    """A validated config file."""

    path: Path | None
    """The file it was read from; None for the embedded demo."""
    poll_interval: timedelta = DEFAULT_POLL_INTERVAL
    """The default interval between polls of one feed."""
    feeds: tuple[FeedConfig, ...] = ()
    shows: tuple[Show, ...] = ()
    lags: Lags = field(default_factory=Lags)
    """Typical delays (days) used to derive a premiere window from production or wrap."""
    on_change: str | None = None
    """A shell command run with each estimate change as JSON on stdin (``ingest``)."""
    is_demo: bool = False
    """True when this is the embedded demo config (no user config file exists)."""

    @property
    def source(self) -> str:
        """How messages name this config: its path, or "the embedded demo config"."""
        return str(self.path) if self.path else "the embedded demo config"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.IGNORECASE)
_DURATION_FULL = re.compile(r"\s*(?:\d+(?:\.\d+)?\s*[dhms]\s*)+", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}

_TOP_KEYS = {"poll_interval", "feeds", "shows", "lags", "on_change"}
_FEED_KEYS = {"url", "name", "poll_interval"}
_SHOW_KEYS = {"title", "aliases", "franchise"}
_LAG_KEYS = {"production_to_premiere", "wrap_to_premiere"}


def parse_duration(value: object, where: str) -> timedelta:
    """Read "15m", "1h30m", "90s", "2d" or a number of seconds into a timedelta."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f'{where}: expected a duration like "15m", got {value!r}')
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        if not _DURATION_FULL.fullmatch(value):
            raise ValueError(f'{where}: expected a duration like "15m" or "1h30m", got {value!r}')
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in _DURATION.findall(value))
    if seconds <= 0:
        raise ValueError(f"{where}: must be longer than zero")
    return timedelta(seconds=seconds)


def load_config(path: Path) -> Config:
    """Read and validate a config file; every problem is a ConfigError naming it."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such config file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return config_from_mapping(raw, path=path, base_dir=path.parent)
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def demo_config() -> Config:
    """The embedded demo: the sample feeds shipped with seasonwatch and the seed's shows."""
    demo_dir = Path(str(resources.files(sample_feeds)))
    demo_file = demo_dir / DEMO_CONFIG_NAME
    raw = tomllib.loads(demo_file.read_text(encoding="utf-8"))
    config = config_from_mapping(raw, path=None, base_dir=demo_dir)
    return Config(
        path=None,
        poll_interval=config.poll_interval,
        feeds=config.feeds,
        shows=config.shows,
        lags=config.lags,
        on_change=config.on_change,
        is_demo=True,
    )


def config_from_mapping(raw: Mapping[str, Any], *, path: Path | None, base_dir: Path) -> Config:
    """Validate parsed TOML; raises ValueError with the field named (without the file)."""
    _reject_unknown(raw, _TOP_KEYS, "")
    interval = (
        parse_duration(raw["poll_interval"], "poll_interval")
        if "poll_interval" in raw
        else DEFAULT_POLL_INTERVAL
    )
    feeds = tuple(
        _feed(entry, f"feeds[{i}]", interval, base_dir)
        for i, entry in enumerate(_table_list(raw, "feeds"))
    )
    shows = tuple(_show(entry, f"shows[{i}]") for i, entry in enumerate(_table_list(raw, "shows")))
    _reject_duplicates([f.url for f in feeds], "feeds", "url")
    _reject_duplicates([s.title.casefold() for s in shows], "shows", "title")
    on_change = raw.get("on_change")
    if on_change is not None and (not isinstance(on_change, str) or not on_change.strip()):
        raise ValueError("on_change: expected a non-empty command string")
    return Config(
        path=path,
        poll_interval=interval,
        feeds=feeds,
        shows=shows,
        lags=_lags(raw.get("lags", {})),
        on_change=on_change,
    )


def _reject_unknown(table: Mapping[str, Any], known: set[str], prefix: str) -> None:
    for key in table:
        if key not in known:
            allowed = ", ".join(sorted(known))
            raise ValueError(f"unknown key '{prefix}{key}' (allowed here: {allowed})")


def _table_list(raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{key}: expected a list of tables ([[{key}]])")
    return value


def _string(table: Mapping[str, Any], key: str, where: str, *, required: bool) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ValueError(f"{where}.{key}: missing (required)")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}.{key}: expected a non-empty string, got {value!r}")
    return value.strip()


def _feed(entry: Mapping[str, Any], where: str, default: timedelta, base: Path) -> FeedConfig:
    _reject_unknown(entry, _FEED_KEYS, f"{where}.")
    url = _string(entry, "url", where, required=True)
    assert url is not None
    written = url
    url = _normalise_feed_location(url, where, base)
    relative = written if _is_relative_path(written) else ""
    name = _string(entry, "name", where, required=False) or _default_feed_name(url)
    interval = (
        parse_duration(entry["poll_interval"], f"{where}.poll_interval")
        if "poll_interval" in entry
        else default
    )
    return FeedConfig(url=url, name=name, poll_interval=interval, relative=relative)


def _is_relative_path(url: str) -> bool:
    scheme = urlsplit(url).scheme
    return not (scheme and len(scheme) > 1) and not Path(url).expanduser().is_absolute()


def _normalise_feed_location(url: str, where: str, base: Path) -> str:
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        if not urlsplit(url).hostname:
            raise ValueError(f"{where}.url: {url!r} has no host")
        return url
    if scheme == "file":
        return str(Path(urlsplit(url).path))
    if scheme and len(scheme) > 1:  # "C:" is a Windows drive, not a scheme
        raise ValueError(f"{where}.url: only http(s) URLs and local paths are allowed, got {url!r}")
    path = Path(url).expanduser()
    return str(path if path.is_absolute() else (base / path).resolve())


def _default_feed_name(url: str) -> str:
    if url.startswith(("http://", "https://")):
        host = urlsplit(url).hostname or url
        return host.removeprefix("www.")
    return Path(url).stem


def _show(entry: Mapping[str, Any], where: str) -> Show:
    _reject_unknown(entry, _SHOW_KEYS, f"{where}.")
    title = _string(entry, "title", where, required=True)
    assert title is not None
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{where}.aliases: expected a list of non-empty strings")
    franchise = _string(entry, "franchise", where, required=False)
    return Show(title=title, aliases=tuple(a.strip() for a in aliases), franchise=franchise)


def _lags(raw: object) -> Lags:
    if not isinstance(raw, dict):
        raise ValueError("lags: expected a table ([lags])")
    _reject_unknown(raw, _LAG_KEYS, "lags.")
    defaults = Lags()
    pairs = {key: _day_pair(raw[key], f"lags.{key}") for key in _LAG_KEYS if key in raw}
    return Lags(
        production_to_premiere=pairs.get("production_to_premiere", defaults.production_to_premiere),
        wrap_to_premiere=pairs.get("wrap_to_premiere", defaults.wrap_to_premiere),
    )


def _day_pair(value: object, where: str) -> tuple[int, int]:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        and value[0] <= value[1]
    ):
        return (value[0], value[1])
    raise ValueError(f"{where}: expected [shortest, longest] days, e.g. [180, 540]")


def _reject_duplicates(values: list[str], table: str, key: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{table}[{i}].{key}: duplicate {key} {value!r}")
        seen.add(value)


# --- where things live -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """The config and data folder a command runs with, and where each came from."""

    config: Config
    data_dir: Path


def user_config_file() -> Path:
    """The platform's per-user config file (XDG on Linux)."""
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def user_data_dir() -> Path:
    """The platform's per-user data folder (XDG on Linux)."""
    return platformdirs.user_data_path(APP_NAME)


def resolve_config_path(cli_value: str | None) -> Path | None:
    """``--config``, then ``$SEASONWATCH_CONFIG``, then the user config file if it exists.

    An explicitly named file must exist; None means "use the embedded demo".
    """
    for explicit in (cli_value, os.environ.get(CONFIG_ENV)):
        if explicit:
            path = Path(explicit).expanduser()
            if not path.is_file():
                raise ConfigError(f"{path}: {_not_a_file(path)}")
            return path
    default = user_config_file()
    return default if default.is_file() else None


def _not_a_file(path: Path) -> str:
    """Why a named config path cannot be read as one: a folder or a device is not a missing
    file, and saying so sends the user to the right mistake."""
    if path.is_dir():
        return "is a folder, not a config file"
    if path.exists():
        return "is not a regular file (a config is a TOML file)"
    return "no such config file"


def resolve(config_arg: str | None, data_arg: str | None) -> Location:
    """The config and data folder for a command, by SPEC.md's resolution order.

    The embedded demo keeps its data in a ``demo`` subfolder of the default data
    folder, so trying the demo never mixes its items into the user's own store.
    """
    path = resolve_config_path(config_arg)
    config = load_config(path) if path else demo_config()
    explicit_data = data_arg or os.environ.get(DATA_ENV)
    if explicit_data:
        data_dir = Path(explicit_data).expanduser()
    else:
        data_dir = user_data_dir() / "demo" if config.is_demo else user_data_dir()
    return Location(config=config, data_dir=data_dir)
