"""Deterministic benchmark data: entertainment feeds, stored items, a config to read them.

Every figure in the benchmarks is measured on data made here from a seed, so two runs
(and two machines) measure the same bytes. The feeds look like the real thing: RSS 2.0
with HTML descriptions, entities and ``content:encoded`` full text, Atom with HTML
content; about a third of the items mention a tracked show, and most of those carry a
season claim in the wording the rules read (renewals, premiere windows, production
starts, wraps, cancellations). The rest is the usual noise of an entertainment site:
box office, film reviews, trailers, untracked shows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from html import escape
from pathlib import Path

from ingest.config import Config, FeedConfig
from ingest.records import NewsItem, item_id_for
from rules import RULES_VERSION, Reading, Show, ShowMatcher, read

TRACKED = (
    "Stranger Things",
    "The Crown",
    "Westworld",
    "Jessica Jones",
    "Daredevil",
    "Luke Cage",
    "The Punisher",
    "Iron Fist",
    "Ozark",
    "Mindhunter",
    "The Handmaid's Tale",
    "Killing Eve",
    "Succession",
    "Barry",
    "Fleabag",
    "The Expanse",
    "Russian Doll",
    "Big Little Lies",
    "True Detective",
    "The Good Place",
    "Brooklyn Nine-Nine",
    "Atlanta",
    "The Marvelous Mrs. Maisel",
    "Dark",
    "Money Heist",
    "The Witcher",
    "Sex Education",
    "Umbrella Academy",
    "Better Call Saul",
    "Fargo",
)
UNTRACKED = (
    "Grey's Anatomy",
    "The Blacklist",
    "Riverdale",
    "Lucifer",
    "Supernatural",
    "Outlander",
    "Vikings",
    "Black Mirror",
    "Narcos",
    "Bosch",
    "Goliath",
    "Jack Ryan",
    "Homeland",
    "Billions",
    "Castle Rock",
)
NETWORKS = ("Netflix", "HBO", "Hulu", "Amazon", "FX", "AMC", "BBC America", "Showtime", "NBC")
FILMS = (
    "Midnight Harbor",
    "The Last Orchard",
    "Glass Kingdom",
    "Rivers of Steel",
    "Paper Moons",
    "The Quiet Frontier",
    "Northern Lights",
    "Iron Canyon",
)
PEOPLE = (
    "Maya Ortiz",
    "Daniel Kwan",
    "Priya Raman",
    "Tom Becker",
    "Lena Hart",
    "Omar Said",
    "Claire Dubois",
    "Jonah Reyes",
)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
COUNTS = ("one", "two", "three", "four", "five", "six")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ITEMS_PER_FEED = 40
START = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)
"""The newest item of every feed; older items step back a few hours to days each."""

FILLER = (
    "The news comes after months of speculation among fans on social media.",
    "Representatives for the studio did not respond to a request for comment.",
    'The showrunner told reporters that the writers\' room is "in a very good place".',
    "Critics praised the previous run for its pacing and its performances.",
    "Viewership figures released last month put the series among the most-watched of the year.",
    "The cast is expected to return, although contracts have not been finalised.",
    "A spokesperson declined to discuss the budget, which is said to be substantial.",
    "Industry analysts see the deal as part of a wider push into prestige drama.",
    "Fans have already started theorising about where the story goes next.",
    "The announcement was made during a press event in Los Angeles on Tuesday.",
    "Several guest stars from earlier episodes are rumoured to make an appearance.",
    "The series has picked up a handful of awards nominations along the way.",
)


def _claim_sentence(rng: random.Random, show: str, published: date) -> str:
    season = rng.randint(2, 6)
    year = published.year + rng.choice((0, 1, 1, 2))
    net = rng.choice(NETWORKS)
    month = rng.choice(MONTHS)
    forms = (
        f"{net} has renewed {show} for a {ORDINALS[season - 1]} season.",
        f"{show} season {season} is expected to premiere in early {year}.",
        f"{show} Season {season} may air sometime {year}, sources say.",
        f"Production on {show} season {season} is slated to begin next month.",
        f"{show} has wrapped filming on season {season}.",
        f"{net} has cancelled {show} after {COUNTS[season - 2]} seasons.",
        f"{show} season {season} will premiere on {month} {rng.randint(1, 28)}, {year}.",
        f"The {ORDINALS[season - 1]} season of {show} is set to air in late {year}.",
        f"Filming on {show} season {season} started last week in Atlanta.",
        f"{show} is reportedly in talks for a {ORDINALS[season - 1]} season.",
    )
    return rng.choice(forms)


def _mention_sentence(rng: random.Random, show: str) -> str:
    person = rng.choice(PEOPLE)
    forms = (
        f"{person}, who stars in {show}, spoke about the role at a festival panel.",
        f"Our critics rank every episode of {show} so far.",
        f"{show} picked up three nominations at this year's awards.",
        f"{person} joins the cast of {show} in a recurring role.",
    )
    return rng.choice(forms)


def _noise(rng: random.Random) -> tuple[str, str]:
    film = rng.choice(FILMS)
    other = rng.choice(UNTRACKED)
    person = rng.choice(PEOPLE)
    headline, lead = rng.choice(
        (
            (
                f"Box office: '{film}' tops the weekend",
                f"'{film}' opened to an estimated ${rng.randint(12, 140)} million.",
            ),
            (
                f"Review: '{film}' is a slow burn worth the wait",
                f"{person} gives the performance of a career in '{film}'.",
            ),
            (
                f"{other} renewed for season {rng.randint(2, 9)}",
                f"The network has renewed {other} for another season.",
            ),
            (
                f"Watch the first trailer for {other}",
                f"The new trailer for {other} teases a darker chapter.",
            ),
            (
                f"{person} to direct '{film}' sequel",
                f"{person} has signed on to direct the follow-up to '{film}'.",
            ),
        )
    )
    return headline, lead


@dataclass(frozen=True, slots=True)
class Entry:
    """One generated feed entry (plain text; the feed writer adds the HTML)."""

    guid: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    link: str


def entries(feed_no: int, count: int = ITEMS_PER_FEED, seed: int = 6) -> list[Entry]:
    """The entries of feed number ``feed_no``, newest first; the same every time."""
    rng = random.Random(seed * 1_000_003 + feed_no)
    moment = START - timedelta(hours=feed_no)
    out = []
    for n in range(count):
        moment -= timedelta(hours=rng.randint(3, 60))
        roll = rng.random()
        if roll < 0.35:
            show = rng.choice(TRACKED)
            lead = (
                _claim_sentence(rng, show, moment.date())
                if roll < 0.27
                else _mention_sentence(rng, show)
            )
            title = lead.rstrip(".")
            if len(title) > 90:
                title = title[:87] + "..."
        else:
            title, lead = _noise(rng)
        body = [lead, *rng.sample(FILLER, rng.randint(3, 7))]
        if rng.random() < 0.2:
            body.append(_mention_sentence(rng, rng.choice(UNTRACKED)))
        slug = "-".join(title.lower().split()[:8]).strip(".,'\"")
        link = f"https://feed{feed_no:03d}.example.org/{moment:%Y/%m}/{slug}-{n}"
        out.append(Entry(f"{link}#g", title, tuple(body), moment, link))
    return out


def _html(paragraphs: tuple[str, ...], link: str) -> str:
    first, *rest = paragraphs
    parts = [f'<p><strong>{escape(first)}</strong> <a href="{link}">Read more</a></p>']
    parts += [f"<p>{escape(p)}</p>" for p in rest]
    return "\n".join(parts).replace("'", "&#8217;")


def rss(feed_no: int, count: int = ITEMS_PER_FEED, seed: int = 6) -> bytes:
    """An RSS 2.0 feed with HTML descriptions and ``content:encoded`` full text."""
    items = []
    for e in entries(feed_no, count, seed):
        html = _html(e.paragraphs, e.link)
        items.append(
            f"<item><title>{escape(e.title)}</title><link>{e.link}</link>"
            f"<description><![CDATA[{html[:300]}...]]></description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded>"
            f"<dc:creator>{PEOPLE[feed_no % len(PEOPLE)]}</dc:creator>"
            f"<category>Television</category><category>News</category>"
            f'<guid isPermaLink="false">{e.guid}</guid>'
            f"<pubDate>{format_datetime(e.published)}</pubDate></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        f"<title>Screen Feed {feed_no:03d}</title>"
        f"<link>https://feed{feed_no:03d}.example.org/</link>"
        "<description>Television and film news</description><language>en-us</language>\n"
        + "".join(items)
        + "</channel></rss>\n"
    ).encode()


def atom(feed_no: int, count: int = ITEMS_PER_FEED, seed: int = 6) -> bytes:
    """An Atom 1.0 feed with HTML content."""
    rows = []
    for e in entries(feed_no, count, seed):
        stamp = e.published.isoformat()
        rows.append(
            f'<entry><title>{escape(e.title)}</title><link href="{e.link}"/>'
            f"<id>{e.guid}</id><updated>{stamp}</updated><published>{stamp}</published>"
            f"<author><name>{PEOPLE[feed_no % len(PEOPLE)]}</name></author>"
            f'<content type="html">{escape(_html(e.paragraphs, e.link))}</content></entry>\n'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Screen Feed {feed_no:03d}</title><id>urn:feed:{feed_no}</id>"
        f"<updated>{START.isoformat()}</updated>\n" + "".join(rows) + "</feed>\n"
    ).encode()


def feed_body(feed_no: int, count: int = ITEMS_PER_FEED, seed: int = 6) -> bytes:
    """Feed ``feed_no``: every fourth one Atom, the rest RSS."""
    return atom(feed_no, count, seed) if feed_no % 4 == 3 else rss(feed_no, count, seed)


def write_feeds(folder: Path, feeds: int, count: int = ITEMS_PER_FEED, seed: int = 6) -> list[Path]:
    """Write ``feeds`` feed files into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(feeds):
        path = folder / f"feed{n:03d}.{'atom' if n % 4 == 3 else 'xml'}"
        path.write_bytes(feed_body(n, count, seed))
        paths.append(path)
    return paths


