"""Feed text to plain, safe text: HTML stripped, entities decoded, hostile characters gone.

Feeds are written by strangers. What they say is kept as plain text and nothing
else: no tags, no character references left for a later layer to decode, and none of
the characters a terminal acts on (ESC, C0/C1 controls: OSC 8 links, OSC 52 clipboard
writes and window titles all start with one), nor the invisible ones that reorder or
hide text (bidi overrides, zero-width characters).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_UNSAFE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f"  # C0 controls (tab and newline kept) and DEL
    "\x80-\x9f"  # C1 controls: CSI, OSC, ST ... when a terminal reads 8-bit
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"  # bidi and zero-width
    "\ufff9-\ufffb"  # interlinear annotation
    "\U000e0000-\U000e007f"  # tag characters
    "\ud800-\udfff"  # lone surrogates cannot be encoded for the terminal
    "]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_ANY_WHITESPACE = re.compile(r"\s+")
_ESCAPED_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})


def strip_unsafe(text: str) -> str:
    """Remove every character that could steer a terminal or hide text."""
    return _UNSAFE.sub("", text)


def decode_entities(text: str, rounds: int = 3) -> str:
    """Decode character references, again while some remain (feeds escape twice over)."""
    for _ in range(rounds):
        if "&" not in text or not _ESCAPED_ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML (or plain) fragment, paragraphs kept as lines."""
    if "<" in fragment:
        collector = _TextCollector()
        collector.feed(fragment)
        collector.close()
        fragment = "".join(collector.parts)
    text = decode_entities(fragment).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in strip_unsafe(text).split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """Plain text on a single line (titles, names): all whitespace runs become a space."""
    return _ANY_WHITESPACE.sub(" ", html_to_text(text)).strip()


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"
