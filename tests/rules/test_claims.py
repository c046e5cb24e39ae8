"""Claims: the five kinds, certainty, tense, the right show in a busy sentence, evidence."""

from __future__ import annotations

from datetime import date

import pytest

from rules import Show, ShowMatcher, read
from rules.models import Claim

SHOWS = ShowMatcher(
    [Show(t) for t in ("Luke Cage", "Daredevil", "Ozark", "The Witcher", "Bridgerton", "Loki")]
)
P = date(2019, 6, 1)


def _claims(text: str, published: date = P) -> list[tuple[object, ...]]:
    return [_row(c) for c in read(text, published, SHOWS).claims]


def _row(c: Claim) -> tuple[object, ...]:
    w = c.window
    return (
        c.show,
        c.season,
        c.kind.value,
        w.earliest.isoformat() if w.earliest else None,
        w.latest.isoformat() if w.latest else None,
        c.certainty.value,
    )


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (
            "Netflix has renewed Ozark for a third season.",
            ("Ozark", 3, "renewed", None, None, "confirmed"),
        ),
        (
            "Ozark has been picked up for a fourth season.",
            ("Ozark", 4, "renewed", None, None, "confirmed"),
        ),
        (
            "Netflix has cancelled Luke Cage.",
            ("Luke Cage", None, "cancelled", None, None, "confirmed"),
        ),
        (
            "Netflix axed Daredevil after three seasons.",
            ("Daredevil", None, "cancelled", None, None, "confirmed"),
        ),
        (
            "Luke Cage won't return for a third season.",
            ("Luke Cage", 3, "cancelled", None, None, "confirmed"),
        ),
        (
            "Ozark season 4 began filming last week.",
            ("Ozark", 4, "production", "2019-05-20", "2019-05-26", "confirmed"),
        ),
        (
            "Ozark season 4 is expected to start filming soon.",
            ("Ozark", 4, "production", "2019-06-01", "2019-08-30", "expected"),
        ),
        (
            "Production on Ozark season 4 is already underway.",
            ("Ozark", 4, "production", None, "2019-06-01", "confirmed"),
        ),
        (
            "Ozark season 3 has wrapped filming.",
            ("Ozark", 3, "wrapped", None, "2019-06-01", "confirmed"),
        ),
        (
            "Filming on The Witcher wrapped in May.",
            ("The Witcher", None, "wrapped", "2019-05-01", "2019-05-31", "confirmed"),
        ),
        (
            "The Witcher will premiere on December 20.",
            ("The Witcher", None, "premiere", "2019-12-20", "2019-12-20", "confirmed"),
        ),
        (
            "The Witcher is set to air later this year.",
            ("The Witcher", None, "premiere", "2019-06-01", "2019-12-31", "confirmed"),
        ),
        (
            "The Witcher may air sometime 2020.",
            ("The Witcher", None, "premiere", "2020-01-01", "2020-12-31", "rumored"),
        ),
        (
            "The Witcher is reportedly set to debut in fall 2019.",
            ("The Witcher", None, "premiere", "2019-09-01", "2019-11-30", "rumored"),
        ),
        (
            "Sources say The Witcher could arrive in December.",
            ("The Witcher", None, "premiere", "2019-12-01", "2019-12-31", "rumored"),
        ),
        (
            "The Witcher is slated to premiere in late 2019.",
            ("The Witcher", None, "premiere", "2019-09-01", "2019-12-31", "expected"),
        ),
        (
            "The Witcher won't arrive until 2020.",
            ("The Witcher", None, "premiere", "2020-01-01", None, "expected"),
        ),
        (
            "Ozark season 3 premiered last Friday.",
            ("Ozark", 3, "premiere", "2019-05-31", "2019-05-31", "confirmed"),
        ),
        ("Loki is expected to be renewed.", ("Loki", None, "renewed", None, None, "expected")),
        (
            "There are talks of a second season of Loki.",
            ("Loki", 2, "renewed", None, None, "rumored"),
        ),
    ],
)
def test_one_claim(text: str, row: tuple[object, ...]) -> None:
    assert _claims(text) == [row]


def test_the_seed_sentence_attaches_each_season_to_its_show() -> None:
    text = (
        'Other Marvel shows expected to be aired on Netflix are season 2 of "Luke Cage" and '
        'season 3 of "Daredevil" sometime in the 2018–2019 timeline.'
    )
    assert _claims(text, date(2017, 3, 24)) == [
        ("Luke Cage", 2, "premiere", "2018-01-01", "2019-12-31", "expected"),
        ("Daredevil", 3, "premiere", "2018-01-01", "2019-12-31", "expected"),
    ]


