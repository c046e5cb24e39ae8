"""Managing shows and feeds: in-place config edits, init, and re-reading stored items."""

from __future__ import annotations

import json
import stat
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ingest import manage
from ingest import reread as reread_module
from ingest.config import load_config
from ingest.configfile import append_tables, remove_table
from ingest.errors import ConfigError, UsageError
from ingest.records import NewsItem
from ingest.reread import is_stale, reread_if_stale, reread_items
from ingest.store import Store
from rules import RULES_VERSION, Show, ShowMatcher, read
from tests.feedserver import FeedServer, Reply, rss
from tests.ingest.test_cli import run

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

COMMENTED = """\
# My seasonwatch config
poll_interval = "30m"   # slow down

# --- feeds ---

[[feeds]]
url = "https://example.org/tv/feed/"   # the main one
name = "Example TV"

# shows I like
[[shows]]
title = "Jessica Jones"   # first
aliases = [
    "Marvel's Jessica Jones",  # the long name
]

# Daredevil: the best one
[[shows]]
title = "Daredevil"

# a note at the end, about nothing in particular
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


# --- in-place edits -----------------------------------------------------------------


def test_add_show_appends_after_the_last_show_and_keeps_every_comment(config: Path) -> None:
    saved = manage.add_show(config, "The Bear", ["Bear"], "FX")
    assert [s.title for s in saved.shows] == ["Jessica Jones", "Daredevil", "The Bear"]
    text = config.read_text()
    for line in COMMENTED.splitlines():
        assert line in text  # nothing of the user's was lost or reformatted
    assert text.index('title = "The Bear"') > text.index('title = "Daredevil"')
    assert text.index('title = "The Bear"') < text.index("# a note at the end")
    assert '[[shows]]\ntitle = "The Bear"\naliases = ["Bear"]\nfranchise = "FX"\n' in text
    assert load_config(config).shows[-1].aliases == ("Bear",)


def test_remove_show_takes_its_own_comment_and_nothing_else(config: Path) -> None:
    show, saved = manage.remove_show(config, "daredevil")
    assert show.title == "Daredevil"
    assert [s.title for s in saved.shows] == ["Jessica Jones"]
    text = config.read_text()
    assert "Daredevil" not in text  # its comment went with it
    assert "# a note at the end, about nothing in particular" in text
    assert "# shows I like" in text and "# the long name" in text
    assert "\n\n\n" not in text


def test_remove_first_show_keeps_the_comment_that_introduces_the_list(config: Path) -> None:
    _show, saved = manage.remove_show(config, "Marvel's Jessica Jones")  # by alias
    assert [s.title for s in saved.shows] == ["Daredevil"]
    text = config.read_text()
    assert "# shows I like" in text
    assert "# Daredevil: the best one" in text
    assert "the long name" not in text  # inside the removed table


def test_remove_then_add_back_round_trips_the_data(config: Path) -> None:
    before = tomllib.loads(config.read_text())
    manage.remove_show(config, "Daredevil")
    manage.add_show(config, "Daredevil")
    assert tomllib.loads(config.read_text()) == before


def test_feed_add_and_remove_in_place(config: Path, tmp_path: Path) -> None:
    local = tmp_path / "saved.xml"
    local.write_text("<rss/>")
    feed, saved = manage.add_feed(config, str(local), "Saved")
    assert feed.url == str(local) and feed.name == "Saved"
    text = config.read_text()
    assert text.index(str(local)) < text.index("# shows I like")  # after the feeds, before shows
    removed, saved = manage.remove_feed(config, "example tv")
    assert removed.url == "https://example.org/tv/feed/"
    assert [f.name for f in saved.feeds] == ["Saved"]
    assert "# --- feeds ---" in config.read_text()


def test_edits_of_a_file_with_no_lists_and_inline_lists(tmp_path: Path) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text('poll_interval = "1h"\n# nothing else yet')
    manage.add_show(bare, "Severance")
    assert bare.read_text() == (
        'poll_interval = "1h"\n# nothing else yet\n\n[[shows]]\ntitle = "Severance"\n'
    )
    inline = tmp_path / "inline.toml"
    inline.write_text('shows = [{title = "A"}]  # mine\n')
    manage.add_show(inline, "B")
    assert [s.title for s in load_config(inline).shows] == ["A", "B"]
    assert "# mine" in inline.read_text()
    manage.remove_show(inline, "A")
    assert [s.title for s in load_config(inline).shows] == ["B"]


def test_removing_the_last_show_leaves_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text('# header\n\n[[shows]]\ntitle = "Only"\n')
    _show, saved = manage.remove_show(path, "Only")
    assert saved.shows == ()
    assert path.read_text() == "# header\n"


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.toml"
    path.write_bytes(b'# windows\r\n[[shows]]\r\ntitle = "A"\r\n')
    manage.add_show(path, "B")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert [s.title for s in load_config(path).shows] == ["A", "B"]


def test_duplicate_names_are_refused_and_nothing_is_written(config: Path) -> None:
    before = config.read_text()
    with pytest.raises(UsageError, match="already tracked"):
        manage.add_show(config, "daredevil")
    with pytest.raises(UsageError, match="already a name of 'Jessica Jones'"):
        manage.add_show(config, "New Show", ["Marvel's Jessica Jones"])
    with pytest.raises(UsageError, match="must not be empty"):
        manage.add_show(config, "   ")
    with pytest.raises(UsageError, match="already configured"):
        manage.add_feed(config, "HTTPS://Example.org/tv/feed")  # same feed, other spelling
    with pytest.raises(UsageError, match="only http"):
        manage.add_feed(config, "ftp://example.org/feed")
    with pytest.raises(UsageError, match="no tracked show"):
        manage.remove_show(config, "Lost")
    assert config.read_text() == before


def test_an_invalid_config_is_never_edited(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[shows]]\ntitle = "A"\ncolour = "red"\n')
    with pytest.raises(ConfigError, match="colour"):
        manage.add_show(path, "B")
    assert "B" not in path.read_text()


def test_an_edit_that_cannot_be_verified_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "table.toml"
    text = 'poll_interval = "1h"\n'
    path.write_text(text)
    with pytest.raises(ConfigError):
        remove_table(path, "shows", 0)  # there is no show 0
    assert path.read_text() == text


def test_write_keeps_permissions_and_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "seasonwatch.toml"
    real.parent.mkdir()
    real.write_text('[[shows]]\ntitle = "A"\n')
    real.chmod(0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    append_tables(link, "shows", [{"title": "B"}])
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert [s.title for s in load_config(link).shows] == ["A", "B"]
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_dry_run_import_changes_nothing(config: Path) -> None:
    before = config.read_text()
    result = manage.add_feeds(config, [("https://a.example/rss", "A")], dry_run=True)
    assert [f.name for f in result.added] == ["A"]
    assert config.read_text() == before


# --- init ---------------------------------------------------------------------------


def test_create_config_from_demo_works_from_any_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    config = manage.create_config(path)
    assert len(config.feeds) == 7 and len(config.shows) == 6
    assert all(Path(f.url).is_absolute() and Path(f.url).is_file() for f in config.feeds)
    assert load_config(path).feeds == config.feeds
    text = path.read_text()
    assert text.startswith("# seasonwatch config, created by `seasonwatch init`")
    with pytest.raises(UsageError, match="already exists"):
        manage.create_config(path, empty=True)


def test_create_empty_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    config = manage.create_config(path, empty=True)
    assert config.feeds == () and config.shows == () and config.on_change is None
    manage.add_show(path, "Severance")
    assert "# on_change = " in path.read_text()  # the template's hints survive edits


# --- re-reading stored items --------------------------------------------------------


def _feed_with(server: FeedServer) -> str:
    return server.add(
        "/tv",
        Reply(
            200,
            rss(
                ("1", "Daredevil season 3 set to premiere October 19, 2018", "Netflix."),
                (
                    "2",
                    "Daredevil and Severance news",
                    "Severance season 2 is expected to premiere in 2024. Daredevil too.",
                ),
                ("3", "Nothing we track", "Severance season 2 is filming now."),
            ),
        ),
    )


def test_added_show_is_found_in_stored_and_newly_polled_items(tmp_path: Path) -> None:
    path, data = tmp_path / "config.toml", tmp_path / "data"
    with FeedServer() as server:
        path.write_text(
            f'[[feeds]]\nurl = "{_feed_with(server)}"\n\n[[shows]]\ntitle = "Daredevil"\n'
        )
        env = {"SEASONWATCH_CONFIG": str(path), "SEASONWATCH_DATA": str(data)}
        assert run("ingest", "--once", env=env).returncode == 0
        added = run("shows", "add", "Severance", env=env)
        assert added.returncode == 0, added.stderr
        assert "newly found: Severance in 1 item" in added.stdout  # item 2, already stored
        status = json.loads(run("status", "--json", env=env).stdout)
        assert any(e["show"] == "Severance" for e in status)
        polled = run("ingest", "--once", env=env)  # the unchanged feed is read again
        assert "1 new" in polled.stdout, polled.stdout
        items = json.loads(run("items", "--show", "Severance", "--json", env=env).stdout)
        assert {i["title"] for i in items} == {"Daredevil and Severance news", "Nothing we track"}


def test_removed_show_loses_estimates_but_items_and_marks_stay(tmp_path: Path) -> None:
    path, data = tmp_path / "config.toml", tmp_path / "data"
    with FeedServer() as server:
        path.write_text(
            f'[[feeds]]\nurl = "{_feed_with(server)}"\n\n'
            '[[shows]]\ntitle = "Daredevil"\n\n[[shows]]\ntitle = "Severance"\n'
        )
        env = {"SEASONWATCH_CONFIG": str(path), "SEASONWATCH_DATA": str(data)}
        assert run("ingest", "--once", env=env).returncode == 0
    items = json.loads(run("items", "--json", env=env).stdout)
    target = next(i for i in items if i["title"] == "Nothing we track")
    assert run("mark", target["id"], "confirmed", env=env).returncode == 0
    removed = run("shows", "remove", "Severance", env=env)
    assert removed.returncode == 0, removed.stderr
    status = json.loads(run("status", "--json", env=env).stdout)
    assert {e["show"] for e in status} == {"Daredevil"}
    with Store(data, writable=False) as store:
        assert target["id"] in store.item_ids()  # the item stays
        assert store.marks()[target["id"]].state.value == "confirmed"  # and so does the mark
    readded = run("shows", "add", "Severance", env=env)
    assert "newly found: Severance in 2 items" in readded.stdout
    status = json.loads(run("status", "--json", env=env).stdout)
    assert any(e["show"] == "Severance" for e in status)


def test_reread_when_the_store_is_busy_happens_at_the_next_ingest(tmp_path: Path) -> None:
    path, data = tmp_path / "config.toml", tmp_path / "data"
    with FeedServer() as server:
        path.write_text(
            f'[[feeds]]\nurl = "{_feed_with(server)}"\n\n[[shows]]\ntitle = "Daredevil"\n'
        )
        env = {"SEASONWATCH_CONFIG": str(path), "SEASONWATCH_DATA": str(data)}
        assert run("ingest", "--once", env=env).returncode == 0
        with Store(data, writable=True, command="dashboard"):
            busy = run("shows", "add", "Severance", env=env)
        assert busy.returncode == 0  # the config changed; the items wait
        assert "re-read when 'seasonwatch ingest' next starts" in busy.stderr
        later = run("ingest", "--once", env=env)
        assert "newly found: Severance in 1 item" in later.stderr


def test_reread_if_stale_reads_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[shows]]\ntitle = "Daredevil"\n')
    shows = load_config(path).shows
    with Store(tmp_path / "data", writable=True) as store:
        assert is_stale(store, shows)
        assert reread_if_stale(store, shows, NOW) is None  # empty store: just remembered
        assert not is_stale(store, shows)
        result = reread_items(store, shows, NOW)
        assert result.items == 0 and result.changed == 0


# --- the commands -------------------------------------------------------------------


def test_commands_without_a_config_say_how_to_make_one() -> None:
    for argv in (
        ("shows", "add", "X"),
        ("feeds", "add", "https://a.example/"),
        ("shows", "remove", "X"),
    ):
        result = run(*argv)
        assert result.returncode == 2
        assert "seasonwatch init" in result.stderr and "Traceback" not in result.stderr


def test_init_then_manage_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "home" / ".config" / "seasonwatch" / "config.toml"
    created = run("init")
    assert created.returncode == 0, created.stderr
    assert str(path) in created.stdout and path.is_file()
    again = run("init", "--empty")
    assert again.returncode == 2 and "already exists" in again.stderr
    listed = json.loads(run("shows", "list", "--json").stdout)
    assert [s["title"] for s in listed][:2] == ["Jessica Jones", "Daredevil"]
    add = run(
        "shows", "add", "Severance", "--alias", "Severance S2", "-a", "Sev", "--franchise", "Apple"
    )
    assert add.returncode == 0, add.stderr
    assert load_config(path).shows[-1].aliases == ("Severance S2", "Sev")
    table = run("shows")
    assert "Severance S2, Sev" in table.stdout
    dup = run("shows", "add", "severance")
    assert dup.returncode == 2 and "already tracked" in dup.stderr
    removed = run("feeds", "remove", "Couch Critic")
    assert removed.returncode == 0, removed.stderr
    feeds = json.loads(run("feeds", "--json").stdout)  # the listing still works as before
    assert len(feeds) == 6 and "Couch Critic" not in {f["name"] for f in feeds}
    missing = run("feeds", "remove", "Nope")
    assert missing.returncode == 2 and "no configured feed" in missing.stderr


def _stored(item_id: str, text: str, shows: tuple[Show, ...]) -> NewsItem:
    reading = read(text, NOW.date(), ShowMatcher(shows))
    return NewsItem(
        id=item_id,
        feed_url="https://example.org/feed",
        feed_name="Example",
        title=text,
        summary="",
        link=None,
        guid=item_id,
        published=NOW,
        first_seen=NOW,
        updated_at=NOW,
        content_hash=item_id,
        mentions=reading.mentions,
        claims=reading.claims,
        rules_version=RULES_VERSION,
    )


def test_reread_reads_only_items_that_name_a_changed_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = (Show("Daredevil"), Show("Luke Cage"))
    texts = {
        "a1": "Daredevil season 3 is set to premiere on October 19, 2018.",
        "b2": "Luke Cage season 2 and Severance season 2 are expected in 2019.",
        "c3": "Luke Cage season 3 may come in 2020.",
    }
    reads: list[str] = []
    real_read = reread_module.read

    def counting_read(text: str, *args: Any) -> Any:
        reads.append(text)
        return real_read(text, *args)

    with Store(tmp_path / "data", writable=True) as store:
        store.save_poll([_stored(i, t, old) for i, t in texts.items()], [])
        assert reread_items(store, old, NOW).changed == 0  # no record yet: reads all three
        monkeypatch.setattr(reread_module, "read", counting_read)
        added = reread_items(store, (*old, Show("Severance")), NOW)
        assert reads == [texts["b2"]] and added.found == {"Severance": 1}
        reads.clear()
        removed = reread_items(store, (Show("Luke Cage"), Show("Severance")), NOW)
        assert reads == [texts["a1"]] and removed.lost == {"Daredevil": 1}
        assert store.item("a1") is not None  # the item stays, mentioning nothing tracked


def test_header_lookalikes_inside_strings_are_not_tables(tmp_path: Path) -> None:
    path = tmp_path / "tricky.toml"
    path.write_text(
        "on_change = '''\n[[shows]]\necho not a table\n'''\n"
        '# odd\u2028comment\n\n[[shows]]\ntitle = "A"\n',
        encoding="utf-8",
    )
    manage.add_show(path, "B")
    manage.remove_show(path, "A")
    config = load_config(path)
    assert [s.title for s in config.shows] == ["B"]
    assert config.on_change == "[[shows]]\necho not a table\n"
    assert "# odd\u2028comment" in path.read_text(encoding="utf-8")


def test_new_show_is_the_check_add_show_makes(config: Path) -> None:
    # The dashboard's form asks this before it closes; the words are the CLI's.
    loaded = load_config(config)
    show = manage.new_show(loaded, "  Severance\n", ["Severance  S2"], "Apple\x1b]0;x\x07 TV")
    assert show == Show("Severance", ("Severance S2",), "Apple]0;x TV")
    with pytest.raises(UsageError, match=rf"'daredevil' is already tracked \(in {config}\)"):
        manage.new_show(loaded, "daredevil")
    with pytest.raises(UsageError, match="the title must not be empty"):
        manage.new_show(loaded, "\x1b\u200b ")
    assert manage.add_show(config, "\x00all").shows[-1].title == "all"  # no NUL in a title
