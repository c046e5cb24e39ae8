"""Text plumbing the other rules share: normalising, sentences, clauses, season numbers.

News text arrives with curly quotes, non-breaking spaces, entities escaped once too
often and headlines glued to summaries. Every rule downstream wants the same tidy,
single-spaced text, the same sentence boundaries and the same reading of "season 2",
"Season Two", "S2", "second season", "sophomore run" and "third and final season", so
those live here once. Normalising maps quote characters one-for-one, so offsets in the
folded text are offsets in the evidence text too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

_SPACES: Final = r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]"
# Runs of spaces that are not already one plain space: a lone " " is left alone, so the
# common text is scanned but not rebuilt. Written to open on the set of spaces, as
# rf"[\t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]{_SPACES}*| {_SPACES}+" did not: the
# engine skips ahead in C only for a pattern that opens on a character or a set, and
# tried that alternation at every character. Same matches.
_SPACE: Final = re.compile(rf"{_SPACES}(?:(?<! ){_SPACES}*|{_SPACES}+)")
_TAG: Final = re.compile(r"<[^<>]{0,300}>")

# One character for one character, so spans found in the folded text index the original.
# No target is also a source, so replacing them one after another is one mapping.
_FOLD_PAIRS: Final = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("\u00b4", "'"),
    ("`", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2012", "-"),
)


def clean(text: str) -> str:
    """Unescape entities, drop markup, collapse spaces; newlines survive as boundaries."""
    for _ in range(3):  # feeds escape "&amp;amp;" more than once (realfeeds/news, Deadline)
        if "&" not in text:
            break
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    if "<" in text:
        text = _TAG.sub(" ", text)
    if _has_odd_space(text):
        text = _SPACE.sub(" ", text)  # else it has nothing to do: decided by C string scans
    if "\n" not in text:
        return text.strip()
    # Each whitespace run holding a newline becomes one newline (str.strip's whitespace is
    # the regex \s); splitting is several times cheaper than a regex over every character.
    return "\n".join(line for line in (part.strip() for part in text.split("\n")) if line)


# The characters of _SPACES but the plain space, which _SPACE needs twice over.
_ODD_SPACES: Final = (
    "\t\r\f\v\u00a0" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u205f\u3000"
)


def _has_odd_space(text: str) -> bool:
    """Whether ``_SPACE`` can match ``text`` at all (it needs two spaces or one of the
    others). A membership test per character is a fast C scan; the pattern's own scan
    stops at every space, and news that is not ASCII (curly quotes) seldom has any."""
    if "  " in text:
        return True
    if text.isascii():
        return "\t" in text or "\r" in text or "\f" in text or "\v" in text
    return any(space in text for space in _ODD_SPACES)


def fold(text: str) -> str:
    """The same text with straight quotes and hyphens: same length, same offsets."""
    if text.isascii():
        return text.replace("`", "'") if "`" in text else text  # decided in C
    # A membership test per source and a replace only for those present: thirty times
    # as fast as str.translate, which looks every character of the text up in a dict.
    for source, target in _FOLD_PAIRS:
        if source in text:
            text = text.replace(source, target)
    return text


_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "co",
        "ltd",
        "no",
        "vol",
        "ep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "approx",
        "est",
        "fig",
        "mt",
        "ft",
    ]
)
# "[.!?]+['\")\]]*\s+(?=['\"(\[]?[A-Z0-9#@])|\n", written to open on a plain character set:
# the engine then skips to the next . ! ? or newline in C instead of trying every position
# (a pattern that opens on a repeat, an alternation of non-literals or a look-around gets
# no such skip). Same matches, same spans.
_SENTENCE_END: Final = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*['\")\]]*\s+(?=['\"(\[]?[A-Z0-9#@]))")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text``; a newline always ends a sentence."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and _ends_with_abbreviation(text, start, m.start()):
            continue
        end = m.start() if m.group() == "\n" else m.end()
        if text[start:end].strip():
            yield start, end
        start = m.end()
    if text[start:].strip():
        yield start, len(text)


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > start and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "freshman": 1,
    "debut": 1,
    "inaugural": 1,
    "second": 2,
    "sophomore": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}

_CARDINAL: Final = r"\d{1,2}|" + "|".join(NUMBER_WORDS)
_ORDINAL: Final = r"\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS)
_SEASON_NOUN: Final = r"(?:season|series|run|installment|instalment|chapter|outing|cycle|edition)"

# The season patterns run over lower-case text (no case folding at every position), and
# each opens on a plain letter (a word boundary is checked just after it, "s(?<=\bs)" for
# "\bs"): the engine then skips in C to the next such letter. A pattern that opens on a
# look-around or a boundary is tried at every position instead, five times as slow.
# "season 2", "Season Two", "series 6" (UK usage), "S2", "S02E01", "Season 2A".
SEASON_NUMBERED: Final = re.compile(
    rf"s(?<=\bs)(?:(?:eason|eries)\s*(?P<num>{_CARDINAL})\b(?!\s*(?:episodes?|seasons?|%|percent))"
    r"|(?P<snum>\d{1,2})(?=e\d|\b))"
)
# "seasons three and four", "seasons 3-5": each number is one season.
SEASON_LIST: Final = re.compile(
    rf"(?=s)\bseasons\s+(?P<a>{_CARDINAL})\s*(?:,|and|&|through|to|-|–)\s*(?P<b>{_CARDINAL})\b"
)
# "the third and fourth seasons of Atlanta", "a second and third season": each ordinal
# is one season.
ORDINAL_LIST: Final = re.compile(
    rf"\b(?P<a>{_ORDINAL})\s*(?:,|and|&|through|to|-|–)\s*(?P<b>{_ORDINAL})[\s-]+"
    rf"(?:{_SEASON_NOUN})s?\b"
)


def lower_text(text: str) -> str:
    """``text.lower()`` with the same length: the rare character that lower-cases to two
    ("İ") is kept as it is, so offsets in the result are offsets in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def any_of(keys: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of the literal ``keys``: a cheap gate before a costly rule.

    Its matches are those of the keys as one alternation, longest first, but the keys
    are written as a trie ("ep(?:isode|...)|..."): at each position the engine tries
    every alternative of an alternation in turn, and a trie's first letters once.
    """
    trie: dict[str, Any] = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile("|".join(_trie_branches(trie)))


def _trie_branches(node: dict[str, Any]) -> list[str]:
    """The alternatives that match the keys below a trie ``node``; where a key ends inside
    a longer one, the longer is tried first (a greedy "?"), as in the longest-first
    alternation."""
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        below = _trie_branches(child)
        if not below:
            rest = ""
        elif len(below) == 1 and "" not in child:
            rest = below[0]
        else:
            rest = "(?:" + "|".join(below) + ")" + ("?" if "" in child else "")
        branches.append(re.escape(ch) + rest)
    return branches


def stem_finder(stems: Iterable[str]) -> StemFinder:
    """Finds, in lower-case text, every word starting with one of ``stems``."""
    return StemFinder(stems)


# Every ASCII character that is neither a word character nor an apostrophe, spelt out:
# a set of plain characters is a bitmap test in C, "[^\w']" a Unicode category lookup.
_ASCII_BOUNDARY: Final = (
    "[" + "".join(f"\\x{c:02x}" for c in range(128) if not re.match(r"[\w']", chr(c))) + "]"
)


class StemFinder:
    """Finds, in lower-case text, every word starting with one of a set of stems.

    The stems are compiled as a trie so the engine walks each position once instead of
    trying every alternative; callers then try their heavier patterns only at those
    words. A word starts where no word character or apostrophe comes before it. In ASCII
    text (nearly all news) the scan opens on the character *before* the word, from a
    plain set, so the engine skips in C to the next space or punctuation instead of
    trying a look-behind at every letter: three times as fast, same words. Other text
    (an em dash or an accent is enough) opens on any character that is not a word
    character or an apostrophe, for the same reason.
    """

    __slots__ = ("_after_boundary", "_after_other", "_anywhere")

    def __init__(self, stems: Iterable[str]) -> None:
        trie: dict[str, Any] = {}
        for stem in stems:
            node = trie
            for ch in stem:
                node = node.setdefault(ch, {})
            node[""] = {}

        def emit(node: dict[str, Any]) -> str:
            if "" in node:
                return ""  # a shorter stem already covers every longer one
            branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
            return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

        # The lookahead hands the caller the whole word ("w") without a second match.
        stems_rx = emit(trie)
        word = r"(?=(?P<w>[a-z0-9][\w'-]*))" + stems_rx
        self._anywhere = re.compile(r"(?<![\w'])" + word)
        # After a boundary the stems are tried first, in a look-ahead: most words start
        # with none of them and fail on their first letters, where reading the whole word
        # into "w" first walked every word of the text twice. The trie then matches
        # again, so the match ends where it did (the scan resumes there).
        led = f"(?={stems_rx}){word}"
        self._after_boundary = re.compile(_ASCII_BOUNDARY + led)
        self._after_other = re.compile(r"[^\w']" + led)

    def finditer(self, low: str, start: int, end: int) -> Iterator[tuple[int, str]]:
        """(offset, word) of each stem-led word starting in ``low[start:end]``, in order.

        After a match the scan resumes at its end, as ``re.finditer`` does.
        """
        first = self._anywhere.match(low, start, end)
        if first is not None:
            yield start, first.group("w")
            start = first.end() - 1  # a stem's last character can only be a boundary for the next
        after = self._after_boundary if low.isascii() else self._after_other
        for m in after.finditer(low, start, end):
            yield m.start() + 1, m.group("w")

    def search(self, low: str, start: int, end: int) -> bool:
        """Whether a stem-led word starts in ``low[start:end]``."""
        after = self._after_boundary if low.isascii() else self._after_other
        return (
            self._anywhere.match(low, start, end) is not None
            or after.search(low, start, end) is not None
        )


def number_value(word: str) -> int | None:
    """The integer a cardinal or ordinal word, or a digit string with a suffix, names."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    digits = word.rstrip("stndrh")
    return int(digits) if digits.isdigit() else None


_SEASON_NOUN_AT: Final = re.compile(
    r"(?:s(?<=\bs)(?:eason|eries)|r(?<=\br)un|i(?<=\bi)nstal(?:lment|ment)|c(?<=\bc)(?:hapter|ycle)"
    r"|o(?<=\bo)uting|e(?<=\be)dition)(?P<plural>s)?\b"
)  # rf"\b{_SEASON_NOUN}(?P<plural>s)?\b", opening on its first letters
_ORDINAL_BEFORE: Final = re.compile(
    rf"\b(?P<ord>{_ORDINAL})(?:[\s-]+(?:and|&)\s+(?:final|last))?(?:[\s-]+(?:full|new|anime|"
    r"live-action|animated|official|standalone|short|long|regular|proper|complete))?[\s-]+$"
)
_MAYBE_SEASON: Final = re.compile(
    r"s(?<=\bs)\d|r(?<=\br)un\b|i(?<=\bi)nstal(?:lment|ment)\b|c(?<=\bc)(?:hapter|ycle)\b"
    r"|o(?<=\bo)uting\b|e(?<=\be)dition\b"
)  # r"\b(?:s\d|(?:run|installment|instalment|chapter|outing|cycle|edition)\b)"


def find_seasons(
    text: str, start: int = 0, end: int | None = None, lower: str | None = None
) -> Iterator[tuple[int, int, int, bool]]:
    """Every season number in ``text[start:end]``: (start, end, number, plural) in text
    order, offsets in ``text``. Nothing outside the span is looked at.

    ``plural`` marks "the first seasons of X, Y and Z", which names one season of each.
    A bare "run" or "chapter" only counts with an ordinal ("sophomore run").
    ``lower`` is ``text.lower()`` when the caller has it.
    """
    found: list[tuple[int, int, int, bool]] = []
    end = len(text) if end is None else end
    low = lower if lower is not None and len(lower) == len(text) else lower_text(text)
    if (
        low.find("season", start, end) < 0
        and low.find("series", start, end) < 0
        and not _MAYBE_SEASON.search(low, start, end)
    ):
        return iter(found)  # the common case, decided without the three patterns below
    for m in SEASON_NUMBERED.finditer(low, start, end):
        raw = m.group("num") or m.group("snum")
        value = number_value(raw)
        if value and 0 < value <= 60:
            found.append((m.start(), m.end(), value, False))
    for noun in _season_nouns(low, start, end):
        # An ordinal sits just before its noun: look there only, not across the text.
        before = _ORDINAL_BEFORE.search(low, max(start, noun.start() - 48), noun.start())
        value = number_value(before.group("ord")) if before else None
        if before and value and 0 < value <= 60:
            found.append((before.start(), noun.end(), value, bool(noun.group("plural"))))
    plural = low.find("seasons", start, end) >= 0
    for m in SEASON_LIST.finditer(low, start, end) if plural else ():
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if a and b and 0 < a < b <= a + 5:
            found.extend((m.start(), m.end(), n, True) for n in range(a, b + 1))
    plural_noun = (
        plural
        or low.find(" and ", start, end) >= 0  # "a second and third season"
        or low.find("runs", start, end) >= 0
        or low.find("ments", start, end) >= 0
        or low.find("chapters", start, end) >= 0
    )
    for m in ORDINAL_LIST.finditer(low, start, end) if plural_noun else ():
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if a and b and 0 < a < b <= a + 5:
            # The ordinal pattern read "fourth seasons" alone: the list replaces it.
            found = [f for f in found if not (m.start() <= f[0] < m.end())]
            found.extend((m.start(), m.end(), n, True) for n in range(a, b + 1))
    found.sort()
    return iter(found)


_NOUN_PREFIXES: Final = (
    "season",
    "series",
    "run",
    "instal",
    "chapter",
    "outing",
    "cycle",
    "edition",
)


def _season_nouns(low: str, start: int, end: int) -> list[re.Match[str]]:
    """``_SEASON_NOUN_AT.finditer(low, start, end)``, listed.

    Each noun's first letters are found with ``str.find`` and the pattern tried only
    there: its first letters are among the commonest in English, so a scan tries it at
    every third character. Its matches are whole words, so they never overlap and the
    order by offset is the scan's order.
    """
    found = []
    for prefix in _NOUN_PREFIXES:
        at = low.find(prefix, start, end)
        while at >= 0:
            noun = _SEASON_NOUN_AT.match(low, at, end)
            if noun is not None:
                found.append(noun)
            at = low.find(prefix, at + 1, end)
    if len(found) > 1:
        found.sort(key=_match_start)
    return found


def _match_start(match: re.Match[str]) -> int:
    return match.start()


def season_at(text: str) -> int | None:
    """The first season number in ``text``, if any."""
    for _, _, value, _ in find_seasons(text):
        return value
    return None
