"""The dashboard's parts on their own: safe text, boards, wording, keymap, links, timeline."""

from __future__ import annotations

import webbrowser
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.command import Matcher
from textual.coordinate import Coordinate

from ingest.config import Location
from ingest.errors import StoreLockedError
from ingest.snapshot import ItemView, ShowStatus
from ingest.store import MARKS_FILE, Store
from rules import Certainty, Claim, ClaimKind, DateWindow, Phase, ReviewState, SeasonEstimate, Show
from tests.tui.conftest import NOW, AppFactory, notices, settle
from tests.tui.test_hostile import hostile_items
from tui import keys, links
from tui.cli import main
from tui.commands import highlight, palette_commands
from tui.keymap import Keymap, known_ids, load_keymap
from tui.text import (
    cell,
    clean,
    fit_link,
    highlight_evidence,
    literal,
    one_line,
    short_count,
)
from tui.view import (
    Board,
    EstimateChange,
    Marked,
    NewsQuery,
    NewsWindow,
    describe_claim,
    describe_claims,
    estimate_changes,
)
from tui.widgets.news_feed import NewsFeed
from tui.widgets.table import Column, KeyedTable, Row
from tui.widgets.timeline import axis_range, column

# --- safe text --------------------------------------------------------------------------


def test_feed_text_loses_terminal_controls_and_is_cut() -> None:
    raw = "a\x1b]52;c;eA==\x07b\u202ec\u200bd\x9be\ttab\nline"
    assert clean(raw, 100) == "a]52;c;eA==bcde\ttab\nline"
    assert one_line(raw, 100) == "a]52;c;eA==bcde tab line"
    assert one_line("word " * 50, 20).endswith("…")
    assert len(one_line("word " * 50, 20)) <= 20


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (0, "0"),
        (9_999, "9,999"),
        (10_000, "10.0k"),
        (19_600, "19.6k"),
        (99_999, "99.9k"),
        (196_400, "196k"),
    ],
)
def test_a_count_to_review_fits_the_show_lists_column(number: int, shown: str) -> None:
    assert short_count(number) == shown and len(shown) <= 5  # the "New" column


LONG_LINK = (
    "https://www.hollywoodreporter.com/live-feed/the-expanse-season-4-premiere-date-1199917/"
)


@pytest.mark.parametrize("width", [0, 1, 2, 5, 20, 40, 60, 86, 120])
def test_a_link_is_cut_in_the_middle_to_its_width(width: int) -> None:
    shown = fit_link(LONG_LINK, width)
    assert cell_len(shown) <= width
    if width >= len(LONG_LINK):
        assert shown == LONG_LINK
    elif width >= 2:
        head, tail = shown.split("…")
        assert LONG_LINK.startswith(head) and LONG_LINK.endswith(tail)
        assert not tail or cell_len(head) <= 2 * cell_len(shown) // 3


def test_a_cut_link_keeps_its_site_and_its_page_and_counts_wide_characters() -> None:
    assert fit_link(LONG_LINK, 60) == "https://www.hollywoodreporter.com/…-4-premiere-date-1199917/"
    wide = "https://例え.jp/" + "ニュース" * 10
    shown = fit_link(wide, 30)
    assert cell_len(shown) == 29 and shown.startswith("https://例え.jp/…")  # no half a character


@pytest.mark.parametrize("title", ["[/]", "[@click=app.quit]x[/]", "[link=file:///x]y", "[b]z"])
def test_cells_and_content_are_literal(title: str) -> None:
    assert cell(title).plain == title
    assert not cell(title).spans
    assert str(literal(title, 100)) == title
    assert not literal(title, 100).spans


def test_evidence_is_highlighted_whatever_its_whitespace() -> None:
    text = "Intro.\nJessica Jones  Season 2\nmay air sometime 2018. Outro [/]."
    content = highlight_evidence(text, ["Jessica Jones Season 2 may air sometime 2018."], "b")
    marked = [str(content)[s.start : s.end] for s in content.spans]
    assert marked == ["Jessica Jones  Season 2\nmay air sometime 2018."]
    assert str(content).endswith("Outro [/].")
    assert not highlight_evidence(text, ["not in the text"], "b").spans


# --- boards and wording -------------------------------------------------------------------


