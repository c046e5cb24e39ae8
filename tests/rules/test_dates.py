"""Every row of SPEC.md's date table, ctparse-corpus style: one window, many phrasings.

Each case is (expected earliest, expected latest, publication date, past event?, phrasings).
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from rules.dates import find_dates
from rules.dates.builders import _NOT_A_DAY_REVERSED
from rules.models import DateWindow

P = date(2017, 3, 24)  # the seed article's publication date, a Friday
F = False  # a future event
T = True  # a past (or ongoing) event

CORPUS: list[tuple[str | None, str | None, date, bool, tuple[str, ...]]] = [
    # "2018", "in 2018", "sometime (in) 2018"
    ("2018-01-01", "2018-12-31", P, F, ("2018", "in 2018", "sometime 2018", "sometime in 2018")),
    # early / mid / late / end of a year
    ("2019-01-01", "2019-04-30", P, F, ("early 2019", "early-2019", "the beginning of 2019")),
    ("2019-05-01", "2019-08-31", P, F, ("mid-2019", "mid 2019", "the middle of 2019")),
    (
        "2019-09-01",
        "2019-12-31",
        P,
        F,
        ("late 2019", "late-2019", "the end of 2019", "end of 2019"),
    ),
    ("2019-01-01", "2019-06-30", P, F, ("the first half of 2019",)),
    ("2019-07-01", "2019-12-31", P, F, ("the second half of 2019",)),
    # seasons of a year
    ("2019-03-01", "2019-05-31", P, F, ("spring 2019", "spring of 2019", "Spring 2019")),
    ("2019-06-01", "2019-08-31", P, F, ("summer 2019", "the summer of 2019")),
    ("2019-09-01", "2019-11-30", P, F, ("fall 2019", "autumn 2019", "Fall 2019")),
    # quarters
    (
        "2019-07-01",
        "2019-09-30",
        P,
        F,
        ("Q3 2019", "third quarter of 2019", "the third quarter of 2019"),
    ),
    ("2019-01-01", "2019-03-31", P, F, ("the first quarter of 2019", "Q1 2019")),
    # a month of a year, abbreviations included
    ("2019-03-01", "2019-03-31", P, F, ("March 2019", "Mar. 2019", "March of 2019")),
    ("2019-09-01", "2019-09-30", P, F, ("Sept. 2019", "Sep 2019", "September 2019")),
    # a day
    (
        "2019-03-08",
        "2019-03-08",
        P,
        F,
        ("March 8, 2019", "8 March 2019", "March 8th, 2019", "Friday, March 8, 2019"),
    ),
    # a month or day with no year: the next one for a future event...
    ("2017-06-01", "2017-06-30", P, F, ("in June",)),
    ("2018-01-01", "2018-01-31", P, F, ("in January",)),
    ("2017-03-24", "2017-03-31", P, F, ("in March",)),
    ("2017-04-10", "2017-04-10", P, F, ("April 10", "on April 10", "10 April")),
    ("2018-02-15", "2018-02-15", P, F, ("February 15",)),
    # ... and the last one for a past event
    ("2016-11-01", "2016-11-30", P, T, ("in November",)),
    ("2017-03-01", "2017-03-24", P, T, ("in March",)),
    ("2017-02-15", "2017-02-15", P, T, ("February 15",)),
    # this year, later this year, by the end of the year
    (
        "2017-03-24",
        "2017-12-31",
        P,
        F,
        (
            "this year",
            "later this year",
            "sometime this year",
            "by the end of the year",
            "by the end of this year",
            "before the end of the year",
        ),
    ),
    ("2017-09-01", "2017-12-31", P, F, ("late this year", "the end of the year")),
    # next year, narrowed
    ("2018-01-01", "2018-12-31", P, F, ("next year", "sometime next year")),
    ("2018-01-01", "2018-04-30", P, F, ("early next year",)),
    ("2018-09-01", "2018-12-31", P, F, ("late next year",)),
    # this summer (any season): from P, or next year's when it is over
    ("2017-06-01", "2017-08-31", P, F, ("this summer",)),
    ("2017-03-24", "2017-05-31", P, F, ("this spring",)),
    ("2017-09-01", "2017-11-30", P, F, ("this fall", "in the fall", "this autumn")),
    ("2018-06-01", "2018-08-31", date(2017, 9, 15), F, ("this summer",)),
    ("2018-03-01", "2018-05-31", P, F, ("next spring",)),
    # next month / next week
    ("2017-04-01", "2017-04-30", P, F, ("next month",)),
    ("2017-03-25", "2017-04-07", P, F, ("next week",)),
    # soon
    (
        "2017-03-24",
        "2017-06-22",
        P,
        F,
        (
            "soon",
            "shortly",
            "in the coming weeks",
            "in the coming months",
            "very soon",
            "in the near future",
        ),
    ),
    # ranges
    (
        "2018-01-01",
        "2019-12-31",
        P,
        F,
        (
            "2018–2019",
            "2018-2019",
            "2018 or 2019",
            "the 2018–2019 timeline",
            "2018-19",
            "between 2018 and 2019",
            "2018 to 2019",
        ),
    ),
    ("2019-03-01", "2019-04-30", P, F, ("March or April 2019", "March–April 2019")),
    ("2018-09-01", "2019-04-30", P, F, ("late 2018 or early 2019",)),
    # open-ended
    (
        "2018-01-01",
        None,
        P,
        F,
        (
            "2018 at the earliest",
            "not until 2018",
            "not before 2018",
            "until 2018",
            "no earlier than 2018",
            "2018, the earliest",
            "won't arrive before 2018",
        ),
    ),
    ("2017-05-01", None, P, F, ("as early as May",)),
    # bounded above
    ("2017-03-24", "2019-12-31", P, F, ("by 2019", "no later than 2019", "by the end of 2019")),
    ("2017-03-24", "2017-05-31", P, F, ("before summer",)),
    # past weeks and months, ending no later than P
    ("2017-03-20", "2017-03-24", P, T, ("this week",)),
    ("2017-03-13", "2017-03-19", P, T, ("last week",)),
    ("2017-02-01", "2017-02-28", P, T, ("last month",)),
    ("2017-01-01", "2017-03-24", P, T, ("earlier this year", "this year")),
    ("2016-01-01", "2016-12-31", P, T, ("last year",)),
    ("2017-03-23", "2017-03-23", P, T, ("yesterday", "last night")),
    ("2017-03-24", "2017-03-24", P, F, ("today", "tonight")),
    # weekdays and holidays
    ("2017-03-29", "2017-03-29", P, F, ("Wednesday", "on Wednesday")),
    ("2017-03-22", "2017-03-22", P, T, ("Wednesday",)),
    ("2017-03-31", "2017-03-31", P, F, ("next Friday",)),
    ("2017-12-25", "2017-12-25", P, F, ("Christmas Day", "on Christmas")),
]


def _cases() -> list[tuple[str | None, str | None, date, bool, str]]:
    return [(e, la, p, past, phrase) for e, la, p, past, phrases in CORPUS for phrase in phrases]


@pytest.mark.parametrize(("earliest", "latest", "published", "past", "phrase"), _cases())
def test_date_phrase(
    earliest: str | None, latest: str | None, published: date, past: bool, phrase: str
) -> None:
    found = find_dates(f"The show returns {phrase}.")
    assert found, phrase
    window = found[-1].window(published, past)
    want = DateWindow(
        date.fromisoformat(earliest) if earliest else None,
        date.fromisoformat(latest) if latest else None,
    )
    assert window == want, phrase


@pytest.mark.parametrize(
    "text",
    [
        "Season 2 may air on Netflix.",  # "may" is not the month
        "The cast grew to 2,019 extras.",
        "It drew 2018 complaints.",
        "Ratings fall every week.",
        "March Madness drew big ratings.",
    ],
)
def test_no_date_where_there_is_none(text: str) -> None:
    windows = [d.window(P, False) for d in find_dates(text)]
    assert not [w for w in windows if not w.is_open and text.find("2018 complaints") < 0], windows


def test_future_window_never_starts_before_publication() -> None:
    for phrase in ("this year", "in March", "this spring", "2017", "by 2019", "soon"):
        window = find_dates(phrase)[0].window(P, False)
        assert window.earliest is not None and window.earliest >= P, phrase


def test_past_window_never_ends_after_publication() -> None:
    for phrase in ("this year", "in March", "this week", "2017", "this month"):
        window = find_dates(phrase)[0].window(P, True)
        assert window.latest is not None and window.latest <= P, phrase


def test_dates_inside_excluded_spans_are_skipped() -> None:
    text = "Wednesday season 2 premieres in 2025."
    assert [text[d.start : d.end] for d in find_dates(text, [(0, 9)])] == ["2025"]


def test_not_a_day_read_backwards_is_the_forward_rule() -> None:
    """``_NOT_A_DAY_REVERSED`` on the reversed text answers as the forward pattern would."""
    forward = re.compile(
        r"(?:\b(?i:season|series|episode|part|chapter|volume|vol\.|no\.)|#|\bS)\s*$"
    )
    pieces = ("season", "SERIES", "Part", "vol.", "no.", "#", "S", "s", " ", "\n", "x", "’", "pre")
    for parts in itertools.product(pieces, repeat=3):
        before = "".join(parts)[-12:]
        for cut in range(len(before) + 1):
            text = before[cut:]
            assert bool(_NOT_A_DAY_REVERSED.match(text[::-1])) == bool(forward.search(text)), text
