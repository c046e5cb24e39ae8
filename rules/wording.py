"""Small reading aids for claims: references back, negation, and words that block a trigger.

These are the patterns that decide whether a trigger word really makes a claim about the
show at hand: "its production" refers back to the last show named; "no plans to cancel"
is not a cancellation; "released the first trailer" and "ratings dropped 40 percent"
are not premieres; "Black Widow, which premieres in July" is about another title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

from rules.dates.windows import MONTHS
from rules.lexicon import CALENDAR_WORDS, words
from rules.models import Mention
from rules.text import any_of, lower_text
from rules.triggers import Trigger

# Words that refer back to the show of the last sentence. "The first anime adaptation" or
# "the original series" is another work, so those adjectives stop a work noun referring
# back; a season noun still does ("the first season premiered in April").
_GENRE: Final = (
    r"(?:show|series|drama|dramedy|comedy|sitcom|revival|spinoff|spin-off|reboot|thriller|"
    r"anime|docuseries|miniseries|saga|franchise|anthology|procedural|prequel|sequel|romance|"
    r"western|satire|whodunit)"
)
_GENRES: Final = (
    r"(?:shows|series|dramas|comedies|sitcoms|thrillers|dramedies|procedurals|anthologies)"
)
_ANAPHOR_WORDS: Final = (
    r"it|its|it's|they|their|season\s+\w+|production|filming|shooting|"
    r"the\s+(?:\w+\s+){0,2}?(?:season|installment|run|chapter|cast)|"
    r"the\s+(?:(?!first\b|original\b|previous\b|earlier\b|other\b|same\b)[\w-]+\s+){0,2}?"
    rf"{_GENRE}|"
    r"the\s+(?:[\w-]+\s+){0,2}?hit(?!\s+(?:film|movie|song|single|album|record|game|podcast))|"
    rf"(?:both|the\s+two|the\s+three)\s+(?:[\w-]+\s+){{0,2}}?{_GENRES}"
)
# The words read case-sensitively in lower-case text, where a plain literal fails at a
# glance: at the span's start (or at the text's, "Production has begun"), then after any
# character that is not a word character, which the engine skips to in C.
_ANAPHOR_AT: Final = re.compile(
    rf"\b(?:{_ANAPHOR_WORDS})\b|^\W*(?:production|filming|shooting|season)"
)
_ANAPHOR_AFTER: Final = re.compile(rf"[^\w](?:{_ANAPHOR_WORDS})\b")
# "USA Network's hacker drama", "Donald Glover's FX comedy": whose show, then the show.
# Its capitals must be capitals, so it is read in the text as it is, opening on a capital
# that starts a word.
_ANAPHOR_OWNER: Final = re.compile(
    r"[A-Z](?<=\b[A-Z])[\w&+.-]*(?:\s+[A-Z][\w&+.-]*){0,2}['’]"
    rf"(?i:s\s+(?:[\w-]+\s+){{0,2}}?{_GENRE})\b"
)


def refers_back(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` refers back to the show of the last sentence ("its
    production", "the HBO drama", "Both space dramas", "USA Network's hacker drama").

    Three patterns, not one IGNORECASE pattern tried at every character of the span with
    each literal folded first: the same words for a third of the cost.
    """
    if (text.find("'", start, end) >= 0 or text.find("’", start, end) >= 0) and (
        _ANAPHOR_OWNER.search(text, start, end)
    ):
        return True
    before = max(0, start - 1)  # the character before the span decides a word boundary
    low = lower_text(text[before:end])
    at = start - before
    return bool(_ANAPHOR_AT.match(low, at) or _ANAPHOR_AFTER.search(low, at))


# A quoted title that is not one of ours: a clause about it is not about our show.
# r"\"[A-Z][^\"]{0,60}\"|(?<![\w])'[A-Z][^']{0,60}'(?!\w)", with the look-behind moved past
# the quote (the character before the quote is not a word character): opening on a quote
# either way, the engine skips in C from one quote to the next instead of trying the
# look-behind at every character. Same matches.
FOREIGN_TITLE: Final = re.compile(r"\"[A-Z][^\"]{0,60}\"|'(?<!\w')[A-Z][^']{0,60}'(?!\w)")
NEGATED: Final = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\byet\s+to|\bwithout|denied|denies|deny|despite|rather\s+than|"
    r"instead\s+of|saved\s+from|avoid(?:ed|s)?|escape[sd]?|dodge[sd]?|spared|fate\s+of|"
    r"whether|fears?|feared|unlikely|no\s+plans\s+to)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NEGATION_KEYS: Final = (
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


