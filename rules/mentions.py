"""Which tracked shows a text names, and where: one compiled matcher for every show.

``ShowMatcher`` turns every title and alias into a character trie and compiles it,
with a hashtag branch, into a single regular expression, so a text is scanned once
however many shows are tracked. Spelling slack is built into the trie: apostrophes and
full stops are optional ("Greys Anatomy", "Mr Robot"), a space may be a hyphen, and
"&" reads as "and". Hashtags (``#JessicaJones``, ``#thecrown``) are looked up by their
letters alone.

Titles that are also ordinary words or places (see ``rules.lexicon``) only count where
the text itself uses them as a name: quoted, hashtagged, right next to a TV word
("season 2 of Atlanta", "FX's The Bear", "Fargo star"), or capitalised mid-sentence
in a sentence about television. "I lost my keys" and "premieres Wednesday at 9"
mention nothing. Those readings live in ``rules.naming``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final

from rules.lexicon import CALENDAR_WORDS, COMMON_WORDS, FIRST_NAMES, PLACE_WORDS
from rules.models import Mention, Show
from rules.naming import (
    ARTICLES,
    PRONOUNS,
    WORD,
    Name,
    another_work,
    case_fits,
    is_title_case,
    reads_as_title,
    with_listed,
)
from rules.text import clean, fold, sentences

__all__ = ["ShowMatcher", "is_title_case", "key"]

# Every ASCII character a name may follow, as a set of plain characters (a bitmap test
# in C), and "#", which a hashtag follows: neither a word character nor "@" or "/".
_ASCII_LEAD: Final = (
    "[" + "".join(f"\\x{c:02x}" for c in range(128) if not re.match(r"[\w@/]", chr(c))) + "]"
)


@lru_cache(maxsize=1 << 14)
def key(text: str) -> str:
    """A spelling-blind key: lower case, no accents, "&" as "and", letters and digits only."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", "and").replace("+", "plus")
    return "".join(ch for ch in text if ch.isalnum())


def _describe(title: str, spelling: str) -> Name:
    words = [w.lower() for w in WORD.findall(spelling)]
    content = [w for w in words if w not in ARTICLES] or words
    proper = CALENDAR_WORDS | PLACE_WORDS | FIRST_NAMES
    always_capital = all(w in proper for w in content)
    ambiguous = len(key(spelling)) <= 4 or all(w in COMMON_WORDS or w in proper for w in content)
    pronoun = len(content) == 1 and content[0] in PRONOUNS
    calendar = all(w in CALENDAR_WORDS for w in content)
    return Name(title, spelling, ambiguous, always_capital, pronoun, len(content) == 1, calendar)


def _variants(spelling: str) -> set[str]:
    out = {spelling}
    if " & " in spelling:
        out.add(spelling.replace(" & ", " and "))
    if " and " in spelling.lower():
        out.add(re.sub(r"(?i) and ", " & ", spelling))
    return out


def _atom(ch: str) -> str:
    if ch == "'":
        return "'?"
    if ch in " -":
        return "[ -]"
    if ch in ".:,!?":
        return re.escape(ch) + "?"
    if ch.isalnum() and ch.isascii():
        return re.escape(ch)
    base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return f"[{re.escape(ch)}{re.escape(base)}]" if base else re.escape(ch)


def _trie_pattern(spellings: Sequence[str]) -> str:
    """A regex that matches any of ``spellings``, longest first, built from a trie."""
    trie: dict[str, dict[str, object]] = {}
    for spelling in spellings:
        node = trie
        for ch in spelling.lower():
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        node[""] = {}

    def emit(node: dict[str, dict[str, object]]) -> str:
        branches = [_atom(ch) + emit(child) for ch, child in node.items() if ch]  # type: ignore[arg-type]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


