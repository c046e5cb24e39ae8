"""Whether a name found in a text is used there as the show's name, and which show.

``ShowMatcher`` (``rules.mentions``) finds every spelling of every title in one scan; the
rules here decide, from the text around each hit, whether it is the show: a title that is
also an ordinary word or a place ("Lost", "Atlanta", "The Bear") needs the text to vouch
for it (quotes, a hashtag, a TV word next to it, capitals in a sentence about TV), and
any title is another work when the text says so ("the 1996 film Fargo", "The Witcher 3
game", "Jack Reacher author Lee Child"). Each rule came from a sentence that needed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rules.lexicon import (
    FIRST_NAMES,
    NETWORKS,
    TV_CUES,
    words,
)
from rules.models import Mention

ARTICLES: Final = frozenset({"the", "a", "an"})
WORD: Final = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True, slots=True)
class Name:
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


_OPEN_QUOTE: Final = "\"'"
_CLOSE_AFTER: Final = re.compile(r"""^(?:'s|')?[,.!?:;]?["']""")
_ORDINALS: Final = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last|new|"
    r"next|latest|upcoming|sophomore|\d+(?:st|nd|rd|th))"
)
_CALENDAR: Final = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sept?|Oct|Nov|Dec)\.|20\d\d)"
)
_NETWORK_NAMES: Final = "|".join(re.escape(n) for n in sorted(NETWORKS, key=len, reverse=True))
_CUE_AFTER: Final = re.compile(
    rf"""^(?:'s?|["'])?\s*(?:(?:a|an|its|another)\s+(?={_ORDINALS}))?
    (?:(?:{_ORDINALS})(?:\s+and\s+final)?\s+)?
    (?:seasons?|series\b|s\d|episodes?|finale|premiere|star|stars|cast|creator|co-creator|
    showrunners?|spin-?offs?|prequels?|sequels?|reboot|revival|renewal|cancell?ation|trailer|teaser|boss|actor|
    actress|writers?|producers?|run\b|installment|\d{{1,2}}\b(?!\s*(?:a\.?m|p\.?m|:|[-–]|,?\s*\d{{4}})))
    |^,\s+(?:(?:which|that)\s+(?:was|is|has\s+been)\s+)?(?:renewed|cancell?ed|axed|revived)\b
    |^\s+(?P<verb>(?:(?:has|have|had|is|are|was|were|will|would|won't|isn't|wasn't|hasn't|hadn't|
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
    production)))""",
    re.IGNORECASE | re.VERBOSE,
)
# ``_CUE_AFTER`` read case-sensitively in lower-case text, its case-sensitive names
# case-blind: true wherever ``_CUE_AFTER`` matches, and a third as costly (an IGNORECASE
# literal is folded before it is compared, a plain one fails at a glance), so the exact
# pattern runs only where this passes.
_MAY_CUE_AFTER: Final = re.compile(_CUE_AFTER.pattern.replace("(?-i:", "(?i:"), re.VERBOSE)
# A name right after a preposition of place is not the subject of the verb that follows:
# "Visitors to Yellowstone are expected to return this summer".
_PLACE_BEFORE: Final = re.compile(
    r"\b(?:to|in|at|from|near|into|around|across|through|outside|inside|visit(?:s|ed|ing)?)"
    r"\s+[\"']?$",
    re.IGNORECASE,
)
_NETWORK_POSSESSIVE: Final = "|".join(re.escape(n) for n in sorted(NETWORKS, key=len, reverse=True))
# A TV word or a network's possessive just before the name. The words are read in
# lower-case text with a case-sensitive pattern: tried at every position, a plain literal
# fails at a glance where an IGNORECASE one is folded first (a fifth of the cost). The
# networks must keep their capitals ("FX's The Bear"), so they are read in the text as it
# is, apart.
_CUE_BEFORE: Final = re.compile(
    r"""(?:(?:season|series)\s+\w+\s+of|(?:filming|production|shooting|work)\s+(?:on|for|of)
    |(?:seasons?|episodes?|finale|premiere|cast|stars?|
    creator|showrunner|return|renewal|cancell?ation|trailer|teaser|revival|reboot)\s+(?:of|for)
    |\b(?:series|show|drama|comedy|sitcom|dramedy|thriller|docuseries|miniseries|anthology|
    spinoff|spin-off|reboot|remake|prequel|sequel|adaptation|revival)
    |\b(?:renew(?:s|ed)|cancel(?:s|led|ed)|axe[sd]|greenlit|picks\s+up|picked\s+up|ordered)
    )\s+["']?$""",
    re.VERBOSE,
)
_NETWORK_BEFORE: Final = re.compile(rf"""(?:{_NETWORK_POSSESSIVE})'s?\s+["']?$""")
# The last word _CUE_BEFORE can end with: a cheap test before the regex.
_CUE_BEFORE_LAST: Final = words(
    """of for on series show drama comedy sitcom dramedy thriller docuseries miniseries anthology
    spinoff spin-off reboot remake prequel sequel adaptation revival renews renewed cancels
    cancelled canceled axes axed greenlit up ordered"""
)


