"""Adding and removing shows from the dashboard (`a`, `d`), on a real config file and store.

Each test writes a user config in ``tmp_path`` (a copy of the demo, as ``seasonwatch
init`` makes it, with comments of the user's own) over a copy of the stored demo, and
drives the dashboard with Pilot: the file on disk, the store and the screen are checked.
"""

from __future__ import annotations

import contextlib
import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey
from textual.worker import WorkerCancelled, WorkerFailed

from ingest import manage
from ingest.config import Location, demo_config, load_config, user_config_file, user_data_dir
from ingest.store import Store
from rules import ReviewState
from tests.tui.conftest import AppFactory, notices
from tui.app import SeasonwatchApp
from tui.manage import ShowRequest, check_request
from tui.screens.confirm import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.show_form import ShowFormScreen
from tui.widgets.news_feed import NewsFeed
from tui.widgets.show_list import ShowList

pytestmark = pytest.mark.anyio

HEADER = "# my shows: hand-picked, do not lose this comment\n"
ABOVE_LUKE_CAGE = "# Harlem's hero — keep this one\n"


@pytest.fixture
def own_location(tmp_path: Path, demo_template: Path) -> Location:
    """A user config (the demo's copy, with the user's comments) over the stored demo."""
    path = tmp_path / "config" / "config.toml"
    manage.create_config(path)
    text = path.read_text(encoding="utf-8")
    text = HEADER + text.replace(
        '[[shows]]\ntitle = "Luke Cage"', f'{ABOVE_LUKE_CAGE}[[shows]]\ntitle = "Luke Cage"'
    )
    path.write_text(text, encoding="utf-8")
    data_dir = tmp_path / "own-data"
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns("lock"))
    return Location(load_config(path), data_dir)


def shows(app: SeasonwatchApp) -> ShowList:
    dashboard = next(s for s in app.screen_stack if isinstance(s, DashboardScreen))
    return dashboard.query_one(ShowList)


def titles(app: SeasonwatchApp) -> list[str]:
    return [s.show.title for s in app.board.shows] if app.board else []


