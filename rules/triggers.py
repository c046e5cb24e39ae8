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
from dataclasses import dataclass

from rules.models import Certainty

RETURN = "return"
DATED = "dated"
_FILM = r"(?:filming|shooting|production|principal\s+photography|lensing|cameras?|the\s+cameras)"
_START = (
    r"(?:begin|begins|began|begun|beginning|start|starts|started|starting|commence[sd]?|commencing|"
    r"kick(?:s|ed)?\s+off|kicking\s+off|resume[sd]?|resuming|restart(?:s|ed)?|"
    r"get(?:s)?\s+underway|got\s+underway|(?:is|are|was|were|now|already|currently)\s+underway|"
    r"under\s*way|roll(?:s|ed|ing)?|ramp(?:s|ed)?\s+up|got\s+going|gets\s+going)"
)
_END = (
    r"(?:wrap(?:s|ped)?(?:\s+up)?|finish(?:es|ed)?|complete[sd]?|conclude[sd]?|end(?:s|ed)?|"
    r"is\s+done|are\s+done|is\s+complete|is\s+over|has\s+ended)"
)
_ORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|sophomore|final|"
    r"another|new|\d{1,2}(?:st|nd|rd|th))"
)
_SEASONISH = (
    rf"(?:(?:{_ORD})(?:\s+(?:and|&)\s+(?:final|last))?\s+(?:season|series|run|installment|chapter)"
    r"|season\s+\w+|series\s+\d+)"
)

