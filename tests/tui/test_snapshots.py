"""SVG snapshots of every screen at 80x24 and 160x48, over the demo store.

Deterministic: a frozen clock, the demo feeds ingested at that instant, no poll timer.
When the rules change what the demo's estimates say, look at the new screens and
accept them with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ingest.config import Location, demo_config
from tests.tui.conftest import AppFactory, settle
from tests.tui.demo_data import load_into
from tui.app import SeasonwatchApp
from tui.manage import check_request
from tui.screens.show_form import ShowFormScreen
from tui.screens.tracking import remove_question
from tui.widgets.news_feed import NewsFeed

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
Snap = Callable[..., bool]


def app_of(pilot: Pilot[Any]) -> SeasonwatchApp:
    app = pilot.app
    assert isinstance(app, SeasonwatchApp)
    return app


async def dashboard(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def news_focused(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("tab", "j", "j")
    await settle(pilot)


async def item_detail(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    feed = app_of(pilot).screen.query_one(NewsFeed)
    feed.focus()
    feed.move_cursor(row=next(i for i, v in enumerate(feed.window.items) if v.item.claims))
    await pilot.press("enter")
    await settle(pilot)


async def show_detail(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)


async def feed_health(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def help_screen(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def add_show_form(pilot: Pilot[Any]) -> None:
    """The form with a name that is taken, and what it says about it."""
    await settle(pilot)
    app = app_of(pilot)
    app.push_screen(ShowFormScreen(lambda request: check_request(app.config, request)))
    await pilot.pause()
    app.screen.query_one("#show-title", Input).value = "Daredevil"
    app.screen.query_one("#show-aliases", Input).value = "Hell's Kitchen, DD"
    await pilot.press("enter")
    await pilot.pause()


async def remove_show(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app_of(pilot).push_screen(remove_question("Daredevil"))
    await pilot.pause()


async def leave_the_demo(pilot: Pilot[Any]) -> None:
    """`a` on the demo: the offer of a config of one's own (the dialog waits for an answer)."""
    await settle(pilot)
    await pilot.press("a")
    for _ in range(3):
        await pilot.pause()


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "dashboard": dashboard,
    "news": news_focused,
    "item": item_detail,
    "show": show_detail,
    "feeds": feed_health,
    "help": help_screen,
    "add-show": add_show_form,
    "remove-show": remove_show,
    "own-config": leave_the_demo,
}


PRINTS_FEED_LOCATIONS = {"feeds"}


@pytest.fixture
def portable_location(tmp_path: Path) -> Location:
    """The demo with its feeds at fixed URLs instead of this checkout's absolute paths.

    The feed screen prints every feed's location; a path into the checkout would make
    its snapshot differ in every clone (CI runs in another folder).
    """
    demo = demo_config()
    feeds = tuple(
        replace(feed, url=f"https://feeds.example.org/{Path(feed.url).name}") for feed in demo.feeds
    )
    config = replace(demo, feeds=feeds)
    load_into(tmp_path / "portable", config)
    return Location(config, tmp_path / "portable")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(
    snap_compare: Snap,
    make_app: AppFactory,
    portable_location: Location,
    screen: str,
    size: tuple[int, int],
) -> None:
    app = make_app(portable_location) if screen in PRINTS_FEED_LOCATIONS else make_app()
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])
