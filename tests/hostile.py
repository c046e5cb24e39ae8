"""Hostile feeds for the reliability suite, and the means to measure them.

Every body here is something a stranger's server could send. The builders are plain
functions so the tests, and ``python -m tests.hostile`` (which prints the parse-time
and memory table quoted in the README), use the very same bytes.

``fake_names`` lets tests use host names such as ``feeds.public.test`` without any
traffic leaving 127.0.0.1: sockets for every ``.test`` name connect to 127.0.0.1,
while the fetcher's public/private check is told whatever address the test says.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import random
import socket
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules import Show

SHOWS = (Show("Daredevil"), Show("Jessica Jones"))
ROOT = Path(__file__).resolve().parents[1]

ESC_PAYLOADS = (
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\",  # OSC 8: a hyperlink
    "\x1b]0;pwned title\x07",  # OSC 0: the window title
    "\x1b[2J\x1b[H",  # CSI: clear the screen, home the cursor
    "\x9b31m\x9d0;c1 title\x9c",  # C1 CSI, OSC and ST as single characters
    "\x1bP+q544e\x1b\\",  # DCS: ask the terminal to answer (a reply injection)
)
INVISIBLE = "\u202etxt.exe\u200b\u2066\ufeff\u00ad\u180e\U000e0041"
MARKUP_TITLES = (
    "[/]",
    "[/red]",
    "[@click=app.quit]Daredevil[/]",
    "[@click=app.screenshot('x','/tmp')]click[/]",
    "[link=file:///etc/passwd]Daredevil[/link]",
    "[bold red]Daredevil[/",
    "[[nested]] [/[x]]",
)


_ALLOWED_CONTROLS = frozenset("\t\n")
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


def dangerous(text: str) -> list[str]:
    """Every character of ``text`` a terminal could act on or that hides or reorders text.

    That is: controls (Cc) other than tab and newline, format characters (Cf: bidi,
    zero-width, soft hyphen, tags ...), surrogates (Cs), line and paragraph
    separators (Zl, Zp) and the Hangul fillers. Judged by the Unicode database of
    the running Python, independently of ``ingest.plaintext``'s own list.
    """
    import unicodedata

    return [
        c
        for c in text
        if (
            c not in _ALLOWED_CONTROLS and unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
        )
        or c in _FILLERS
    ]


def item(
    guid: str | None,
    title: str,
    description: str = "x",
    *,
    link: str | None = "auto",
    date: str | None = "Fri, 24 Mar 2017 10:00:00 +0000",
    extra: str = "",
) -> str:
    """One RSS ``<item>``; ``link="auto"`` derives one from the guid, None leaves it out."""
    parts = ["<item>"]
    if guid is not None:
        parts.append(f"<guid isPermaLink='false'>{guid}</guid>")
    parts.append(f"<title>{title}</title>")
    if link == "auto":
        link = f"https://example.org/{guid}" if guid else None
    if link is not None:
        parts.append(f"<link>{link}</link>")
    parts.append(f"<description>{description}</description>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    parts.append(extra)
    parts.append("</item>")
    return "".join(parts)


def feed(*items: str, prolog: str = "", encoding: str = "utf-8", title: str = "Hostile") -> bytes:
    """An RSS 2.0 document around ``items``, encoded (and declared) as ``encoding``."""
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n{prolog}'
        f'<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link><description>d</description>"
        f"{''.join(items)}</channel></rss>"
    )
    return text.encode(encoding)


GOOD = feed(item("good-1", "Jessica Jones season 2 arrives in 2018", "Netflix says so."))
"""The well-behaved feed every hostile one is polled beside."""


# --- entity expansion ------------------------------------------------------------


def quadratic_entities(size: int = 146_000, variant: str = "plain") -> bytes:
    """One long entity referenced thousands of times: about ``size`` bytes on the wire.

    Expanded, the title is (value length x references) characters: 146 KB gives
    about 1,300 MB. ``variant`` picks the wrapping: ``plain`` (a textbook internal
    subset), ``evasion`` (an entity whose value ends in ``]>`` so a cut that stops at
    the first ``]>`` leaves the real one behind, then a second DOCTYPE), ``utf16``
    (the same bytes in UTF-16, which no check on raw bytes sees).
    """
    value_length = size // 2
    refs = (size - value_length) // 3
    value = "A" * value_length
    if variant == "evasion":
        prolog = f'<!DOCTYPE x [\n<!ENTITY z "q" ]>\n<!DOCTYPE rss>\n<!ENTITY a "{value}">\n]>\n'
    else:
        prolog = f'<!DOCTYPE rss [\n<!ENTITY a "{value}">\n]>\n'
    body = item("quad", "Daredevil season 3 " + "&a;" * refs)
    if variant == "utf16":
        return feed(body, prolog=prolog, encoding="utf-16")
    return feed(body, prolog=prolog)


def billion_laughs() -> bytes:
    """Nested entities: ten levels of ten, 10**10 characters if expanded."""
    decls = ['<!ENTITY lol0 "lol">']
    decls += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    prolog = "<!DOCTYPE rss [\n" + "\n".join(decls) + "\n]>\n"
    return feed(item("laughs", "Daredevil season 3 &lol9;"), prolog=prolog)


def external_entity(url: str) -> bytes:
    """XXE: an entity that names a local file and one that names a URL."""
    prolog = (
        "<!DOCTYPE rss [\n"
        '<!ENTITY file SYSTEM "file:///etc/passwd">\n'
        f'<!ENTITY web SYSTEM "{url}">\n'
        "]>\n"
    )
    return feed(item("xxe", "Daredevil season 3 &file; &web;"), prolog=prolog)


def external_dtd(url: str) -> bytes:
    """A DOCTYPE whose external subset is on a server (it must never be fetched)."""
    return feed(item("dtd", "Daredevil season 3 news"), prolog=f'<!DOCTYPE rss SYSTEM "{url}">\n')


# --- feedparser's own weak spots -------------------------------------------------

BAD_CHAR_REFS = ("&#xD800;", "&#x110000;", "&#99999999999;", "&#0;", "&#xDFFF;", "&#X110000;")


def bad_char_refs(encoding: str = "utf-8") -> bytes:
    """Character references to no character (feedparser raised on the first three)."""
    refs = " ".join(BAD_CHAR_REFS)
    return feed(item("refs", f"Daredevil season 3 {refs}", f"Daredevil {refs}"), encoding=encoding)


def long_author(length: int = 32_000, element: str = "author") -> bytes:
    """A long author string: feedparser's e-mail regex is quadratic in it."""
    ns = (
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    )
    extra = f"<{element}{ns if ':' in element else ''}>{'a' * length}</{element}>"
    return feed(item("author", "Daredevil season 3 news", extra=extra))


