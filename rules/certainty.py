"""How firmly and in which tense a claim is said.

Certainty follows SPEC.md's cue words: hedges ("may", "might", "could", "talks",
"reportedly", "sources say", "ideally") make a claim rumored, plans ("expected",
"slated", "plans", "likely", "should", "won't arrive until") make it expected, and what
is stated as fact ("has renewed", "will premiere on", "set to air", "announced") is
confirmed. The cue words are looked up as a set of words, not scanned for with a
regex, because this runs for every claim. Tense is read from the trigger's verb and the
words just before it: "began filming" is past, "is expected to start" future, and a
headline's bare present ("Season 4 Wraps Filming") is news of the day.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from rules.lexicon import words
from rules.models import Certainty
from rules.text import any_of
from rules.triggers import END_VERBS, START_VERBS, Trigger

_WORD_RE: Final = re.compile(r"[a-z]+(?:'[a-z]+)?")
_RUMORED_WORDS: Final = words(
    """
    might could talk talks talking reportedly report reports reported rumor rumors rumored
    rumour rumours rumoured source sources insider insiders ideally possibly possible
    potentially potential perhaps maybe speculation speculated speculating allegedly
    unconfirmed hope hopes hoping hopefully apparently if whether chance chances odds tease
    teases teased teasing hint hints hinted hinting considering mulling weighing
    negotiation negotiations negotiating nearing buzz whisper whispers reportedly
    """
)
_RUMORED_PHRASES: Final = re.compile(
    r"\bmay\b|(?i:said\s+to\s+be|believed\s+to|wants?\s+to|in\s+the\s+works|in\s+development|"
    r"would\s+like|close\s+to|according\s+to\s+(?:a\s+|the\s+)?(?:report|sources?|insiders?))"
)
_RUMORED_KEYS: Final = (
    "may",
    "said to",
    "believed",
    "want",
    "in the works",
    "in development",
    "would like",
    "close to",
    "according",
)
_EXPECTED_KEYS: Final = ("on track", "look", "ought", "which means", "due")
_EXPECTED_WORDS: Final = words(
    """
    expect expects expected expecting slated plan plans planned planning likely unlikely should
    probably aim aims aiming aimed target targets targeted targeting anticipated anticipates
    anticipating anticipation tentative tentatively poised projected estimated intend intends
    intended presumably eventually earliest meaning eyeing eyes eyed
    """
)
_EXPECTED_PHRASES: Final = re.compile(
    r"on\s+track|looks?\s+like|looking\s+to|which\s+means|ought\s+to|"
    r"\bdue\b(?!\s+to\s+(?:the|a|an|its|their|covid|scheduling|budget)\b)"
)
_SENTENCE_PHRASES: Final = re.compile(
    r"sources?\s+(?:say|said|claim|tell|told|close)|insiders?\s+(?:say|said|claim)|"
    r"rumou?r\s+has\s+it|reports?\s+(?:say|said|suggest|claim)|\breports\s+that|"
    r"according\s+to\s+(?:a\s+|the\s+)?(?:report|sources?|insiders?|rumou?rs?)"
)


def hedge_at(lower: str, start: int, end: int) -> int:
    """Where ``lower[start:end]`` says it is reported ("sources say", "reportedly"), or -1.

    The caller decides how far the hedge reaches: over the clauses after it, and over
    the whole sentence when it stands in an attribution of its own (", insiders claim").
    """
    if not _HEDGE_GATE.search(lower, start, end):
        return -1  # the common case, without the word scan and the regex
    found = [m.start() for m in _SENTENCE_WORD.finditer(lower, start, end)]
    phrase = _SENTENCE_PHRASES.search(lower, start, end)
    if phrase:
        found.append(phrase.start())
    return min(found, default=-1)


_SENTENCE_WORD: Final = re.compile(r"\b(?:reportedly|rumou?red|speculation|allegedly)\b")
_HEDGE_CUES: Final = ("report", "rumo", "specul", "alleged", "source", "insider", "according")


@lru_cache(maxsize=512)
def certainty(clause: str, sentence_hedged: bool, open_window: bool) -> Certainty:
    """Rumored if hedged, expected if planned or only bounded below, else confirmed."""
    low = clause.lower()
    tokens = set(_WORD_RE.findall(low))
    if sentence_hedged or not tokens.isdisjoint(_RUMORED_WORDS):
        return Certainty.RUMORED
    if _RUMORED_GATE.search(low) and _RUMORED_PHRASES.search(clause):
        return Certainty.RUMORED
    if open_window or not tokens.isdisjoint(_EXPECTED_WORDS):
        return Certainty.EXPECTED
    if _EXPECTED_GATE.search(low) and _EXPECTED_PHRASES.search(low):
        return Certainty.EXPECTED
    return Certainty.CONFIRMED


# Tense is read from the last few words before the verb, skipping adverbs: "will
# (likely) premiere" is future, "has (officially) been renewed" past.
_FUTURE_AUX: Final = words(
    "will shall to won't wo would could may might should must going gonna can cannot"
)
_FUTURE_PLANS: Final = words("set slated scheduled due poised planned expected")
_FUTURE_SKIP: Final = words(
    """
    not also only likely probably finally officially soon now then be have get all both
    definitely surely still eventually again reportedly tentatively hopefully
    """
)
_PAST_AUX: Final = words("has have had was were came already just did recently finally")
_PAST_SKIP: Final = words(
    "also already just now finally officially recently been reportedly quietly not"
)
_CONTRACTED_AUX: Final = words(
    "it's that's he's she's there's what's who's it've they've we've i've"
)
_BEFORE_WORD: Final = re.compile(r"[a-z']+")
_PAST_PHRASES: Final = (
    "last week",
    "last month",
    "last year",
    "last spring",
    "last summer",
    "last fall",
    "last winter",
    "yesterday",
    " ago",
    "earlier this",
    "previously",
)
_PAST_FORM: Final = re.compile(
    r"(?:premiered|debuted|aired|released|launched|bowed|dropped|arrived|returned|came|"
    r"began|begun|started|kicked|commenced|resumed|restarted|rolled|wrapped|finished|completed|"
    r"concluded|ended|went|headed|moved|got|renewed|cancell?ed|axed|scrapped|canned|picked|"
    r"ordered|greenlit|green-lit|revived|brought|saved)$",
    re.IGNORECASE,
)
_ONGOING: Final = re.compile(
    r"\bnow\b|\ba\s+wrap\b|underway|under\s*way|in\s+production|rolling|currently|now\s+(?:filming|shooting)|"
    r"(?:is|are)\s+(?:filming|shooting)|being\s+(?:filmed|shot)|"
    r"(?:is|are)\s+(?:now\s+)?(?:streaming|available|out)\b",
    re.IGNORECASE,
)
_STATE_TRIGGERS: Final = frozenset({"in_production", "available", "a_wrap"})
_VERB_AT_END: Final = re.compile(
    rf"(?:{START_VERBS}|{END_VERBS})(?!.*(?:{START_VERBS}|{END_VERBS}))", re.IGNORECASE | re.DOTALL
)
_AUXILIARIES: Final = re.compile(
    r"(?:(?:has|have|had|is|are|was|were|be|been|officially|just|now|currently|already|remains?)\s+)+",
    re.IGNORECASE,
)
VERB_LAST: Final = frozenset({"filming_starts", "filming_wraps", "season_go"})


def verb_start(trigger: Trigger) -> int:
    """Where the trigger's verb starts ("production is expected to *start*")."""
    key = (trigger.name, trigger.text)
    offset = _VERB_OFFSETS.get(key)
    if offset is None:
        offset = _verb_offset(trigger.name, trigger.text)
        if len(_VERB_OFFSETS) > 1 << 14:
            _VERB_OFFSETS.clear()
        _VERB_OFFSETS[key] = offset
    return trigger.start + offset


