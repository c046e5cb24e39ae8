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
mention nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rules.lexicon import (
    CALENDAR_WORDS,
    COMMON_WORDS,
    FIRST_NAMES,
    NETWORKS,
    PLACE_WORDS,
    TV_CUES,
    words,
)
from rules.models import Mention, Show
from rules.text import clean, fold, sentences

_ARTICLES = frozenset({"the", "a", "an"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True, slots=True)
class _Name:
    """One spelling of one show, with what the rules know about its words."""

    title: str
    spelling: str
    ambiguous: bool
    """The name is also ordinary English or a place: the text must vouch for it."""
    always_capital: bool
    """Its words are capitalised anyway (weekdays, places), so capitals prove nothing."""
    pronoun: bool = False
    """The title is a pronoun ("You", "Us", "It"): followed by a verb it is the pronoun."""
    one_word: bool = False
    """One word after any article ("Reacher", "The Boys")."""
    calendar: bool = False
    """Every word is a day, month or holiday ("Wednesday")."""


@lru_cache(maxsize=1 << 14)
def key(text: str) -> str:
    """A spelling-blind key: lower case, no accents, "&" as "and", letters and digits only."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", "and").replace("+", "plus")
    return "".join(ch for ch in text if ch.isalnum())


def _describe(title: str, spelling: str) -> _Name:
    words = [w.lower() for w in _WORD.findall(spelling)]
    content = [w for w in words if w not in _ARTICLES] or words
    proper = CALENDAR_WORDS | PLACE_WORDS | FIRST_NAMES
    always_capital = all(w in proper for w in content)
    ambiguous = len(key(spelling)) <= 4 or all(w in COMMON_WORDS or w in proper for w in content)
    pronoun = len(content) == 1 and content[0] in _PRONOUNS
    calendar = all(w in CALENDAR_WORDS for w in content)
    return _Name(title, spelling, ambiguous, always_capital, pronoun, len(content) == 1, calendar)


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


_OPEN_QUOTE = "\"'"
_CLOSE_AFTER = re.compile(r"""^(?:'s|')?[,.!?:;]?["']""")
_ORDINALS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last|new|"
    r"next|latest|upcoming|sophomore|\d+(?:st|nd|rd|th))"
)
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sept?|Oct|Nov|Dec)\.|20\d\d)"
)
_NETWORK_NAMES = "|".join(re.escape(n) for n in sorted(NETWORKS, key=len, reverse=True))
_CUE_AFTER = re.compile(
    rf"""^(?:'s?|["'])?\s*(?:(?:a|an|its|another)\s+(?={_ORDINALS}))?
    (?:(?:{_ORDINALS})(?:\s+and\s+final)?\s+)?
    (?:seasons?|series\b|s\d|episodes?|finale|premiere|star|stars|cast|creator|co-creator|
    showrunners?|spin-?offs?|prequels?|sequels?|reboot|revival|renewal|cancell?ation|trailer|teaser|boss|actor|
    actress|writers?|producers?|run\b|installment|\d{{1,2}}\b(?!\s*(?:a\.?m|p\.?m|:|[-–]|,?\s*\d{{4}})))
    |^,\s+(?:(?:which|that)\s+(?:was|is|has\s+been)\s+)?(?:renewed|cancell?ed|axed|revived)\b
    |^\s+(?:(?:has|have|had|is|are|was|were|will|would|won't|isn't|wasn't|hasn't|hadn't|
    doesn't|didn't|not|be|been|being|gets|got|could|may|might|should|set\s+to|expected\s+to|
    slated\s+to|officially|finally|just|reportedly|already|also|now|still|never|coming)\s+){{0,4}}
    (?:renew(?:ed|al)?|cancell?ed|axed|return(?:s|ing)?\s+(?:for|with)|picked\s+up|
    return(?:s|ing)?\s+to\s+(?-i:{_NETWORK_NAMES})\b|
    (?:return(?:s|ing)?|back)\s+(?:on\s+|in\s+)?(?:this|next|tonight|tomorrow|(?-i:{_CALENDAR}))(?!\w)|
    (?:get|gets|getting|got|lands?|landed)\s+(?:a|an|its|another)\s+(?:[\w-]+\s+){{0,3}}?(?:season|series)\b|
    back\s+(?:for|with)|back\s+after\s+(?:season|series|its|the)|back\b\s*(?:[!.,;:]|$)|return(?:s|ing)?\s*(?:[!.,;:]|$)|
    ending|end\s+with|end\s+after|
    (?:now\s+)?(?:streaming|available)\s+on|
    ends\s+with|(?:ended|ends|wrapped\s+up|wraps\s+up)\s+its\s+run|premieres?\b|premiered|debuts?\b|debuted|wrap(?:s|ped)\s+(?:filming|production|
    shooting)|finished\s+(?:filming|shooting|production)|started\s+(?:filming|shooting|
    production)|began\s+(?:filming|shooting|production)|(?:begins|starts)\s+(?:filming|shooting|
    production))""",
    re.IGNORECASE | re.VERBOSE,
)
_NETWORK_POSSESSIVE = "|".join(re.escape(n) for n in sorted(NETWORKS, key=len, reverse=True))
_CUE_BEFORE = re.compile(
    rf"""(?:(?:season|series)\s+\w+\s+of|(?:filming|production|shooting|work)\s+(?:on|for|of)
    |(?:seasons?|episodes?|finale|premiere|cast|stars?|
    creator|showrunner|return|renewal|cancell?ation|trailer|teaser|revival|reboot)\s+(?:of|for)
    |\b(?:series|show|drama|comedy|sitcom|dramedy|thriller|docuseries|miniseries|anthology|
    spinoff|spin-off|reboot|remake|prequel|sequel|adaptation|revival)
    |\b(?:renew(?:s|ed)|cancel(?:s|led|ed)|axe[sd]|greenlit|picks\s+up|picked\s+up|ordered)
    |(?-i:(?:{_NETWORK_POSSESSIVE}))'s?)\s+["']?$""",
    re.IGNORECASE | re.VERBOSE,
)
# The last word _CUE_BEFORE can end with: a cheap test before the regex.
_CUE_BEFORE_LAST = words(
    """of for on series show drama comedy sitcom dramedy thriller docuseries miniseries anthology
    spinoff spin-off reboot remake prequel sequel adaptation revival renews renewed cancels
    cancelled canceled axes axed greenlit up ordered"""
)