def _may_cue_before(before: str) -> bool:
    words = before.rstrip(" \"'").rsplit(None, 1)
    last = words[-1].lower() if words else ""
    return last in _CUE_BEFORE_LAST or last.endswith(("'s", "'"))


PRONOUNS: Final = frozenset(
    {"you", "us", "it", "them", "we", "they", "he", "she", "me", "this", "that"}
)
_PRONOUN_VERB: Final = re.compile(
    r"\s+(?:can|can't|could|will|won't|would|should|may|might|must|need|have|had|know|want|"
    r"get|got|see|are|were|do|don't|did|didn't|'ll|'re|'ve|probably|already|just|never|also|"
    r"still|really|only|love|like|think|say|said|go|went|make|made)\b",
    re.IGNORECASE,
)
_NAME_GOES_ON: Final = re.compile(r"^\s+(?:(?:of|in|and|&)\s+)?[A-Z][a-z]")
_CAPITALISED_CUE_WORDS: Final = frozenset(
    {"season", "series", "seasons", "star", "stars", "cast", "creator", "showrunner", "finale"}
)
_TITLE_WORD: Final = re.compile(r"[A-Za-z][A-Za-z']{3,}")


_WORK_BEFORE: Final = re.compile(
    r"\b(?:film|movie|novel|book|(?:video\s+)?game|comic|album|song|play|musical|podcast|"
    r"documentary|manga|memoir|biopic)\s+[\"']?$"
)
# A sequel number or part after a title, in a sentence that calls it "the game" or "the
# film" and says nothing of seasons: "The Witcher 4 has entered full production, though
# the game won't be out before 2026".
_NUMBERED: Final = re.compile(r"\s+(?:\d{1,2}\b|Part\s+(?:[IVX]+|\d)\b)")
# "The Witcher 3 game", "the Fargo movie", "The Last of Us video game": the noun says which.
_WORK_AFTER: Final = re.compile(
    r"(?:\s+(?:\d{1,2}|Part\s+(?:[IVX]+|\d)))?\s+(?:video\s+)?(?:games?|film|movie|novels?|books?|"
    r"comics?|remaster|remake)\b"
)
_OTHER_WORK_NOUN: Final = re.compile(r"\bthe\s+(?:game|film|movie|novel|book)\b")
_TV_NOUN: Final = re.compile(
    r"\b(?:season|series|episodes?|show|showrunner|premiere|finale)\b", re.I
)


def _work_noun_before(text: str, start: int) -> bool:
    """``_WORK_BEFORE`` matched just before ``start`` ("the 1996 film |Fargo"), read
    backwards over the few characters it can span instead of searched for."""
    end = start - 1 if start and text[start - 1] in "\"'" else start
    if end <= 0 or not text[end - 1].isspace():
        return False
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if not text.endswith(_WORK_NOUN_ENDINGS, 0, end):
        return False  # one C call, where walking back over the word was a Python loop
    begin = end
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    if begin < start - 30 or text[begin:end] not in _WORK_NOUNS:
        return False
    return bool(_WORK_BEFORE.search(text, max(0, start - 30), start))  # the exact check