def stored(app: SeasonwatchApp) -> Store:
    """The data folder as on disk, through a second, read-only store."""
    return Store(app.store.data_dir, writable=False)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker is done, or waits for the user's answer in a dialog.

    (The dialogs run in a worker of the dashboard that stays open while a form or a
    question is on screen, so ``conftest.settle`` would wait for ever there.)
    """
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        asking = isinstance(app.screen, ModalScreen)
        busy = [
            w
            for w in app.workers
            if not w.is_finished and not (asking and w.group == "show-dialog")
        ]
        if not busy:
            await pilot.pause()
            return
        for worker in busy:
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
    raise AssertionError("workers kept starting")


async def start(pilot: Pilot[Any]) -> SeasonwatchApp:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, SeasonwatchApp) and isinstance(app.screen, DashboardScreen)
    return app


async def fill_form(pilot: Pilot[Any], title: str, aliases: str = "", franchise: str = "") -> None:
    """Type into the add-a-show form, field by field, as a user does."""
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShowFormScreen)
    for value in (title, aliases, franchise):
        field = pilot.app.focused
        assert isinstance(field, Input)
        for char in value:
            await pilot.press("space" if char == " " else char)
        assert field.value == value
        await pilot.press("tab")
    await pilot.press("shift+tab")


def form_error(app: SeasonwatchApp) -> str:
    error = app.screen.query_one("#form-error", Static)
    return str(error.visual) if error.display else ""


def screen_text(app: SeasonwatchApp) -> str:
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    return html.unescape("".join(texts)).replace("\xa0", " ")


# --- adding -------------------------------------------------------------------------


async def test_a_adds_a_show_whose_mentions_are_found_in_the_stored_news(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    before_text = path.read_text(encoding="utf-8")
    with Store(own_location.data_dir, writable=False) as store:
        # Only an alias names it in the news already stored ("Finn Jones (Game of Thrones)").
        expected = {i.id for i in store.items() if "Game of Thrones" in i.text}
    assert len(expected) == 2
    app = make_app(own_location)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await fill_form(pilot, "Westeros Saga", "Game of Thrones, GoT", "Song of Ice and Fire")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)

        # The file: the new table after the last show, everything else as it was.
        after_text = path.read_text(encoding="utf-8")
        assert after_text.startswith(before_text)
        assert HEADER in after_text and ABOVE_LUKE_CAGE in after_text
        added = load_config(path).shows[-1]
        assert (added.title, added.aliases, added.franchise) == (
            "Westeros Saga",
            ("Game of Thrones", "GoT"),
            "Song of Ice and Fire",
        )

        # The screen: the show is listed and selected, its stored news with it.
        assert titles(app)[-1] == "Westeros Saga"
        assert shows(app).selected_title == "Westeros Saga"
        news = app.screen.query_one(NewsFeed).window
        assert news.query.show == "Westeros Saga"
        assert expected <= {v.item.id for v in news.items}
        said = [n for n in notices(app) if n.title == "Show added"]
        assert len(said) == 1
        assert said[0].message.startswith("Added Westeros Saga: 2 stored items mention it.")

        # The store: the two items mention it now; the poll after the add found more.
        with stored(app) as store:
            mentioning = {i.id for i in store.items() if "Westeros Saga" in i.mentions}
        assert expected < mentioning
        assert app.poller.config.shows[-1].title == "Westeros Saga"


async def test_the_form_refuses_an_empty_or_tracked_name_and_writes_nothing(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    before_text = path.read_text(encoding="utf-8")
    app = make_app(own_location)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ShowFormScreen)
        assert form_error(app) == "the title must not be empty"

        for char in "daredevil":
            await pilot.press(char)
        assert form_error(app) == ""  # typing clears it
        await pilot.press("enter")
        assert form_error(app) == f"'daredevil' is already tracked (in {path})"

        app.screen.query_one("#show-title", Input).value = "Hell's Kitchen"
        app.screen.query_one("#show-aliases", Input).value = "Marvel's Daredevil"
        await pilot.press("enter")
        assert form_error(app) == (
            f"\"Marvel's Daredevil\" is already a name of 'Daredevil' (in {path})"
        )
        assert isinstance(app.focused, Input) and app.focused.id == "show-title"

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert path.read_text(encoding="utf-8") == before_text
        assert not [n for n in notices(app) if n.title == "Show added"]


def test_the_form_checks_with_ingests_rules() -> None:
    config = demo_config()
    assert check_request(config, ShowRequest.from_fields(" ", "", "")) == (
        "the title must not be empty"
    )
    assert check_request(config, ShowRequest.from_fields("Fargo", "FX's Fargo, , ", "")) is None
    assert ShowRequest.from_fields("Fargo", " a ,b,, ", " ") == ShowRequest("Fargo", ("a", "b"))
    assert check_request(config, ShowRequest("Fargo", ("Fargo",))) == "'Fargo' is given twice"
    assert "already tracked" in (check_request(config, ShowRequest("jessica JONES")) or "")


async def test_an_add_that_fails_on_disk_is_a_notice(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    app = make_app(own_location)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await fill_form(pilot, "Fargo")
        path.write_text(path.read_text() + '[[shows]]\ntitle = "Fargo"\n')  # edited meanwhile
        await pilot.press("enter")
        await settle(pilot)
        failed = [n for n in notices(app) if n.title == "Adding Fargo failed"]
        assert failed and "'Fargo' is already tracked" in failed[0].message
        assert "Fargo" not in titles(app)


# --- removing ------------------------------------------------------------------------


async def test_d_removes_the_selected_show_after_asking_and_marks_stay(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    app = make_app(own_location)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("j", "j")  # Daredevil
        await settle(pilot)
        assert shows(app).selected_title == "Daredevil"
        item = app.screen.query_one(NewsFeed).window.items[0]
        app.mark(item.item.id, ReviewState.CONFIRMED)
        await settle(pilot)

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        asked = " ".join(str(w.visual) for w in app.screen.query(Static))
        assert "Remove Daredevil?" in asked
        assert "Its items and your marks stay; adding it back restores them." in asked
        await pilot.press("y")
        await settle(pilot)

        assert isinstance(app.screen, DashboardScreen)
        assert "Daredevil" not in titles(app)
        assert "Daredevil" not in [s.title for s in load_config(path).shows]
        text = path.read_text(encoding="utf-8")
        assert HEADER in text and ABOVE_LUKE_CAGE in text
        assert shows(app).selected_title == "Luke Cage"  # the next row
        assert app.screen.query_one(NewsFeed).window.query.show == "Luke Cage"
        said = [n.message for n in notices(app) if n.title == "Show removed"]
        assert said and said[0].startswith("Removed Daredevil: its ")
        with stored(app) as store:
            assert store.review_state(item.item.id) is ReviewState.CONFIRMED
            assert store.item(item.item.id) is not None
            assert not any("Daredevil" in i.mentions for i in store.items())

        # Adding it back restores its news and the mark.
        await fill_form(pilot, "Daredevil", "Marvel's Daredevil")
        await pilot.press("enter")
        await settle(pilot)
        news = app.screen.query_one(NewsFeed).window
        assert news.query.show == "Daredevil"
        back = news.find(item.item.id)
        assert back is not None and back.state is ReviewState.CONFIRMED


@pytest.mark.parametrize("answer", ["n", "escape"])
async def test_d_then_no_keeps_the_show(
    make_app: AppFactory, own_location: Location, answer: str
) -> None:
    path = own_location.config.path
    assert path is not None
    before_text = path.read_text(encoding="utf-8")
    app = make_app(own_location)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(answer)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert path.read_text(encoding="utf-8") == before_text
        assert titles(app) == [s.title for s in own_location.config.shows]


async def test_d_does_nothing_on_all_shows(make_app: AppFactory, own_location: Location) -> None:
    app = make_app(own_location)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert shows(app).selected_title is None
        assert app.screen.check_action("remove_show", ()) is None  # shown dimmed
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.check_action("remove_show", ()) is True


async def test_moving_down_the_shows_does_not_rebuild_the_footer(
    make_app: AppFactory, own_location: Location
) -> None:
    # Refreshing the bindings rebuilds the footer; a move between two shows changes
    # none of them (d stays possible), so it must not cost that on every key.
    app = make_app(own_location)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.check_action("remove_show", ()) is True
        footer = set(app.screen.query(FooterKey))
        assert footer
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert set(app.screen.query(FooterKey)) == footer
        await pilot.press("k", "k")  # back on All shows: d is off again
        await settle(pilot)
        assert app.screen.check_action("remove_show", ()) is None


# --- the demo -----------------------------------------------------------------------


async def test_on_the_demo_a_offers_a_config_of_ones_own_then_adds(
    make_app: AppFactory, demo_location: Location
) -> None:
    app = make_app()  # the embedded demo, its data in a named folder
    path = user_config_file()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        asked = " ".join(str(w.visual) for w in app.screen.query(Static))
        assert "The demo has no config file to change." in asked
        assert "~/.config/seasonwatch/config.toml" in asked
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not path.exists()
        assert any("seasonwatch init" in n.message for n in notices(app))

        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")  # yes: create it
        await settle(pilot)
        assert path.is_file() and app.config.path == path and not app.config.is_demo
        assert app.store.data_dir == demo_location.data_dir  # a named folder stays
        assert isinstance(app.screen, ShowFormScreen)  # and on to the form
        await pilot.press(*"Fargo", "enter")
        await settle(pilot)
        assert [s.title for s in load_config(path).shows][-1] == "Fargo"
        assert "Fargo" in titles(app)
        assert app.sub_title == str(path)


async def test_leaving_the_demo_moves_to_the_data_folder_the_next_start_uses(
    make_app: AppFactory, demo_template: Path
) -> None:
    demo_dir = user_data_dir() / "demo"  # where the demo keeps its data by default
    shutil.copytree(demo_template, demo_dir, ignore=shutil.ignore_patterns("lock"))
    app = make_app(Location(demo_config(), demo_dir))
    demo_store = app.store
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        asked = " ".join(str(w.visual) for w in app.screen.query(Static))
        assert "kept in ~/.local/share/seasonwatch; the demo's stays apart" in asked
        await pilot.press("y")
        await settle(pilot)
        assert app.store is not demo_store and app.store.data_dir == user_data_dir()
        Store(demo_dir, writable=True, command="test").close()  # the demo's lock is released
        assert isinstance(app.screen, ConfirmScreen)  # and on to "Remove …?"
        await pilot.press("n")
        await settle(pilot)
        assert app.config.path == user_config_file()
        assert titles(app) == [s.title for s in demo_config().shows]


# --- hostile names --------------------------------------------------------------------

HOSTILE = "[b]x[/b] [@click=app.quit] [/] [link=file:///etc/passwd]"


async def test_a_title_like_markup_is_shown_as_typed_and_runs_nothing(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    app = make_app(own_location)
    async with app.run_test(size=(160, 40)) as pilot:
        await start(pilot)
        await fill_form(pilot, HOSTILE)
        await pilot.press("enter")
        await settle(pilot)
        assert load_config(path).shows[-1].title == HOSTILE
        assert shows(app).selected_title == HOSTILE
        assert shows(app).get_cell(HOSTILE, "show").plain == HOSTILE
        text = screen_text(app)
        assert f"News · {HOSTILE}" in text
        assert any(n.message.startswith(f"Added {HOSTILE}:") for n in notices(app))

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Remove {HOSTILE}?" in screen_text(app)
        await pilot.click("#confirm-question", offset=(12, 0))  # no markup, no action
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert HOSTILE not in titles(app)
        assert app.is_running


async def test_control_characters_never_reach_the_config_or_the_screen(
    make_app: AppFactory, own_location: Location
) -> None:
    path = own_location.config.path
    assert path is not None
    app = make_app(own_location)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#show-title", Input).value = "Fargo\x1b]0;pwned\x07\u202e"
        await pilot.press("enter")
        await settle(pilot)
        assert load_config(path).shows[-1].title == "Fargo]0;pwned"
        assert shows(app).selected_title == "Fargo]0;pwned"  # found and selected