_NETWORK = (
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
        r"\b(?:pick(?:s|ed)?\s+up|picking\s+up)\s+(?:for\s+|(?:a|an|another|its|the\s+\w+)\s+)"
        r"(?=[^.;]{0,30}\b(?:season|series|run)\b)",
    ),
    (
        "renewed",
        "order",
        rf"\b(?:order(?:s|ed)?|greenlit|green-?lit|green-?light(?:s|ed)?|commission(?:s|ed)?|"
        rf"confirm(?:s|ed)?|announc(?:e|es|ed))\s+(?:(?:a|an|its|their|the)\s+)?(?={_SEASONISH})",
    ),
    (
        "renewed",
        "gets",
        rf"\b(?:gets?|getting|got|land(?:s|ed)?|scor(?:es|ed)|earn(?:s|ed)?|secur(?:es|ed)|"
        rf"nab(?:s|bed)?|snag(?:s|ged)?|bags?|bagged|given|gave|gives)\s+(?:\w+\s+){{0,4}}?"
        rf"(?:(?:a|an|its|their|the)\s+)?(?={_SEASONISH}|series\s+order|season\s+\d)",
    ),
    (
        "renewed",
        "season_go",
        rf"\b{_SEASONISH}(?:\s+of\s+[^.;,]{{1,50}}?)?\s+(?:(?:is|has\s+been|was|have\s+been|are)\s+)?"
        r"(?:officially\s+|already\s+|now\s+)?(?:confirmed|announced|ordered|greenlit|green-?lit|a\s+go|"
        r"happening|official|on\s+the\s+way|in\s+the\s+works|in\s+development|likely|possible|"
        r"coming)\b(?!\s+to\b)",
    ),
    ("renewed", "talks", rf"\btalks?\s+(?:of|about|for|on)\s+(?:a|an|another)\s+(?={_SEASONISH})"),
    ("renewed", "series_order", r"\bseries\s+order\b"),
    (
        "renewed",
        "revive",
        r"\b(?:revive[sd]?|reviving|uncancel\w*|brings?\s+back|bring\s+back|brought\s+back|"
        r"saved\s+by|saves|saved)\b",
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
        r"the\s+series')\s+run|(?:is|are)\s+ending|(?:will|to)\s+(?:end|conclude)\s+(?:after|with)|"
        r"(?:won't|will\s+not|not)\s+(?:be\s+)?(?:return(?:ing)?|(?:coming\s+)?back)\b|"
        r"(?:not|n't)\s+(?:been\s+|be\s+)?renewed|(?:declined|decided\s+not)\s+to\s+renew|"
        r"not\s+moving\s+forward\s+with|there\s+will\s+be\s+no|(?:passe[sd]|passing)\s+on\s+"
        r"(?:a|another)|will\s+be\s+(?:its|the\s+show's|the\s+series')\s+(?:last|final))\b",
    ),
    # --- production ------------------------------------------------------------------
    (
        "production",
        "start_filming",
        rf"\b(?:{_START}|(?:go|goes|went|gone|going|head|heads|headed|heading|move[sd]?|moving)"
        rf"\s+(?:back\s+)?into)\s+(?:\w+\s+){{0,2}}?(?:{_FILM}|to\s+film|to\s+shoot)\b(?!-)",
    ),
    (
        "production",
        "filming_starts",
        rf"\b{_FILM}\b(?:\s+(?:on|for|of)\s+[^,.;]{{1,60}}?)?\s+(?:\w+\s+){{0,4}}?{_START}\b",
    ),
    (
        "production",
        "in_production",
        r"\b(?:is|are|now|currently|already|remains?)\s+(?:\w+\s+)?in\s+production\b|"
        r"\b(?:is|are|now|currently)\s+(?:currently\s+|now\s+)?(?:filming|shooting)\b",
    ),
    (
        "production",
        "will_film",
        r"\b(?:will|to|set\s+to)\s+(?:film|shoot)\b(?!\s+(?:a|an|the|his|her)\b)",
    ),
    # --- wrapped ---------------------------------------------------------------------
    (
        "wrapped",
        "wrap_filming",
        rf"\b(?:{_END}|wrapped\s+up)\s+(?:\w+\s+){{0,3}}?(?:with\s+)?(?:its\s+|their\s+|the\s+)?{_FILM}\b",
    ),
    (
        "wrapped",
        "filming_wraps",
        rf"\b{_FILM}\b(?:\s+(?:on|for|of)\s+[^,.;]{{1,60}}?)?\s+(?:\w+\s+){{0,3}}?{_END}\b",
    ),
    (
        "wrapped",
        "a_wrap",
        r"\b(?:it'?s|that'?s)\s+a\s+wrap\b|\b(?:has|have|officially|just)\s+(?:officially\s+|just\s+)?"
        r"wrapped\b(?!\s+(?:up\s+)?(?:its|their|the|a)\s+(?:run|series|season|finale))",
    ),
    # --- premiere --------------------------------------------------------------------
    (
        "premiere",
        "premiere",
        r"\b(?:premier(?:e|es|ed|ing)|debut(?:s|ed|ing)?|air(?:s|ed|ing)?|air\s*date|airdate|"
        r"release(?:s|d)?|releasing|launch(?:es|ed|ing)?|bow(?:s|ed)?|drop(?:s|ped|ping)?|"
        r"arriv(?:e|es|ed|ing)|on\s+screens)\b",
    ),
    (
        "premiere",
        "available",
        r"\b(?:now\s+streaming|(?:is|are)\s+(?:now\s+)?(?:out|available|streaming)(?:\s+now)?|"
        r"out\s+now|available\s+now)\b",
    ),
    # --- dated: a premiere only when a date follows ----------------------------------------
    (
        DATED,
        "dated",
        rf"\b(?:stream(?:s|ing)?|broadcast(?:s|ing)?|hits?\s+{_NETWORK}|hits?\s+(?:screens|streaming|"
        r"TV|television|the\s+small\s+screen)|expect|(?:expect(?:s|ed)?|due|slated|set|scheduled|"
        r"targeted|eyed|pencil(?:l?ed)?)\s+(?:for|in|by|on|around|out)|wait(?:ing)?\s+(?:until|till|for)|mov(?:e|es|ed)\s+(?:up|back)?|"
        r"push(?:es|ed)?\s+(?:back)?|delay(?:s|ed)?|bump(?:s|ed)?\s+(?:up|back)?|reschedul\w+|"
        r"shift(?:s|ed)?)\b",
    ),
    # --- return: a premiere with a date, a renewal when a season goes with it ------------
    (
        RETURN,
        "return",
        r"\b(?:return(?:s|ed|ing)?|(?:is|are|be|'s|'re|was|were|comes?|coming|came)\s+back|"
        r"com(?:e|es|ing)(?!-)|came)\b",
    ),
)

