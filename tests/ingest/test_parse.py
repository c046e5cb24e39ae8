"""The feedparser boundary: plain text out, hostile constructs defused, errors typed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.parse import ParseJob, defuse, parse_feed
from ingest.plaintext import html_to_text, one_line, strip_unsafe, truncate
from rules import Show
from tests.feedserver import rss

NOW = datetime(2019, 1, 1, tzinfo=UTC)
SHOWS = (Show("Daredevil"), Show("Jessica Jones"))


def job(body: bytes, url: str = "https://example.org/feed") -> ParseJob:
    return ParseJob(body, url, SHOWS, NOW)


def test_only_entries_that_mention_a_show_come_back() -> None:
    body = rss(
        ("a", "Daredevil season 3 slated for 2018", "Netflix says so."),
        ("b", "Box office: a quiet weekend", "Nothing about TV."),
    )
    feed = parse_feed(job(body))
    assert feed.entries_total == 2
    assert [e.guid for e in feed.entries] == ["a"]
    entry = feed.entries[0]
    assert entry.reading.mentions == ("Daredevil",)
    assert entry.published == datetime(2017, 3, 24, 10, tzinfo=UTC)
    assert entry.link == "https://example.org/a"


def test_html_and_entities_become_plain_text() -> None:
    description = (
        "&lt;p&gt;Jessica Jones&amp;#8217;s &lt;b&gt;second&lt;/b&gt; season&lt;/p&gt;"
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;is coming&amp;amp;more&lt;/p&gt;"
    )
    feed = parse_feed(job(rss(("a", "Jessica Jones &amp;amp; friends", description))))
    entry = feed.entries[0]
    assert entry.title == "Jessica Jones & friends"
    assert entry.summary == "Jessica Jones’s second season\nis coming&more"


def test_control_escape_and_bidi_characters_are_removed() -> None:
    hostile = "Dare&#x1b;]52;c;ZXZpbA==&#x7;devil &#x202e;txt.exe&#x200b; &#x9b;31m"
    feed = parse_feed(job(rss(("a", hostile, "Daredevil season 3 news"))))
    title = feed.entries[0].title
    assert "\x1b" not in title and "\u202e" not in title and "\x9b" not in title
    assert "\u200b" not in title and "\x07" not in title


@pytest.mark.parametrize(
    "reference", [b"&#xD800;", b"&#x110000;", b"&#99999999999;", b"&#0;", b"&#xDFFF;"]
)
def test_character_references_to_nothing_do_not_raise(reference: bytes) -> None:
    body = rss(("a", "Daredevil season 3 " + reference.decode(), "Daredevil season 3"))
    feed = parse_feed(job(body))
    assert feed.entries[0].title.startswith("Daredevil")


def test_doctype_internal_subset_is_cut() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    assert b"ENTITY" not in defuse(bomb + b"<rss/>")
    body = bomb + rss(("a", "Daredevil season 3 &c;", "x")).split(b"?>", 1)[1]
    feed = parse_feed(job(body))
    assert len(feed.entries[0].title) < 100


def test_links_other_than_http_are_dropped_and_relative_ones_resolved() -> None:
    body = rss(("a", "Daredevil season 3", "x")).replace(
        b"<link>https://example.org/a</link>", b"<link>javascript:alert(1)</link>"
    )
    assert parse_feed(job(body)).entries[0].link is None
    body = rss(("a", "Daredevil season 3", "x")).replace(
        b"<link>https://example.org/a</link>", b"<link>/news/a</link>"
    )
    assert parse_feed(job(body)).entries[0].link == "https://example.org/news/a"


def test_future_dates_are_clamped_to_now() -> None:
    body = rss(("a", "Daredevil season 3", "x")).replace(b"Fri, 24 Mar 2017", b"Sat, 24 Mar 2091")
    assert parse_feed(job(body)).entries[0].published == NOW


def test_missing_dates_give_none_for_the_poller_to_fill() -> None:
    body = rss(("a", "Daredevil season 3", "x")).replace(
        b"<pubDate>Fri, 24 Mar 2017 10:00:00 +0000</pubDate>", b""
    )
    assert parse_feed(job(body)).entries[0].published is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<!DOCTYPE html><html><body>Daredevil</body></html>", "HTML page"),
        (b"<html><head></head></html>", "HTML page"),
        (b'{"json": "Daredevil"}', "not an RSS or Atom feed"),
    ],
)
def test_non_feeds_are_parse_errors(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(job(body))


def test_a_path_in_the_body_is_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss(("a", "Daredevil season 3", "stolen")))
    with pytest.raises(ParseError):
        parse_feed(job(str(secret).encode()))


def test_plaintext_helpers() -> None:
    assert html_to_text("<p>One</p><p>Two&nbsp;&amp; three</p>") == "One\nTwo & three"
    assert one_line("  a\n\tb  ") == "a b"
    assert strip_unsafe("a\x1b[31mb\x07c\u202ed\r") == "a[31mbcd"
    assert truncate("word " * 10, 12) == "word word…"
    assert truncate("short", 12) == "short"


def test_parse_pool_starts_under_a_captured_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual swaps sys.stderr for a capture whose fileno() is -1; workers must still start."""
    from ingest.parsepool import ParserPool

    class Capture:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return -1

    monkeypatch.setattr("sys.stderr", Capture())
    with ParserPool(workers=1, timeout=20) as pool:
        feed = pool.parse(job(rss(("a", "Daredevil season 3 is slated for 2018", "x"))))
    assert [e.guid for e in feed.entries] == ["a"]