_NEGATION_GATE: Final = any_of(_NEGATION_KEYS)


def negated(before: str) -> bool:
    """The words just before a trigger deny it ("has not been", "no plans to")."""
    low = before.lower()
    return bool(_NEGATION_GATE.search(low)) and bool(NEGATED.search(before))


RETURN_FOR: Final = re.compile(
    r"\s*(?:for|with)\s+(?:a|an|its|their|another|the)?\s*(?:\w+\s+){0,3}?"
    r"(?:season|series|run|installment|chapter)\b|\s*(?:for|with)\s+(?:season|series)\s+\w+",
    re.IGNORECASE,
)
SOON_WORDS: Final = re.compile(
    r"soon|shortly|coming|near\s+future|imminent|any\s+day", re.IGNORECASE
)
SUBJECT_FIRST: Final = frozenset({"gets"})
"""Triggers whose show must be their grammatical subject, written before them."""

# Lower-case nouns only (plus the few a headline capitalises): "Prime Video" and "Squid
# Game" are names, "a video" and "the game" are not seasons.
_BLOCKED_OBJECT: Final = re.compile(
    r"\W*(?:[\w'-]+\s+){0,3}"
    r"(?:trailer|teaser|poster|images?|photos?|first[- ]look|clip|promo|song|soundtrack|statement|"
    r"report|album|book|video|footage|details|key\s+art|synopsis|featurette|podcast|comic|novel|"
    r"game|app|film|movie|documentary|cookbook|memoir|single|episode\s+titles|plot|interview|"
    r"photo|look|sneak\s+peek|manga|manhwa|webtoon|light\s+novel|them|it|"
    r"Trailer|Teaser|Poster|First\s+Look|Clip|Promo|Featurette)\b"
    r"|\s+\d[\d.,]*\s*(?:%|percent|points?|places?|spots?)"
)
# Nouns that, just before a premiere word, are what premieres ("the trailer dropped").
_BLOCKED_SUBJECT_NOUNS: Final = tuple(
    sorted(
        words(
            """trailer teaser poster clip promo finale episode special movie film podcast album
            single song video book documentary tour ratings viewership stock shares price game"""
        )
    )
)
_BLOCKED_SUBJECT: Final = re.compile(
    rf"\b(?:{'|'.join(_BLOCKED_SUBJECT_NOUNS)})\b\s*(?:\w+\s+){{0,2}}$", re.IGNORECASE
)
# Premiere verbs that take an object, as the lower-cased trigger starts.
_TRANSITIVE: Final = ("air", "release", "drop", "launch", "debut")
_FREE_OBJECT: Final = re.compile(
    r"\s+(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Season|Series|Volume|Part|Episode|Netflix|Hulu|HBO|Disney|Apple|"
    r"Prime|Peacock|Paramount|Amazon|Max|Fox|FX|AMC|BBC|ITV|CBS|NBC|ABC|Showtime|Starz)\b|"
    r"[A-Z][\w+]*\s+(?:TV|Network)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?!\w))"
)
_CAPITAL_OBJECT: Final = re.compile(r"\s+[A-Z][\w'-]+")
_SEASON_NOUN_END: Final = re.compile(
    r"(?:season|series|run|installment|chapter|show|drama|comedy|sitcom|anime|episodes|part|"
    r"volume)s?(?:\s+\w+)?$",
    re.IGNORECASE,
)
_RELATIVE: Final = re.compile(r"\W*(?:which|who|that|where)\b", re.IGNORECASE)
_IT: Final = re.compile(r"\b(?:it|its)\b[^.;]*", re.IGNORECASE)
# Things other than shows that get cancelled: "its Comic Con panel was cancelled".
CANCELLED_OTHER: Final = re.compile(
    r"\b(?:panel|event|screening|tour|concert|appearance|interview|party|show\s+at|flights?|"
    r"games?|match|meeting|trip|signing|convention|festival|premiere\s+event|red\s+carpet)\b"
    r"\s*(?:\w+\s+){0,3}$"
)  # lower case only: "Squid Game will end" is a show
CONDITIONAL: Final = re.compile(r"\W*(?:if|unless|whether|should)\b", re.IGNORECASE)
# "hasn't been renewed (yet)" is undecided; "was not renewed" is a decision.
_YET: Final = re.compile(
    r"\byet\b|\bofficially\b|\bhasn't\b|\bhaven't\b|\bhas\s+not\b|\bhave\s+not\b", re.IGNORECASE
)