_WORK_NOUNS: Final = frozenset(
    [
        "film",
        "movie",
        "novel",
        "book",
        "game",
        "comic",
        "album",
        "song",
        "play",
        "musical",
        "podcast",
        "documentary",
        "manga",
        "memoir",
        "biopic",
    ]
)
_WORK_NOUN_ENDINGS: Final = tuple(_WORK_NOUNS)


def another_work(text: str, start: int, end: int, info: Name) -> bool:
    """The name is used for a film, game, book or person that shares it, not the show.

    A first name just before a one-word title makes a person or a character ("Jack
    Reacher author Lee Child").
    """
    space_after = text[end : end + 1].isspace()  # both patterns after the name open on one
    if _work_noun_before(text, start) or (space_after and _WORK_AFTER.match(text, end)):
        return True
    if info.one_word and start > 1 and text[start - 1] == " ":
        prev = text[max(0, start - 20) : start - 1].rsplit(None, 1)
        if prev and prev[-1][:1].isupper() and prev[-1].lower() in FIRST_NAMES:
            return True
    if space_after and _NUMBERED.match(text, end):
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


def reads_as_title(
    text: str, start: int, end: int, info: Name, bounds: list[tuple[int, int]]
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
    cue = _CUE_AFTER.match(after) if _MAY_CUE_AFTER.match(after.lower()) else None
    if cue and not (cue.group("verb") and _PLACE_BEFORE.search(before)):
        return True
    if _may_cue_before(before) and (
        _CUE_BEFORE.search(before.lower()) or _NETWORK_BEFORE.search(before)
    ):
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
        following = _LETTERS.findall(after)[:8]
        return not {w.lower() for w in following}.isdisjoint(TV_CUES)
    around = text[s_start:start] + " " + text[end:s_end]
    return not {w.lower() for w in _LETTERS.findall(around)}.isdisjoint(TV_CUES)


_LETTERS: Final = re.compile(r"[A-Za-z-]+")


_DAY_POSSESSIVE: Final = re.compile(
    r"'s\s+(?:\w+\s+)?(?:episode|episodes|finale|premiere|broadcast)\b"
)
_FUNCTION_WORD_AFTER: Final = re.compile(r"\s+(?:in|of|on|at|to|for|the|a|an|with|from|by|into)\s")

_NEXT_WORD: Final = re.compile(r"(?:'s?)?\s+([a-z][a-z'-]*)")
# What may follow an ordinary-word title that opens a sentence: a verb, an auxiliary or a
# TV word ("Hacks has been renewed", "Foundation arrives July 14", "Fargo fans").
_NEXT_AT_START: Final = TV_CUES | words(
    """is are was were has have had will would could can may might should must won't isn't
    wasn't hasn't haven't doesn't didn't gets got lands landed heads moves moved comes came
    finally officially just also already still reportedly now fans viewers begins starts
    wraps ends picks picked goes went sets set"""
)

_LIST_JOIN: Final = re.compile(r"""^["']?\s*(?:,|,?\s+(?:and|or|&))\s+["']?$""")


def with_listed(text: str, found: list[Mention], rejected: list[Mention]) -> list[Mention]:
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


def case_fits(matched: str, spelling: str) -> bool:
    """Each capitalised word of the title is capitalised in the text (articles aside)."""
    known = _CASE_FITS.get((matched, spelling))
    if known is None:
        known = _CASE_FITS[(matched, spelling)] = _case_fits_once(matched, spelling)
        if len(_CASE_FITS) > 1 << 14:
            _CASE_FITS.clear()
    return known


_CASE_FITS: dict[tuple[str, str], bool] = {}


def _case_fits_once(matched: str, spelling: str) -> bool:
    if matched.isupper() and len(matched) > 3:
        return True
    got = WORD.findall(matched)
    want = WORD.findall(spelling)
    if len(got) != len(want):
        return matched[:1].isupper() == spelling[:1].isupper()
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if i == 0 and w.lower() in ARTICLES and len(want) > 1:
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
