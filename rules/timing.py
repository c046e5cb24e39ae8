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

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from rules.dates import DateMention
from rules.models import ClaimKind, DateWindow
from rules.triggers import DATED, RETURN, Trigger


def nearest_date(
    trigger: Trigger, dates: Sequence[DateMention], kind: str, text: str = ""
) -> DateMention | None:
    """The date phrase a trigger takes, or None."""
    if kind == "cancelled":
        return _cancelled_on(trigger, dates, text)
    reach = 45 if kind in (RETURN, "renewed") or trigger.name == "expected_date" else 10**6
    reach = 90 if kind == DATED and trigger.name != "expected_date" else reach
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


_NOT_THE_EVENT: Final = re.compile(
    r"\b(?:after|since|before|following|despite|ahead)\b", re.IGNORECASE
)


def _cancelled_on(trigger: Trigger, dates: Sequence[DateMention], text: str) -> DateMention | None:
    """ "cancelled '1899' on Monday", "pulling the plug on Westworld last month": the date
    right after a cancellation is when it happened; "after its 2019 debut" is not."""
    for d in dates:
        if trigger.end <= d.start <= trigger.end + 45 and not _NOT_THE_EVENT.search(
            text, trigger.end, d.start
        ):
            return d
    return None


# The enum members this module tests against, read once: in Python 3.11 looking up an
# Enum member on its class costs about as much as the rest of ``claim_window`` does.
_RENEWED, _CANCELLED, _PREMIERE = ClaimKind.RENEWED, ClaimKind.CANCELLED, ClaimKind.PREMIERE
_UNDATED: Final = (_RENEWED, _CANCELLED)
_NO_WINDOW: Final = DateWindow()  # immutable (a frozen dataclass), so one serves every claim


def claim_window(
    kind: ClaimKind, when: DateMention | None, published: date, when_tense: str
) -> DateWindow | None:
    past = when_tense == "past"
    if kind is _CANCELLED and when is not None and past:
        return when.window(published, past)  # "cancelled '1899' on Monday"
    if kind in _UNDATED:
        return _NO_WINDOW  # renewals are never dated; nor is a cancellation without a date
    if when is not None:
        window = when.window(published, past)
        if not window.is_open:
            return window
    if past or (when_tense == "present" and kind is not _PREMIERE):
        return DateWindow(None, published)  # "has wrapped filming", "Season 4 Wraps Filming"
    if kind is _PREMIERE:
        return None  # "will premiere on Netflix" says nothing about when
    return _NO_WINDOW