def html_bomb_description(length: int = 64_000) -> bytes:
    """A description of unclosed tags (``<a <a <a``): quadratic for html.parser."""
    return feed(item("tags", "Daredevil season 3 news", f"<![CDATA[{'<a ' * (length // 3)}]]>"))


def many_items(count: int = 10_000, matching_every: int = 100) -> bytes:
    """``count`` items, one in ``matching_every`` about a tracked show."""
    items = (
        item(
            f"n{i}",
            f"Daredevil season 3 news {i}" if i % matching_every == 0 else f"Box office {i}",
            "Netflix says the season will premiere in early 2019.",
        )
        for i in range(count)
    )
    return feed(*items)


# --- everything else a stranger might send ----------------------------------------


def hostile_text() -> bytes:
    """Escape sequences, C1 controls, bidi and zero-width characters in every field."""
    payload = "".join(ESC_PAYLOADS) + INVISIBLE

    def xml_refs(text: str) -> str:
        return "".join(f"&#x{ord(c):x};" if ord(c) < 0x20 or ord(c) > 0x7E else c for c in text)

    escaped = xml_refs(payload)
    return feed(
        item(
            f"esc{escaped}",
            f"Daredevil {escaped} season 3",
            f"&lt;p&gt;Daredevil{escaped}&lt;/p&gt; season 3",
            link=f"https://example.org/{escaped}",
        )
    )


def markup_titles() -> bytes:
    """Titles that Textual/Rich would read as markup if given as strings."""
    return feed(
        *(item(f"mk{i}", f"Daredevil season 3 {title}") for i, title in enumerate(MARKUP_TITLES))
    )


BAD_LINKS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#x09;script:alert(1)",
    "&#x01;javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
    "vbscript:msgbox(1)",
    "ftp://example.org/x",
    "https:/\\evil",
)


def bad_links() -> bytes:
    """Links a terminal or browser must never be handed."""
    return feed(
        *(
            item(f"link{i}", f"Daredevil season 3 #{i}", link=link)
            for i, link in enumerate(BAD_LINKS)
        )
    )