FOOTER_TITLE = "Daredevil season 3 slated for 2018"


@pytest.mark.parametrize(
    "description",
    [
        # content:encoded's shape: the footer is a paragraph of its own.
        f"&lt;p&gt;Netflix says so.&lt;/p&gt;&lt;p&gt;The post &lt;a href='https://x.org/a'&gt;"
        f"{FOOTER_TITLE}&lt;/a&gt; appeared first on &lt;a href='https://x.org'&gt;"
        f"Screen Dispatch&lt;/a&gt;.&lt;/p&gt;",
        # An excerpt's shape (TheWrap): it follows the cut text on the same line.
        f"Netflix says so. The post {FOOTER_TITLE} appeared first on TheWrap.",
    ],
)
def test_the_wordpress_footer_is_dropped(description: str) -> None:
    entry = parse_feed(job(rss(("a", FOOTER_TITLE, description)))).entries[0]
    assert entry.summary == "Netflix says so."


@pytest.mark.parametrize(
    "description",
    [
        # Another entry's title: not this entry's footer.
        "Netflix says so.\nThe post Iron Fist is here appeared first on TheWrap.",
        # The article's own words, not a site's name at the end.
        f"The post {FOOTER_TITLE} appeared first on the show's forum, and fans "
        "have been arguing about it for a week since then, which is longer than any "
        "site's name could ever be.",
        # Glued to a word: not the footer line.
        f"Netflix says so.The post {FOOTER_TITLE} appeared first on TheWrap.",
    ],
)
def test_text_only_like_the_footer_stays(description: str) -> None:
    entry = parse_feed(job(rss(("a", FOOTER_TITLE, description)))).entries[0]
    assert entry.summary == html_to_text(description)


def test_without_the_footer_every_reading_of_the_wordpress_sample_is_the_same() -> None:
    """The footer only repeats the title: dropping it (to spare the reader and the rules)
    must not lose a claim the rules found in it."""
    from importlib.resources import files

    from ingest.plaintext import without_footer
    from rules import ShowMatcher, read

    body = files("sample_feeds").joinpath("screen_dispatch.rss").read_bytes()
    marvel = ("Daredevil", "Jessica Jones", "Luke Cage", "Iron Fist", "The Punisher")
    shows = tuple(Show(t) for t in (*marvel, "The Defenders"))
    matcher = ShowMatcher(shows)
    entries = parse_feed(ParseJob(body, "https://example.org/feed", shows, NOW)).entries
    with_footer = 0
    for entry in entries:
        footer = f"\nThe post {entry.title} appeared first on Screen Dispatch."
        assert without_footer(entry.summary + footer, entry.title) == entry.summary
        published = (entry.published or NOW).date()
        kept = read(f"{entry.title}\n{entry.summary}{footer}", published, matcher)
        assert kept == entry.reading
        with_footer += bool(entry.reading.claims)
    assert with_footer >= 10  # the sample's news, not a list of empty readings
