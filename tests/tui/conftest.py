"""Fixtures for the dashboard tests: a demo store built once, apps that open nothing.

The demo store is the embedded demo config's sample feeds as once ingested with a
frozen clock (``tests/tui/demo_data.py``), written once per test process and copied
into each test's own ``tmp_path``, so tests can mark and poll freely and run in
parallel. Apps get a frozen clock, no poll timer, an empty keymap and a link
opener that records instead of starting a browser.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.notifications import Notification
from textual.pilot import Pilot

from ingest.clock import FrozenClock
from ingest.config import Location, demo_config
from ingest.store import Store
from tests.tui.demo_data import NOW, load_into
from tui.app import SeasonwatchApp, create_app
from tui.keymap import Keymap


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stored demo (``tests/tui/demo_data.py``) once per test process; copy it."""
    folder = tmp_path_factory.mktemp("demo-store") / "data"
    load_into(folder, demo_config())
    return folder


@pytest.fixture
def demo_location(tmp_path: Path, demo_template: Path) -> Location:
    """The demo config over this test's own copy of the demo store."""
    data_dir = tmp_path / "data"
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns("lock"))
    return Location(demo_config(), data_dir)


class RecordingOpener:
    """Stands in for the browser: remembers the links it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    async def __call__(self, app: App[Any], url: str) -> str:
        self.opened.append(url)
        return f"Opened {url}"


@pytest.fixture
def opener() -> RecordingOpener:
    """The link opener the test apps use."""
    return RecordingOpener()


AppFactory = Callable[..., SeasonwatchApp]


@pytest.fixture
def make_app(
    demo_location: Location, opener: RecordingOpener, tmp_path: Path
) -> Iterator[AppFactory]:
    """Builds dashboards over the demo store; closes them (and their stores) after."""
    apps: list[SeasonwatchApp] = []

    def build(location: Location | None = None, **options: Any) -> SeasonwatchApp:
        options.setdefault("clock", FrozenClock(NOW))
        options.setdefault("autopoll", False)
        options.setdefault("opener", opener)
        options.setdefault("keymap", Keymap(Path.home() / ".config/seasonwatch/keymap.toml"))
        app = create_app(location or demo_location, **options)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


async def store_many(make: AppFactory, count: int, show: str) -> None:
    """Add ``count`` items about ``show`` (hours apart, older than the demo's newest) to
    the demo store the apps of ``make`` open: a show with more news than a page."""
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.board is not None
        template = app.board.news.items[0].item
    app.close()
    many = [
        replace(
            template,
            id=f"{n:012x}",
            title=f"Item {n} about {show}",
            mentions=(show,),
            published=template.published - timedelta(hours=n),
        )
        for n in range(1, count + 1)
    ]
    with Store(app.store.data_dir, writable=True, command="test") as store:
        store.save_poll(many, [])


def notices(app: App[Any]) -> list[Notification]:
    """The notices the app has shown (Textual keeps them privately; tests read them here)."""
    return list(app._notifications)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished and the screen caught up (no sleeps)."""
    app = pilot.app
    for _ in range(20):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(w.is_finished for w in app.workers):
            return
    raise AssertionError("workers kept starting")


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (``@pytest.mark.anyio``) run on asyncio, as Textual does."""
    return "asyncio"
