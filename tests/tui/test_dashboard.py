"""The dashboard's keys and flows, driven through Textual's Pilot over the demo store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

from ingest.snapshot import Library
from ingest.store import Store
from rules import ReviewState
from tests.tui.conftest import NOW, AppFactory, RecordingOpener, notices, settle, store_many
from tui.app import SeasonwatchApp
from tui.screens.dashboard import DashboardScreen, FilterInput
from tui.screens.feed_health import FeedHealthScreen, FeedTable
from tui.screens.help import HelpScreen
from tui.screens.item_detail import EVIDENCE_STYLE, ItemDetailScreen
from tui.screens.show_detail import ClaimTable, ShowDetailScreen
from tui.view import PAGE, describe_estimate
from tui.widgets.news_feed import NewsFeed
from tui.widgets.show_list import ShowList

pytestmark = pytest.mark.anyio


def news(app: SeasonwatchApp) -> NewsFeed:
    return app.screen.query_one(NewsFeed)


def shows(app: SeasonwatchApp) -> ShowList:
    return app.screen.query_one(ShowList)


def stored_state(app: SeasonwatchApp, item_id: str) -> ReviewState:
    """The state as saved on disk, read by a second, read-only store."""
    return Store(app.store.data_dir, writable=False).review_state(item_id)


async def open_dashboard(pilot: Pilot[Any]) -> SeasonwatchApp:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, SeasonwatchApp)
    assert isinstance(app.screen, DashboardScreen)
    return app


async def test_starts_on_the_show_list_with_every_show(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        assert app.focused is shows(app)
        assert shows(app).row_count == 1 + len(app.config.shows)
        assert shows(app).selected_title is None  # "All shows"
        assert news(app).row_count == app.board.stored if app.board else False


async def test_arrows_and_j_k_move_and_select_whose_news_is_listed(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        first = app.config.shows[0].title
        await pilot.press("j")
        await settle(pilot)
        assert shows(app).selected_title == first
        window = news(app).window
        assert window.query.show == first
        assert window.items and all(first in v.item.mentions for v in window.items)
        await pilot.press("down", "down")
        await settle(pilot)
        assert shows(app).selected_title == app.config.shows[2].title
        await pilot.press("k", "up")
        await settle(pilot)
        assert shows(app).selected_title == first
        await pilot.press("up")
        await settle(pilot)
        assert news(app).window.query.show is None
        assert news(app).window.total == app.board.stored if app.board else False


async def test_tab_and_shift_tab_move_between_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab")
        assert app.focused is news(app)
        await pilot.press("j", "j")
        assert news(app).cursor_row == 2
        await pilot.press("k")
        assert news(app).cursor_row == 1
        await pilot.press("shift+tab")
        assert app.focused is shows(app)


async def test_enter_on_an_item_shows_its_text_with_the_evidence_highlighted(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab")
        feed = news(app)
        row = next(i for i, v in enumerate(feed.window.items) if v.item.claims)
        feed.move_cursor(row=row)
        chosen = feed.current_item
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ItemDetailScreen)
        assert screen.view.item.id == chosen.item.id
        highlighted = []
        for part in ("#item-title", "#item-body"):
            text = screen.query_one(part, Static).visual
            assert isinstance(text, Content)
            highlighted += [
                " ".join(str(text)[s.start : s.end].split())
                for s in text.spans
                if s.style == EVIDENCE_STYLE
            ]
        assert {c.evidence for c in chosen.item.claims} <= set(highlighted)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_enter_on_a_show_explains_its_estimate(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        board = app.board
        assert board is not None
        status = next(s for s in board.shows if s.current and s.current.claims)
        index = [s.show.title for s in board.shows].index(status.show.title)
        shows(app).move_cursor(row=index + 1)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShowDetailScreen)
        assert screen.show_title == status.show.title
        table = screen.query_one(ClaimTable)
        assert table.row_count == len(status.current.claims) if status.current else False
        assert screen.current_item is not None  # the claims' items were fetched
        reasons = " ".join(str(screen.query_one("#show-reasons").visual).split())
        for reason in status.current.reasons if status.current else ():
            # each rule's words, with "item <id>" shown as the item's title
            words = re.sub(r"item ([0-9a-f]{12})", "", " ".join(reason.split()))
            assert all(part.strip() in reasons for part in words.split("  "))
        assert not re.search(r"item [0-9a-f]{12}", reasons)
        await pilot.press("enter")  # the claim's item
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_c_i_n_mark_the_item_at_once_and_n_undoes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab")
        item = news(app).current_item
        assert item is not None and item.state is ReviewState.NEW
        unreviewed = app.board.unreviewed if app.board else 0
        await pilot.press("c")
        await settle(pilot)
        assert stored_state(app, item.item.id) is ReviewState.CONFIRMED
        assert news(app).current_item == news(app).window.find(item.item.id)
        assert news(app).window.find(item.item.id).state is ReviewState.CONFIRMED  # type: ignore[union-attr]
        assert app.board and app.board.unreviewed == unreviewed - 1
        await pilot.press("i")
        await settle(pilot)
        assert stored_state(app, item.item.id) is ReviewState.IGNORED
        await pilot.press("n")
        await settle(pilot)
        assert stored_state(app, item.item.id) is ReviewState.NEW
        assert app.board and app.board.unreviewed == unreviewed


def an_item_that_moves_an_estimate(app: SeasonwatchApp, scratch: Path) -> tuple[str, str, str]:
    """(item id, show, estimate once it is ignored), found on a copy of the store."""
    shutil.copytree(app.store.data_dir, scratch, ignore=shutil.ignore_patterns("lock"))
    with Store(scratch, writable=True, command="test") as store:
        library = Library(app.config, store)
        before = {s.show.title: describe_estimate(s.current) for s in library.snapshot(NOW).shows}
        for view in library.newest(500)[0]:
            if not view.item.claims:
                continue
            library.mark(view.item.id, ReviewState.IGNORED, NOW)
            after = {
                s.show.title: describe_estimate(s.current) for s in library.snapshot(NOW).shows
            }
            library.mark(view.item.id, ReviewState.NEW, NOW)
            for title in view.item.mentions:
                if before.get(title) != after.get(title):
                    return view.item.id, title, after[title]
    raise AssertionError("no demo item moves an estimate when ignored")


async def select_an_item_that_moves_an_estimate(
    app: SeasonwatchApp, pilot: Pilot[Any], tmp_path: Path
) -> tuple[str, str, str]:
    """Open the dashboard on the show and the news item whose ignoring moves its
    estimate: (show, its estimate now, its estimate once the item is ignored)."""
    await open_dashboard(pilot)
    item_id, title, expected = an_item_that_moves_an_estimate(app, tmp_path / "scratch")
    board = app.board
    assert board is not None
    status = board.status(title)
    original = describe_estimate(status.current if status else None)
    shows(app).move_cursor(row=[s.show.title for s in board.shows].index(title) + 1)
    await settle(pilot)
    feed = news(app)
    feed.move_cursor(row=[v.item.id for v in feed.window.items].index(item_id))
    return title, original, expected


async def test_ignoring_an_item_changes_the_estimate_and_n_restores_it(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        title, original, expected = await select_an_item_that_moves_an_estimate(
            app, pilot, tmp_path
        )
        await pilot.press("i")
        await settle(pilot)
        after = app.board.status(title) if app.board else None
        assert describe_estimate(after.current if after else None) == expected
        assert after is not None
        row = tuple(c.plain for c in shows(app).get_row(title))
        assert row == tuple(c.plain for c in shows(app)._show_row(after))
        assert any(
            n.title == f"{title}: estimate changed" and n.message.endswith(expected)
            for n in notices(app)
        )
        await pilot.press("n")
        await settle(pilot)
        restored = app.board.status(title) if app.board else None
        assert describe_estimate(restored.current if restored else None) == original


async def test_marking_again_replaces_the_shows_estimate_toast(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        title, original, _ignored = await select_an_item_that_moves_an_estimate(
            app, pilot, tmp_path
        )
        for key in "inin":
            await pilot.press(key)
            await settle(pilot)
        changed = [n for n in notices(app) if n.title == f"{title}: estimate changed"]
        assert len(changed) == 1 and changed[0].message.endswith(original)  # the last word
        assert len(app.screen.query("Toast")) == len(notices(app))


async def test_o_opens_the_link(make_app: AppFactory, opener: RecordingOpener) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        item = news(app).current_item
        assert item is not None and item.item.link
        assert opener.opened == [item.item.link]
        await pilot.press("enter", "o")
        await settle(pilot)
        assert opener.opened == [item.item.link] * 2


async def test_a_long_link_is_cut_to_one_line_beside_its_hint_and_o_opens_it_whole(
    make_app: AppFactory, opener: RecordingOpener
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab")
        feed = news(app)
        feed.move_cursor(row=next(i for i, v in enumerate(feed.window.items) if v.item.claims))
        item = feed.current_item
        assert item is not None and item.item.link and len(item.item.link) > 100
        link = item.item.link
        await pilot.press("enter")
        await settle(pilot)
        line = app.screen.query_one("#item-link")
        assert line.size.height == 1
        shown = line.render_line(0).text.rstrip()
        site = "https://streamlinetv.example.org/"
        assert shown.startswith(site + "…") and shown.endswith("-streaming-now.html   o opens it")
        assert len(shown) <= line.size.width
        await pilot.press("o")
        await settle(pilot)
        assert opener.opened == [link]


async def test_slash_filters_the_news_and_escape_clears_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        everything = news(app).window.total
        await pilot.press("slash")
        field = app.screen.query_one(FilterInput)
        assert field.display and app.focused is field
        await pilot.press(*"cancel")
        await settle(pilot)
        window = news(app).window
        assert window.query.text == "cancel"
        assert 0 < window.total < everything
        assert all(
            "cancel" in f"{v.item.title} {v.item.feed_name}".casefold() for v in window.items
        )
        await pilot.press("q")  # typing, not quitting
        await settle(pilot)
        assert app.is_running and field.value == "cancelq"
        await pilot.press("backspace", "enter")
        assert app.focused is news(app)
        await pilot.press("escape")
        await settle(pilot)
        assert news(app).window.total == everything
        assert not app.screen.query_one(FilterInput).display


async def test_a_filter_that_matches_nothing_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("slash", *"zzzz")
        await settle(pilot)
        assert news(app).row_count == 0
        empty = app.screen.query_one("#news-empty")
        assert empty.display and "zzzz" in str(empty.visual)


async def test_question_mark_shows_every_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.visual) for w in app.screen.query("Static"))
        for words in (
            "Confirm",
            "Ignore",
            "Reset",
            "Open",
            "Poll",
            "Feed health",
            "Quit",
            "Filter",
            "Tab",
            "Enter",
            "j k",
            "Ctrl+P",
        ):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_f_shows_feed_health(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FeedHealthScreen)
        table = app.screen.query_one(FeedTable)
        assert table.row_count == len(app.config.feeds)
        assert {table.get_cell(f.url, "status").plain for f in app.config.feeds} == {"ok"}
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_item_keys_are_disabled_in_help(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("tab", "question_mark", "c")
        await settle(pilot)
        assert app.store.marks() == {}
        assert isinstance(app.screen, HelpScreen)
        assert not isinstance(Input, type(app.focused))


async def test_the_command_palette_lists_and_runs_commands(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"feed health")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedHealthScreen)
        await pilot.press("escape", "ctrl+p", *"show: daredevil")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShowDetailScreen)
        assert app.screen.show_title == "Daredevil"


async def test_a_show_with_a_long_explanation_opens_at_its_estimate(
    make_app: AppFactory,
) -> None:
    """The claims table has the keys, but the screen starts at the headline and timeline
    (focusing the table scrolled them away behind a long list of reasons)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        board = app.board
        assert board is not None
        longest = max(board.shows, key=lambda s: len(s.current.reasons) if s.current else 0)
        index = [s.show.title for s in board.shows].index(longest.show.title)
        shows(app).move_cursor(row=index + 1)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShowDetailScreen)
        scroll = screen.query_one("#show-scroll")
        assert scroll.max_scroll_y > 0  # longer than the screen: the case in question
        assert scroll.scroll_y == 0
        assert screen.focused is screen.query_one(ClaimTable)


