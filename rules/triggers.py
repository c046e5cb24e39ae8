"""The words that make a clause a season claim, and how firmly and in which tense it is said.

Each trigger is a small named pattern for one kind of claim (ctparse style: an explicit
tuple, scanned as one compiled alternation). ``RETURN`` triggers ("returns", "is back",
"will come") are a premiere when a date goes with them and a renewal when none does
("is back for Season 2", "a second season ... is coming soon"). Certainty and tense are
read from the words around the trigger: hedges ("may", "reportedly", "talks") make a
claim rumored, plans ("expected", "slated", "won't ... until") make it expected, and
everything stated as fact is confirmed (SPEC.md, "Claims").
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from rules.text import stem_finder

RETURN: Final = "return"
DATED: Final = "dated"
_FILM: Final = r"(?:filming|shooting|production|principal\s+photography|lensing|cameras?)"
START_VERBS: Final = (
    r"(?:begin|begins|began|begun|beginning|start|starts|started|starting|commence[sd]?|commencing|"
    r"kick(?:s|ed)?\s+off|kicking\s+off|resume[sd]?|resuming|restart(?:s|ed)?|"
    r"get(?:s)?\s+underway|got\s+underway|"
    r"under\s*way|roll(?:s|ed|ing)?|ramp(?:s|ed)?\s+up|got\s+going|gets\s+going)"
)
END_VERBS: Final = (
    r"(?:wrap(?:s|ped)?(?:\s+up)?|finish(?:es|ed)?|complete[sd]?|conclude[sd]?|end(?:s|ed)?|"
    r"is\s+done|are\s+done|done|is\s+complete|is\s+over|has\s+ended)"
)
_ORD: Final = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|sophomore|final|"
    r"another|new|\d{1,2}(?:st|nd|rd|th))"
)
_SEASONISH: Final = (
    rf"(?:(?:{_ORD})(?:\s+(?:and|&)\s+(?:final|last))?\s+(?:season|series|run|installment|chapter)"
    r"|season\s+\w+|series\s+\d+)"
)

# "production on season 3, with Olivia Colman as the Queen, will begin": what is filmed,
# then at most one aside between commas before the verb.
_FILM_OBJECT: Final = r"(?:\s+(?:on|for|of)\s+[^,.;]{1,60}?)?(?:,\s[^,.;]{1,60}?,)?"
# "a 13-episode sixth season": an episode count between the article and the season.
_EPISODES: Final = r"(?:[\w]+-episode\s+)?"

_NETWORK: Final = (
    r"(?-i:Netflix|HBO(?:\s+Max)?|Max|Hulu|FX|AMC\+?|BBC(?:\s+\w+)?|ITV\w*|CBS|NBC|ABC|Fox|"
    r"The\s+CW|CW|Showtime|Starz|Peacock|Paramount\+?|Disney\+?|Apple\s+TV\+?|Apple|Prime\s+Video|"
    r"Amazon|Freeform|Syfy|TNT|TBS|Sky|Crunchyroll|Channel\s+4|[A-Z][\w+]*\s+(?:TV|Network))"
)

# (kind, name, pattern). DATED triggers say nothing without a date after them.
_PATTERNS: tuple[tuple[str, str, str], ...] = (
    # --- renewed ---------------------------------------------------------------------
    (
        "renewed",
        "renew",
        r"\b(?:renew(?:s|ed|ing)?|renewal|re-?up(?:s|ped)?|recommission(?:s|ed)?)\b",
    ),
    (
        "renewed",
        "pickup",
        r"\b(?:pick(?:s|ed)?|picking)\s+up\b(?=[^.;]{0,50}?\bfor\s+(?:a|an|another|its|their|the)?\s*"
        r"(?:\w+\s+){0,3}?(?:season|series|run)\b)"
        # "NBC is in talks to pick it up": a pronoun object stands for the show.
        r"|\b(?:pick(?:s|ed)?|picking)\s+(?:it|them|the\s+(?:show|series|comedy|drama))\s+up\b",
    ),
    (
        "renewed",
        "order",
        rf"\b(?:order(?:s|ed)?|greenlit|green-?lit|green-?light(?:s|ed)?|commission(?:s|ed)?|"
        rf"confirm(?:s|ed)?|announc(?:e|es|ed))\s+(?:(?:a|an|its|their|the)\s+)?{_EPISODES}"
        # "Netflix Confirms Ozark Season 4" (a title between), but not "confirmed Ozark
        # season 4's premiere date".
        rf"(?:(?-i:[A-Z])[\w'&:.!-]*\s+){{0,4}}?(?={_SEASONISH}\b(?!'s|\s+(?:premiere|release|"
        r"debut|date|trailer|teaser|cast|finale|episodes?)\b))",
    ),
    (
        "renewed",
        "gets",
        rf"\b(?:gets?|getting|got|land(?:s|ed)?|scor(?:es|ed)|earn(?:s|ed)?|secur(?:es|ed)|"
        rf"nab(?:s|bed)?|snag(?:s|ged)?|bags?|bagged)\s+(?:\w+\s+){{0,4}}?"
        rf"(?:(?:a|an|its|their|the)\s+)?(?={_SEASONISH}|series\s+order|season\s+\d)",
    ),
    (
        "renewed",
        "gives",
        rf"\b(?:give[sn]?|gave|giving|hand(?:s|ed)?)\s+(?:[\w'&:.!-]+\s+){{1,6}}?"
        rf"(?:a|an|another)\s+(?={_SEASONISH}|series\s+order)",
    ),
    (
        "renewed",
        "season_go",
        rf"\b{_SEASONISH}(?:\s+of\s+(?:[\w'\"&:+.!-]+\s+){{1,6}}?)?\s*(?:"
        r"(?:(?:has|have)\s+(?:also\s+|now\s+|already\s+|officially\s+)?been\s+|was\s+|were\s+)?"
        r"(?:officially\s+|already\s+|also\s+)?(?:confirmed|announced|ordered|greenlit|green-?lit)|"
        r"(?:is|are|'s|looks?|seems?)\s+(?:(?:officially|already|now|also|reportedly|apparently|"
        r"likely|still|definitely|finally)\s+){0,2}"
        r"(?:a\s+go|happening|official|"
        r"on\s+the\s+way|in\s+the\s+works|in\s+development|likely|possible))\b(?!\s+to\b)",
    ),
    ("renewed", "talks", rf"\btalks?\s+(?:of|about|for|on)\s+(?:a|an|another)\s+(?={_SEASONISH})"),
    ("renewed", "series_order", r"\bseries\s+order\b"),
    (
        "renewed",
        "revive",
        r"\b(?:revive[sd]?|reviving|uncancel\w*|brings?\s+back|bring\s+back|brought\s+back|"
        r"saved\s+by|saved\s+from\s+cancell?ation|(?:saves|saved)(?-i:(?=\s+[\"'A-Z])))\b",
    ),
    # --- cancelled -------------------------------------------------------------------
    (
        "cancelled",
        "cancel",
        r"\b(?:cancel(?:s|led|ed|ling|ing)?|cancell?ation|ax(?:e|es|ed|ing)|scrap(?:s|ped)|canned)\b",
    ),
    (
        "cancelled",
        "end_run",
        r"\b(?:pull(?:s|ed|ing)?\s+the\s+plug|come[s]?\s+to\s+an\s+end|came\s+to\s+an\s+end|"
        r"(?:end|ends|ended|ending|conclude[sd]?|wrap(?:s|ped)?\s+up)\s+(?:its|their|the\s+show's|"
        r"the\s+series')\s+run|(?:(?<=\bis\s)|(?<=\bare\s))ending|"
        r"(?:(?<=will\s)|(?<=\bto\s))(?:end|conclude)\s+(?:after|with)|"
        r"(?:won't|not|isn't|aren't)\s+(?:be\s+)?(?:return(?:ing)?|(?:coming\s+)?back)\b"
        r"(?![^.;,]{0,25}\b(?:until|till|before)\b)|"
        r"not\s+(?:been\s+|be\s+)?renewed|(?:declined|decided\s+not)\s+to\s+renew|"
        r"(?:not|won't|isn't|aren't)\s+(?:be\s+)?mov(?:e|ing)\s+forward\s+with|"
        r"decided\s+not\s+to\s+move\s+forward\s+with|there\s+(?:will\s+be\s+no|won't\s+be\s+(?:a|an|another)\s+(?=(?:\w+\s+)?(?:season|series)\b))|(?:passe[sd]|passing)\s+on\s+"
        r"(?:a|another)|(?<=\bbe\s)its\s+(?:last|final))\b",
    ),
    # --- production ------------------------------------------------------------------
    (
        "production",
        "start_filming",
        rf"\b(?:{START_VERBS}|(?:go|goes|went|gone|going|head|heads|headed|heading|move[sd]?|moving)"
        rf"\s+(?:back\s+)?into)\s+(?:\w+\s+){{0,2}}?(?:{_FILM}|to\s+film|to\s+shoot)\b(?!-)",
    ),
    (
        "production",
        "filming_starts",
        rf"\b{_FILM}\b{_FILM_OBJECT}\s+(?:\w+\s+){{0,4}}?{START_VERBS}\b",
    ),
    (
        "production",
        "in_production",
        r"(?<=\bin\s)production\b|(?<=being\s)(?:filmed|shot)\b|"
        r"(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bnow\s)|(?<=currently\s)|(?<=already\s)|(?<=still\s)|"
        r"(?<=been\s))"
        r"(?:filming|shooting)\b(?!\s+(?:a|an|his|her)\b)",
    ),
    (
        "production",
        "will_film",
        r"(?:(?<=will\s)|(?<=\bto\s))(?:film|shoot)\b(?!\s+(?:a|an|the|his|her)\b)",
    ),
    # --- wrapped ---------------------------------------------------------------------
    (
        "wrapped",
        "wrap_filming",
        rf"\b(?:{END_VERBS}|wrapped\s+up)\s+(?:\w+\s+){{0,3}}?(?:with\s+)?(?:its\s+|their\s+|the\s+)?{_FILM}\b",
    ),
    (
        "wrapped",
        "filming_wraps",
        rf"\b{_FILM}\b{_FILM_OBJECT}\s+(?:\w+\s+){{0,3}}?{END_VERBS}\b",
    ),
    (
        "wrapped",
        "a_wrap",
        r"(?<='s\sa\s)wrap\b|(?<=\ba\s)wrap\b(?=\s*(?:on|for|[.!,;]|$))|(?<=\bto\s)wrap\b(?!\s+up\s+(?:its|the|their)\s+run)|"
        r"(?:(?<=has\s)|(?<=have\s)|(?<=officially\s)|(?<=just\s))"
        r"wrapped\b(?!\s+(?:up\s+)?(?:its|their|the|a)\s+(?:run|series|season|finale))",
    ),
    (
        # "'The Crown' Season 3 Wraps;": a season that wraps, with nothing after the verb
        # (checked by the caller: a season phrase must come just before).
        "wrapped",
        "season_wraps",
        r"\bwrap(?:s|ped)\b(?=\s*(?:[;:.!?,]|$|\s+(?:in|production|filming|shooting)\b))",
    ),
    # --- premiere --------------------------------------------------------------------
    (
        "premiere",
        "premiere",
        r"\b(?:premier(?:e|es|ed|ing)|debut(?:s|ed|ing)?|air(?:s|ed|ing)?|air\s*date|airdate|"
        r"release(?:s|d)?|releasing|launch(?:es|ed|ing)?|bow(?:s|ed)?|drop(?:s|ped|ping)?|"
        r"arriv(?:e|es|ed|ing))\b",
    ),
    (
        "premiere",
        "available",
        r"\b(?:now\s+streaming|(?:(?<=\bis\s)|(?<=\bare\s)|(?<=now\s))(?:out|available|streaming)"
        r"(?:\s+now)?|out\s+now|available\s+now)\b",
    ),
    # --- dated: a premiere only when a date follows ----------------------------------------
    (
        DATED,
        "dated",
        rf"\b(?:stream(?:s|ing)?|broadcast(?:s|ing)?|hits?\s+{_NETWORK}|hits?\s+(?:screens|streaming|"
        r"TV|television|the\s+small\s+screen)|land(?:s|ed|ing)?\s+(?:on|in)|expect|(?:expect(?:s|ed)?|due|slated|set|scheduled|"
        r"targeted|eyed|pencil(?:l?ed)?)\s+(?:for|in|by|on|around|out|until|till|before)|wait(?:ing)?\s+(?:until|till|for)|mov(?:e|es|ed)\s+(?:up|back)?|"
        r"push(?:es|ed)?\s+(?:back)?|delay(?:s|ed)?|bump(?:s|ed)?\s+(?:up|back)?|reschedul\w+|"
        r"shift(?:s|ed)?|slip(?:s|ped)?|follow(?:s|ed)?)\b",
    ),
    (
        # "HBO sets 'Westworld' season 2 for April", "FX dates 'Atlanta' for September 15":
        # a headline's scheduling verb, the show, then the date it is set for.
        DATED,
        "sets_for",
        r"\b(?:sets|dates|slates|schedules)\b(?=\s[^.;:!?]{1,60}?\s(?:for|to\s+(?:debut|premiere|return))\s)",
    ),
    (
        # "is expected no later than 2025", "is expected sometime in the 2024-2025 window":
        # a plan with its date right after; "expected to ..." is another verb's.
        DATED,
        "expected_date",
        r"\b(?:expected|due|slated|scheduled)(?=\s+(?:no\s+later\s+than|as\s+(?:soon|early)\s+as|"
        r"sometime|some\s+time|this|next|later|early|late|mid|around|during|"
        # a shorthand's date right after the word: "S2 due 2019", "slated fall 2025"
        r"(?:19|20)\d\d|q[1-4]|spring|summer|fall|autumn|winter|jan(?:uary)?|feb(?:ruary)?|"
        r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
        r"nov(?:ember)?|dec(?:ember)?)\b)",
    ),
    # --- return: a premiere with a date, a renewal when a season goes with it ------------
    (
        RETURN,
        "return",
        r"\b(?:return(?:s|ed|ing)?|(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bbe\s)|(?<=was\s)|(?<=were\s)|"
        r"(?<=comes\s)|(?<=come\s)|(?<=coming\s)|(?<=came\s)|(?<='s\s)|(?<='re\s)|"
        r"(?<=expected\s)|(?<=due\s)|(?<=slated\s))back(?!\s+on\s+(?:the\s+)?set\b)|"
        r"com(?:e|es|ing)(?!-)|came)\b",
    ),
)

# The words each trigger can start with (as prefixes). A sentence's words are tested
# against these (one C call each) and only the patterns that can start there are tried:
# a regex alternation tried at every character of every text was an order of magnitude
# too slow for 10,000 items in two seconds.
_FIRST_WORDS: Final = {
    "renew": "renew re-up reup recommission",
    "pickup": "pick",
    "order": "order greenl green commission confirm announc",
    "gets": "get got land scor earn secur nab snag bag",
    "gives": "giv gave hand",
    "season_go": "first second third fourth fifth sixth seventh eighth ninth tenth sophomore "
    "final another new season series 0 1 2 3 4 5 6 7 8 9",
    "talks": "talk",
    "series_order": "series",
    "revive": "reviv uncancel bring brought sav",
    "cancel": "cancel ax scrap canned",
    "end_run": "pull come came end conclud wrap won not isn aren declin decid there pass its",
    "start_filming": "begin began begun start commenc kick resum restart get got under roll "
    "ramp go went gone head mov",
    "filming_starts": "film shoot production principal lensing camera",
    "in_production": "production film shoot shot",
    "will_film": "film shoot",
    "wrap_filming": "wrap finish complet conclud end done",
    "filming_wraps": "film shoot production principal lensing camera",
    "a_wrap": "wrap",
    "season_wraps": "wrap",
    "premiere": "premier debut air release launch bow drop arriv",
    "available": "now out available stream",
    "dated": "land stream broadcast hit expect due slated set sched target eyed pencil wait mov "
    "push delay bump resched shift slip follow",
    "sets_for": "set date slate sched",
    "expected_date": "expect due slated sched",
    "return": "return com came back",
}
_COMPILED: Final = tuple(
    (kind, name, re.compile(pattern, re.IGNORECASE), tuple(_FIRST_WORDS[name].split()))
    for kind, name, pattern in _PATTERNS
)
STEMS: Final = tuple(sorted({stem for *_, stems in _COMPILED for stem in stems}))
_STEM_FINDER: Final = stem_finder(STEMS)


# A NamedTuple, not a frozen dataclass: built several times per sentence, and a frozen
# dataclass sets each field through object.__setattr__ (construction 2.6x as slow).
class Trigger(NamedTuple):
    """One trigger found in a sentence."""

    kind: str
    name: str
    start: int
    end: int
    text: str


def find_triggers(text: str, start: int, end: int, lower: str | None = None) -> list[Trigger]:
    """Every trigger in ``text[start:end]``, in text order; the first pattern wins a spot.

    ``lower`` is ``text.lower()`` when the caller has it (same length), to save the work.
    """
    out: list[Trigger] = []
    resume = start
    low = lower if lower is not None and len(lower) == len(text) else text.lower()
    if len(low) != len(text):
        low = text  # a rare character changed length when lowered: use it as it is
    # In ASCII text, a pattern with no capitals read case-sensitively in ``low`` matches
    # just where it matches ``text`` with IGNORECASE, and faster: the engine compares
    # plain characters and skips an alternative on its first letter, where IGNORECASE
    # lower-cases each character it compares and enters every alternative.
    ascii_low = low.isascii()
    cache = _CANDIDATES
    for at, word in _STEM_FINDER.finditer(low, start, end):
        if at < resume:
            continue
        either = cache.get(word)
        if either is None:
            either = _candidates(word)
        anycase, lowered = either
        if anycase is _NONE:
            continue
        if ascii_low and lowered is not None:
            m = lowered.match(low, at, end)
        else:
            m = anycase.match(text, at, end)
        if m is None:
            continue
        kind, name = _BY_GROUP[m.lastgroup or ""]
        out.append(Trigger(kind, name, at, m.end(), text[at : m.end()]))
        resume = m.end()
    return out


# Each word's candidate patterns, in order, as one alternation: the engine tries them in
# C and the first that matches wins, as it would tried one by one; the wrapping group's
# name says which one it was. Each comes twice: with IGNORECASE, for any text, and, when
# none of its patterns tells cases apart, case-sensitive for the lower-cased ASCII text.
_GROUP: Final = {name: f"_t{i}" for i, (_kind, name, _p) in enumerate(_PATTERNS)}
_BY_GROUP: Final = {_GROUP[name]: (kind, name) for kind, name, _p in _PATTERNS}
_NONE: Final = re.compile(r"(?!)")
_Alternation = tuple[re.Pattern[str], re.Pattern[str] | None]
_CANDIDATES: dict[str, _Alternation] = {}
_ALTERNATIONS: dict[tuple[str, ...], _Alternation] = {}


def _candidates(word: str) -> _Alternation:
    """The patterns that can start at ``word`` as one regex (and its lower-case form),
    memoised in a plain dict (news reuses its words; a dict lookup is much cheaper than
    an ``lru_cache`` call)."""
    names = tuple(name for _k, name, _r, stems in _COMPILED if word.startswith(stems))
    if word[:1].isdigit() and not _ORDINAL_WORD.fullmatch(word):
        # A number only leads "season_go" as an ordinal ("4th season"): a season number
        # or a year, the most common numbers in news, would fail there every time.
        names = tuple(n for n in names if n != "season_go")
    either = _ALTERNATIONS.get(names)
    if either is None:
        if not names:
            either = (_NONE, None)
        else:
            source = "|".join(f"(?P<{_GROUP[n]}>{_SOURCE[n]})" for n in names)
            lowered = None if any(n in _CASED for n in names) else re.compile(source)
            either = (re.compile(source, re.IGNORECASE), lowered)
        _ALTERNATIONS[names] = either
    if len(_CANDIDATES) > 1 << 16:
        _CANDIDATES.clear()  # bounded: a stream of new numbers cannot grow it for ever
    _CANDIDATES[word] = either
    return either


_SOURCE: Final = {name: pattern for _kind, name, pattern in _PATTERNS}
# The patterns that tell cases apart ("(?-i:...)" or a capital outside an escape): they
# can only be read in the text itself, with IGNORECASE.
_CASED: Final = frozenset(
    name
    for name, pattern in _SOURCE.items()
    if re.search(r"[A-Z]|\(\?-i", re.sub(r"\\.", "", pattern))
)
_ORDINAL_WORD: Final = re.compile(r"\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)  # as in _ORD