_VERB_OFFSETS: dict[tuple[str, str], int] = {}


def _verb_offset(name: str, text: str) -> int:
    if name in VERB_LAST:
        m = _VERB_AT_END.search(text)
        if m:
            return m.start()
    lead = _AUXILIARIES.match(text)
    return lead.end() if lead else 0


def tense(text: str, trigger: Trigger, clause_start: int, clause_end: int) -> str:
    """ "past" (or going on), "future", or "present" (a headline's "Wraps Filming")."""
    verb = verb_start(trigger)
    before = _BEFORE_WORD.findall(text[max(clause_start, verb - 50) : verb].lower())[-6:]
    if _first_unskipped(before, _FUTURE_SKIP) in _FUTURE_AUX or (
        before and (before[-1] in _FUTURE_PLANS or before[-1].endswith("'ll"))
    ):
        return "future"
    if _ONGOING.search(trigger.text) or (
        trigger.name in _STATE_TRIGGERS
        and _ONGOING.search(text, max(clause_start, trigger.start - 16), trigger.end)
    ):
        return "past"
    clause = text[clause_start:clause_end].lower()
    if _PAST_GATE.search(clause):
        return "past"
    word = _VERB_WORD.match(text, verb, trigger.end)
    if word and _PAST_FORM.match(word.group()):
        return "future" if before and before[-1] in ("be", "being") else "past"
    last = _first_unskipped(before, _PAST_SKIP)
    return "past" if last in _PAST_AUX or last in _CONTRACTED_AUX else "present"


_VERB_WORD: Final = re.compile(r"[\w-]+")


def _first_unskipped(before: list[str], skip: frozenset[str]) -> str:
    for word in reversed(before):
        if word not in skip:
            return word
    return ""


_HEDGE_GATE: Final = any_of(_HEDGE_CUES)
_RUMORED_GATE: Final = any_of(_RUMORED_KEYS)
_EXPECTED_GATE: Final = any_of(_EXPECTED_KEYS)
_PAST_GATE: Final = any_of(_PAST_PHRASES)
