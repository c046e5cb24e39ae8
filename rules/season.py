"""One (show, season)'s trusted facts in precedence order, and the estimate they make.

``SeasonFacts`` applies the rules listed in ``rules.estimate`` to one season. It is
built from scratch (``estimate_seasons``) or kept by deltas (``ShowEstimates``, for a
long-running view where a keypress marks one item): either way the estimate is the
same pure function of the facts, ``today`` and the lags.

What makes the deltas cheap: each fact's share of the rules (its rank, its phase rung,
its score, its notes) is worked out once, when it arrives; the facts are kept sorted,
so one coming or going is a bisection; and the premiere windows, which fold over the
season's premiere claims in order (each narrows the window so far or conflicts with
it), remember what window each claim met. After a change the fold is walked from the
first changed place only while the window differs from the one last met there; where
they agree again, the outcomes after it stand, up to the next change. What is left
for each estimate is gathering the facts' outcomes into its tuples.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from typing import Final

from rules.confidence import claim_score, estimate_confidence
from rules.facts import Fact
from rules.models import (
    Certainty,
    ClaimKind,
    DateWindow,
    Lags,
    Phase,
    ReviewState,
    SeasonEstimate,
    UsedClaim,
)
from rules.phase import derived_window, no_premiere, phase_of, rung, show_window

_UNUSED: Final = "not needed: other claims decided"
_FIRMNESS: Final = {certainty: certainty.rank for certainty in Certainty}

RankKey = tuple[int, int, int, str, int]
"""``Fact.order``, then the item id and the fact's place (its order among its item's
facts): the precedence the rules sort by, made total so that a sorted list has one
order whatever order the facts came in."""


class Entry:
    """One fact as a season holds it, with what the rules ask of it worked out once.

    ``role``, ``reason`` and ``agrees`` are the fact's outcome in the premiere fold
    (premiere claims with a window only); ``used`` is how the estimate lists the fact
    when no phase or derived-window rule picked it.
    """

    __slots__ = (
        "agrees",
        "confirmed",
        "ends",
        "fact",
        "key",
        "lead",
        "note_reason",
        "premiere",
        "reason",
        "role",
        "rung",
        "score",
        "used",
    )

    def __init__(self, fact: Fact, place: int) -> None:
        """``place``: orders the facts of one item (its claims' order) in ``key``."""
        claim = fact.claim
        kind, certainty = claim.kind, claim.certainty
        confirmed = fact.state is ReviewState.CONFIRMED
        # Fact.order written out: an entry is made per fact whenever a season is built.
        self.key: RankKey = (
            not confirmed,
            -fact.published.toordinal(),
            _FIRMNESS[certainty],
            fact.item_id,
            place,
        )
        self.fact = fact
        self.confirmed = confirmed
        self.premiere = kind is ClaimKind.PREMIERE and not claim.window.is_open
        self.lead = self.premiere and fact.firm and fact.already_happened
        """A firm report that the season aired: it leads the premiere fold."""
        self.ends = kind is ClaimKind.CANCELLED and certainty is not Certainty.RUMORED
        """A cancellation firm enough to end a season (a rumoured one does not)."""
        note = fact.note
        self.note_reason = f"item {fact.item_id}'s {kind.value} claim {note}" if note else None
        self.score = claim_score(certainty, fact.state) if self.premiere else 0.0
        """The trust the claim earns (premieres only: the fold adds them up)."""
        self.rung = 0
        self.role: str | None = None
        self.reason: str | None = None
        self.agrees = False
        self.used = UsedClaim(fact.item_id, claim, note or _UNUSED)

    def meet(self, window: DateWindow, first_confirmed: bool) -> DateWindow:
        """This premiere's outcome against the window so far; the window after it."""
        fact = self.fact
        own = fact.claim.window
        narrowed = intersect(window, own)
        if narrowed is None:
            why = (
                "outranked by a confirmed item"
                if first_confirmed and not self.confirmed
                else "superseded by newer news"
            )
            self._outcome(
                f"{why}: conflicts with {show_window(window)}",
                f"item {fact.item_id}'s window {show_window(own)} conflicts and was set aside"
                f" ({why})",
                agrees=False,
            )
            return window
        if narrowed != window:
            self._outcome(
                f"narrowed the window to {show_window(narrowed)}",
                f"consistent windows narrowed it to {show_window(narrowed)} (item {fact.item_id})",
                agrees=True,
            )
            return narrowed
        self._outcome("agrees with the window", None, agrees=True)
        return window

    def lead_fold(self) -> DateWindow:
        """This premiere's outcome as the first of the fold: it sets the window."""
        fact = self.fact
        window = fact.claim.window
        self._outcome(
            "set the premiere window",
            f"premiere window {show_window(window)} from item {fact.item_id}"
            f" ({fact.claim.certainty.value})",
            agrees=False,
        )
        return window

    def leave_fold(self) -> None:
        """No outcome: the fact left the premiere fold."""
        self._outcome(None, None, agrees=False)

    def _outcome(self, role: str | None, reason: str | None, *, agrees: bool) -> None:
        self.reason = reason
        self.agrees = agrees
        if role != self.role:
            self.role = role
            fact = self.fact
            self.used = UsedClaim(fact.item_id, fact.claim, _join(fact.note, role) or _UNUSED)

    def with_roles(self, extra: list[str]) -> UsedClaim:
        """How the estimate lists the fact when later rules also used it."""
        role = _join(self.fact.note, self.role)
        for more in extra:
            role = _join(role, more)
        return UsedClaim(self.fact.item_id, self.fact.claim, role or _UNUSED)


class SeasonFacts:
    """The trusted facts of one (show, season), sorted by precedence, and their estimate."""

    def __init__(self, show: str, season: int | None) -> None:
        self.show = show
        self.season = season
        self._keys: list[RankKey] = []
        self._entries: list[Entry] = []
        self._fold_keys: list[tuple[bool, RankKey]] = []
        self._fold: list[Entry] = []
        """The premiere claims with a window, in fold order: firm reports that the
        season aired first, then by precedence."""
        self._met: list[DateWindow | None] = []
        """Per fold place, the window its claim met (None: not met yet, or it led)."""
        self._after: list[DateWindow] = []
        """Per fold place, the window after its claim."""
        self._breaks: list[tuple[bool, RankKey]] = []
        """Fold keys changed since the last walk: where stored outcomes may not chain."""
        self._first_confirmed: bool | None = None
        self._today: date | None = None
        self._lags: Lags | None = None
        self._estimate: SeasonEstimate | None = None

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> list[Entry]:
        """The facts, highest precedence first (do not change the list)."""
        return self._entries

    def add(self, entry: Entry) -> None:
        """Take a fact (after any of equal rank: the order they came in breaks the tie)."""
        at = bisect_right(self._keys, entry.key)
        self._keys.insert(at, entry.key)
        self._entries.insert(at, entry)
        if self._today is not None:
            entry.rung = rung(entry.fact, self._today)
        if entry.premiere:
            key = (not entry.lead, entry.key)
            at = bisect_right(self._fold_keys, key)
            self._fold_keys.insert(at, key)
            self._fold.insert(at, entry)
            self._met.insert(at, None)
            self._after.insert(at, entry.fact.claim.window)
            self._breaks.append(key)
        self._estimate = None

    def add_all(self, entries: list[Entry]) -> None:
        """Take many facts at once: one sort, not an insertion each (a season built anew)."""
        if len(entries) < 8:
            for entry in entries:
                self.add(entry)
            return
        merged = sorted([*self._entries, *entries], key=_by_rank)
        self._keys = [e.key for e in merged]
        self._entries = merged
        if self._today is not None:
            for entry in entries:
                entry.rung = rung(entry.fact, self._today)
        fold = sorted((e for e in merged if e.premiere), key=_by_fold_order)
        for entry in fold:
            entry.leave_fold()
        self._fold = fold
        self._fold_keys = [(not e.lead, e.key) for e in fold]
        self._met = [None] * len(fold)
        self._after = [e.fact.claim.window for e in fold]
        self._breaks = self._fold_keys[:1]
        self._first_confirmed = None  # walk all of it
        self._estimate = None

    def remove(self, entry: Entry) -> None:
        """Let go of a fact ``add`` took."""
        at = bisect_left(self._keys, entry.key)
        assert self._entries[at] is entry, "removed a fact the season does not hold"
        del self._keys[at]
        del self._entries[at]
        if entry.premiere:
            key = (not entry.lead, entry.key)
            at = bisect_left(self._fold_keys, key)
            assert self._fold[at] is entry, "removed a premiere the fold does not hold"
            del self._fold_keys[at]
            del self._fold[at]
            del self._met[at]
            del self._after[at]
            self._breaks.append(key)
            entry.leave_fold()
        self._estimate = None

    def news_before(self, order: tuple[int, int, int]) -> bool:
        """Whether a fact other than a cancellation outranks this precedence."""
        for entry in self._entries:
            if entry.key[:3] >= order:
                return False
            if entry.fact.claim.kind is not ClaimKind.CANCELLED:
                return True
        return False

    def estimate(self, today: date, lags: Lags) -> SeasonEstimate:
        """The season's estimate (kept until a fact, ``today`` or the lags change)."""
        if today != self._today:
            for entry in self._entries:
                entry.rung = rung(entry.fact, today)
            self._today, self._estimate = today, None
        if lags != self._lags:
            self._lags, self._estimate = lags, None
        if self._estimate is None:
            self._estimate = self._gather(today, lags)
        return self._estimate

    # --- the premiere fold ----------------------------------------------------------

    def _walk_fold(self) -> None:
        """Bring every premiere's outcome up to date, walking only where it can change.

        A premiere's outcome depends on its own claim, the window it meets and whether
        the first premiere is a confirmed item's. Between two changed places the stored
        outcomes chain (each met the window the one before it left), so once a place
        meets the window it met before, everything up to the next change stands.
        """
        fold, met, after = self._fold, self._met, self._after
        breaks = sorted({bisect_left(self._fold_keys, key) for key in self._breaks})
        self._breaks.clear()
        if not fold or not breaks:
            return
        first = fold[0]
        if first.confirmed is not self._first_confirmed:
            # Every conflict's wording names whether the first is confirmed: all may change.
            self._first_confirmed = first.confirmed
            met[:] = [None] * len(fold)
            breaks = [0]
        place = breaks[0]
        if place == 0:
            met[0] = None
            after[0] = first.lead_fold()
            place = 1
        count = len(fold)
        window = after[place - 1] if place < count else after[-1]
        while place < count:
            if met[place] == window:  # as before: the outcomes up to the next change stand
                upto = bisect_right(breaks, place)
                place = breaks[upto] if upto < len(breaks) else count
                window = after[place - 1]
                continue
            met[place] = window
            window = after[place] = fold[place].meet(window, first.confirmed)
            place += 1

    def _premiere_window(self, reasons: list[str]) -> tuple[DateWindow, float]:
        """The fold's window, its score, and its reasons (appended) — rule 3."""
        self._walk_fold()
        fold = self._fold
        first = fold[0]
        reasons.append(first.reason or "")
        scores = [first.score]
        for entry in fold[1:]:
            if entry.agrees:
                scores.append(entry.score)
            if entry.reason is not None:
                reasons.append(entry.reason)
        agree = len(scores) - 1
        return self._after[-1], max(scores) + min(0.1, 0.05 * agree)

    # --- the estimate ----------------------------------------------------------------

    def _gather(self, today: date, lags: Lags) -> SeasonEstimate:
        entries = self._entries
        reasons = [e.note_reason for e in entries if e.note_reason is not None]
        extra: dict[int, list[str]] = {}
        if self._fold:
            window, score = self._premiere_window(reasons)
            derived = False
        else:
            window, score, derived = derived_window(entries, extra, reasons, lags, today)
        phase = phase_of(entries, window, today, extra, reasons)
        conflicts = any("conflicts" in r for r in reasons)
        confidence = estimate_confidence(window, score, derived, phase, conflicts)
        if phase is Phase.CANCELLED:
            cancel = next(e.fact for e in entries if e.ends)
            window, derived, confidence = no_premiere(window, cancel, reasons)
        claims = [e.used for e in entries]
        for at, roles in extra.items():
            claims[at] = entries[at].with_roles(roles)
        return SeasonEstimate(
            show=self.show,
            season=self.season,
            phase=phase,
            window=window,
            confidence=confidence,
            derived=derived,
            evidence=tuple(dict.fromkeys([e.fact.item_id for e in entries])),
            claims=tuple(claims),
            reasons=tuple(reasons),
            latest_news=self._latest_news(),
        )

    def _latest_news(self) -> date:
        """The newest fact's day: the first of the confirmed facts or of the others."""
        entries = self._entries
        others = bisect_left(self._keys, True, key=_unconfirmed)
        return max(entries[at].fact.published for at in {0, others} if at < len(entries))


def _unconfirmed(key: RankKey) -> bool:
    return bool(key[0])


def _by_rank(entry: Entry) -> RankKey:
    return entry.key


def _by_fold_order(entry: Entry) -> tuple[bool, RankKey]:
    return (not entry.lead, entry.key)


def intersect(a: DateWindow, b: DateWindow) -> DateWindow | None:
    earliest = max((d for d in (a.earliest, b.earliest) if d is not None), default=None)
    latest = min((d for d in (a.latest, b.latest) if d is not None), default=None)
    if earliest is not None and latest is not None and earliest > latest:
        return None
    return DateWindow(earliest, latest)


def _join(old: str | None, new: str | None) -> str | None:
    if not new:
        return old or None
    return f"{old}; {new}" if old else new
