"""What every management command shares: how it is declared, the config it edits, its output.

``init``, ``shows``, ``feeds`` and ``export`` each live in a module of their own
(``ingest.manage_commands`` lists them); this is the ground they stand on, in one
place so that they declare themselves alike (help, examples, ``--config`` and
``--data-dir``) and refuse alike to edit the embedded demo.

Commands that edit the config edit the file the other commands read (``--config``,
``$SEASONWATCH_CONFIG``, the user config file). With none of those there is nothing
to edit — seasonwatch is running the embedded demo — and they say how to make one
(``seasonwatch init``) instead of silently creating it: a config copied from the demo
tracks the demo's shows, an empty one polls nothing, and only the user knows which
they want.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from ingest.clock import SystemClock
from ingest.config import resolve_config_path, user_config_file
from ingest.errors import SeasonwatchError, UsageError
from ingest.store import atomic_write

CLOCK = SystemClock()
Handler = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[Any]"


def editable_config(args: argparse.Namespace) -> Path:
    """The config file this invocation edits; UsageError with the way out when it is the demo."""
    path = resolve_config_path(getattr(args, "config", None))
    if path is None:
        raise UsageError(
            "there is no config file to change: seasonwatch is running the embedded demo. "
            "Create yours first with 'seasonwatch init' (a copy of the demo) or "
            f"'seasonwatch init --empty' (it will be {user_config_file()}), then run this again"
        )
    return path


def write_output(data: bytes, output: str | None) -> None:
    """Write ``data`` to the file ``output`` (atomically), or to stdout for None or '-'."""
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output).expanduser()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise SeasonwatchError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def command(
    sub: SubParsers, name: str, handler: Handler | None, help_text: str, examples: str
) -> argparse.ArgumentParser:
    """Add the sub-command ``name``, with its examples and the common options."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"examples:\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    if handler:
        parser.set_defaults(handler=handler)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="config file")
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="store folder")
