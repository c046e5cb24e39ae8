"""Feed text as safe, literal ``Text`` and ``Content`` for the screens.

Everything a feed wrote — titles, summaries, feed names, error messages, links — is
untrusted. Textual and Rich read plain strings as markup (``[/]`` raises, and
``[@click=app.quit]`` runs an action when clicked), and Rich passes most control
characters straight to the terminal. So no feed string reaches a widget as a ``str``:
it goes through here, loses every character that could steer the terminal or hide text
(``ingest.plaintext.strip_unsafe``), is cut to a length fit for display, and becomes a
``rich.text.Text`` (for DataTable cells) or a ``textual.content.Content`` (for
everything else), neither of which is ever parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content

from ingest.plaintext import strip_unsafe, truncate

TITLE_LIMIT = 300
"""Characters of a title kept for display (tables cut further to their width)."""
NAME_LIMIT = 60
"""Feed and show names."""
ERROR_LIMIT = 400
"""A feed's error message."""
LINK_LIMIT = 600
BODY_LIMIT = 12_000
"""An item's text in the detail view (ingest keeps at most 4,000 of a summary)."""

_WHITESPACE = re.compile(r"\s+")
_SITE = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#]*/?", re.IGNORECASE)
"""A link's scheme and host: the start a cut link keeps (where it leads)."""


def clean(value: str | None, limit: int) -> str:
    """Feed text with unsafe characters removed and cut to ``limit`` characters."""
    return truncate(strip_unsafe(value or ""), limit)


def one_line(value: str | None, limit: int) -> str:
    """``clean`` on a single line: every run of whitespace becomes one space."""
    return truncate(_WHITESPACE.sub(" ", strip_unsafe(value or "")).strip(), limit)


def cell(value: str | None, limit: int = TITLE_LIMIT, style: RichStyle | str = "") -> Text:
    """A one-line table cell that renders ``value`` literally, with an ellipsis if cut."""
    return Text(one_line(value, limit), style=style, no_wrap=True, overflow="ellipsis", end="")


def literal(value: str | None, limit: int, style: str = "") -> Content:
    """``value`` as Content that is never parsed as markup."""
    return Content.styled(clean(value, limit), style)


def literal_line(value: str | None, limit: int, style: str = "") -> Content:
    """``literal`` on a single line."""
    return Content.styled(one_line(value, limit), style)


def fit_link(url: str, width: int) -> str:
    """A one-line link in at most ``width`` cells: whole if it fits, else cut in the
    middle — its site and the end of its path (a page's name) kept, "…" between.

    The end of an article's link usually names it ("…jessica-jones-season-2.html"); the
    site says whose it is. Cut at the end, both links of one site looked the same.
    """
    if cell_len(url) <= width:
        return url
    if width <= 1:
        return "…"[:width]
    room = width - 1
    site = _SITE.match(url)
    head = min(cell_len(site.group()), room * 2 // 3) if site else room // 2
    return _first_cells(url, head) + "…" + _last_cells(url, room - head)


def _first_cells(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits in ``cells`` (wide characters are two)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:index]
    return text


def _last_cells(text: str, cells: int) -> str:
    """The longest end of ``text`` that fits in ``cells``."""
    return _first_cells(text[::-1], cells)[::-1]


def evidence_pattern(sentence: str) -> re.Pattern[str] | None:
    """A pattern that finds ``sentence`` in the item text whatever its whitespace."""
    words = sentence.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def highlight_evidence(text: str, sentences: Iterable[str], style: str) -> Content:
    """The item text, literal, with every evidence sentence found in it styled.

    A claim's evidence is the sentence verbatim with whitespace collapsed, so it is
    matched word by word; a sentence the text no longer contains is simply not marked.
    """
    body = clean(text, BODY_LIMIT)
    content = Content(body)
    for sentence in dict.fromkeys(sentences):
        pattern = evidence_pattern(strip_unsafe(sentence))
        if pattern is None:
            continue
        for match in pattern.finditer(body):
            content = content.stylize(style, match.start(), match.end())
    return content


def count(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 item", "3 items"."""
    return f"{number:,} {noun if number == 1 else (plural or noun + 's')}"


def short_count(number: int) -> str:
    """A count in at most five cells, for a narrow column: "9,999", "19.6k", "196k".

    (Cut to five cells, "19,600" read "19,60", nearly a tenth of the truth.)
    """
    if number < 10_000:
        return f"{number:,}"
    if number < 100_000:
        return f"{number // 100 / 10:.1f}k"  # rounded down: 99,999 is not "100.0k"
    return f"{number // 1000}k"