_DATE_TO_COME: Final = re.compile(
    r"\b(?:will|to|yet\s+to|not|n't|never)\s+(?:\w+\s+){0,2}?"
    r"(?:announce|reveal|set|share|confirm|unveil|give)\s+(?:a|the|its|their)\s+$",
    re.IGNORECASE,
)
_DATE_NOUN: Final = re.compile(r"\s+dates?\b", re.IGNORECASE)


def date_to_come(text: str, trigger: Trigger) -> bool:
    """ "FX will announce a premiere date shortly": no date is known yet, so no claim.

    (Checked on the clause's trigger, which stays in its clause: its "shortly" is not a
    date for the clause before it.)
    """
    return bool(
        _DATE_NOUN.match(text, trigger.end)
        and _DATE_TO_COME.search(text, max(0, trigger.start - 40), trigger.start)
    )


def _may_block_subject(before: str) -> bool:
    """Whether ``_BLOCKED_SUBJECT`` can match: its noun ends one of the last three words
    ("the trailer | dropped", "the first trailer for it |"). Three suffix tests instead of
    searching every position of the text for every noun."""
    for word in before.lower().rsplit(None, 3)[-3:]:
        if word.endswith(_BLOCKED_SUBJECT_NOUNS):
            return True
    return False


def blocked(text: str, trigger: Trigger, clause_end: int, shows_at: frozenset[int]) -> bool:
    """A premiere word whose object or subject is not a season ("the trailer dropped")."""
    after_end = min(clause_end, trigger.end + 60)
    head = text[trigger.end : trigger.end + 3]
    if trigger.end + len(head) - len(head.lstrip(" \"'")) in shows_at:
        return False  # "plans to launch The Witcher in late 2019"
    if _BLOCKED_OBJECT.match(text, trigger.end, after_end):
        return True
    before = text[max(0, trigger.start - 40) : trigger.start]
    before = before[before.rfind("\n") + 1 :]  # not the headline's "trailer" above
    if _may_block_subject(before) and _BLOCKED_SUBJECT.search(before):
        return True
    if trigger.text.lower().startswith(_TRANSITIVE) and _CAPITAL_OBJECT.match(
        text, trigger.end, after_end
    ):
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


_AUXILIARY_WORDS: Final = words(
    "will would is are was were has have had may might could should also now finally reportedly"
)
_NOT_A_FOREIGN_SUBJECT: Final = words(
    """it its they season series show production filming shooting netflix hbo hulu fx amc
    disney apple amazon peacock paramount showtime starz bbc itv cbs nbc abc fox max he she
    marvel"""
)
_NP_WORD: Final = re.compile(r"[A-Za-z][\w'-]*")
_REFERRING: Final = words(
    """season seasons series installment run chapter show drama comedy sitcom revival spinoff
    reboot thriller anime docuseries miniseries saga franchise cast episodes production
    filming shooting sophomore dramedy anthology procedural prequel sequel romance western
    satire whodunit shows dramas comedies sitcoms thrillers hit"""
)
_OTHER_WORKS: Final = words("adaptation movie film manga novel game book crossover event special")
_QUOTED: Final = re.compile(r"[\"“‘'][^\"”’']{1,60}[\"”’']")
_ARTICLE_START: Final = re.compile(r"\W*(?:the|a|an)\b", re.IGNORECASE)
# A show described, then who is in or behind it: the people are not the subject.
_WORK_STARRING: Final = re.compile(
    rf"\W*the\s+(?:[\w-]+\s+){{0,3}}?{_GENRE}\s+(?:starring|with|from|created\s+by|led\s+by|"
    r"headlined\s+by|fronted\s+by|based\s+on)\b",
    re.IGNORECASE,
)


