"""OPML: reading feed readers' exports safely, writing OPML 2.0, and the round trip."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from ingest import manage
from ingest.config import load_config
from ingest.opml import OpmlError, OpmlFeed, read_opml, write_opml
from tests.ingest.test_cli import run

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions from a feed reader</title></head>
  <body>
    <outline text="TV" title="TV">
      <outline type="rss" text="Example TV" title="Example TV"
               xmlUrl="https://example.org/tv/feed/" htmlUrl="https://example.org/tv/"/>
      <outline text="Streaming">
        <outline type="rss" text="Stream News &amp; Notes" xmlUrl="https://stream.example/rss"/>
        <outline type="rss" text="Same again" xmlUrl="https://EXAMPLE.org/tv/feed"/>
      </outline>
    </outline>
    <outline type="rss" text="lowercase attribute" xmlurl="https://lower.example/atom.xml"/>
    <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
    <outline text="An empty folder"/>
    <outline type="rss" xmlUrl="https://untitled.example/feed"/>
  </body>
</opml>
"""


def test_nested_outlines_with_their_folders() -> None:
    feeds = read_opml(READER_EXPORT)
    assert feeds == [
        OpmlFeed("https://example.org/tv/feed/", "Example TV", ("TV",)),
        OpmlFeed("https://stream.example/rss", "Stream News & Notes", ("TV", "Streaming")),
        OpmlFeed("https://EXAMPLE.org/tv/feed", "Same again", ("TV", "Streaming")),
        OpmlFeed("https://lower.example/atom.xml", "lowercase attribute", ()),
        OpmlFeed("gopher://old.example/feed", "Gopher", ()),
        OpmlFeed("https://untitled.example/feed", None, ()),
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<opml><body><outline text="&lol2;" xmlUrl="https://a.example/"/></body></opml>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">'
            b"<opml><body/></opml>",
            "DOCTYPE",
        ),
        (b"<opml><body><outline", "not valid XML"),
        (b"<rss><channel/></rss>", "not an OPML file"),
        (b"<opml>" + b"<outline>" * 100 + b"</outline>" * 100 + b"</opml>", "nested deeper"),
    ],
)
def test_hostile_or_broken_files_are_refused(document: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        read_opml(document, source="evil.opml")


def test_export_is_valid_opml_2(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    local = tmp_path / "saved feed.xml"
    local.write_text("<rss/>")
    path.write_text(
        '[[feeds]]\nurl = "https://example.org/tv/feed/?a=1&b=2"\nname = "Example <TV>"\n\n'
        f'[[feeds]]\nurl = "{local}"\n'
    )
    document = write_opml(load_config(path).feeds, NOW)
    root = ET.fromstring(document)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "seasonwatch feeds"
    assert parsedate_to_datetime(root.findtext("head/dateCreated") or "") == NOW
    outlines = root.findall("body/outline")
    assert [(o.get("type"), o.get("text"), o.get("xmlUrl")) for o in outlines] == [
        ("rss", "Example <TV>", "https://example.org/tv/feed/?a=1&b=2"),
        ("rss", "saved feed", local.as_uri()),
    ]


def test_round_trip_through_opml(tmp_path: Path) -> None:
    source = tmp_path / "source.toml"
    manage.create_config(source)  # the demo's seven feeds, as local files
    manage.add_feed(source, "https://example.org/tv/feed/", "Example TV")
    exported = write_opml(load_config(source).feeds, NOW)
    target = tmp_path / "target.toml"
    manage.create_config(target, empty=True)
    result = manage.add_feeds(target, [(f.url, f.title) for f in read_opml(exported)])
    assert len(result.added) == 8
    assert [(f.url, f.name) for f in load_config(target).feeds] == [
        (f.url, f.name) for f in load_config(source).feeds
    ]
    again = manage.add_feeds(target, [(f.url, f.title) for f in read_opml(exported)])
    assert again.added == () and len(again.already) == 8


def test_import_and_export_commands(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\n[[feeds]]\nurl = "https://example.org/tv/feed/"\nname = "Mine"\n')
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(READER_EXPORT)
    env = {"SEASONWATCH_CONFIG": str(config)}
    dry = run("feeds", "import", "--dry-run", str(opml), env=env)
    assert dry.returncode == 0, dry.stderr
    assert "would add 3" in dry.stdout and "Stream" not in config.read_text()
    result = run("feeds", "import", str(opml), env=env)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.splitlines()[0]
    assert "6 feeds listed; added 3, skipped 2 already configured, 0 listed twice, 1 unusable" in (
        summary
    )
    assert "unusable: 'gopher://old.example/feed'" in result.stdout
    feeds = load_config(config).feeds
    assert [f.name for f in feeds] == [
        "Mine",
        "Stream News & Notes",
        "lowercase attribute",
        "untitled.example",  # no title in the file: named after its host
    ]
    assert config.read_text().startswith("# mine\n")
    out = tmp_path / "out.opml"
    exported = run("feeds", "export", "--output", str(out), env=env)
    assert exported.returncode == 0 and "wrote 4 feeds" in exported.stdout
    assert len(ET.parse(out).getroot().findall("body/outline")) == 4
    stdout = run("feeds", "export", env=env)
    assert stdout.stdout.startswith("<?xml") and stdout.stdout.count("<outline") == 4
    piped = run("feeds", "import", "-", stdin=stdout.stdout, env=env)
    assert piped.returncode == 0 and "added 0, skipped 4 already configured" in piped.stdout


def test_import_errors_are_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><opml/>')
    env = {"SEASONWATCH_CONFIG": str(config)}
    for path in (bad, tmp_path / "missing.opml"):
        result = run("feeds", "import", str(path), env=env)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr
