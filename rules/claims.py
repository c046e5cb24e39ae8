"""Season claims read from one news text: ``read(text, published, matcher) -> Reading``.

The reading goes sentence by sentence. A sentence with no trigger word is skipped after
one cheap regex test (most feed text says nothing about seasons). Otherwise it is cut
into clauses (``rules.clauses``), triggers are found (``rules.triggers``), and each
trigger becomes a claim about the show its clause names, nearest first; a clause that
names no show inherits the one an earlier clause of the sentence named, or the show the
previous sentence was about when it refers back ("its production", "the show's
sophomore run", "Season 3"). Dates come from ``rules.dates``, resolved in the tense of
the trigger's verb. Identical claims from several sentences are kept once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rules.clauses import Unit, loose_season, nearest_group, split, units_in
from rules.dates import DateMention, find_dates
from rules.mentions import ShowMatcher
from rules.models import Certainty, Claim, ClaimKind, DateWindow, Mention, Reading
from rules.text import clean, fold, sentences
from rules.triggers import CUE, RETURN, Trigger, certainty, find_triggers, is_past

Subject = tuple[tuple[str, int | None], ...]
"""The shows (with seasons) a clause or sentence is about."""

_ANAPHOR = re.compile(
    r"\b(?:it|its|it's|the\s+(?:show|series|season|drama|comedy|sitcom|revival|spinoff|reboot|"
    r"adaptation|thriller|cast)|(?:the\s+)?(?:new|next|upcoming|latest|final|sophomore|second|"
    r"third|fourth|fifth|sixth)\s+(?:season|installment|run|chapter|series)|season\s+\w+|"
    r"production|filming|shooting|they|their)\b|^\W*(?:production|filming|shooting|season)",
    re.IGNORECASE,
)
_FOREIGN_TITLE = re.compile(r"\"[A-Z][^\"]{0,60}\"|(?<![\w])'[A-Z][^']{0,60}'(?!\w)")
_NEGATED = re.compile(
    r"\b(?:not|n't|never|no|yet\s+to|without|denied|denies|deny|despite|rather\s+than|instead\s+of|"
    r"saved\s+from|avoid(?:ed|s)?|escape[sd]?|dodge[sd]?|spared|fate\s+of|ahead\s+of|"
    r"whether|fears?|feared)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_BLOCKED_OBJECT = re.compile(
    r"^\W*(?:(?:its|the|a|an|their|new|first|official|final|latest|season\s+\w+|\w+'s)\s+){0,3}"
    r"(?:trailer|teaser|poster|images?|photos?|first[- ]look|clip|promo|song|soundtrack|statement|"
    r"report|album|book|video|footage|details|key\s+art|synopsis|featurette|podcast|comic|novel|"
    r"game|app|film|movie|documentary|special|cookbook|memoir|single|episode\s+titles|plot|"
    r"interview|photo|look|sneak\s+peek)\b",
    re.IGNORECASE,
)
_BLOCKED_SUBJECT = re.compile(
    r"\b(?:trailer|teaser|poster|clip|promo|finale|episode|episodes|special|movie|film|podcast|"
    r"album|single|song|video|book|documentary|tour|ratings|viewership|stock|shares|price)\s*"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_KIND = {
    "renewed": ClaimKind.RENEWED,
    "cancelled": ClaimKind.CANCELLED,
    "production": ClaimKind.PRODUCTION,
    "wrapped": ClaimKind.WRAPPED,
    "premiere": ClaimKind.PREMIERE,
}
_RETURN_RENEWAL = re.compile(
    r"\b(?:for|with)\s+(?:a|an|its|their|another|the)?\s*(?:\w+\s+){0,3}?(?:season|series|run|installment|chapter)\b"
    r"|\bback\b|\bcoming\b|\bwill\s+return\b|\bto\s+return\b",
    re.IGNORECASE,
)
_SUBJECT_FIRST = frozenset({"gets"})
"""Triggers whose show must be their grammatical subject, written before them."""
_SOON_WORDS = re.compile(r"soon|shortly|coming|near\s+future|imminent|any\s+day", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    evidence: str
    start: int
    end: int
    mentions: tuple[Mention, ...]


def read(text: str, published: date, matcher: ShowMatcher) -> Reading:
    """The mentions and season claims of one text published on ``published``."""
    cleaned = clean(text)
    folded = fold(cleaned)
    mentions = matcher.scan(folded)
    titles = tuple(dict.fromkeys(m.title for m in mentions))
    if not mentions:
        return Reading((), ())
    claims: list[Claim] = []
    focus: Subject = ()
    for start, end in sentences(folded):
        inside = tuple(m for m in mentions if start <= m.start < end)
        if not inside and not focus:
            continue
        sentence = _Sentence(folded, cleaned[start:end].strip(), start, end, inside)
        if CUE.search(folded, start, end) is None:
            focus = _subject_of(sentence) or focus
            continue
        found, subject = _read_sentence(sentence, published, focus)
        claims.extend(found)
        focus = subject or _subject_of(sentence) or focus
    return Reading(titles, _dedupe(claims))


def _subject_of(sentence: _Sentence) -> Subject:
    groups = units_in(sentence.text, (sentence.start, sentence.end), sentence.mentions)
    return tuple((u.title, u.season) for u in groups[-1]) if groups else ()


def _read_sentence(s: _Sentence, published: date, focus: Subject) -> tuple[list[Claim], Subject]:
    text = s.text
    exclude = [(m.start, m.end) for m in s.mentions]
    dates = [
        _shift(d, s.start)
        for d in find_dates(text[s.start : s.end], [(a - s.start, b - s.start) for a, b in exclude])
    ]
    spans = split(text, s.start, s.end, [(d.start, d.end) for d in dates], s.mentions)
    triggers = find_triggers(text, s.start, s.end)
    claims: list[Claim] = []
    subject: Subject = ()
    for c_start, c_end in spans:
        groups = units_in(text, (c_start, c_end), s.mentions)
        in_clause = [t for t in triggers if c_start <= t.start < c_end]
        clause_dates = [d for d in dates if c_start <= d.start < c_end]
        units = [u for g in groups for u in g]
        loose, plural = loose_season(text, (c_start, c_end), units)
        if groups:
            clause_subject = _group_subject(groups[-1], loose, plural)
        elif subject or focus:
            inherited = subject or (focus if _ANAPHOR.search(text, c_start, c_end) else ())
            if _FOREIGN_TITLE.search(text, c_start, c_end):
                inherited = ()
            clause_subject = tuple((t, loose if loose is not None else n) for t, n in inherited)
        else:
            clause_subject = ()
        for trigger in in_clause:
            if trigger.name in _SUBJECT_FIRST and groups:
                before = tuple(g for g in groups if g[-1].end <= trigger.start)
                if not before:
                    continue  # "you'll get a new season ... from the Defenders group"
                group = before[-1]
                who = _group_subject(group, loose if group is groups[-1] else None, plural)
            elif groups:
                group = nearest_group(groups, trigger.start, trigger.end)
                who = _group_subject(
                    group, loose if len(groups) == 1 or group is groups[-1] else None, plural
                )
            else:
                who = clause_subject
            if not who:
                continue
            claims.extend(_claims_for(s, trigger, who, (c_start, c_end), clause_dates, published))
        if clause_subject:
            subject = clause_subject
    return _drop_weak_renewals(claims), subject


def _group_subject(group: Sequence[Unit], loose: int | None, plural: bool) -> Subject:
    if loose is not None and (len(group) == 1 or plural):
        return tuple((u.title, u.season if u.season is not None else loose) for u in group)
    return tuple((u.title, u.season) for u in group)


def _shift(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.start + offset, d.end + offset, d.resolver, d.mode)


def _claims_for(
    s: _Sentence,
    trigger: Trigger,
    who: Subject,
    clause: tuple[int, int],
    dates: Sequence[DateMention],
    published: date,
) -> list[Claim]:
    text = s.text
    c_start, c_end = clause
    before = text[max(c_start, trigger.start - 40) : trigger.start]
    after = text[trigger.end : min(c_end, trigger.end + 60)]
    kind_name = trigger.kind
    if kind_name in ("premiere", RETURN) and (
        _BLOCKED_OBJECT.match(after) or _BLOCKED_SUBJECT.search(before)
    ):
        return []
    when = _nearest_date(trigger, dates, kind_name)
    negated = bool(_NEGATED.search(before))
    if negated and not (when is not None and when.mode == "open") and kind_name != "cancelled":
        return []
    if kind_name == "cancelled" and negated and trigger.name == "cancel":
        return []
    past = is_past(text, trigger, c_start, c_end)
    if kind_name == RETURN:
        if when is not None and not _SOON_WORDS.search(text[when.start : when.end]):
            kind_name = "premiere"
        elif _RETURN_RENEWAL.search(text, trigger.start, min(c_end, trigger.end + 40)) or any(
            n for _, n in who
        ):
            kind_name = "renewed"
            when = None
        else:
            return []
    kind = _KIND[kind_name]
    window = _window(kind, when, published, past)
    if window is None:
        return []
    clause_text = text[c_start:c_end]
    how = certainty(clause_text, text[s.start : s.end], when is not None and when.mode == "open")
    if (
        kind is ClaimKind.CANCELLED
        and how is Certainty.CONFIRMED
        and re.search(r"\bfears?\b|\bfate\b", clause_text)
    ):
        how = Certainty.RUMORED
    return [
        Claim(
            title,
            season if kind is not ClaimKind.CANCELLED or season else None,
            kind,
            window,
            how,
            s.evidence,
        )
        for title, season in who
    ]


def _nearest_date(trigger: Trigger, dates: Sequence[DateMention], kind: str) -> DateMention | None:
    if kind in ("renewed", "cancelled"):
        return None
    best: DateMention | None = None
    best_distance = 10**6
    for d in dates:
        if d.start >= trigger.end:
            distance = d.start - trigger.end
        elif d.end <= trigger.start:
            distance = (trigger.start - d.end) * 2 + 5  # a date before its verb is rarer
        else:
            distance = 0
        if kind == RETURN and (d.start < trigger.start or distance > 45):
            continue
        if distance < best_distance:
            best, best_distance = d, distance
    return best


def _window(
    kind: ClaimKind, when: DateMention | None, published: date, past: bool
) -> DateWindow | None:
    if kind in (ClaimKind.RENEWED, ClaimKind.CANCELLED):
        return DateWindow()
    if when is not None:
        window = when.window(published, past)
        if not window.is_open:
            return window
    if past:
        return DateWindow(None, published)
    if kind is ClaimKind.PREMIERE:
        return None  # "will premiere on Netflix" says nothing about when
    return DateWindow()


def _drop_weak_renewals(claims: list[Claim]) -> list[Claim]:
    """A dated premiere in the same sentence is the news; its renewal wording is not."""
    dated = {
        (c.show, c.season)
        for c in claims
        if c.kind is ClaimKind.PREMIERE and c.window.latest is not None
    }
    return [
        c
        for c in claims
        if not (
            c.kind is ClaimKind.RENEWED
            and (c.show, c.season) in dated
            and "renew" not in c.evidence.lower()
        )
    ]


def _dedupe(claims: list[Claim]) -> tuple[Claim, ...]:
    """One claim per (show, season, kind, window), the firmest wording kept."""
    best: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        k = (claim.show, claim.season, claim.kind, claim.window)
        kept = best.get(k)
        if kept is None or claim.certainty.rank < kept.certainty.rank:
            best[k] = claim
    with_season = {(c.show, c.kind, c.window) for c in best.values() if c.season is not None}
    return tuple(
        c
        for c in best.values()
        if c.season is not None or (c.show, c.kind, c.window) not in with_season
    )
