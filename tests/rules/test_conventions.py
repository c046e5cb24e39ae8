"""Readings decided in the second round, from an independent annotator's set (set_a).

Each row is (published, text, the claims expected). Where SPEC.md is silent the rules
follow that annotator's conventions: a dated return is a premiere only, a cancellation
with a past date is dated, questions and reversed decisions claim nothing, a show named
only as another work's parent ("The Mandalorian spinoff 'Ahsoka'") gets no claim.
"""

from __future__ import annotations

from datetime import date

import pytest

from rules import Show, ShowMatcher, read
from rules.models import Claim

SHOWS = ShowMatcher(
    [
        Show(t)
        for t in (
            "Ozark",
            "Barry",
            "The Bear",
            "The Crown",
            "Stranger Things",
            "The Mandalorian",
            "True Detective",
            "Lovecraft Country",
            "Slow Horses",
            "Atlanta",
            "Succession",
            "Euphoria",
            "GLOW",
            "1899",
            "Brooklyn Nine-Nine",
            "Derry Girls",
            "Severance",
            "Mindhunter",
            "Westworld",
            "The Witcher",
            "Yellowstone",
            "Fargo",
            "Reacher",
            "Lost",
            "Wednesday",
            "Killing Eve",
            "Industry",
            "Billions",
            "Girls",
            "You",
            "Squid Game",
        )
    ]
)
Row = tuple[str, int | None, str, str | None, str | None, str]


def _rows(text: str, published: str) -> list[Row]:
    return [_row(c) for c in read(text, date.fromisoformat(published), SHOWS).claims]


def _row(c: Claim) -> Row:
    w = c.window
    return (
        c.show,
        c.season,
        c.kind.value,
        w.earliest.isoformat() if w.earliest else None,
        w.latest.isoformat() if w.latest else None,
        c.certainty.value,
    )


