"""Another list of news (a show selected) starts with two screens of items, then grows.

Every row a table is given is built and measured, shown or not, so moving to a show
with hundreds of items lists what two screens show, not a page of ``PAGE``; the list
grows by ``PAGE`` as the cursor reaches its end, as the first list does.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import AppFactory, settle, store_many
from tui.app import FIRST_PAGE_MIN, SeasonwatchApp
from tui.view import PAGE
from tui.widgets.news_feed import NewsFeed

pytestmark = pytest.mark.anyio

SHOW = "Jessica Jones"


def news(app: SeasonwatchApp) -> NewsFeed:
    return app.screen.query_one(NewsFeed)


async def test_a_show_with_many_items_lists_two_screens_then_grows(make_app: AppFactory) -> None:
    await store_many(make_app, 250, SHOW)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [s.title for s in app.config.shows]
        for _ in range(titles.index(SHOW) + 1):
            await pilot.press("j")
        await settle(pilot)
        feed = news(app)
        first = max(FIRST_PAGE_MIN, 2 * feed.size.height)
        assert feed.window.query.show == SHOW
        assert feed.window.total > 250
        assert feed.row_count == first < PAGE
        await pilot.press("tab", "ctrl+end")
        await settle(pilot)
        assert feed.row_count == first + PAGE
        assert feed.cursor_row == first - 1  # the cursor stays where it was
        await pilot.press("shift+tab", "k")  # back to the first list: it starts small too
        await settle(pilot)
        assert feed.window.query.show != SHOW and feed.row_count <= first