async def test_the_news_list_grows_a_page_at_a_time(make_app: AppFactory) -> None:
    await store_many(make_app, 250, "Jessica Jones")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        feed = news(app)
        assert feed.row_count == PAGE and feed.window.total == 80 + 250
        await pilot.press("tab", "ctrl+end")
        await settle(pilot)
        assert feed.row_count == 2 * PAGE
        assert feed.cursor_row == PAGE - 1  # the cursor stays where it was
        assert "more below" in str(app.screen.query_one("#news-pane").border_subtitle)


async def test_a_theme_change_restyles_the_rows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot)
        title = app.config.shows[0].title
        before = shows(app).get_cell(title, "phase").style
        app.theme = "nord"
        await settle(pilot)
        after = shows(app).get_cell(title, "phase").style
        assert before != after
        assert news(app).row_count == (app.board.news.total if app.board else -1)


@pytest.mark.parametrize("size", [(40, 12), (60, 16), (240, 70)])
async def test_any_terminal_size_draws_every_screen(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_dashboard(pilot)
        for keys in (["j", "enter"], ["tab", "enter"], ["f"], ["question_mark"]):
            await pilot.press(*keys)
            await settle(pilot)
            assert app.screen is not None and app.is_running
            while not isinstance(app.screen, DashboardScreen):
                await pilot.press("escape")
            app.screen.query_one(ShowList).focus()
