"""OPML, the subscription list every feed reader imports and exports.

``read_opml`` takes the bytes of an OPML file (1.0 or 2.0, as newsboat, Miniflux,
FreshRSS, Feedly and NetNewsWire write them) and returns every feed outline, however
deeply it sits in folders, with the folder path it came from. The file is untrusted
input, so it is parsed with expat directly and any DOCTYPE or entity declaration is
refused before it can act: no entity expansion ("billion laughs"), no external
entities, no network. Size and nesting depth are bounded too.

``write_opml`` writes an OPML 2.0 document (opml.org/spec2): a ``head`` with title
and ``dateCreated`` (RFC 822), and one ``<outline type="rss">`` per feed with the
required ``text`` and ``xmlUrl``. Local feed files are written as ``file://`` URLs,
which ``read_opml`` and the config both accept, so an export always imports back.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from ingest.config import FeedConfig
from ingest.errors import UsageError

MAX_OPML_BYTES = 10 * 1024 * 1024
"""The largest OPML file read: subscription lists are kilobytes; this is generous."""
MAX_DEPTH = 64
"""The deepest element nesting read (folders in folders in ...)."""


_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class OpmlError(UsageError):
    """Raised when a file is not OPML we can read (or tries something we refuse)."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed outline of an OPML file."""

    url: str
    """The outline's ``xmlUrl``, as written."""
    title: str | None
    """Its ``title``, else its ``text``; None when it has neither."""
    folder: tuple[str, ...] = ()
    """The titles of the outlines it is nested in, outermost first."""


def read_opml(data: bytes, source: str = "OPML") -> list[OpmlFeed]:
    """Every feed outline of an OPML document, in document order."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"{source}: larger than {MAX_OPML_BYTES // (1024 * 1024)} MiB")
    reader = _OutlineReader(source)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = reader.refuse_doctype
    parser.EntityDeclHandler = reader.refuse_entity
    parser.ExternalEntityRefHandler = reader.refuse_external
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise OpmlError(f"{source}: not valid XML: {expat.errors.messages[exc.code]}") from exc
    if reader.root != "opml":
        raise OpmlError(f"{source}: not an OPML file (its root element is <{reader.root}>)")
    return reader.feeds


class _OutlineReader:
    """expat callbacks: collects feed outlines with their folder path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.root: str | None = None
        self.feeds: list[OpmlFeed] = []
        self._stack: list[str | None] = []
        """Per open element: the folder title it adds (outlines), else None."""

    def refuse_doctype(self, *_args: object) -> NoReturn:
        raise OpmlError(f"{self.source}: has a DOCTYPE; refused (OPML needs none)")

    def refuse_entity(self, *_args: object) -> NoReturn:
        raise OpmlError(f"{self.source}: declares XML entities; refused")

    def refuse_external(self, *_args: object) -> NoReturn:
        raise OpmlError(f"{self.source}: refers to an external entity; refused")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        if len(self._stack) >= MAX_DEPTH:
            raise OpmlError(f"{self.source}: nested deeper than {MAX_DEPTH} levels")
        folder_title = None
        if name == "outline":
            attrs = {k.lower(): v.strip() for k, v in attributes.items()}
            title = attrs.get("title") or attrs.get("text") or None
            url = attrs.get("xmlurl")
            if url:
                folders = tuple(t for t in self._stack if t)
                self.feeds.append(OpmlFeed(url=url, title=title, folder=folders))
            else:
                folder_title = title or ""
        self._stack.append(folder_title)

    def end(self, _name: str) -> None:
        self._stack.pop()


def read_opml_file(path: Path) -> list[OpmlFeed]:
    """``read_opml`` of a file ("-" reads stdin); UsageError naming the file if unreadable."""
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_OPML_BYTES + 1)
        else:
            with path.open("rb") as handle:
                data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as exc:
        raise OpmlError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return read_opml(data, source="stdin" if str(path) == "-" else str(path))


def feed_url(feed: FeedConfig) -> str:
    """A feed's location as a URL: http(s) as configured, a local file as file://."""
    return Path(feed.url).as_uri() if feed.is_local else feed.url


def write_opml(
    feeds: Sequence[FeedConfig], now: datetime, title: str = "seasonwatch feeds"
) -> bytes:
    """An OPML 2.0 document listing ``feeds`` (UTF-8, indented, with declaration)."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(opml, "body")
    for feed in feeds:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=_NOT_XML_CHARS.sub("", feed.name),
            title=_NOT_XML_CHARS.sub("", feed.name),
            xmlUrl=feed_url(feed),
        )
    ET.indent(opml, space="  ")
    document: bytes = ET.tostring(opml, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
