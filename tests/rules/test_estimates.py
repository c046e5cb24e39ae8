"""Every estimate rule of SPEC.md, on small hand-made evidence (estimates are pure)."""

from __future__ import annotations

from datetime import date

from rules import (
    Certainty,
    Claim,
    ClaimKind,
    DateWindow,
    Evidence,
    Lags,
    Phase,
    ReviewState,
    SeasonEstimate,
    estimate_seasons,
    newest_per_show,
)

TODAY = date(2019, 6, 1)
NEW, CONFIRMED, IGNORED = ReviewState.NEW, ReviewState.CONFIRMED, ReviewState.IGNORED


def claim(
    kind: ClaimKind,
    season: int | None = 2,
    earliest: str | None = None,
    latest: str | None = None,
    certainty: Certainty = Certainty.CONFIRMED,
    show: str = "Ozark",
) -> Claim:
    window = DateWindow(
        date.fromisoformat(earliest) if earliest else None,
        date.fromisoformat(latest) if latest else None,
    )
    return Claim(show, season, kind, window, certainty, "evidence sentence")


def item(item_id: str, published: str, *claims: Claim, state: ReviewState = NEW) -> Evidence:
    return Evidence(item_id, date.fromisoformat(published), state, tuple(claims))


def one(evidence: list[Evidence], show: str = "Ozark", season: int | None = 2) -> SeasonEstimate:
    found = {(e.show, e.season): e for e in estimate_seasons(evidence, TODAY)}
    return found[(show, season)]


def span(e: SeasonEstimate) -> tuple[str | None, str | None]:
    w = e.window
    return (
        w.earliest.isoformat() if w.earliest else None,
        w.latest.isoformat() if w.latest else None,
    )


PREMIERE_2020 = claim(ClaimKind.PREMIERE, 2, "2020-01-01", "2020-12-31")
PREMIERE_MARCH = claim(ClaimKind.PREMIERE, 2, "2020-03-01", "2020-03-31", Certainty.EXPECTED)
PREMIERE_2021 = claim(ClaimKind.PREMIERE, 2, "2021-01-01", "2021-12-31")


def test_an_ignored_item_counts_for_nothing_and_unmarking_restores() -> None:
    base = [item("a", "2019-01-10", PREMIERE_2020), item("b", "2019-02-10", PREMIERE_MARCH)]
    before = one(base)
    assert span(before) == ("2020-03-01", "2020-03-31")
    ignored = [base[0], item("b", "2019-02-10", PREMIERE_MARCH, state=IGNORED)]
    after = one(ignored)
    assert span(after) == ("2020-01-01", "2020-12-31")
    assert "b" not in after.evidence
    assert one(base) == before  # unmarking (back to new) gives the same estimate again


def test_only_ignored_evidence_gives_no_estimate() -> None:
    assert estimate_seasons([item("a", "2019-01-10", PREMIERE_2020, state=IGNORED)], TODAY) == ()


def test_newer_news_supersedes_older_where_they_conflict() -> None:
    e = one([item("old", "2019-01-10", PREMIERE_2020), item("new", "2019-05-10", PREMIERE_2021)])
    assert span(e) == ("2021-01-01", "2021-12-31")
    roles = {u.item_id: u.role for u in e.claims}
    assert "superseded" in roles["old"]
    assert any("conflicts" in r for r in e.reasons)


def test_a_confirmed_item_outranks_newer_unreviewed_news() -> None:
    e = one(
        [
            item("old", "2019-01-10", PREMIERE_2020, state=CONFIRMED),
            item("new", "2019-05-10", PREMIERE_2021),
        ]
    )
    assert span(e) == ("2020-01-01", "2020-12-31")
    assert "outranked" in {u.item_id: u.role for u in e.claims}["new"]


def test_marking_confirmed_changes_the_estimate_at_once() -> None:
    new = [item("old", "2019-01-10", PREMIERE_2020), item("new", "2019-05-10", PREMIERE_2021)]
    marked = [item("old", "2019-01-10", PREMIERE_2020, state=CONFIRMED), new[1]]
    assert span(one(new)) != span(one(marked))
    assert one(marked).confidence > one(new).confidence