DATES = (
    "Sat, 24 Mar 2091 10:00:00 +0000",  # the future
    "Mon, 30 Feb 2018 10:00:00 +0000",  # no such day
    "Fri, 24 Mar 99999 10:00:00 +0000",  # out of range
    "Thu, 01 Jan 1970 00:00:00 +0000",  # epoch zero
    "0000-00-00T00:00:00Z",
    "yesterday-ish",
    "Fri, 24 Mar 2017 99:99:99 +9999",
    "1" * 5000,
)


def odd_dates() -> bytes:
    """Future, impossible, out-of-range and garbage dates."""
    return feed(
        *(item(f"date{i}", f"Daredevil season 3 #{i}", date=d) for i, d in enumerate(DATES))
    )


def duplicate_guids() -> bytes:
    """Five items sharing one guid."""
    return feed(*(item("same", f"Daredevil season 3 take {i}") for i in range(5)))


def missing_fields() -> bytes:
    """Items without guid, link or date; one with nothing but a title."""
    return feed(
        item(None, "Daredevil season 3 no guid", link="https://example.org/noguid"),
        item(None, "Daredevil season 3 nothing", link=None, date=None),
        item("g-only", "Jessica Jones season 2 no link", link=None, date=None),
    )


def malformed_xml() -> bytes:
    """Not well-formed: a stray ampersand, a mismatched tag, an unclosed channel."""
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad & broken</title>'
        b"<item><title>Daredevil season 3 <b>set</title><guid>m1</guid>"
        b"<link>https://example.org/a?x=1&y=2</link></item>"
        b"<item><title>Jessica Jones renewed</i></title><guid>m2</guid></item>"
    )


def wrong_encoding() -> bytes:
    """Declared UTF-8, written in Latin-1."""
    text = feed(item("enc", "Daredevil season 3 arrivé à Noël")).decode()
    return text.encode("latin-1")


def missing_encoding() -> bytes:
    """No declaration at all and windows-1252 bytes (curly quotes)."""
    text = feed(item("cp", "Daredevil \u201cseason 3\u201d confirmed")).decode()
    return text.replace('<?xml version="1.0" encoding="utf-8"?>\n', "").encode("cp1252")


def deep_nesting(depth: int = 50_000) -> bytes:
    """Elements nested fifty thousand deep inside an item."""
    return feed(item("deep", "Daredevil season 3 deep", extra="<x>" * depth + "</x>" * depth))


def garbage(size: int = 200_000, seed: int = 5) -> bytes:
    """Random bytes."""
    return random.Random(seed).randbytes(size)