_SCAN = re.compile(
    "|".join(f"(?P<t{i}>{p})" for i, (_, _, p) in enumerate(_PATTERNS)), re.IGNORECASE
)
KIND_OF = tuple(kind for kind, _, _ in _PATTERNS)
NAME_OF = tuple(name for _, name, _ in _PATTERNS)

# A quick test that a sentence can hold a claim at all, before the heavier work.
CUE = re.compile(
    r"renew|re-?up|pick|order|greenl|green-l|commission|confirm|announc|\bget|\bgot\b|\bgiv|\bgave|"
    r"land|scor|earn|secur|nab|snag|bag|season|series|reviv|uncancel|back|sav|cancel|\bax|scrap|"
    r"canned|plug|\bend|conclud|return|not\b|n't|declin|passe|film|shoot|production|photograph|"
    r"lensing|camera|wrap|finish|complet|premier|debut|\bair|release|launch|\bbow|drop|stream|"
    r"broadcast|hit|arriv|screen|com[ei]|came|\bout\b|availab|expect|\bdue\b|slated|\bset\b|"
    r"sched|target|eyed|pencil|wait|\bmov|push|delay|bump|shift|talk|last\b|final",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger found in a sentence."""

    kind: str
    name: str
    start: int
    end: int
    text: str


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Every trigger in ``text[start:end]``, in text order."""
    out: list[Trigger] = []
    for m in _SCAN.finditer(text, start, end):
        index = int((m.lastgroup or "t0")[1:])
        out.append(Trigger(KIND_OF[index], NAME_OF[index], m.start(), m.end(), m.group()))
    return out


_RUMORED = re.compile(
    r"\b(?:(?-i:may)|might|could|talks?|talking|reportedly|reports?|reported|rumou?r(?:s|ed)?|"
    r"sources?|insiders?|ideally|possibly|possible|potentially|potential|perhaps|maybe|"
    r"speculat\w*|allegedly|unconfirmed|hopes?|hoping|hopefully|apparently|said\s+to\s+be|"
    r"believed\s+to|if|whether|chances?|odds|wants?\s+to|teas(?:e|es|ed|ing)|hint(?:s|ed|ing)?|"
    r"eyeing|considering|mulling|weighing|in\s+the\s+works|in\s+development|would\s+like|"
    r"in\s+negotiations?|negotiating|could|nearing|close\s+to|buzz|whispers?)\b",
    re.IGNORECASE,
)
_SENTENCE_HEDGE = re.compile(
    r"\b(?:reportedly|according\s+to\s+(?:a\s+|the\s+)?(?:report|sources?|insiders?|rumou?rs?)|"
    r"sources?\s+(?:say|said|claim|tell|told|close)|insiders?\s+(?:say|said|claim)|rumou?r(?:s|ed)?\s+(?:has|have|say)|"
    r"is\s+said\s+to|are\s+said\s+to|reports?\s+(?:say|said|suggest|claim)|(?:\w+\s+)?reports\s+that|"
    r"it\s+is\s+rumou?red|speculation)\b",
    re.IGNORECASE,
)
_EXPECTED = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|slated|plans?|planned|planning|likely|unlikely|should|probably|"
    r"aims?|aiming|aimed|target(?:s|ed|ing)?|anticipat\w+|tentative(?:ly)?|on\s+track|poised|"
    r"projected|due(?!\s+to\s+(?:the|a|an|its|their|covid|scheduling|budget)\b)|estimated|intends?|intended|looks?\s+like|looking\s+to|the\s+earliest|"
    r"which\s+means|meaning|presumably|eventually|ought\s+to|hopes?\s+to)\b",
    re.IGNORECASE,
)