def test_two_clauses_two_shows() -> None:
    text = (
        "While Ozark finished filming its final season in May, "
        "Bridgerton is set to begin filming season 2 in July."
    )
    assert _claims(text) == [
        ("Ozark", None, "wrapped", "2019-05-01", "2019-05-31", "confirmed"),
        ("Bridgerton", 2, "production", "2019-07-01", "2019-07-31", "confirmed"),
    ]


def test_past_and_future_from_the_verb() -> None:
    began = _claims("Ozark season 3 began filming in March.")
    starts = _claims("Ozark season 4 is expected to start filming in March.")
    assert began[0][3:5] == ("2019-03-01", "2019-03-31")
    assert starts[0][3:5] == ("2020-03-01", "2020-03-31")


def test_a_later_sentence_refers_back() -> None:
    text = "Netflix has renewed Loki for a second season. Production will begin in the fall."
    assert _claims(text)[-1] == ("Loki", 2, "production", "2019-09-01", "2019-11-30", "confirmed")


def test_return_for_a_season_with_a_date_is_a_premiere_only() -> None:
    # SPEC's seed: "a sophomore run of Iron Fist may come sometime in 2019" is a premiere
    # and nothing else; a date makes "return for season N" news of the air date.
    rows = _claims("Ozark will return for its third season on September 20.")
    assert rows == [("Ozark", 3, "premiere", "2019-09-20", "2019-09-20", "confirmed")]


def test_return_for_a_season_without_a_date_is_a_renewal() -> None:
    rows = _claims("Ozark will return for a third season, Netflix confirmed.")
    assert rows == [("Ozark", 3, "renewed", None, None, "confirmed")]


@pytest.mark.parametrize(
    "text",
    [
        "Netflix released the first trailer for The Witcher.",
        "The Witcher finale airs on Sunday.",
        "Netflix says it has no plans to cancel Ozark.",
        "Ozark has not been renewed yet.",
        "Ozark star Jason Bateman won an Emmy.",
        "Ratings for The Witcher dropped 40 percent.",
        "Production on The Witcher has been halted.",
        "Ozark star Julia Garner appears in a film, which premieres in July.",
        "The Witcher will premiere on Netflix.",
    ],
)
def test_no_claim(text: str) -> None:
    assert _claims(text) == []


def test_every_claim_keeps_its_evidence_sentence() -> None:
    text = "Ozark is great. Netflix has renewed Ozark for a fourth season.  It will air in 2020."
    reading = read(text, P, SHOWS)
    assert [c.evidence for c in reading.claims] == [
        "Netflix has renewed Ozark for a fourth season.",
        "It will air in 2020.",
    ]


def test_identical_claims_are_kept_once() -> None:
    text = (
        "Netflix has renewed Ozark for a fourth season. Ozark has been renewed for a fourth season."
    )
    assert len(read(text, P, SHOWS).claims) == 1


def test_reading_to_json_has_the_spec_shape() -> None:
    data = read("The Witcher may air sometime 2020.", P, SHOWS).to_json()
    assert data == {
        "mentions": ["The Witcher"],
        "claims": [
            {
                "show": "The Witcher",
                "season": None,
                "kind": "premiere",
                "earliest": "2020-01-01",
                "latest": "2020-12-31",
                "certainty": "rumored",
                "evidence": "The Witcher may air sometime 2020.",
            }
        ],
    }


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (
            "The Witcher Season 2 is coming in January",
            ("The Witcher", 2, "premiere", "2020-01-01", "2020-01-31", "confirmed"),
        ),
        (
            "Ozark Season 3 is streaming now",
            ("Ozark", 3, "premiere", None, "2019-06-01", "confirmed"),
        ),
        (
            "Ozark Season 3 is streaming: the Byrdes are back",
            ("Ozark", 3, "premiere", None, "2019-06-01", "confirmed"),
        ),
        (
            "Ozark season 3 is out June 21",
            ("Ozark", 3, "premiere", "2019-06-21", "2019-06-21", "confirmed"),
        ),
    ],
)
def test_state_and_coming_triggers(text: str, row: tuple[object, ...]) -> None:
    assert row in _claims(text)


