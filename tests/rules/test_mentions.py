"""Mentions: titles, aliases, hashtags, possessives, quotes, and ordinary-word titles."""

from __future__ import annotations

import pytest

from rules import Show, ShowMatcher

SEED = ShowMatcher(
    [Show("Jessica Jones", ("Marvel's Jessica Jones",)), Show("Iron Fist"), Show("The Punisher")]
)
ORDINARY = ShowMatcher(
    [
        Show(t)
        for t in (
            *("You", "Lost", "Atlanta", "Wednesday", "The Bear", "The Crown", "Girls"),
            *("Fargo", "Severance", "Succession"),
        )
    ]
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Marvel's #JessicaJones is back for Season 2.", ("Jessica Jones",)),
        ("#jessicajones fans, rejoice", ("Jessica Jones",)),
        ("Jessica Jones' second season is coming.", ("Jessica Jones",)),
        ("Jessica Jones's second season is coming.", ("Jessica Jones",)),
        ("Marvel's Jessica Jones returns.", ("Jessica Jones",)),
        ('"Jessica Jones" season 2 will come only in 2018.', ("Jessica Jones",)),
        ("Marvel's Iron Fist will return for season 2.", ("Iron Fist",)),
        ("‘The Punisher’ and “Iron Fist” premiere this year.", ("The Punisher", "Iron Fist")),
        (
            "Iron Fist season 2 is out; Jessica Jones is next; then Iron Fist.",
            ("Iron Fist", "Jessica Jones"),
        ),
        ("JESSICA JONES SEASON 2 IS HERE", ("Jessica Jones",)),
    ],
)
def test_titles_aliases_hashtags_possessives_quotes(text: str, found: tuple[str, ...]) -> None:
    assert SEED.find(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Netflix renewed You for a fifth season.", ("You",)),
        ("You season 4 premieres in February.", ("You",)),
        ('"Lost" is still the best finale debate on TV.', ("Lost",)),
        ("Lost creator Damon Lindelof has a new series.", ("Lost",)),
        ("FX renewed Atlanta for a third season.", ("Atlanta",)),
        ("Season 3 of Atlanta was shot in Europe.", ("Atlanta",)),
        ("Netflix's Wednesday has been renewed.", ("Wednesday",)),
        ("Wednesday season 2 starts filming in Ireland.", ("Wednesday",)),
        ("FX's The Bear has been renewed for a third season.", ("The Bear",)),
        ("#TheBear is back.", ("The Bear",)),
        ("The Crown season 4 premieres on Netflix.", ("The Crown",)),
        ("HBO confirmed that Girls will end after season 6.", ("Girls",)),
        ("Fargo's fifth season premieres on FX.", ("Fargo",)),
        ("Apple TV+ renewed Severance for a second season.", ("Severance",)),
        ("HBO renewed Succession and Fargo, said FX.", ("Succession", "Fargo")),
        ("The Addams Family spinoff Wednesday was a hit.", ("Wednesday",)),
        ("Donald Glover's Atlanta ended its run last year.", ("Atlanta",)),
        ("Penn Badgley confirmed that You will end with season 5.", ("You",)),
    ],
)
def test_ordinary_word_titles_used_as_names(text: str, found: tuple[str, ...]) -> None:
    assert ORDINARY.find(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "I lost my keys.",
        "Lost keys cost drivers millions.",
        "The new drama premieres Wednesday at 9.",
        "Flights to Atlanta were delayed.",
        "We drove through Fargo, North Dakota.",
        "A black bear was spotted near the lodge.",
        "The crown jewels are on display.",
        "The girls went to the premiere.",
        "Severance pay is taxable.",
        "You won't believe this.",
        "You're going to love the new season.",
        "Succession planning matters for family firms.",
        "The Atlanta Braves won on Wednesday.",
        "You can stream the new season on Hulu starting June 22.",
        "You will love the second season of this drama.",
    ],
)
def test_ordinary_words_mention_nothing(text: str) -> None:
    assert ORDINARY.find(text) == ()


def test_one_compiled_matcher_for_all_shows() -> None:
    shows = [Show(f"Show Number {i}") for i in range(300)]
    matcher = ShowMatcher(shows)
    assert matcher.find("Show Number 217 was renewed, then Show Number 3.") == (
        "Show Number 217",
        "Show Number 3",
    )


def test_spans_point_at_the_name() -> None:
    text = "Netflix renewed Iron Fist."
    (mention,) = SEED.scan(text)
    assert text[mention.start : mention.end] == "Iron Fist"


def test_spelling_slack() -> None:
    matcher = ShowMatcher([Show("Grey's Anatomy"), Show("Law & Order"), Show("Mr. Robot")])
    assert matcher.find("Greys Anatomy, Law and Order and Mr Robot were renewed.") == (
        "Grey's Anatomy",
        "Law & Order",
        "Mr. Robot",
    )


def _pieces() -> list[str]:
    """Words, names, hashtags and separators, ASCII and not, to glue into texts."""
    names = ["Jessica Jones", "jessica jones", "Iron Fist", "The Punisher", "Punisher"]
    words = ["season", "Marvel's", "iron", "fist", "2", "the", "x", "Ünïcode", "naïve"]
    tags = ["#JessicaJones", "#ironfist", "#", "#1", "@IronFist", "/ironfist", "a#IronFist"]
    separators = [" ", "  ", ", ", ". ", "\n", "'", '"', "-", "(", ")", "—", "’", "/", "@", ""]
    return names + words + tags + separators


def test_the_character_led_scan_finds_what_the_plain_pattern_finds() -> None:
    """``ShowMatcher._spans`` skips from one boundary character to the next instead of
    trying every position: it must find exactly the plain pattern's matches, in ASCII and
    in non-ASCII text, at the first character and after hashtags and punctuation."""
    import random

    rng = random.Random(2026)
    pieces = _pieces()
    matcher = SEED
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))).lower()
        plain = [
            (m.span(), m.group("tag") is not None) for m in matcher._lower_pattern.finditer(text)
        ]
        assert list(matcher._spans(text)) == plain, text
