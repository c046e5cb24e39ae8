"""Changing what the dashboard tracks: add a show, remove one, start a config from the demo.

Each change is a frozen value whose ``apply`` runs in a worker thread while the app
holds its data lane and no poll runs (``SeasonwatchApp.change_tracking``). It edits the
config file in place through ``ingest.manage`` (the user's comments and layout stay),
re-reads the stored items with the new show list (``ingest.reread``) on the
dashboard's own store — the dashboard holds the writer lock, so no second ``Store`` is
opened on that folder — and brings the ``Library`` up to date. What it returns,
``Tracked``, is what the app runs on from then on, and what to tell the user.

The embedded demo has no file to edit. ``OwnConfig`` writes the user's config the way
``seasonwatch init`` does (a copy of the demo) and moves the dashboard onto it: onto
the data folder the next ``seasonwatch`` will open, so what the user sees now is what
they find next time. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ingest import manage
from ingest.config import Config, Location, load_config, user_data_dir
from ingest.errors import SeasonwatchError, UsageError
from ingest.reread import reread_if_stale, reread_items
from ingest.snapshot import Library
from ingest.store import Store
from tui.notices import Notice
from tui.text import NAME_LIMIT, count, one_line
from tui.view import describe_estimate

TITLE_LIMIT = 200
"""The longest show name the form takes (a title is one line of a table)."""


@dataclass(frozen=True, slots=True)
class ShowRequest:
    """What the user typed into the add-a-show form."""

    title: str
    aliases: tuple[str, ...] = ()
    franchise: str | None = None

    @classmethod
    def from_fields(cls, title: str, aliases: str, franchise: str) -> ShowRequest:
        """From the form's fields: aliases comma-separated, blanks dropped."""
        names = tuple(a.strip() for a in aliases.split(",") if a.strip())
        return cls(title, names, franchise.strip() or None)


def check_request(config: Config, request: ShowRequest) -> str | None:
    """Why the show cannot be added to ``config`` (``ingest.manage``'s words), or None."""
    try:
        manage.new_show(config, request.title, request.aliases, request.franchise)
    except UsageError as exc:
        return str(exc)
    return None


@dataclass(frozen=True, slots=True)
class Tracked:
    """What the dashboard runs on after a change, and what to tell the user."""

    location: Location
    library: Library
    """The Library to show: the same object, brought up to date, unless the store changed."""
    notices: tuple[Notice, ...]
    poll: bool = False
    """Poll every feed now: a new show's news may be in the feeds already."""
    added: str | None = None
    """The title of the show added, as the config holds it (cleaned)."""

    @property
    def store(self) -> Store:
        """The store the dashboard writes to (a new one after moving off the demo)."""
        return self.library.store


class TrackingChange(Protocol):
    """One change to what is tracked; ``apply`` runs in a worker thread."""

    @property
    def description(self) -> str:
        """What is being done, for a notice when it fails ("Adding Fargo")."""
        ...

    def apply(self, location: Location, library: Library, now: datetime) -> Tracked:
        """Make the change; the app holds the data lane and no poll runs meanwhile."""
        ...


def _path(location: Location) -> Path:
    path = location.config.path
    if path is None or location.config.is_demo:
        raise UsageError("the embedded demo has no config file to change; run 'seasonwatch init'")
    return path


def _retracked(location: Location, library: Library, config: Config, now: datetime) -> Location:
    """Re-read the stored items for ``config``'s shows and move the Library onto it."""
    result = reread_items(library.store, config.shows, now)
    library.retrack(config, result.changed_items)
    return Location(config, location.data_dir)


@dataclass(frozen=True, slots=True)
class AddShow:
    """Track a new show; its mentions are found in the stored items at once."""

    request: ShowRequest

    @property
    def description(self) -> str:
        return f"Adding {one_line(self.request.title, NAME_LIMIT)}"

    def apply(self, location: Location, library: Library, now: datetime) -> Tracked:
        request = self.request
        config = manage.add_show(_path(location), request.title, request.aliases, request.franchise)
        show = config.shows[-1]  # add_show appends it after the last show
        new_location = _retracked(location, library, config, now)
        status = library.show_status(show, now.date())
        title = one_line(show.title, NAME_LIMIT)
        verb = "mentions" if status.items == 1 else "mention"
        found = (
            f"{count(status.items, 'stored item')} {verb} it"
            if status.items
            else ("no stored item mentions it yet")
        )
        lines = [f"Added {title}: {found}."]
        if status.current is not None:
            lines.append(f"Estimate: {describe_estimate(status.current)}.")
        lines.append("Polling the feeds for its news now.")
        notice = Notice("\n".join(lines), "Show added")
        return Tracked(new_location, library, (notice,), poll=True, added=show.title)


@dataclass(frozen=True, slots=True)
class RemoveShow:
    """Stop tracking a show; its items and the user's marks stay in the store."""

    title: str

    @property
    def description(self) -> str:
        return f"Removing {one_line(self.title, NAME_LIMIT)}"

    def apply(self, location: Location, library: Library, now: datetime) -> Tracked:
        show, config = manage.remove_show(_path(location), self.title)
        items = library.show_status(show, now.date()).items
        new_location = _retracked(location, library, config, now)
        title = one_line(show.title, NAME_LIMIT)
        if items:
            message = f"Removed {title}: its {count(items, 'item')} and your marks stay; "
            message += "adding it back restores them."
        else:
            message = f"Removed {title}: no stored item mentioned it."
        return Tracked(new_location, library, (Notice(message, "Show removed"),))


def own_data_dir(location: Location) -> Path:
    """The data folder ``seasonwatch`` opens with the user's config.

    The demo keeps its data apart (``…/demo``) unless a folder was named; a named
    folder stays the same.
    """
    return user_data_dir() if location.data_dir == user_data_dir() / "demo" else location.data_dir


@dataclass(frozen=True, slots=True)
class OwnConfig:
    """Leave the demo: write the user's config (a copy of the demo) and run on it."""

    path: Path
    data_dir: Path

    @property
    def description(self) -> str:
        return f"Creating {self.path}"

    def apply(self, location: Location, library: Library, now: datetime) -> Tracked:
        if self.path.is_file():  # written since the dashboard started: use it as it is
            config, made = load_config(self.path), f"Switched to {self.path}"
        else:
            config = manage.create_config(self.path, today=now.date())
            made = f"Created {self.path} from the demo"
        what = f"{count(len(config.feeds), 'feed')}, {count(len(config.shows), 'show')}"
        if self.data_dir == location.data_dir:
            new_location = _retracked(location, library, config, now)
            notice = Notice(f"{made} ({what}); the dashboard runs on it now.", "Your config")
            return Tracked(new_location, library, (notice,))
        try:
            store = Store(self.data_dir, writable=True, command="dashboard")
        except SeasonwatchError as exc:
            notice = Notice(
                f"{made} ({what}), but the dashboard stays on the demo: {exc}. "
                "seasonwatch uses your config from its next start.",
                "Your config",
                "warning",
                15,
            )
            return Tracked(location, library, (notice,))
        try:
            reread_if_stale(store, config.shows, now)
            own = Library(config, store)
        except BaseException:
            store.close()
            raise
        notice = Notice(
            f"{made} ({what}); the dashboard runs on it now, with its data in "
            f"{self.data_dir} (the demo's stays in {location.data_dir}).",
            "Your config",
            timeout=12,
        )
        return Tracked(Location(config, self.data_dir), own, (notice,))