def foreign_subject(
    text: str,
    clause_start: int,
    trigger_start: int,
    title_case: Callable[[], bool] = lambda: False,
) -> bool:
    """The word before the verb is another proper noun ("the Kingpin returns").

    A month or weekday is a date ("with FX planning a June premiere"), and in a Title
    Case headline every word has a capital, so there only "the Kingpin" counts.
    """
    if _WORK_STARRING.match(text, clause_start, trigger_start):
        return False  # "The workplace thriller starring Adam Scott could premiere"
    span = text[max(clause_start, trigger_start - 60) : trigger_start]
    tokens = span.split()
    while tokens and tokens[-1].lower() in _AUXILIARY_WORDS:
        tokens.pop()
    if not tokens or (len(tokens) == 1 and max(clause_start, trigger_start - 60) == clause_start):
        return False  # nothing before the verb, or only the clause's first word
    word = tokens[-1].strip("\"'(),")
    if not word[:1].isupper() or word.lower().rstrip("'s") in _NOT_A_FOREIGN_SUBJECT:
        return False
    if word.lower().rstrip(".") in CALENDAR_WORDS or word.lower().rstrip(".") in MONTHS:
        return False
    if len(tokens) > 1 and tokens[-2].lower() in ("the", "a", "an"):
        return True
    return not title_case()  # asked last: it reads the whole sentence


def foreign_noun_phrase(text: str, start: int) -> bool:
    """A sentence that opens on "The crossover" or "The eight-episode event" is about that."""
    article = _ARTICLE_START.match(text, start)
    if article is None:
        return False
    # Five words: "The fourth and final season of ..." reaches its noun.
    # A quoted title is a name, not a noun: "The 'Game of Thrones' prequel" is no game.
    phrase = _QUOTED.sub(" ", text[article.end() : article.end() + 80])
    found = _NP_WORD.findall(phrase)[:5]
    head = {w.lower().removesuffix("'s").rstrip("'") for w in found}  # "the drama's", "series'"
    return not head.isdisjoint(_OTHER_WORKS) or head.isdisjoint(_REFERRING)


