"""Config files: the TOML of SPEC.md, strict validation, and where configs are found."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from ingest.config import (
    DEFAULT_POLL_INTERVAL,
    demo_config,
    load_config,
    parse_duration,
    resolve,
    user_config_file,
)
from ingest.errors import ConfigError
from rules import Lags, Show

SPEC_EXAMPLE = """
poll_interval = "15m"            # per-feed default; feeds may override

[[feeds]]
url = "https://example.org/tv/feed/"   # http(s) URL or a local file path
name = "Example TV"                     # optional

[[shows]]
title = "Jessica Jones"
aliases = ["Marvel's Jessica Jones"]    # optional
franchise = "Defenders"                 # optional
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_spec_example_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SPEC_EXAMPLE))
    assert config.poll_interval == timedelta(minutes=15)
    assert [(f.url, f.name, f.poll_interval) for f in config.feeds] == [
        ("https://example.org/tv/feed/", "Example TV", timedelta(minutes=15))
    ]
    assert config.shows == (
        Show("Jessica Jones", aliases=("Marvel's Jessica Jones",), franchise="Defenders"),
    )
    assert not config.is_demo


def test_empty_file_is_a_valid_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.feeds == () and config.shows == ()
    assert config.poll_interval == DEFAULT_POLL_INTERVAL


def test_shows_only_config_is_enough(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[shows]]\ntitle = "Fargo"\n'))
    assert [s.title for s in config.shows] == ["Fargo"]


def test_feed_overrides_interval_and_gets_a_default_name(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, '[[feeds]]\nurl = "https://www.example.net/rss"\npoll_interval = "1h30m"\n')
    )
    feed = config.feeds[0]
    assert feed.name == "example.net"
    assert feed.poll_interval == timedelta(hours=1, minutes=30)
    assert not feed.is_local


def test_relative_local_path_resolves_against_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[feeds]]\nurl = "feeds/tv.xml"\n'))
    assert config.feeds[0].url == str(tmp_path / "feeds" / "tv.xml")
    assert config.feeds[0].is_local
    assert config.feeds[0].name == "tv"


def test_lags_are_configurable(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[lags]\nwrap_to_premiere = [30, 200]\n"))
    assert config.lags == Lags(wrap_to_premiere=(30, 200))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('pol_interval = "15m"\n', "unknown key 'pol_interval'"),
        ('[[feeds]]\nurl = "https://e.org/f"\nnme = "x"\n', "unknown key 'feeds[0].nme'"),
        ('[[shows]]\ntitle = "A"\nalias = ["B"]\n', "unknown key 'shows[0].alias'"),
        ("[[shows]]\naliases = []\n", "shows[0].title: missing"),
        ('[[shows]]\ntitle = "  "\n', "shows[0].title: expected a non-empty string"),
        ('[[shows]]\ntitle = "A"\naliases = "B"\n', "shows[0].aliases"),
        ('[[shows]]\ntitle = "A"\n[[shows]]\ntitle = "a"\n', "shows[1].title: duplicate"),
        ('[[feeds]]\nname = "x"\n', "feeds[0].url: missing"),
        ('[[feeds]]\nurl = "ftp://e.org/f"\n', "only http(s) URLs and local paths"),
        ('[[feeds]]\nurl = "https:///nohost"\n', "has no host"),
        ('poll_interval = "soon"\n', "poll_interval: expected a duration"),
        ("poll_interval = 0\n", "must be longer than zero"),
        ('feeds = "x"\n', "feeds: expected a list of tables"),
        ("[lags]\nwrap_to_premiere = [300, 100]\n", "lags.wrap_to_premiere"),
        ("[lags]\nsoon = 3\n", "unknown key 'lags.soon'"),
        ("poll_interval = ", "not valid TOML"),
    ],
)
def test_invalid_configs_name_the_file_and_field(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15m", 900), ("1h30m", 5400), ("90s", 90), ("2d", 172800), (60, 60), ("1.5h", 5400)],
)
def test_durations(value: object, expected: int) -> None:
    assert parse_duration(value, "x") == timedelta(seconds=expected)


def test_demo_config_tracks_the_seed_shows_and_reads_local_files() -> None:
    demo = demo_config()
    assert demo.is_demo and demo.path is None
    assert {s.title for s in demo.shows} == {
        "Jessica Jones",
        "Iron Fist",
        "The Punisher",
        "The Defenders",
        "Luke Cage",
        "Daredevil",
    }
    assert len(demo.feeds) >= 6
    assert all(f.is_local and Path(f.url).is_file() for f in demo.feeds)


def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEASONWATCH_DATA")
    # nothing configured: the demo, with its data kept apart
    loc = resolve(None, None)
    assert loc.config.is_demo
    assert loc.data_dir.name == "demo"
    # the user config file wins over the demo
    user_file = user_config_file()
    user_file.parent.mkdir(parents=True)
    user_file.write_text('[[shows]]\ntitle = "User"\n')
    assert [s.title for s in resolve(None, None).config.shows] == ["User"]
    assert resolve(None, None).data_dir.name == "seasonwatch"
    # the environment wins over the user file
    env_file = write(tmp_path, '[[shows]]\ntitle = "Env"\n', "env.toml")
    monkeypatch.setenv("SEASONWATCH_CONFIG", str(env_file))
    monkeypatch.setenv("SEASONWATCH_DATA", str(tmp_path / "envdata"))
    loc = resolve(None, None)
    assert [s.title for s in loc.config.shows] == ["Env"]
    assert loc.data_dir == tmp_path / "envdata"
    # the command line wins over everything
    cli_file = write(tmp_path, '[[shows]]\ntitle = "Cli"\n', "cli.toml")
    loc = resolve(str(cli_file), str(tmp_path / "clidata"))
    assert [s.title for s in loc.config.shows] == ["Cli"]
    assert loc.data_dir == tmp_path / "clidata"


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        resolve(str(tmp_path / "missing.toml"), None)


def test_a_named_config_that_is_not_a_file_says_what_it_is(tmp_path: Path) -> None:
    """``--config ~/.config/seasonwatch`` (the folder) or ``/dev/null`` exist: "no such
    config file" would send the user looking for a missing file."""
    with pytest.raises(ConfigError, match="is a folder, not a config file"):
        resolve(str(tmp_path), None)
    with pytest.raises(ConfigError, match="is not a regular file"):
        resolve(os.devnull, None)