CASES: list[tuple[str, str, list[Row]]] = [
    # A return with a date is news of the premiere; without one it is a renewal.
    (
        "2020-01-16",
        "Better Call Saul returns for season 5 on Sunday, Feb. 23, AMC announced.",
        [],  # not a tracked show here: nothing
    ),
    (
        "2019-06-01",
        "Ozark returns for season 3 on Aug. 30.",
        [("Ozark", 3, "premiere", "2019-08-30", "2019-08-30", "confirmed")],
    ),
    (
        "2019-06-01",
        "Barry is coming back for a third season, HBO announced.",
        [("Barry", 3, "renewed", None, None, "confirmed")],
    ),
    # A cancellation with a past date gets that date; without one it has none.
    (
        "2023-01-04",
        "Netflix cancelled '1899' on Monday after one season.",
        [("1899", None, "cancelled", "2023-01-02", "2023-01-02", "confirmed")],
    ),
    (
        "2022-12-14",
        "Max pulled the plug on Westworld last month.",
        [("Westworld", None, "cancelled", "2022-11-01", "2022-11-30", "confirmed")],
    ),
    (
        "2022-12-14",
        "Max has cancelled Westworld after four seasons.",
        [("Westworld", None, "cancelled", None, None, "confirmed")],
    ),
    # Other ways to say a show will not continue.
    (
        "2021-07-02",
        "HBO won't move forward with a second season of 'Lovecraft Country.'",
        [("Lovecraft Country", 2, "cancelled", None, None, "confirmed")],
    ),
    (
        "2023-05-10",
        "There won't be a fifth season of Ozark, Jason Bateman said.",
        [("Ozark", 5, "cancelled", None, None, "confirmed")],
    ),
    (
        "2023-05-10",
        "Ozark won't be back for a fifth season, Netflix confirmed.",
        [("Ozark", 5, "cancelled", None, None, "confirmed")],
    ),
    ("2023-05-10", "Ozark hasn't been renewed for a fifth season.", []),
    # Renewals in other words.
    (
        "2018-05-11",
        "Fox has cancelled Brooklyn Nine-Nine, and NBC is reportedly in talks to pick it up.",
        [
            ("Brooklyn Nine-Nine", None, "cancelled", None, None, "confirmed"),
            ("Brooklyn Nine-Nine", None, "renewed", None, None, "rumored"),
        ],
    ),
    (
        "2018-05-12",
        "NBC Saves 'Brooklyn Nine-Nine', Orders a 13-Episode Sixth Season",
        [("Brooklyn Nine-Nine", 6, "renewed", None, None, "confirmed")],
    ),
    (
        "2023-05-10",
        "Netflix Confirms Ozark Season 4",
        [("Ozark", 4, "renewed", None, None, "confirmed")],
    ),
    (
        "2023-05-10",
        "A third season of Severance is reportedly in the works.",
        [("Severance", 3, "renewed", None, None, "rumored")],
    ),
    # Claims that do not hold: questions, reversed decisions, another work's parent.
    ("2022-05-02", "Is Ozark Renewed for Season 5? Here's What Netflix Has Said.", []),
    ("2023-05-10", "When Does Severance Season 2 Come Out?", []),
    (
        "2020-10-05",
        "Netflix has cancelled 'GLOW', reversing its earlier decision to renew the wrestling "
        "comedy for a fourth season.",
        [("GLOW", None, "cancelled", None, None, "confirmed")],
    ),
    (
        "2023-09-29",
        "The Mandalorian spinoff 'Ahsoka' has been renewed for a second season at Disney+.",
        [],
    ),
    ("2023-05-10", "Henry Cavill says he will not return to The Witcher.", []),
    # Windows: "no later than", "sometime", "as soon as", weekends, negated "before".
    (
        "2024-12-11",
        "Slow Horses season 5 is expected no later than 2025.",
        [("Slow Horses", 5, "premiere", "2024-12-11", "2025-12-31", "expected")],
    ),
    (
        "2025-02-03",
        "FX could drop new episodes of The Bear as soon as June.",
        [("The Bear", None, "premiere", "2025-06-01", None, "rumored")],
    ),
    (
        "2023-09-18",
        "Filming wrapped on Severance season 2 over the weekend.",
        [("Severance", 2, "wrapped", "2023-09-16", "2023-09-17", "confirmed")],
    ),
    (
        "2023-05-15",
        "The Bear season 3 began filming this past weekend in Chicago.",
        [("The Bear", 3, "production", "2023-05-13", "2023-05-14", "confirmed")],
    ),
    (
        "2022-02-04",
        "Sources say not to expect new Euphoria episodes before 2024, though.",
        [("Euphoria", None, "premiere", "2024-01-01", None, "rumored")],
    ),
    # Production: pushed filming, negated starts, "already filming", asides.
    (
        "2020-11-02",
        "Filming on Derry Girls series 3 has been pushed back to next year.",
        [("Derry Girls", 3, "production", "2021-01-01", "2021-12-31", "confirmed")],
    ),
    (
        "2020-07-13",
        "Production on the HBO drama's third season of Succession has yet to begin.",
        [],
    ),
    (
        "2025-02-03",
        "The Bear season 4 is reportedly already filming in Chicago.",
        [("The Bear", 4, "production", None, "2025-02-03", "rumored")],
    ),
    (
        "2017-10-04",
        "Production on The Crown season 3, with Olivia Colman as the Queen, will begin "
        "sometime in 2018.",
        [("The Crown", 3, "production", "2018-01-01", "2018-12-31", "confirmed")],
    ),
    (
        "2020-02-14",
        "Stranger Things 4 began shooting in Vilnius, Lithuania, last month.",
        [("Stranger Things", 4, "production", "2020-01-01", "2020-01-31", "confirmed")],
    ),
    (
        "2021-04-13",
        "Production on the third and fourth seasons of 'Atlanta' has begun in London.",
        [
            ("Atlanta", 3, "production", None, "2021-04-13", "confirmed"),
            ("Atlanta", 4, "production", None, "2021-04-13", "confirmed"),
        ],
    ),
    # Wraps said briefly.
    (
        "2019-09-06",
        "'The Crown' Season 3 Wraps; Olivia Colman Era Premieres Nov. 17.",
        [
            ("The Crown", 3, "wrapped", None, "2019-09-06", "confirmed"),
            ("The Crown", 3, "premiere", "2019-11-17", "2019-11-17", "confirmed"),
        ],
    ),
    (
        "2023-05-10",
        "Severance season 2 is officially a wrap.",
        [("Severance", 2, "wrapped", None, "2023-05-10", "confirmed")],
    ),
    (
        "2023-05-10",
        "Severance season 2 is done filming.",
        [("Severance", 2, "wrapped", None, "2023-05-10", "confirmed")],
    ),
    # Which date goes with which verb.
    (
        "2021-12-01",
        "HBO's 2022 outlook: Euphoria season 2 has wrapped.",
        [("Euphoria", 2, "wrapped", None, "2021-12-01", "confirmed")],
    ),
    (
        "2024-03-18",
        "The Bear wraps filming next week, with FX planning a June premiere.",
        [
            ("The Bear", None, "wrapped", "2024-03-19", "2024-04-01", "confirmed"),
            ("The Bear", None, "premiere", "2024-06-01", "2024-06-30", "expected"),
        ],
    ),
    (
        "2023-10-12",
        "'True Detective: Night Country' will premiere in January on HBO and Max.",
        [("True Detective", None, "premiere", "2024-01-01", "2024-01-31", "confirmed")],
    ),
    (
        "2023-05-10",
        "Netflix has cancelled Mindhunter but renewed Ozark for a fourth season.",
        [
            ("Mindhunter", None, "cancelled", None, None, "confirmed"),
            ("Ozark", 4, "renewed", None, None, "confirmed"),
        ],
    ),
    # More ways to date a claim.
    (
        "2023-05-10",
        "Ozark season 4 is due this fall.",
        [("Ozark", 4, "premiere", "2023-09-01", "2023-11-30", "expected")],
    ),
    (
        "2023-05-10",
        "Ozark season 4 has been shooting since January.",
        [("Ozark", 4, "production", "2023-01-01", "2023-01-31", "confirmed")],
    ),
    (
        "2023-05-10",
        "Ozark season 4 will start shooting at the end of the month.",
        [("Ozark", 4, "production", "2023-05-21", "2023-05-31", "confirmed")],
    ),
    (
        "2023-05-10",
        "Ozark, cancelled by Netflix last month, has found a new home.",
        [("Ozark", None, "cancelled", "2023-04-01", "2023-04-30", "confirmed")],
    ),
    (
        "2023-05-10",
        "Squid Game: The Challenge premieres Nov. 22 on Netflix.",
        [("Squid Game", None, "premiere", "2023-11-22", "2023-11-22", "confirmed")],
    ),
    (
        "2023-05-10",
        "You're going to love season 4 of You, which drops Feb. 9.",
        [("You", 4, "premiere", "2024-02-09", "2024-02-09", "confirmed")],
    ),
    # A hedge reaches back from an attribution, not past a "while".
    (
        "2019-02-14",
        "Westworld season 3 may not premiere until the end of 2019, sources say, while "
        "Killing Eve is still in production on its second season.",
        [
            ("Westworld", 3, "premiere", "2019-09-01", None, "rumored"),
            ("Killing Eve", 2, "production", None, "2019-02-14", "confirmed"),
        ],
    ),
    # "eyeing" is a plan, not a rumour.
    (
        "2021-04-08",
        "HBO is eyeing a 2022 premiere for Euphoria.",
        [("Euphoria", None, "premiere", "2022-01-01", "2022-12-31", "expected")],
    ),
]