def test_consistent_windows_narrow_each_other() -> None:
    open_ended = claim(ClaimKind.PREMIERE, 2, "2020-01-01", None, Certainty.EXPECTED)
    year = claim(ClaimKind.PREMIERE, 2, "2020-01-01", "2020-12-31", Certainty.RUMORED)
    e = one([item("a", "2019-01-10", open_ended, year)])
    assert span(e) == ("2020-01-01", "2020-12-31")
    assert any("narrowed" in r for r in e.reasons)


def test_no_premiere_claim_derives_a_window_from_production_with_lags() -> None:
    started = claim(ClaimKind.PRODUCTION, 2, "2019-03-01", "2019-03-31")
    e = one([item("a", "2019-04-01", started)])
    assert e.derived
    assert span(e) == ("2019-08-28", "2020-09-21")  # March 1 + 180 days .. March 31 + 540 days
    assert e.phase is Phase.IN_PRODUCTION
    premiere = one([item("b", "2019-04-01", PREMIERE_2020)])
    assert not premiere.derived and e.confidence < premiere.confidence


def test_lags_are_configurable_and_a_wrap_is_preferred_to_production() -> None:
    started = claim(ClaimKind.PRODUCTION, 2, "2018-10-01", "2018-10-31")
    wrapped = claim(ClaimKind.WRAPPED, 2, None, "2019-05-01")
    evidence = [item("a", "2018-10-15", started), item("b", "2019-05-01", wrapped)]
    e = estimate_seasons(evidence, TODAY, Lags(wrap_to_premiere=(30, 60)))[0]
    assert span(e) == ("2019-06-01", "2019-06-30")  # from the wrap, clipped to today
    assert e.phase is Phase.WRAPPED and e.derived


def test_show_level_cancellation() -> None:
    renewed = claim(ClaimKind.RENEWED, 3)
    cancelled = claim(ClaimKind.CANCELLED, None)
    evidence = [item("a", "2019-01-10", renewed), item("b", "2019-05-10", cancelled)]
    estimates = estimate_seasons(evidence, TODAY)
    by_season = {e.season: e for e in estimates}
    assert by_season[None].phase is Phase.CANCELLED
    assert by_season[3].phase is Phase.CANCELLED  # newer than any news of season 3
    assert newest_per_show(estimates)["Ozark"].phase is Phase.CANCELLED


def test_a_cancelled_season_keeps_no_premiere_window() -> None:
    """The window a season had before it was cancelled is moot: dropped, with a reason.

    The confidence is the cancellation's own (0.85 confirmed wording, 0.95 once the
    user confirmed the item), not what was left of the dropped window's.
    """
    planned = claim(ClaimKind.PREMIERE, 3, "2020-01-01", "2020-12-31", Certainty.RUMORED)
    ended = claim(ClaimKind.CANCELLED, 3)
    evidence = [item("a", "2019-01-10", planned), item("b", "2019-05-10", ended)]
    e = one(evidence, season=3)
    assert e.phase is Phase.CANCELLED and e.window.is_open and not e.derived
    assert e.confidence == 0.85
    assert any("2020-01-01..2020-12-31 dropped" in r for r in e.reasons)
    evidence[1] = item("b", "2019-05-10", ended, state=CONFIRMED)
    assert one(evidence, season=3).confidence == 0.95
    # The show-level cancellation ends the season the same way.
    show_level = claim(ClaimKind.CANCELLED, None)
    evidence[1] = item("b", "2019-05-10", show_level)
    e = one(evidence, season=3)
    assert e.phase is Phase.CANCELLED and e.window.is_open and e.confidence == 0.85
    # Ignoring the cancellation gives the season its window back.
    evidence[1] = item("b", "2019-05-10", show_level, state=IGNORED)
    assert span(one(evidence, season=3)) == ("2020-01-01", "2020-12-31")


def test_a_newer_renewal_undoes_a_cancellation() -> None:
    cancelled = claim(ClaimKind.CANCELLED, None)
    revived = claim(ClaimKind.RENEWED, 4)
    evidence = [item("a", "2019-01-10", cancelled), item("b", "2019-05-10", revived)]
    newest = newest_per_show(estimate_seasons(evidence, TODAY))["Ozark"]
    assert (newest.season, newest.phase) == (4, Phase.RENEWED)