def shows() -> tuple[Show, ...]:
    """The tracked shows."""
    return tuple(Show(title) for title in TRACKED)


def config(urls: list[str], interval: timedelta = timedelta(minutes=15)) -> Config:
    """A config with these feeds and the tracked shows."""
    feeds = tuple(FeedConfig(url, f"Screen Feed {n:03d}", interval) for n, url in enumerate(urls))
    return Config(path=None, poll_interval=interval, feeds=feeds, shows=shows())


# --- stored items, made directly (for the store-size benchmarks) ----------------------


@lru_cache(maxsize=1)
def _matcher() -> ShowMatcher:
    return ShowMatcher(shows())


@lru_cache(maxsize=4096)
def _reading(text: str, published: date) -> Reading:
    return read(text, published, _matcher())


def stored_items(count: int, seed: int = 6) -> Iterator[NewsItem]:
    """``count`` distinct items as a long-running store holds them, all mentioning a show.

    Texts come from a pool of a few thousand readings (reading 50,000 texts would make
    the set-up slower than the benchmark); ids, dates and feeds are all distinct.
    """
    rng = random.Random(seed)
    moment = START
    n = 0
    while n < count:
        moment -= timedelta(minutes=rng.randint(20, 200))
        pool_no = rng.randrange(min(3000, max(50, count)))
        prng = random.Random(pool_no)
        show = prng.choice(TRACKED)
        day = date(2017, 1, 1) + timedelta(days=pool_no % 1000)
        lead = (
            _claim_sentence(prng, show, day)
            if prng.random() < 0.75
            else _mention_sentence(prng, show)
        )
        summary = " ".join([lead, *prng.sample(FILLER, prng.randint(3, 7))])
        title = lead.rstrip(".")[:90]
        reading = _reading(f"{title}\n{summary}", day)
        if not reading.mentions:
            continue
        n += 1
        feed_url = f"https://feed{n % 100:03d}.example.org/rss"
        link = f"https://feed{n % 100:03d}.example.org/{n}"
        item_id = item_id_for(feed_url, f"{link}#g", link, title, "")
        yield NewsItem(
            id=item_id,
            feed_url=feed_url,
            feed_name=f"Screen Feed {n % 100:03d}",
            title=title,
            summary=summary,
            link=link,
            guid=f"{link}#g",
            published=moment,
            first_seen=moment,
            updated_at=moment,
            content_hash=f"{n:040x}",
            mentions=reading.mentions,
            claims=reading.claims,
            rules_version=RULES_VERSION,
        )