@pytest.mark.parametrize(("published", "text", "rows"), CASES)
def test_reading(published: str, text: str, rows: list[Row]) -> None:
    assert sorted(_rows(text, published), key=str) == sorted(rows, key=str)


MENTIONS: list[tuple[str, tuple[str, ...]]] = [
    # Films, games and books that share a show's name are not the show.
    ("The Coen brothers' 1996 film Fargo will return to theaters this spring.", ()),
    (
        "CD Projekt Red says The Witcher 4 has entered full production, though the game is "
        "far off.",
        (),
    ),
    ("The Witcher 3 game is getting a next-gen update in June.", ()),
    ("The Peaky Blinders film will start shooting in September.", ()),
    # A first name before a one-word title makes a person or a character.
    ("Jack Reacher author Lee Child has handed the book series to his brother.", ()),
    # A prequel or spinoff cue vouches for an ordinary-word title.
    ("Yellowstone prequel 1923 premieres Dec. 18 on Paramount+.", ("Yellowstone",)),
    # An auxiliary or a negation between the title and its TV verb.
    ("Ozark won't be back for a fifth season.", ("Ozark",)),
    ("HBO confirms Barry will be back for season 5.", ("Barry",)),
    ("Ozark returns Jan. 21 for its final season.", ("Ozark",)),
    ("Netflix has given Ozark a fourth season.", ("Ozark",)),
    # ... but not a person's return to a place, nor a place that others return to.
    ("Barry will return to Las Vegas for a new residency this fall.", ()),
    ("Tourists flocking to Atlanta will return in June for the festival.", ()),
    ("Atlanta will return in June for its final season.", ("Atlanta",)),
    # The plain word at a sentence start: a preposition or a noun after it, a day's episode.
    ("Industry analysts expect streaming prices to rise again next year.", ()),
    ("Industry season 3 is set to premiere in August on HBO.", ("Industry",)),
    ("Billions of dollars were wiped off streaming stocks on Monday.", ()),
    ("Girls' basketball season starts in November.", ()),
    ("Lost in the shuffle: three shows that deserve a second season.", ()),
    ("Wednesday's episode of Survivor drew 5 million viewers.", ()),
]


@pytest.mark.parametrize(("text", "found"), MENTIONS)
def test_mentions(text: str, found: tuple[str, ...]) -> None:
    assert SHOWS.find(text) == found
