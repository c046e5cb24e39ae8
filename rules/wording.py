"""Small reading aids for claims: references back, negation, and words that block a trigger.

These are the patterns that decide whether a trigger word really makes a claim about the
show at hand: "its production" refers back to the last show named; "no plans to cancel"
is not a cancellation; "released the first trailer" and "ratings dropped 40 percent"
are not premieres; "Black Widow, which premieres in July" is about another title.
"""

from __future__ import annotations

import re

from rules.lexicon import words
from rules.text import any_of
from rules.triggers import Trigger

# Words that refer back to the show of the last sentence. "The first anime adaptation" or
# "the original series" is another work, so those adjectives stop a work noun referring
# back; a season noun still does ("the first season premiered in April").
ANAPHOR = re.compile(
    r"\b(?:it|its|it's|they|their|season\s+\w+|production|filming|shooting|"
    r"the\s+(?:\w+\s+){0,2}?(?:season|installment|run|chapter|cast)|"
    r"the\s+(?:(?!first\b|original\b|previous\b|earlier\b|other\b|same\b)\w+\s+){0,2}?"
    r"(?:show|series|drama|comedy|sitcom|revival|spinoff|reboot|thriller|anime|docuseries|"
    r"miniseries|saga|franchise))\b|^\W*(?:production|filming|shooting|season)",
    re.IGNORECASE,
)
# A quoted title that is not one of ours: a clause about it is not about our show.
FOREIGN_TITLE = re.compile(r"\"[A-Z][^\"]{0,60}\"|(?<![\w])'[A-Z][^']{0,60}'(?!\w)")
NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\byet\s+to|\bwithout|denied|denies|deny|despite|rather\s+than|"
    r"instead\s+of|saved\s+from|avoid(?:ed|s)?|escape[sd]?|dodge[sd]?|spared|fate\s+of|"
    r"whether|fears?|feared|unlikely|no\s+plans\s+to)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NEGATION_KEYS = (
    "not",
    "n't",
    "never",
    "no ",
    "yet to",
    "without",
    "deni",
    "deny",
    "despite",
    "rather than",
    "instead of",
    "saved from",
    "avoid",
    "escape",
    "dodge",
    "spared",
    "fate of",
    "whether",
    "fear",
    "unlikely",
)


_NEGATION_GATE = any_of(_NEGATION_KEYS)


def negated(before: str) -> bool:
    """The words just before a trigger deny it ("has not been", "no plans to")."""
    low = before.lower()
    return bool(_NEGATION_GATE.search(low)) and bool(NEGATED.search(before))


RETURN_FOR = re.compile(
    r"\s*(?:for|with)\s+(?:a|an|its|their|another|the)?\s*(?:\w+\s+){0,3}?"
    r"(?:season|series|run|installment|chapter)\b|\s*(?:for|with)\s+(?:season|series)\s+\w+",
    re.IGNORECASE,
)
SOON_WORDS = re.compile(r"soon|shortly|coming|near\s+future|imminent|any\s+day", re.IGNORECASE)
SUBJECT_FIRST = frozenset({"gets"})
"""Triggers whose show must be their grammatical subject, written before them."""

