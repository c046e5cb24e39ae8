"""The headless commands that change what is tracked and move data in and out.

``init``, ``shows [list|add|remove]``, ``feeds add|remove|import|export`` and
``export ical``, one family a module: ``ingest.init_command``,
``ingest.shows_commands``, ``ingest.feeds_commands`` and ``ingest.export_commands``,
on the common ground of ``ingest.subcommands`` (how a command is declared, which
config it may edit, where its output goes). ``register`` adds them to
``ingest.cli``'s parser; ``feeds`` is already a command there (``seasonwatch feeds
[--json]`` lists the feeds), so its actions are optional sub-commands and the plain
form keeps working unchanged.
"""

from __future__ import annotations

from ingest import export_commands, feeds_commands, init_command, shows_commands
from ingest.subcommands import SubParsers


def register(sub: SubParsers) -> None:
    """Add init, shows, export and the feeds actions to the ``seasonwatch`` parser."""
    parser_class = type(sub.choices["feeds"])
    init_command.register(sub)
    shows_commands.register(sub, parser_class)
    feeds_commands.register(sub, parser_class)
    export_commands.register(sub, parser_class)