def claim(show: str, kind: ClaimKind, season: int | None = 2, **window: date) -> Claim:
    return Claim(show, season, kind, DateWindow(**window), Certainty.RUMORED, "it says so")


def test_claims_in_words() -> None:
    premiere = claim(
        "Jessica Jones", ClaimKind.PREMIERE, earliest=date(2018, 1, 1), latest=date(2018, 12, 31)
    )
    assert describe_claim(premiere) == "Jessica Jones S2 premiere 2018?"
    renewed = claim("Daredevil", ClaimKind.RENEWED, season=None)
    title = "Jessica Jones season 2 may air in 2018"
    assert describe_claims([premiere], None, title) == "S2 premiere 2018?"
    # A claim about a show the title does not name says which show.
    assert describe_claims([premiere], None, "CANCELLED: Daredevil") == (
        "Jessica Jones S2 premiere 2018?"
    )
    assert describe_claims([premiere], "Jessica Jones", "Netflix news") == "S2 premiere 2018?"
    assert describe_claims([premiere, renewed], None) == (
        "Jessica Jones S2 premiere 2018?; Daredevil renewed?"
    )
    assert describe_claims([premiere, renewed], "Daredevil") == "renewed?"


def test_a_query_matches_show_and_every_word() -> None:
    item = hostile_items(Path("/nowhere"))[0]
    assert NewsQuery().matches(item)
    assert NewsQuery("Daredevil", "DAREDEVIL evil").matches(item)  # the feed name counts
    assert not NewsQuery("Jessica Jones").matches(item)
    assert not NewsQuery(None, "daredevil zebra").matches(item)


def status(title: str, phase: Phase, unreviewed: int = 1, confidence: float = 0.5) -> ShowStatus:
    estimate = SeasonEstimate(title, 2, phase, DateWindow(date(2018, 1, 1), None), confidence)
    return ShowStatus(Show(title), (estimate,), estimate, 3, unreviewed)


def test_a_mark_changes_one_row_one_show_and_the_count_to_review() -> None:
    item = hostile_items(Path("/nowhere"))[0]
    board = Board(
        NOW,
        (status("Daredevil", Phase.RENEWED), status("Other", Phase.RENEWED)),
        NewsWindow(NewsQuery(), (ItemView(item, ReviewState.NEW),), 1),
        (),
        1,
        1,
    )
    marked = Marked(
        ItemView(item, ReviewState.IGNORED),
        ReviewState.NEW,
        (status("Daredevil", Phase.CANCELLED, unreviewed=0),),
    )
    after = board.with_marked(marked)
    assert after.unreviewed == 0
    assert after.news.items[0].state is ReviewState.IGNORED
    assert after.shows[1] is board.shows[1]
    assert estimate_changes(board, after) == [
        EstimateChange(
            "Daredevil",
            "S2 · 2018 or later · renewed · 50%",
            "S2 · no next season · cancelled · 50%",
        )
    ]
    assert estimate_changes(board, board) == []


# --- the timeline -------------------------------------------------------------------------


def test_the_axis_covers_today_the_window_and_the_news() -> None:
    window = DateWindow(date(2018, 3, 1), None)
    assert axis_range(window, date(2017, 6, 1)) == (date(2017, 1, 1), date(2019, 12, 31))
    assert axis_range(DateWindow(), date(2019, 7, 1), [date(2016, 5, 1)]) == (
        date(2016, 1, 1),
        date(2019, 12, 31),
    )
    assert column(date(2017, 1, 1), start=date(2017, 1, 1), end=date(2018, 12, 31), width=80) == 0
    assert column(date(2030, 1, 1), start=date(2017, 1, 1), end=date(2018, 12, 31), width=80) == 79


# --- the palette ----------------------------------------------------------------------------


def test_the_palette_offers_every_key_and_every_show_literally() -> None:
    class Host:
        def tracked_titles(self) -> tuple[str, ...]:
            return ("[@click=app.quit]Evil",)

        def open_show(self, title: str) -> None: ...

        def run_palette_action(self, action: str) -> None: ...

    names = [c.name for c in palette_commands(Host())]
    assert len(names) == len(keys.APP) + 3 + 1  # + filter, add and remove a show
    assert {"Add a show", "Remove the selected show"} <= set(names)
    elsewhere = [c.name for c in palette_commands(Host(), screen=object())]
    assert len(elsewhere) == len(keys.APP) + 1  # a screen without the dashboard's actions
    assert "Show: [@click=app.quit]Evil" in names
    shown = highlight(Matcher("evil"), "Show: [@click=app.quit]Evil")
    assert str(shown) == "Show: [@click=app.quit]Evil"
    assert shown.spans  # the match is styled, the markup is not read


