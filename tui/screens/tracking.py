"""The dialogs that change what is tracked, in the order a user meets them.

``add_show``: (on the demo, first the offer of a config of one's own) → the form →
the change. ``remove_show``: (the same offer) → "Remove Daredevil?" → the change.
Each runs inside a worker of the calling screen (``push_screen_wait`` needs one) and
hands the change itself to the app (``ShowKeeper.change_tracking``), which applies it
off the UI thread and says what happened. Titles appear in questions only as literal
``Content``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, TypeVar

from textual.app import App
from textual.content import Content
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from ingest.config import Location, user_config_file
from tui.manage import (
    AddShow,
    OwnConfig,
    RemoveShow,
    ShowRequest,
    Tracked,
    TrackingChange,
    check_request,
    own_data_dir,
)
from tui.screens.confirm import ConfirmScreen
from tui.screens.show_form import ShowFormScreen
from tui.text import NAME_LIMIT, literal_line

T = TypeVar("T")


class ShowKeeper(Protocol):
    """What the dialogs need from the app."""

    location: Location
    """The config (and data folder) the dashboard runs on now."""

    def change_tracking(self, change: TrackingChange) -> Worker[Tracked | None]:
        """Apply a change off the UI thread; the worker's result is None when it failed."""
        ...


async def finished(worker: Worker[T]) -> T | None:
    """A worker's result, or None when it failed (the app has said why) or was cancelled."""
    try:
        return await worker.wait()
    except (WorkerFailed, WorkerCancelled):
        return None


async def add_show(app: App[object], keeper: ShowKeeper) -> str | None:
    """Ask for a show and track it; the title it is tracked under, or None."""
    if not await own_config(app, keeper):
        return None

    def check(request: ShowRequest) -> str | None:
        return check_request(keeper.location.config, request)

    request = await app.push_screen_wait(ShowFormScreen(check))
    if request is None:
        return None
    done = await finished(keeper.change_tracking(AddShow(request)))
    return done.added if done is not None else None


async def remove_show(app: App[object], keeper: ShowKeeper, title: str) -> bool:
    """Ask, then stop tracking ``title``; True when it was removed."""
    if not await own_config(app, keeper):
        return False
    if not await app.push_screen_wait(remove_question(title)):
        return False
    return await finished(keeper.change_tracking(RemoveShow(title))) is not None


def remove_question(title: str) -> ConfirmScreen:
    """ "Remove Daredevil?", with what stays."""
    question = Content.assemble("Remove ", literal_line(title, NAME_LIMIT, "bold"), "?")
    detail = Content("Its items and your marks stay; adding it back restores them.")
    return ConfirmScreen("Remove a show", question, detail, "Remove", "Keep it")


def shown_path(path: Path) -> str:
    """A path as a user writes it: under the home folder as ``~/…``."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


async def own_config(app: App[object], keeper: ShowKeeper) -> bool:
    """True when there is a config file to change; on the demo, offer to make one first.

    The offer is ``seasonwatch init``: a copy of the demo at the user config file,
    which the dashboard then runs on (see ``tui.manage.OwnConfig``).
    """
    location = keeper.location
    if not location.config.is_demo:
        return True
    path = user_config_file()
    data_dir = own_data_dir(location)
    if path.is_file():
        offer = Content.assemble(
            "Switch to your config at ", literal_line(shown_path(path), 300), "?"
        )
    else:
        offer = Content.assemble(
            "Create your own config at ",
            literal_line(shown_path(path), 300),
            ", a copy of the demo (its feeds and shows, yours to change), and switch to it?",
        )
    if data_dir != location.data_dir:
        offer = Content.assemble(
            offer,
            " Its news is kept in ",
            literal_line(shown_path(data_dir), 300),
            "; the demo's stays apart.",
        )
    question = Content.styled("The demo has no config file to change.", "bold")
    yes = "Switch" if path.is_file() else "Create and switch"
    screen = ConfirmScreen("Your own config", question, offer, yes, "Not now")
    if not await app.push_screen_wait(screen):
        app.notify(
            "Nothing changed. 'seasonwatch init' creates your config from the command line.",
            timeout=6,
            markup=False,
        )
        return False
    done = await finished(keeper.change_tracking(OwnConfig(path, data_dir)))
    return done is not None and not keeper.location.config.is_demo