# Lower-case nouns only (plus the few a headline capitalises): "Prime Video" and "Squid
# Game" are names, "a video" and "the game" are not seasons.
_BLOCKED_OBJECT = re.compile(
    r"\W*(?:[\w'-]+\s+){0,3}"
    r"(?:trailer|teaser|poster|images?|photos?|first[- ]look|clip|promo|song|soundtrack|statement|"
    r"report|album|book|video|footage|details|key\s+art|synopsis|featurette|podcast|comic|novel|"
    r"game|app|film|movie|documentary|cookbook|memoir|single|episode\s+titles|plot|interview|"
    r"photo|look|sneak\s+peek|manga|manhwa|webtoon|light\s+novel|them|it|"
    r"Trailer|Teaser|Poster|First\s+Look|Clip|Promo|Featurette)\b"
    r"|\s+\d[\d.,]*\s*(?:%|percent|points?|places?|spots?)"
)
_BLOCKED_SUBJECT = re.compile(
    r"\b(?:trailer|teaser|poster|clip|promo|finale|episode|special|movie|film|podcast|album|single|"
    r"song|video|book|documentary|tour|ratings|viewership|stock|shares|price|game)\b\s*(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_TRANSITIVE = re.compile(r"(?:air|release|drop|launch|debut)", re.IGNORECASE)
_FREE_OBJECT = re.compile(
    r"\s+(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Season|Series|Volume|Part|Episode|Netflix|Hulu|HBO|Disney|Apple|"
    r"Prime|Peacock|Paramount|Amazon|Max|Fox|FX|AMC|BBC|ITV|CBS|NBC|ABC|Showtime|Starz)\b|"
    r"[A-Z][\w+]*\s+(?:TV|Network)\b)"
)
_CAPITAL_OBJECT = re.compile(r"\s+[A-Z][\w'-]+")
_SEASON_NOUN_END = re.compile(
    r"(?:season|series|run|installment|chapter|show|drama|comedy|sitcom|anime|episodes|part|"
    r"volume)s?(?:\s+\w+)?$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\W*(?:which|who|that|where)\b", re.IGNORECASE)
_IT = re.compile(r"\b(?:it|its)\b[^.;]*", re.IGNORECASE)
# Things other than shows that get cancelled: "its Comic Con panel was cancelled".
CANCELLED_OTHER = re.compile(
    r"\b(?:panel|event|screening|tour|concert|appearance|interview|party|show\s+at|flights?|"
    r"games?|match|meeting|trip|signing|convention|festival|premiere\s+event|red\s+carpet)\b"
    r"\s*(?:\w+\s+){0,3}$"
)  # lower case only: "Squid Game will end" is a show
CONDITIONAL = re.compile(r"\W*(?:if|unless|whether|should)\b", re.IGNORECASE)
_YET = re.compile(r"\byet\b|\bofficially\b", re.IGNORECASE)


def blocked(text: str, trigger: Trigger, clause_end: int, shows_at: frozenset[int]) -> bool:
    """A premiere word whose object or subject is not a season ("the trailer dropped")."""
    after_end = min(clause_end, trigger.end + 60)
    gap = len(text[trigger.end : trigger.end + 3]) - len(
        text[trigger.end : trigger.end + 3].lstrip(" \"'")
    )
    if trigger.end + gap in shows_at:
        return False  # "plans to launch The Witcher in late 2019"
    if _BLOCKED_OBJECT.match(text, trigger.end, after_end):
        return True
    if _BLOCKED_SUBJECT.search(text[max(0, trigger.start - 40) : trigger.start]):
        return True
    if _TRANSITIVE.match(trigger.text) and _CAPITAL_OBJECT.match(text, trigger.end, after_end):
        # "Coronation Street airs Carl Webster's turning point tonight": an episode's content.
        return not _FREE_OBJECT.match(text, trigger.end, after_end)
    return False


def foreign_antecedent(text: str, clause_start: int, show_ends: frozenset[int]) -> bool:
    """A relative clause about something else ("Black Widow, which"; "a film, which")."""
    if not _RELATIVE.match(text, clause_start) or _IT.search(text, clause_start, clause_start + 80):
        return False  # "FX, which renewed it": "it" is still the show
    tail = text[max(0, clause_start - 40) : clause_start].rstrip(" ,\"'")
    end = max(0, clause_start - 40) + len(tail)
    return end not in show_ends and not _SEASON_NOUN_END.search(tail)


_AUXILIARY_WORDS = words(
    "will would is are was were has have had may might could should also now finally reportedly"
)
_NOT_A_FOREIGN_SUBJECT = words(
    """it its they season series show production filming shooting netflix hbo hulu fx amc
    disney apple amazon peacock paramount showtime starz bbc itv cbs nbc abc fox max he she
    marvel"""
)
_NP_WORD = re.compile(r"[A-Za-z][\w'-]*")
_REFERRING = words(
    """season seasons series installment run chapter show drama comedy sitcom revival spinoff
    reboot thriller anime docuseries miniseries saga franchise cast episodes production
    filming shooting sophomore"""
)
_OTHER_WORKS = words("adaptation movie film manga novel game book crossover event special")
_ARTICLE_START = re.compile(r"\W*(?:the|a|an)\b", re.IGNORECASE)


def foreign_subject(text: str, clause_start: int, trigger_start: int) -> bool:
    """The word before the verb is another proper noun ("the Kingpin returns")."""
    span = text[max(clause_start, trigger_start - 60) : trigger_start]
    tokens = span.split()
    while tokens and tokens[-1].lower() in _AUXILIARY_WORDS:
        tokens.pop()
    if not tokens or (len(tokens) == 1 and max(clause_start, trigger_start - 60) == clause_start):
        return False  # nothing before the verb, or only the clause's first word
    word = tokens[-1].strip("\"'(),")
    return word[:1].isupper() and word.lower().rstrip("'s") not in _NOT_A_FOREIGN_SUBJECT


def foreign_noun_phrase(text: str, start: int) -> bool:
    """A sentence that opens on "The crossover" or "The eight-episode event" is about that."""
    article = _ARTICLE_START.match(text, start)
    if article is None:
        return False
    head = {w.lower() for w in _NP_WORD.findall(text, article.end(), article.end() + 40)[:3]}
    return not head.isdisjoint(_OTHER_WORKS) or head.isdisjoint(_REFERRING)


def not_yet(text: str, start: int, end: int) -> bool:
    """ "has not (yet) been renewed (yet)" is undecided, not cancelled."""
    return bool(_YET.search(text, max(0, start - 40), end))