def _may_cue_before(before: str) -> bool:
    words = before.rstrip(" \"'").rsplit(None, 1)
    last = words[-1].lower() if words else ""
    return last in _CUE_BEFORE_LAST or last.endswith(("'s", "'"))


_PRONOUNS = frozenset({"you", "us", "it", "them", "we", "they", "he", "she", "me", "this", "that"})
_PRONOUN_VERB = re.compile(
    r"\s+(?:can|can't|could|will|won't|would|should|may|might|must|need|have|had|know|want|"
    r"get|got|see|are|were|do|don't|did|didn't|'ll|'re|'ve|probably|already|just|never|also|"
    r"still|really|only|love|like|think|say|said|go|went|make|made)\b",
    re.IGNORECASE,
)
_NAME_GOES_ON = re.compile(r"^\s+(?:(?:of|in|and|&)\s+)?[A-Z][a-z]")
_CAPITALISED_CUE_WORDS = frozenset(
    {"season", "series", "seasons", "star", "stars", "cast", "creator", "showrunner", "finale"}
)
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z']{3,}")


class ShowMatcher:
    """Finds the tracked shows a text names; build once, use for every text."""

    def __init__(self, shows: Sequence[Show]) -> None:
        self.shows: tuple[Show, ...] = tuple(shows)
        self._by_spelling: dict[str, _Name] = {}
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

    def find(self, text: str) -> tuple[str, ...]:
        """The configured titles ``text`` mentions, in order of first appearance."""
        seen: dict[str, None] = {}
        for mention in self.scan(fold(clean(text))):
            seen.setdefault(mention.title, None)
        return tuple(seen)

    def scan(self, text: str, bounds: list[tuple[int, int]] | None = None) -> tuple[Mention, ...]:
        """Every mention in a text already passed through ``clean`` and ``fold``.

        ``bounds`` are the text's sentence spans when the caller has them already.
        """
        found: list[Mention] = []
        rejected: list[Mention] = []
        for m in self._pattern.finditer(text):
            if m.group("tag"):
                title = self._hashtag_title(m.group("tag")[1:])
                if title:
                    found.append(Mention(title, m.start(), m.end()))
                continue
            info = self._by_spelling.get(key(m.group()))
            if info is None or not _case_fits(m.group(), info.spelling):
                continue
            if _another_work(text, m.start(), m.end(), info):
                continue
            if info.ambiguous:
                if bounds is None:
                    bounds = list(sentences(text))
                if not _reads_as_title(text, m.start(), m.end(), info, bounds):
                    rejected.append(Mention(info.title, m.start(), m.end()))
                    continue
            found.append(Mention(info.title, m.start(), m.end()))
        return tuple(_with_listed(text, found, rejected))

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
_WORK_BEFORE = re.compile(
    r"\b(?:film|movie|novel|book|(?:video\s+)?game|comic|album|song|play|musical|podcast|"
    r"documentary|manga|memoir|biopic)\s+[\"']?$"
)
# A sequel number or part after a title, in a sentence that calls it "the game" or "the
# film" and says nothing of seasons: "The Witcher 4 has entered full production, though
# the game won't be out before 2026".
_NUMBERED = re.compile(r"\s+(?:\d{1,2}\b|Part\s+(?:[IVX]+|\d)\b)")
# "The Witcher 3 game", "the Fargo movie", "The Last of Us video game": the noun says which.
_WORK_AFTER = re.compile(
    r"(?:\s+(?:\d{1,2}|Part\s+(?:[IVX]+|\d)))?\s+(?:video\s+)?(?:games?|film|movie|novels?|books?|"
    r"comics?|remaster|remake)\b"
)
_OTHER_WORK_NOUN = re.compile(r"\bthe\s+(?:game|film|movie|novel|book)\b")
_TV_NOUN = re.compile(r"\b(?:season|series|episodes?|show|showrunner|premiere|finale)\b", re.I)