def test_someone_elses_return_is_not_a_renewal() -> None:
    assert _claims("Ozark season 3 review: the Kingpin returns") == []


# --- whose news: headlines with a label, sentences that open on their verb, seasons
# the text has already given to one show -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "rows"),
    [
        # A label and a colon, then the show: the label is the news.
        (
            "RENEWED: Bridgerton (Netflix) — Season 3",
            date(2021, 4, 13),
            [("Bridgerton", 3, "renewed", None, None, "confirmed")],
        ),
        (
            "Cancelled: Ozark and Luke Cage",
            P,
            [
                ("Ozark", None, "cancelled", None, None, "confirmed"),
                ("Luke Cage", None, "cancelled", None, None, "confirmed"),
            ],
        ),
        # A sentence that opens on its verb is about the last sentence's show; the show
        # named later belongs to another verb.
        (
            "Netflix has cancelled Ozark. Cancelled on the same day Loki season 2 "
            "premiered, it ends after three seasons.",
            date(2023, 10, 5),
            [("Ozark", None, "cancelled", None, None, "confirmed")],
        ),
        # "Season 2" with no show named is the show the text gave season 2 to.
        (
            "Bridgerton renewed for Season 2. Its star first has to shoot The Witcher, "
            "which has been filming in London since the spring, so Season 2 won't arrive "
            "until 2021.",
            date(2019, 6, 1),
            [
                ("Bridgerton", 2, "renewed", None, None, "confirmed"),
                ("The Witcher", None, "production", "2019-03-01", "2019-05-31", "confirmed"),
                ("Bridgerton", 2, "premiere", "2021-01-01", None, "expected"),
            ],
        ),
        (
            "Netflix renewed Ozark for a second season on Sunday. With Loki and Daredevil "
            "ahead of it in the queue, fans hope the second season could land in late 2020.",
            date(2019, 6, 1),
            [
                ("Ozark", 2, "renewed", None, None, "confirmed"),
                ("Ozark", 2, "premiere", "2020-09-01", "2020-12-31", "rumored"),
            ],
        ),
    ],
)
def test_whose_news_a_sentence_is(
    text: str, published: date, rows: list[tuple[object, ...]]
) -> None:
    assert _claims(text, published) == rows


# --- a summary that goes on about its headline's show ------------------------------------

SUMMARY_SHOWS = ShowMatcher(
    [
        Show(t)
        for t in (
            "Fargo",
            "Mr. Robot",
            "Killjoys",
            "Dark Matter",
            "Dark",
            "The Expanse",
            "The Bear",
            "House of the Dragon",
            "Game of Thrones",
            "This Is Us",
            "Legion",
            "Severance",
            "Shrinking",
        )
    ]
)