def certainty(clause: str, sentence: str, open_window: bool) -> Certainty:
    """Rumored if hedged, expected if planned or only bounded below, else confirmed."""
    if _RUMORED.search(clause) or _SENTENCE_HEDGE.search(sentence):
        return Certainty.RUMORED
    if open_window or _EXPECTED.search(clause):
        return Certainty.EXPECTED
    return Certainty.CONFIRMED


_FUTURE_BEFORE = re.compile(
    r"\b(?:will|'ll|shall|to|won't|wo|would|could|may|might|should|must|going|gonna|can|cannot|can't)"
    r"(?:\s+(?:not|also|only|likely|probably|finally|officially|soon|now|then|be|have|get|all|both|"
    r"definitely|surely|still|eventually|again|reportedly|tentatively|hopefully))*\s*$",
    re.IGNORECASE,
)
_PAST_BEFORE = re.compile(
    r"\b(?:has|have|had|'s|'ve|was|were|already|just|did|recently|finally)"
    r"(?:\s+(?:also|already|just|now|finally|officially|recently|been|reportedly|quietly|not))*\s*$",
    re.IGNORECASE,
)
_PAST_FORM = re.compile(
    r"(?:premiered|debuted|aired|released|launched|bowed|dropped|arrived|returned|came|"
    r"began|begun|started|kicked|commenced|resumed|restarted|rolled|wrapped|finished|completed|"
    r"concluded|ended|went|headed|moved|got|renewed|cancell?ed|axed|scrapped|canned|picked|"
    r"ordered|greenlit|green-lit|revived|brought|saved)$",
    re.IGNORECASE,
)
_ONGOING = re.compile(
    r"\bnow\b|\ba\s+wrap\b|underway|under\s*way|in\s+production|rolling|currently|now\s+(?:filming|shooting)|"
    r"(?:is|are)\s+(?:filming|shooting)",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:last\s+(?:week|month|year|spring|summer|fall|winter)|yesterday|ago|earlier\s+this|"
    r"previously)\b",
    re.IGNORECASE,
)
_VERB_AT_END = re.compile(
    rf"(?:{_START}|{_END})(?!.*(?:{_START}|{_END}))", re.IGNORECASE | re.DOTALL
)
_AUXILIARIES = re.compile(
    r"(?:(?:has|have|had|is|are|was|were|be|been|officially|just|now|currently|already|remains?)\s+)+",
    re.IGNORECASE,
)
_VERB_LAST = frozenset({"filming_starts", "filming_wraps", "season_go"})


def verb_start(trigger: Trigger) -> int:
    """Where the trigger's verb starts ("production is expected to *start*")."""
    if trigger.name in _VERB_LAST:
        m = _VERB_AT_END.search(trigger.text)
        if m:
            return trigger.start + m.start()
    lead = _AUXILIARIES.match(trigger.text)
    return trigger.start + (lead.end() if lead else 0)


def tense(text: str, trigger: Trigger, clause_start: int, clause_end: int) -> str:
    """ "past" (or going on), "future", or "present" (a headline's "Wraps Filming")."""
    verb = verb_start(trigger)
    before = text[max(clause_start, verb - 50) : verb]
    if _FUTURE_BEFORE.search(before):
        return "future"
    if re.search(r"\b(?:set|slated|scheduled|due|poised|planned|expected)\s*$", before, re.I):
        return "future"
    if _ONGOING.search(trigger.text):
        return "past"
    if _PAST_WORDS.search(text, clause_start, clause_end):
        return "past"
    word = re.match(r"[\w-]+", text[verb : trigger.end])
    if word and _PAST_FORM.match(word.group()):
        return "future" if re.search(r"\b(?:be|being)\s*$", before, re.I) else "past"
    return "past" if _PAST_BEFORE.search(before) else "present"
