"""Season numbers from every phrasing SPEC.md names, read in a claim's sentence."""

from __future__ import annotations

from datetime import date

import pytest

from rules import Show, ShowMatcher, read
from rules.text import find_seasons, number_value

MATCHER = ShowMatcher([Show("Stranger Things"), Show("The Crown"), Show("Iron Fist")])
P = date(2019, 6, 1)


@pytest.mark.parametrize(
    ("text", "season"),
    [
        ("Netflix has renewed Stranger Things for season 2.", 2),
        ("Netflix has renewed Stranger Things for Season Two.", 2),
        ("Stranger Things S2 has been renewed.", 2),
        ("Netflix has renewed Stranger Things for a second season.", 2),
        ("Netflix has renewed Stranger Things for a sophomore season.", 2),
        ("Netflix has renewed Stranger Things for a sophomore run.", 2),
        ("Netflix has renewed Stranger Things for a third and final season.", 3),
        ("Stranger Things 4 has been renewed by Netflix.", 4),
        ("Stranger Things' fourth season has been confirmed by Netflix.", 4),
        ("The 5th season of Stranger Things has been confirmed by Netflix.", 5),
        ("Netflix renewed The Crown for series 6.", 6),
        ("#StrangerThings4 has been officially renewed.", 4),
    ],
)
def test_season_phrasings(text: str, season: int) -> None:
    claims = read(text, P, MATCHER).claims
    assert [c.season for c in claims] == [season], claims


def test_plural_first_seasons_apply_to_each_show() -> None:
    text = (
        'Netflix will air the first seasons of "Iron Fist," "The Crown" and "Stranger Things"'
        " in 2020."
    )
    claims = read(text, P, MATCHER).claims
    assert {(c.show, c.season) for c in claims} == {
        ("Iron Fist", 1),
        ("The Crown", 1),
        ("Stranger Things", 1),
    }


def test_a_list_of_seasons_gives_one_claim_each() -> None:
    claims = read("Netflix renewed The Crown for seasons five and six.", P, MATCHER).claims
    assert sorted(c.season for c in claims) == [5, 6]


def test_number_words() -> None:
    assert [number_value(w) for w in ("two", "Second", "3rd", "sophomore", "12")] == [
        2,
        2,
        3,
        2,
        12,
    ]


def test_counts_of_seasons_are_not_season_numbers() -> None:
    assert [v for _, _, v, _ in find_seasons("It ran for three seasons and 20 episodes.")] == []