@pytest.mark.parametrize(
    ("text", "published", "rows"),
    [
        # The show described by its genre, a network's or a person's, or "both ...".
        (
            "FX renews 'Fargo' for a third season\nThe anthology will return with a new story, "
            "but not until 2017, network chief John Landgraf said.",
            date(2015, 11, 19),
            [
                ("Fargo", 3, "renewed", None, None, "confirmed"),
                ("Fargo", 3, "premiere", "2017-01-01", None, "expected"),
            ],
        ),
        (
            "'Mr. Robot' has started filming season 2\nUSA Network's hacker drama is expected "
            "back this summer.",
            date(2016, 3, 1),
            [
                ("Mr. Robot", 2, "production", None, "2016-03-01", "confirmed"),
                ("Mr. Robot", 2, "premiere", "2016-06-01", "2016-08-31", "expected"),
            ],
        ),
        (
            "Syfy renews 'Killjoys' and 'Dark Matter' for fourth seasons\nBoth space dramas are "
            "expected to return sometime in the 2018–2019 timeline.",
            date(2017, 8, 22),
            [
                ("Killjoys", 4, "renewed", None, None, "confirmed"),
                ("Dark Matter", 4, "renewed", None, None, "confirmed"),
                ("Killjoys", None, "premiere", "2018-01-01", "2019-12-31", "expected"),
                ("Dark Matter", None, "premiere", "2018-01-01", "2019-12-31", "expected"),
            ],
        ),
        # Possessives of the genre noun, and a show described by who is in it.
        (
            "Netflix renews Dark for a third season\nThe German series' third and final season "
            "will premiere in 2020.",
            date(2019, 6, 26),
            [
                ("Dark", 3, "renewed", None, None, "confirmed"),
                ("Dark", 3, "premiere", "2020-01-01", "2020-12-31", "confirmed"),
            ],
        ),
        (
            "FX renews 'The Bear' for a sophomore run\nThe Chicago restaurant drama starring "
            "Jeremy Allen White will return in 2023.",
            date(2022, 7, 14),
            [
                ("The Bear", 2, "renewed", None, None, "confirmed"),
                ("The Bear", 2, "premiere", "2023-01-01", "2023-12-31", "confirmed"),
            ],
        ),
        # "The 'Game of Thrones' prequel" is the headline's show, not Game of Thrones.
        (
            "HBO renews 'House of the Dragon' for season 2\nThe 'Game of Thrones' prequel's "
            "second season won't arrive until 2024.",
            date(2022, 8, 23),
            [
                ("House of the Dragon", 2, "renewed", None, None, "confirmed"),
                ("House of the Dragon", 2, "premiere", "2024-01-01", None, "expected"),
            ],
        ),
        # "a second and third season" names two seasons.
        (
            "NBC renews 'This Is Us' for two more seasons\nThe freshman hit will return for a "
            "second and third season.",
            date(2017, 1, 18),
            [
                ("This Is Us", 2, "renewed", None, None, "confirmed"),
                ("This Is Us", 3, "renewed", None, None, "confirmed"),
            ],
        ),
        # A headline's scheduling verb with the date it sets.
        (
            "HBO sets 'The Expanse' season 4 for April",
            date(2019, 1, 10),
            [("The Expanse", 4, "premiere", "2019-04-01", "2019-04-30", "confirmed")],
        ),
        # No date yet: "will announce a premiere date shortly" claims no premiere.
        (
            "'Legion' season 2 has wrapped filming; FX will announce a premiere date shortly",
            date(2018, 2, 27),
            [("Legion", 2, "wrapped", None, "2018-02-27", "confirmed")],
        ),
        # An actor back on the set is not the show coming back.
        (
            "The actor is back on the set of 'Shrinking' this week.",
            date(2024, 6, 1),
            [],
        ),
    ],
)
def test_a_summary_goes_on_about_its_headline(
    text: str, published: date, rows: list[tuple[object, ...]]
) -> None:
    assert [_row(c) for c in read(text, published, SUMMARY_SHOWS).claims] == rows


def test_a_renewal_the_same_text_says_was_undone_is_not_a_claim() -> None:
    text = (
        "Netflix cancels 'Dark' and 'Fargo'. Both shows had been renewed for second seasons "
        "before the pandemic."
    )
    assert {(c.show, c.kind.value) for c in read(text, P, SUMMARY_SHOWS).claims} == {
        ("Dark", "cancelled"),
        ("Fargo", "cancelled"),
    }


SLATE = ShowMatcher([Show("Daredevil"), Show("The Punisher"), Show("Jessica Jones")])


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # Each bracketed status is news about the show just before it, in either order.
        (
            "Remaining: The Punisher (S2 due 2019) and Jessica Jones (S3 in production).",
            [
                ("The Punisher", 2, "premiere", "2019-01-01", "2019-12-31", "expected"),
                ("Jessica Jones", 3, "production", None, "2018-11-29", "confirmed"),
            ],
        ),
        (
            "Jessica Jones (S3 in production) and The Punisher (S2 due 2019).",
            [
                ("Jessica Jones", 3, "production", None, "2018-11-29", "confirmed"),
                ("The Punisher", 2, "premiere", "2019-01-01", "2019-12-31", "expected"),
            ],
        ),
        # A network in brackets is no status: the sentence reads as before.
        (
            "Daredevil (Netflix) returns for season 3 in October.",
            [("Daredevil", 3, "premiere", "2019-10-01", "2019-10-31", "confirmed")],
        ),
        # A shorthand's date right after "due" / "slated".
        (
            "The Punisher S2 due 2019",
            [("The Punisher", 2, "premiere", "2019-01-01", "2019-12-31", "expected")],
        ),
        (
            "Jessica Jones season 3 is slated fall 2019.",
            [("Jessica Jones", 3, "premiere", "2019-09-01", "2019-11-30", "expected")],
        ),
    ],
)
def test_a_bracketed_status_is_about_the_show_before_it(
    text: str, rows: list[tuple[object, ...]]
) -> None:
    assert [_row(c) for c in read(text, date(2018, 11, 29), SLATE).claims] == rows