@lru_cache(maxsize=2)
def _items(count: int, seed: int) -> tuple[NewsItem, ...]:
    return tuple(stored_items(count, seed))


MARKED_SHARE = 0.02
"""Share of stored items the user has confirmed or ignored in the store-size benchmarks."""


def build_store(folder: Path, count: int, seed: int = 6) -> list[NewsItem]:
    """A data folder with ``count`` items and 2% of them marked; returns the items.

    The items go in with one ``save_poll`` (as an ingester's polls would leave them)
    and the marks one ``set_mark`` at a time.
    """
    from ingest.store import Store
    from rules import ReviewState

    items = list(_items(count, seed))
    marked = items[:: max(1, round(1 / MARKED_SHARE))]
    with Store(folder, writable=True) as store:
        store.save_poll(items, [])
        for n, item in enumerate(marked):
            state = ReviewState.CONFIRMED if n % 3 else ReviewState.IGNORED
            store.set_mark(item.id, state, item.first_seen + timedelta(days=1))
    return items


def write_config(path: Path, feeds: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A config file tracking the benchmark's shows (and these feeds)."""
    lines = [f'[[feeds]]\nurl = "{url}"\n' for url in feeds]
    lines += [f"[[shows]]\ntitle = {_toml(title)}\n" for title in TRACKED]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