def _another_work(text: str, start: int, end: int, info: _Name) -> bool:
    """The name is used for a film, game, book or person that shares it, not the show.

    A first name just before a one-word title makes a person or a character ("Jack
    Reacher author Lee Child").
    """
    if _WORK_BEFORE.search(text, max(0, start - 30), start) or _WORK_AFTER.match(text, end):
        return True
    if info.one_word and start > 1 and text[start - 1] == " ":
        prev = text[max(0, start - 20) : start - 1].rsplit(None, 1)
        if prev and prev[-1][:1].isupper() and prev[-1].lower() in FIRST_NAMES:
            return True
    if _NUMBERED.match(text, end):
        tail = text[end : end + 200]
        sentence_end = min((i for i in (tail.find(". "), tail.find("\n")) if i >= 0), default=200)
        rest = tail[:sentence_end]
        return bool(_OTHER_WORK_NOUN.search(rest)) and not _TV_NOUN.search(rest)
    return False


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in bounds:
        if start <= pos < end:
            return start, end
    return 0, pos


def _reads_as_title(
    text: str, start: int, end: int, info: _Name, bounds: list[tuple[int, int]]
) -> bool:
    """Whether an ordinary-word title is used as the show's name at ``start:end``."""
    matched = text[start:end]
    s_start, s_end = _sentence_of(bounds, start)
    before = text[max(s_start, start - 48) : start]
    after = text[end : min(s_end, end + 48)]
    if start > 0 and text[start - 1] in _OPEN_QUOTE and _CLOSE_AFTER.match(after):
        return True
    if info.calendar and _DAY_POSSESSIVE.match(after):
        return False  # "Wednesday's episode of Survivor": a day's episode
    if _CUE_AFTER.match(after) or (_may_cue_before(before) and _CUE_BEFORE.search(before)):
        return True
    if info.pronoun and _PRONOUN_VERB.match(after):
        return False  # "You can stream ...", "You will love ...": the pronoun, not the show
    if info.always_capital or matched.isupper():
        return False
    title_case = is_title_case(text[s_start:start] + text[end:s_end])
    goes_on = _NAME_GOES_ON.match(after) and after.split()[0].lower() not in _CAPITALISED_CUE_WORDS
    if goes_on and not title_case:
        return False  # "Atlanta Braves", "The Bear Grylls show"
    if title_case or not text[s_start:start].strip(" \"'([#-:"):
        # At a sentence start or in a Title Case headline capitals prove nothing: the
        # words that follow must be about television ("Twin Peaks returns May 21"), and
        # a preposition right after is the plain word ("Lost in the shuffle").
        if not title_case and _FUNCTION_WORD_AFTER.match(after):
            return False
        nxt = _NEXT_WORD.match(after)
        if not title_case and nxt and nxt.group(1) not in _NEXT_AT_START:
            return False  # "Industry analysts expect ...", "House prices fell ...": a noun
        following = re.findall(r"[A-Za-z-]+", after)[:8]
        return not {w.lower() for w in following}.isdisjoint(TV_CUES)
    around = text[s_start:start] + " " + text[end:s_end]
    return not {w.lower() for w in re.findall(r"[A-Za-z-]+", around)}.isdisjoint(TV_CUES)