def test_a_renewal_names_a_season_that_exists() -> None:
    e = one([item("a", "2019-01-10", claim(ClaimKind.RENEWED, 5))], season=5)
    assert e.phase is Phase.RENEWED
    assert e.window.is_open
    assert 0 <= e.confidence <= 1


def test_premiered_from_past_tense_or_a_firm_window_before_today() -> None:
    aired = claim(ClaimKind.PREMIERE, 2, None, "2019-05-10")
    assert one([item("a", "2019-05-10", aired)]).phase is Phase.PREMIERED
    firm = claim(ClaimKind.PREMIERE, 2, "2019-03-01", "2019-03-31")
    assert one([item("b", "2019-01-10", firm)]).phase is Phase.PREMIERED
    rumor = claim(ClaimKind.PREMIERE, 2, "2019-03-01", "2019-03-31", Certainty.RUMORED)
    assert one([item("c", "2019-01-10", rumor)]).phase is not Phase.PREMIERED


def test_scheduled_when_a_confirmed_window_lies_ahead() -> None:
    assert one([item("a", "2019-05-10", PREMIERE_2020)]).phase is Phase.SCHEDULED


def test_a_claim_without_a_season_goes_to_the_newest_season_not_yet_premiered() -> None:
    evidence = [
        item("a", "2019-01-10", claim(ClaimKind.RENEWED, 3)),
        item("b", "2019-05-01", claim(ClaimKind.WRAPPED, None, None, "2019-05-01")),
    ]
    e = one(evidence, season=3)
    assert e.phase is Phase.WRAPPED
    assert any("named no season" in r for r in e.reasons)
    assert ("Ozark", None) not in {(x.show, x.season) for x in estimate_seasons(evidence, TODAY)}


def test_estimates_are_sorted_and_explain_themselves() -> None:
    evidence = [
        item("a", "2019-01-10", claim(ClaimKind.RENEWED, 3, show="Ozark")),
        item("b", "2019-01-11", claim(ClaimKind.RENEWED, 2, show="Atlanta")),
        item("c", "2019-01-12", claim(ClaimKind.PREMIERE, 2, "2020-01-01", "2020-12-31")),
    ]
    estimates = estimate_seasons(evidence, TODAY)
    assert [(e.show, e.season) for e in estimates] == [("Atlanta", 2), ("Ozark", 2), ("Ozark", 3)]
    for e in estimates:
        assert e.claims and e.reasons and e.evidence
        assert 0.0 <= e.confidence <= 1.0
        assert e.to_json()["show"] == e.show


def test_newest_per_show_picks_the_highest_season() -> None:
    evidence = [
        item("a", "2019-01-10", claim(ClaimKind.PREMIERE, 1, None, "2018-01-01")),
        item("b", "2019-01-11", claim(ClaimKind.RENEWED, 2)),
    ]
    assert newest_per_show(estimate_seasons(evidence, TODAY))["Ozark"].season == 2


def test_a_reported_premiere_is_not_moved_by_later_plans() -> None:
    aired = claim(ClaimKind.PREMIERE, 2, None, "2019-03-01")
    later_plan = claim(ClaimKind.PREMIERE, 2, "2019-06-01", "2019-12-31", Certainty.EXPECTED)
    e = one([item("a", "2019-03-01", aired), item("b", "2019-04-01", later_plan)])
    assert e.phase is Phase.PREMIERED
    assert span(e) == (None, "2019-03-01")


def test_a_claim_without_a_season_is_read_as_of_its_own_date() -> None:
    evidence = [
        item("a", "2018-01-10", claim(ClaimKind.PREMIERE, None, None, "2018-01-10")),
        item("b", "2018-06-01", claim(ClaimKind.RENEWED, 2)),
    ]
    seasons = {e.season: e for e in estimate_seasons(evidence, TODAY)}
    assert seasons[1].phase is Phase.PREMIERED  # aired before season 2 was named
    assert seasons[2].phase is Phase.RENEWED