def huge_title(size: int = 1_000_000) -> bytes:
    """A one-megabyte title."""
    return feed(item("huge", "Daredevil season 3 " + "word " * (size // 5)))


def gzip_bomb(decoded: int) -> bytes:
    """A small gzip body that inflates to ``decoded`` zero bytes."""
    return gzip.compress(b"\0" * decoded, compresslevel=9)


def deflate_bomb(decoded: int) -> bytes:
    """The same as a zlib (HTTP "deflate") stream."""
    return zlib.compress(b"\0" * decoded, 9)


# --- names without traffic ------------------------------------------------------


@dataclass
class FakeNames:
    """What the fetcher's public/private check is told each ``.test`` name resolves to."""

    claims: dict[str, set[str]] = field(default_factory=dict)


@contextlib.contextmanager
def fake_names(claims: Mapping[str, set[str]]) -> Iterator[FakeNames]:
    """Connect every ``*.test`` name to 127.0.0.1; tell the fetcher ``claims`` instead.

    ``claims`` maps a host name to the addresses the public/private check sees (a
    name missing from it does not resolve). The real socket layer never resolves a
    ``.test`` name anywhere but 127.0.0.1, so nothing leaves the machine.
    """
    import ingest.redirects

    names = FakeNames({k.lower(): set(v) for k, v in claims.items()})
    real_getaddrinfo = socket.getaddrinfo

    def loopback_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and host.lower().rstrip(".").endswith(".test"):
            host = "127.0.0.1"
        return real_getaddrinfo(host, *args, **kwargs)

    async def claimed(host: str) -> set[str]:
        found = names.claims.get(host.lower().rstrip("."))
        if found is None:
            raise OSError(f"{host}: name does not resolve")
        return found

    real_resolve = ingest.redirects.resolve
    socket.getaddrinfo = loopback_getaddrinfo
    ingest.redirects.resolve = claimed
    try:
        yield names
    finally:
        socket.getaddrinfo = real_getaddrinfo
        ingest.redirects.resolve = real_resolve


# --- mutation fuzzing ----------------------------------------------------------------

_FUZZ_REFS = (
    "&#xD800;", "&#x110000;", "&#99999999999;", "&#0;", "&#x1b;", "&#-1;", "&#x;", "&#;",
    "&#xFFFE;", "&#X10FFFF;", "&#1114112;", "&#xDBFF;&#xDC00;", "&#x9b;", "&#65;",
)  # fmt: skip
_FUZZ_TEXT = (
    "&amp;amp;", "&", "&nbsp;", "&foo;", "&lt;b&gt;", "<![CDATA[", "]]>", "<!--", "-->",
    "\x1b]52;c;eA==\x07", "\u202e", "<", ">", "\x00", "\ufeff", "<x", "</item>", "<item>",
)  # fmt: skip
_FUZZ_BYTES = (b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x80\x81", b"\x00\x00", b"\xef\xbb\xbf")
_FUZZ_ENCODINGS = (b"utf-16", b"latin-1", b"shift_jis", b"x-no-such", b"utf-32", b"ebcdic-cp-us")


def fuzz_corpus() -> list[bytes]:
    """Well-formed feeds to mutate: the demo feeds and the real news feeds if present."""
    files = sorted((ROOT / "sample_feeds").glob("*.[xar]*"))
    files += sorted(REALFEEDS.glob("news/*.xml"))[:4] if REALFEEDS.is_dir() else []
    return [f.read_bytes()[:60_000] for f in files if f.suffix in (".xml", ".rss", ".atom", ".rdf")]


def mutate(body: bytes, rng: random.Random) -> bytes:
    """One to four random hostile edits of ``body``."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(body) + 1)
        kind = rng.randrange(8)
        if kind == 0:
            body = body[:at] + rng.choice(_FUZZ_REFS).encode() + body[at:]
        elif kind == 1:
            body = body[:at] + rng.choice(_FUZZ_TEXT).encode() + body[at:]
        elif kind == 2:
            body = body[:at] + rng.choice(_FUZZ_BYTES) + body[at:]
        elif kind == 3:
            body = body[:at]
        elif kind == 4:
            end = min(len(body), at + rng.randrange(1, 400))
            body = body[:at] + body[at:end] * rng.randint(2, 5) + body[at:]
        elif kind == 5:
            body = body[:at] + body[at + rng.randrange(1, 200) :]
        elif kind == 6:
            prolog = b'<!DOCTYPE rss [<!ENTITY e "' + b"E" * rng.randrange(1, 5000) + b'">]>'
            body = body.replace(b"?>", b"?>" + prolog, 1) if b"?>" in body else prolog + body
            body = body.replace(b"</title>", b"&e;" * rng.randrange(1, 3000) + b"</title>", 1)
        else:
            body = body.replace(
                b'encoding="utf-8"', b'encoding="' + rng.choice(_FUZZ_ENCODINGS) + b'"', 1
            )
    if rng.random() < 0.2:  # the same feed in UTF-16: checks on raw bytes see nothing
        text = body.decode("utf-8", "replace").replace('encoding="utf-8"', 'encoding="utf-16"', 1)
        body = text.encode("utf-16", "surrogatepass")
    return body


REALFEEDS = ROOT.parent / "shared" / "realfeeds"


def fuzz_parse(count: int, seed: int = 10_530) -> dict[str, Any]:
    """Parse ``count`` mutated feeds in this process; how each ended, and the slowest.

    ``unreadable`` counts feeds where feedparser itself raised (the issue found 7.7%
    of 10,530 mutated feeds did); ``crashed`` counts anything but a ParseError.
    """
    import time
    from datetime import UTC, datetime

    from ingest.errors import ParseError
    from ingest.parse import ParseJob, parse_feed

    rng = random.Random(seed)
    corpus = fuzz_corpus()
    counts = {"ok": 0, "not a feed": 0, "unreadable": 0, "crashed": 0}
    slowest = 0.0
    examples: list[str] = []
    now = datetime(2019, 1, 1, tzinfo=UTC)
    for _ in range(count):
        body = mutate(rng.choice(corpus), rng)
        began = time.perf_counter()
        try:
            parse_feed(ParseJob(body, "https://example.org/feed", SHOWS, now))
            counts["ok"] += 1
        except ParseError as exc:
            kind = "unreadable" if str(exc).startswith("unreadable feed") else "not a feed"
            counts[kind] += 1
            if kind == "unreadable" and len(examples) < 5:
                examples.append(str(exc))
        except Exception as exc:  # what the test is looking for
            counts["crashed"] += 1
            if len(examples) < 5:
                examples.append(f"{type(exc).__name__}: {exc}")
        slowest = max(slowest, time.perf_counter() - began)
    return {"cases": count, **counts, "slowest_seconds": slowest, "examples": examples}


# --- measuring parses in a child process ------------------------------------------------

_MEASURE = r"""
import json, os, resource, sys, time
from datetime import UTC, datetime
from ingest.parse import ParseJob, parse_feed
from ingest.errors import ParseError
from rules import Show
limit = int(sys.argv[1])
shows = (Show("Daredevil"), Show("Jessica Jones"))
now = datetime(2019, 1, 1, tzinfo=UTC)
warm = b'<rss version="2.0"><channel><item><title>Daredevil season 3</title></item></channel></rss>'
parse_feed(ParseJob(warm, "https://example.org/feed", shows, now))  # imports, patterns
bodies = []
data = sys.stdin.buffer.read()
while data:
    size = int.from_bytes(data[:8], "big")
    bodies.append(data[8 : 8 + size])
    data = data[8 + size :]
for body in bodies:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # one fresh child per case: its peak memory is its own
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        try:
            parsed = parse_feed(ParseJob(body, "https://example.org/feed", shows, now))
            result = {"status": "ok", "entries": parsed.entries_total,
                      "matched": len(parsed.entries),
                      "longest_title": max((len(e.title) for e in parsed.entries), default=0)}
        except ParseError as exc:
            result = {"status": "error", "error": str(exc)}
        except MemoryError:
            result = {"status": "memory"}
        result["seconds"] = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["peak_mb"] = peak / 1024
        result["growth_mb"] = (peak - before) / 1024
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        out = reader.read()
    os.waitpid(pid, 0)
    print(out.decode() or json.dumps({"status": "crashed"}), flush=True)
"""


def measure_parses(
    bodies: list[bytes], timeout: float = 300.0, memory_mb: int = 2048
) -> list[dict[str, Any]]:
    """Parse each body in its own forked process (address space capped): time and memory.

    The parses run one after another, each in a fresh fork of one warmed-up child,
    so a case's peak memory is its own and import time is not counted.
    """
    payload = b"".join(len(b).to_bytes(8, "big") + b for b in bodies)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(memory_mb * 1024 * 1024)],
        input=payload,
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the measuring process failed: {done.stderr.decode()[-2000:]}")
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    for result, body in zip(results, bodies, strict=True):
        result["bytes"] = len(body)
    return results


PARSE_CASES: dict[str, Callable[[], bytes]] = {
    "quadratic entities, 146 KB": lambda: quadratic_entities(146_000),
    "quadratic entities, DOCTYPE-cut evasion": lambda: quadratic_entities(146_000, "evasion"),
    "quadratic entities, UTF-16": lambda: quadratic_entities(146_000, "utf16"),
    "billion laughs": billion_laughs,
    "32 KB <author>": lambda: long_author(32_000),
    "32 KB <dc:creator>": lambda: long_author(32_000, "dc:creator"),
    "32 KB <itunes:author>": lambda: long_author(32_000, "itunes:author"),
    "64 KB of '<a ' in a description": lambda: html_bomb_description(64_000),
    "bad character references": bad_char_refs,
    "bad character references, UTF-16": lambda: bad_char_refs("utf-16"),
    "50,000-deep nesting": deep_nesting,
    "1 MB title": huge_title,
    "200 KB of random bytes": garbage,
    "10,000 items (1% matching)": many_items,
}


def main() -> None:
    """Print the measured table: case, size, status, seconds, peak memory."""
    print(f"{'case':42} {'bytes':>9} {'status':7} {'seconds':>8} {'peak MB':>8}")
    names = list(PARSE_CASES)
    results = measure_parses([PARSE_CASES[name]() for name in names])
    for name, got in zip(names, results, strict=True):
        print(
            f"{name:42} {got['bytes']:>9,} {got['status']:7} "
            f"{got.get('seconds', float('nan')):8.2f} {got.get('peak_mb', float('nan')):8.0f}"
        )


if __name__ == "__main__":
    main()