_PERSON_BEFORE: Final = re.compile(r"\b(?:he|she|i|we)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_TO_AFTER: Final = re.compile(r"\s+(?:to|as)\s+[\"']?")


def person_returns(
    text: str, trigger: Trigger, clause_start: int, shows_at: frozenset[int]
) -> bool:
    """A person, not the show, returns: "he won't return", "will not return to The Witcher",
    "returns as Geralt". The show is then the place returned to, not the one coming back."""
    if "return" not in trigger.text.lower() and "back" not in trigger.text.lower():
        return False
    if _PERSON_BEFORE.search(text, max(clause_start, trigger.start - 30), trigger.start):
        return True
    to = _TO_AFTER.match(text, trigger.end)
    return to is not None and to.end() in shows_at


def not_yet(text: str, start: int, end: int) -> bool:
    """ "has not (yet) been renewed (yet)" is undecided, not cancelled."""
    return bool(_YET.search(text, max(0, start - 40), end))


# --- sentence-level cues ----------------------------------------------------------------

_AUX_FIRST: Final = words(
    """is are was were will would could can does do did has have had should may might shall
    isn't aren't won't hasn't haven't doesn't didn't when what where why how who which"""
)


def yes_no_question(text: str, start: int, end: int) -> bool:
    """ "Is Ozark Renewed for Season 5?", "When Does Season 2 Come Out?": a question that
    opens on a verb or a question word asks; it claims nothing."""
    if text.find("?", start, end) < 0:
        return False
    sentence = text[start:end].strip().rstrip("\"')] ")
    if not sentence.endswith("?"):
        return False
    first = sentence.lstrip("\"'([ ").split(None, 1)
    return bool(first) and first[0].lower() in _AUX_FIRST


_MODIFIER_AFTER: Final = re.compile(
    r"[\"'’”]?(?:'s)?\s+(?:spin-?offs?|spinoffs?|prequels?|sequels?|offshoots?)\b", re.IGNORECASE
)


def foreign_title(text: str, start: int, end: int) -> bool:
    """A quoted title in ``text[start:end]`` that is another work, not a show's parent
    named to describe it ("The 'Game of Thrones' prequel's second season" is about the
    prequel)."""
    titles = FOREIGN_TITLE.finditer(text, start, end)
    return any(not _MODIFIER_AFTER.match(text, m.end() - 1) for m in titles)


def modifier_mentions(text: str, mentions: Sequence[Mention]) -> frozenset[int]:
    """Starts of mentions that only describe another work: "The Mandalorian spinoff
    'Ahsoka' has been renewed" is news about Ahsoka, not about The Mandalorian."""
    return frozenset(m.start for m in mentions if _MODIFIER_AFTER.match(text, m.end))


_SUBTITLE: Final = re.compile(r":\s+(?:[A-Z][\w'-]*\s+){0,3}[A-Z][\w'-]*")


def quoted_titles(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Spans of titles with their subtitles around mentions ("'True Detective: Night
    Country'", "Squid Game: The Challenge").

    A clause never ends inside one, so a subtitle's colon does not cut the title off.
    """
    out = []
    for m in mentions:
        if m.start == 0 or text[m.start - 1] not in "\"'":
            sub = _SUBTITLE.match(text, m.end) if text.startswith(":", m.end) else None
            if sub is not None:
                out.append((m.start, sub.end()))
            continue
        quote = text[m.start - 1]
        close = text.find(quote, m.end, m.end + 60)
        if close > m.end and (close + 1 == len(text) or not text[close + 1].isalpha()):
            # "Mindhunter," which ...: the comma inside the quotes still ends a clause.
            inner = len(text[m.end : close].rstrip(",.;:!?"))
            out.append((m.start - 1, m.end + inner))
    return out


_REVERSED: Final = re.compile(
    r"\b(?:revers|rescind|overturn|walk(?:s|ed|ing)?\s+back|undo|undid)\w*\b(?:\W+\w+){0,4}\W*$",
    re.IGNORECASE,
)


def reversed_decision(before: str) -> bool:
    """ "reversing its earlier decision to renew": the trigger names a decision undone."""
    return bool(_REVERSED_GATE.search(before.lower())) and bool(_REVERSED.search(before))


_REVERSED_GATE: Final = any_of(("revers", "rescind", "overturn", "back", "undo", "undid"))


SEASON_JUST_BEFORE: Final = re.compile(
    r"(?:season|series)(?:\s+\w+)?['\"]?\s+$|\b(?:season|series)\s+\d+[A-Za-z]?\s*$", re.IGNORECASE
)
"""What must come right before a bare "wraps" ("Season 3 Wraps")."""

_FILM_OBJECT: Final = re.compile(
    r"\s+(?:(?:the|its|their)\s+)?(?:\w+\s+){0,1}?(?:filming|production|shooting|photography)\b",
    re.IGNORECASE,
)
_PREMIERE_OBJECT: Final = re.compile(
    r"\s+(?:(?:the|its|their)\s+)?(?:\w+\s+){0,1}?(?:premiere|debut|release|return|launch)",
    re.IGNORECASE,
)
_FILM_SUBJECT: Final = re.compile(r"\b(?:filming|production|shooting|photography|cameras)\b", re.I)
_PREMIERE_SUBJECT: Final = re.compile(r"\b(?:premiere|debut|release|return|launch|episodes)", re.I)


def filming_moved(text: str, trigger: Trigger, clause_start: int, clause_end: int) -> bool:
    """A date verb ("pushed back", "scheduled for") whose subject or object is the filming.

    "Filming on Derry Girls series 3 has been pushed back to next year" dates production,
    not the premiere.
    """
    if _PREMIERE_OBJECT.match(text, trigger.end, clause_end):
        return False
    if _FILM_OBJECT.match(text, trigger.end, clause_end):
        return True
    subject = text[clause_start : trigger.start]
    return bool(_FILM_SUBJECT.search(subject)) and not _PREMIERE_SUBJECT.search(subject)
