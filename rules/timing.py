"""When a claim happens: the date phrase that goes with a trigger, and the window it gives.

A trigger takes the nearest date phrase of its clause, after it by preference ("will
premiere *in 2019*"); "return" and "dated" triggers ("is due", "moved up") only take one
that follows close behind, since "come" or "returns" without a date say nothing about
when. Renewals and cancellations carry no window (the seed's "is back for Season 2" has
none). With no date, a past or going-on event is "until the day it was reported"
(SPEC.md's last date row), a headline's bare present ("Season 4 Wraps Filming") is news
of the day, and a future premiere with no date is not worth a claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rules.dates import DateMention
from rules.models import ClaimKind, DateWindow
from rules.triggers import DATED, RETURN, Trigger


def nearest_date(trigger: Trigger, dates: Sequence[DateMention], kind: str) -> DateMention | None:
    if kind == "cancelled":
        return None
    reach = 45 if kind in (RETURN, "renewed") else 90 if kind == DATED else 10**6
    best: DateMention | None = None
    best_distance = 10**6
    for d in dates:
        if d.start >= trigger.end:
            distance = d.start - trigger.end
        elif d.end <= trigger.start:
            distance = (trigger.start - d.end) * 2 + 5  # a date before its verb is rarer
        else:
            distance = 0
        if kind in (RETURN, DATED, "renewed") and (d.end <= trigger.start or distance > reach):
            continue
        if distance < best_distance:
            best, best_distance = d, distance
    return best


def claim_window(
    kind: ClaimKind, when: DateMention | None, published: date, when_tense: str
) -> DateWindow | None:
    if kind in (ClaimKind.RENEWED, ClaimKind.CANCELLED):
        return DateWindow()
    past = when_tense == "past"
    if when is not None:
        window = when.window(published, past)
        if not window.is_open:
            return window
    if past or (when_tense == "present" and kind is not ClaimKind.PREMIERE):
        return DateWindow(None, published)  # "has wrapped filming", "Season 4 Wraps Filming"
    if kind is ClaimKind.PREMIERE:
        return None  # "will premiere on Netflix" says nothing about when
    return DateWindow()