_DAY_POSSESSIVE = re.compile(r"'s\s+(?:\w+\s+)?(?:episode|episodes|finale|premiere|broadcast)\b")
_FUNCTION_WORD_AFTER = re.compile(r"\s+(?:in|of|on|at|to|for|the|a|an|with|from|by|into)\s")

_NEXT_WORD = re.compile(r"(?:'s?)?\s+([a-z][a-z'-]*)")
# What may follow an ordinary-word title that opens a sentence: a verb, an auxiliary or a
# TV word ("Hacks has been renewed", "Foundation arrives July 14", "Fargo fans").
_NEXT_AT_START = TV_CUES | words(
    """is are was were has have had will would could can may might should must won't isn't
    wasn't hasn't haven't doesn't didn't gets got lands landed heads moves moved comes came
    finally officially just also already still reportedly now fans viewers begins starts
    wraps ends picks picked goes went sets set"""
)

_LIST_JOIN = re.compile(r"""^["']?\s*(?:,|,?\s+(?:and|or|&))\s+["']?$""")


def _with_listed(text: str, found: list[Mention], rejected: list[Mention]) -> list[Mention]:
    """An ordinary-word title listed with an accepted one is a title ("Succession and Barry")."""
    if not rejected or not found:
        return found
    out = list(found)
    for cand in rejected:
        for m in found:
            gap = text[m.end : cand.start] if m.end <= cand.start else text[cand.end : m.start]
            if len(gap) < 12 and _LIST_JOIN.match(gap):
                out.append(cand)
                break
    return sorted(out, key=lambda m: m.start)


def _case_fits(matched: str, spelling: str) -> bool:
    """Each capitalised word of the title is capitalised in the text (articles aside)."""
    if matched.isupper() and len(matched) > 3:
        return True
    got = _WORD.findall(matched)
    want = _WORD.findall(spelling)
    if len(got) != len(want):
        return matched[:1].isupper() == spelling[:1].isupper()
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if i == 0 and w.lower() in _ARTICLES and len(want) > 1:
            continue
        if w[:1].isupper() and not g[:1].isupper():
            return False
    return True


def is_title_case(sentence: str) -> bool:
    """Headlines Capitalise Every Word, so capitals there tell nothing."""
    words = _TITLE_WORD.findall(sentence)[1:]
    if len(words) < 4:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals >= 0.8 * len(words)
