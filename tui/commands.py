"""The command palette (Ctrl+P): every seasonwatch action by name, and every show.

Built from ``tui.keys`` so each key binding is also a command, plus "Show: <title>"
for each tracked show. Show titles come from the user's config and are displayed as
literal ``Content``: the palette reads plain strings as markup, and Textual's own
fuzzy highlighter parses its candidate as markup too, so this module highlights
matches itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui import keys
from tui.text import NAME_LIMIT, one_line


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One entry of the palette."""

    name: str
    help: str
    """Static text only: the palette parses it as markup."""
    callback: Callable[[], object]


class CommandHost(Protocol):
    """What the palette needs from the app."""

    def tracked_titles(self) -> tuple[str, ...]:
        """The configured show titles, in config order."""
        ...

    def open_show(self, title: str) -> None:
        """Open a show's estimate."""
        ...

    def run_palette_action(self, action: str) -> None:
        """Run an action the way its key would, on the current screen."""
        ...


ACTION_NAMES = {
    "item.confirm": "Confirm the selected item",
    "item.ignore": "Ignore the selected item",
    "item.reset": "Reset the selected item to new (undo)",
    "item.open": "Open the selected item's link",
    "app.poll": "Poll every feed now",
    "app.feeds": "Feed health",
    "app.help": "Help: every key",
    "app.quit": "Quit seasonwatch",
    "news.filter": "Filter the news",
    "shows.add": "Add a show",
    "shows.remove": "Remove the selected show",
}


def palette_commands(host: CommandHost, screen: object = None) -> list[PaletteCommand]:
    """Every command the palette offers over ``screen``.

    The app's keys always; the dashboard's own keys (filter, add and remove a show)
    when ``screen`` has their action, or always when ``screen`` is None.
    """
    here = [
        b
        for b in keys.DASHBOARD
        if b.id in ACTION_NAMES
        and (screen is None or hasattr(screen, f"action_{b.action.split('(', 1)[0]}"))
    ]
    commands = [
        PaletteCommand(
            ACTION_NAMES.get(b.id or "", b.description),
            b.tooltip,
            partial(host.run_palette_action, b.action),
        )
        for b in [*keys.APP, *here]
    ]
    for title in host.tracked_titles():
        commands.append(
            PaletteCommand(
                f"Show: {one_line(title, NAME_LIMIT)}",
                "The show's estimate, its timeline and the claims behind it",
                partial(host.open_show, title),
            )
        )
    return commands


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate as literal Content with the matched characters styled."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SeasonwatchCommands(Provider):
    """seasonwatch's actions and shows for the command palette."""

    def _commands(self) -> Iterator[PaletteCommand]:
        host = self.app
        if hasattr(host, "tracked_titles"):
            yield from palette_commands(host, self.screen)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        """Everything, before the user types."""
        for command in self._commands():
            yield DiscoveryHit(
                Content(command.name), command.callback, text=command.name, help=command.help
            )

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches ``query``."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, command.name),
                    command.callback,
                    text=command.name,
                    help=command.help,
                )