class ShowMatcher:
    """Finds the tracked shows a text names; build once, use for every text."""

    def __init__(self, shows: Sequence[Show]) -> None:
        self.shows: tuple[Show, ...] = tuple(shows)
        self._by_spelling: dict[str, Name] = {}
        self._by_tag: dict[str, str] = {}
        spellings: list[str] = []
        for show in self.shows:
            for name in show.names:
                if not key(name):
                    continue
                for spelling in _variants(name.strip()):
                    info = _describe(show.title, spelling)
                    self._by_spelling.setdefault(key(spelling), info)
                    spellings.append(spelling)
                    tag = key(spelling)
                    self._by_tag.setdefault(tag, show.title)
                    if spelling.lower().startswith("the "):
                        self._by_tag.setdefault(key(spelling[4:]), show.title)
                if not _describe(show.title, name).ambiguous and name.lower().startswith("the "):
                    spellings.append(name[4:])
                    self._by_spelling.setdefault(key(name[4:]), _describe(show.title, name))
        names = _trie_pattern(sorted(set(spellings), key=len, reverse=True)) if spellings else ""
        body = r"(?P<tag>#[^\W_][\w]*)" + (
            rf"|(?<![\w@/#])(?P<name>{names})(?!\w|'(?:re|ve|ll|d|m)\b)" if names else ""
        )
        self._pattern = re.compile(body, re.IGNORECASE)
        # The same pattern over lower-cased text, with no case folding: ``_spans`` uses it
        # at the text's first character only, where no character comes before a name.
        # (Its look-ahead only fails fast on a first character no name starts with: a
        # pattern that opens on a look-around is still tried at every position.)
        firsts = {"#"} | {s[0].lower() for s in spellings}
        firsts |= {
            unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()[:1] for c in firsts
        }
        firsts.discard("")
        self._lower_pattern = re.compile(
            "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])(?:" + body + ")"
        )
        # Past the text's first character, a match opens on the character before it: a
        # "#" (a hashtag) or one a name may follow. A pattern that opens on a set of plain
        # characters is skipped along in C from one space or punctuation mark to the next,
        # instead of being tried at every letter: with hundreds of shows, whose first
        # letters cover the alphabet, three times as fast on a long article.
        led = (
            r"(?:(?<=#)(?P<tag>[^\W_][\w]*)"
            + (rf"|(?<!#)(?P<name>{names})(?!\w|'(?:re|ve|ll|d|m)\b)" if names else "")
            + ")"
        )
        self._ascii_led = re.compile(_ASCII_LEAD + led)
        self._led = re.compile(r"[^\w@/]" + led)
        # Most text holds no "#": without the hashtag branch and its two look-behinds,
        # each space or punctuation mark costs the trie's first step alone.
        self._ascii_names = (
            re.compile(_ASCII_LEAD + rf"(?P<name>{names})(?!\w|'(?:re|ve|ll|d|m)\b)")
            if names
            else None
        )

    def find(self, text: str) -> tuple[str, ...]:
        """The configured titles ``text`` mentions, in order of first appearance."""
        seen: dict[str, None] = {}
        for mention in self.scan(fold(clean(text))):
            seen.setdefault(mention.title, None)
        return tuple(seen)

    def scan(
        self, text: str, bounds: list[tuple[int, int]] | None = None, lower: str | None = None
    ) -> tuple[Mention, ...]:
        """Every mention in a text already passed through ``clean`` and ``fold``.

        ``bounds`` are the text's sentence spans and ``lower`` is ``text.lower()`` when
        the caller has them already.
        """
        return self.scan_sentences(text, bounds, lower)[0]

    def scan_sentences(
        self, text: str, bounds: list[tuple[int, int]] | None = None, lower: str | None = None
    ) -> tuple[tuple[Mention, ...], list[tuple[int, int]] | None]:
        """``scan``, and the text's sentence spans if the scan needed them (an ordinary
        word's title is read in its sentence), so a caller that wants them too does not
        cut the text a second time."""
        found: list[Mention] = []
        rejected: list[Mention] = []
        if lower is not None and len(lower) == len(text):
            spans = self._spans(lower)
        else:  # lower-casing changed a length: rare
            spans = ((m.span(), m.group("tag") is not None) for m in self._pattern.finditer(text))
        for (start, end), tagged in spans:
            name = text[start:end]
            if tagged:
                title = self._hashtag_title(name[1:])
                if title:
                    found.append(Mention(title, start, end))
                continue
            info = self._by_spelling.get(key(name))
            if info is None or not case_fits(name, info.spelling):
                continue
            if another_work(text, start, end, info):
                continue
            if info.ambiguous:
                if bounds is None:
                    bounds = list(sentences(text))
                if not reads_as_title(text, start, end, info, bounds):
                    rejected.append(Mention(info.title, start, end))
                    continue
            found.append(Mention(info.title, start, end))
        return tuple(with_listed(text, found, rejected)), bounds

    def _spans(self, lower: str) -> Iterator[tuple[tuple[int, int], bool]]:
        """((start, end), is a hashtag) of each match in lower-case text, in order: the
        matches of ``_lower_pattern.finditer``, found by the character-led patterns."""
        first = self._lower_pattern.match(lower)
        resume = 0
        if first is not None:
            yield first.span(), first.group("tag") is not None
            resume = first.end()
        ascii_text = lower.isascii()
        if ascii_text and "#" not in lower and self._ascii_names is not None:
            for m in self._ascii_names.finditer(lower, resume):
                yield m.span("name"), False
            return
        led = self._ascii_led if ascii_text else self._led
        for m in led.finditer(lower, resume):
            if m.group("tag") is not None:
                yield (m.start(), m.end()), True
            else:
                yield m.span("name"), False

    def _hashtag_title(self, tag: str) -> str | None:
        k = key(tag)
        title = self._by_tag.get(k)
        if title is None and k.rstrip("0123456789") != k:
            title = self._by_tag.get(k.rstrip("0123456789"))
        if title is None and k.startswith("the"):
            title = self._by_tag.get(k[3:])
        return title


# Lower-case nouns for works that are not TV shows, just before a title: "the 1996 film
# Fargo", "the novel Outlander", "the video game The Last of Us".