# --- the keymap -----------------------------------------------------------------------------


def test_keymap_files(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    assert load_keymap(path) == Keymap(path)
    path.write_text('[keymap]\n"item.confirm" = "y"\n"app.quit" = "ctrl+q"\n')
    assert load_keymap(path).keys == {"item.confirm": "y", "app.quit": "ctrl+q"}
    path.write_text('[keymap]\n"item.confrim" = "y"\n')
    assert "unknown binding id 'item.confrim'" in (load_keymap(path).problem or "")
    path.write_text("[keymap\n")
    assert "cannot read" in (load_keymap(path).problem or "")
    assert {"item.confirm", "news.filter", "move.down", "screen.back"} <= known_ids()


@pytest.mark.anyio
async def test_a_remapped_key_works_and_a_bad_keymap_is_a_notice(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(keymap=Keymap(tmp_path / "k.toml", {"item.confirm": "y"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "c")
        await settle(pilot)
        assert app.store.marks() == {}
        await pilot.press("y")
        await settle(pilot)
        item = app.screen.query_one(NewsFeed).current_item
        assert item is not None and item.state is ReviewState.CONFIRMED
    bad = make_app(keymap=Keymap(tmp_path / "k.toml", problem="k.toml: unknown [/] id"))
    async with bad.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("unknown [/] id" in n.message for n in notices(bad))


# --- links ------------------------------------------------------------------------------------


class FakeApp:
    def __init__(self) -> None:
        self.clipboard: list[str] = []

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard.append(text)

    def suspend(self) -> Any:
        from textual.app import SuspendNotSupported

        raise SuspendNotSupported("headless")


@pytest.mark.anyio
async def test_links_open_in_a_gui_browser_or_go_to_the_clipboard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []

    class Gui(webbrowser.BackgroundBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    app: Any = FakeApp()
    monkeypatch.setattr(webbrowser, "get", lambda: Gui("gui"))
    assert await links.open_in_browser(app, "https://x.example/a") == "Opened https://x.example/a"
    assert opened == ["https://x.example/a"]

    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.GenericBrowser("lynx"))
    message = await links.open_in_browser(app, "https://x.example/b")
    assert "copied the link" in message and app.clipboard == ["https://x.example/b"]

    def none() -> webbrowser.BaseBrowser:
        raise webbrowser.Error("no browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert "No web browser found" in await links.open_in_browser(app, "https://x.example/c")
    assert "only http(s)" in await links.open_in_browser(app, "file:///etc/passwd")
    assert opened == ["https://x.example/a"]


def test_console_browsers_are_told_apart() -> None:
    assert links.runs_in_terminal(webbrowser.GenericBrowser("w3m"))
    assert not links.runs_in_terminal(webbrowser.BackgroundBrowser("firefox"))


# --- starting up --------------------------------------------------------------------------------


def test_a_second_dashboard_on_the_same_folder_is_one_line_and_status_1(
    demo_location: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(demo_location.data_dir, writable=True, command="ingest"):
        with pytest.raises(StoreLockedError):
            from tui.app import create_app

            create_app(demo_location, autopoll=False)
        status_code = main(["dashboard", "--data-dir", str(demo_location.data_dir)])
    assert status_code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "in use by another seasonwatch" in err[0]


@pytest.mark.anyio
async def test_store_warnings_are_notices(make_app: AppFactory, demo_location: Location) -> None:
    (demo_location.data_dir / MARKS_FILE).write_text("{not json")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store = [n for n in notices(app) if n.title == "Store"]
        assert store and "quarantine" in store[0].message
        assert not store[0].markup


# --- notices ----------------------------------------------------------------------------


def test_a_poll_says_what_failed_once_and_many_changes_in_one_notice() -> None:
    from ingest.poller import FeedOutcome, PollReport
    from ingest.records import FeedState, FeedStatus
    from tui.notices import change_notices, poll_notices

    failed = FeedOutcome("u", "[/]Bad\x1b]0;x\x07", FeedStatus.ERROR, error="HTTP 500 [@click=a]")
    report = PollReport(NOW, NOW, outcomes=(failed,))
    healthy = Board(NOW, feeds=(FeedState("u", "Bad"),))
    failing = Board(NOW, feeds=(FeedState("u", "Bad", status=FeedStatus.ERROR),))
    [notice] = poll_notices(report, healthy, healthy)
    assert notice.message == "[/]Bad]0;x: HTTP 500 [@click=a]"
    assert notice.severity == "warning"
    assert poll_notices(report, failing, failing) == []

    titles = [f"Show {n}" for n in range(5)]
    before = Board(NOW, tuple(status(t, Phase.RENEWED) for t in titles))
    after = Board(NOW, tuple(status(t, Phase.CANCELLED) for t in titles))
    [many] = change_notices(before, after)
    assert many.title == "5 estimates changed" and "Show 4" in many.message
    few = change_notices(before, Board(NOW, (status("Show 0", Phase.CANCELLED), *before.shows[1:])))
    assert [n.title for n in few] == ["Show 0: estimate changed"]


@pytest.mark.anyio
async def test_a_few_estimate_toasts_show_at_once_and_other_notices_stay(
    make_app: AppFactory,
) -> None:
    from tui.notices import Notice, change_notices

    titles = [f"Show {n}" for n in range(5)]
    boards = [
        Board(
            NOW,
            tuple(
                status(t, Phase.CANCELLED if n < moved else Phase.RENEWED)
                for n, t in enumerate(titles)
            ),
        )
        for moved in range(6)
    ]
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.tell([Notice("Added Show 9.", "Show added"), Notice("Down.", "Feed failed", "warning")])
        for before, after in pairwise(boards):
            app.tell(change_notices(before, after))  # one show's estimate a time, as marks do
        await settle(pilot)
        assert [n.title for n in notices(app)] == [
            "Show added",
            "Feed failed",
            "Show 2: estimate changed",
            "Show 3: estimate changed",
            "Show 4: estimate changed",
        ]
        assert len(app.screen.query("Toast")) == 5


# --- keyed tables -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_keyed_table_puts_a_new_row_where_it_belongs() -> None:
    # Rows rebuilt with equal (not identical) cells keep the table's old cell objects;
    # a new show must still land in its place, not first (found adding a show).
    class Letters(KeyedTable):
        COLUMNS = (Column("name", "Name", width=10),)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Letters()

    def rows(*keys: str) -> list[Row]:
        return [(key, (Text(key.upper()),)) for key in keys]

    async with Host().run_test() as pilot:
        table = pilot.app.query_one(Letters)
        table.sync_rows(rows("all", "b", "d"))
        table.move_cursor(row=2)
        for wanted in (("all", "b", "d", "e"), ("all", "b", "c", "d", "e"), ("all", "c", "d")):
            table.sync_rows(rows(*wanted))
            await pilot.pause()
            shown = [
                table.coordinate_to_cell_key(Coordinate(r, 0)).row_key.value
                for r in range(table.row_count)
            ]
            assert shown == list(wanted)
        assert table.current_key == "d"  # the cursor stays on its row


@pytest.mark.anyio
async def test_a_keyed_table_drops_many_rows_at_once_and_draws_the_rest() -> None:
    # After a poll a few dozen rows go at once; they are dropped in one renumbering.
    class Numbers(KeyedTable):
        COLUMNS = (Column("name", "Name", width=10),)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Numbers()

    def rows(keys: list[str]) -> list[Row]:
        return [(key, (Text(f"row {key}"),)) for key in keys]

    async with Host().run_test(size=(30, 12)) as pilot:
        table = pilot.app.query_one(Numbers)
        every = [str(n) for n in range(60)]
        table.sync_rows(rows(every))
        table.move_cursor(row=41)
        await pilot.pause()
        kept = [key for n, key in enumerate(every) if n % 7 not in (1, 3, 5)]
        table.sync_rows(rows(kept))
        await pilot.pause()
        shown = [
            table.coordinate_to_cell_key(Coordinate(r, 0)).row_key.value
            for r in range(table.row_count)
        ]
        assert shown == kept and table.row_count == len(kept)
        assert table.current_key == "41" and table.cursor_row == kept.index("41")
        table.move_cursor(row=0)
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(4)]
        assert [line.split()[1] for line in lines[1:]] == kept[:3]
