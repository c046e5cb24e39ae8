"""The command line: argument parsing, error-to-exit-status mapping, and dispatch.

The headless commands live in ``ingest.commands``; the UI package adds its own
(``dashboard``, ``serve``) through ``build_parser``'s returned subparsers, so this
module never imports the UI and ``seasonwatch status`` never loads Textual.

Exit status: 0 success, 2 bad usage or bad config (one line naming the file and the
problem), 1 any other failure. No traceback reaches the user for a user error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from ingest import commands, manage_commands
from ingest.errors import ConfigError, SeasonwatchError, UsageError

Handler = Callable[[argparse.Namespace], int]

EPILOG = """\
examples:
  seasonwatch                          open the dashboard (the offline demo if no config)
  seasonwatch ingest --once            poll every feed once and print a summary
  seasonwatch status                   one row per show: phase, premiere window, confidence
  seasonwatch items --show "Daredevil" --state new
  seasonwatch mark 3fa2c1 confirmed    same as pressing c on an item in the dashboard
  echo "Season 2 may air in 2018" | seasonwatch claims --published 2017-03-24
  seasonwatch init                     make the demo's config yours (then edit it)
  seasonwatch shows add "Severance"    track a show; feeds import/export OPML likewise
  seasonwatch export ical -o tv.ics    premiere windows for your calendar app

config: --config FILE, else $SEASONWATCH_CONFIG, else the user config file, else the demo.
data:   --data-dir DIR, else $SEASONWATCH_DATA, else the user data folder.
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line plus a hint, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _common_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS so "--config X status" is not undone.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument("--config", metavar="FILE", default=default, help="config file (TOML)")
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="folder for the store")


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[_Parser]]:
    """The parser with every headless command; callers may add more subcommands."""
    parser = _Parser(
        prog="seasonwatch",
        description="Watch entertainment news and estimate when the next season of each "
        "show you follow arrives.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {commands.version()}")
    _common_options(parser, sub=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Handler, help_text: str, example: str) -> argparse.ArgumentParser:
        command = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _common_options(command, sub=True)
        command.set_defaults(handler=handler)
        return command

    ingest = add(
        "ingest",
        commands.ingest,
        "poll the feeds (forever, or --once)",
        "seasonwatch ingest --once",
    )
    ingest.add_argument("--once", action="store_true", help="one poll cycle, a summary, exit")

    status = add(
        "status",
        commands.status,
        "one row per show: phase, window, confidence",
        "seasonwatch status --json",
    )
    status.add_argument("--json", action="store_true", help="every (show, season) as JSON")

    items = add(
        "items",
        commands.items,
        "stored news items that mention tracked shows",
        'seasonwatch items --show "Jessica Jones" --state new',
    )
    items.add_argument("--show", metavar="TITLE", help="only items that mention this show")
    items.add_argument(
        "--state", choices=["new", "confirmed", "ignored"], help="only items in this review state"
    )
    items.add_argument("--json", action="store_true", help="JSON list instead of a table")

    mark = add(
        "mark",
        commands.mark,
        "confirm, ignore or reset one item (by id or id prefix)",
        "seasonwatch mark 3fa2c1 confirmed",
    )
    mark.add_argument("item_id", metavar="ITEM_ID")
    mark.add_argument("state", choices=["confirmed", "ignored", "new"])

    feeds = add(
        "feeds",
        commands.feeds,
        "every configured feed and how its polling goes",
        "seasonwatch feeds --json",
    )
    feeds.add_argument("--json", action="store_true", help="JSON list instead of a table")

    claims = add(
        "claims",
        commands.claims,
        "read text on stdin, print its mentions and claims",
        "seasonwatch claims --published 2017-03-24 < article.txt",
    )
    claims.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        type=commands.iso_date,
        help="the text's publication date (default: today)",
    )
    claims.add_argument(
        "--jsonl", action="store_true", help='each stdin line is {"published": ..., "text": ...}'
    )
    manage_commands.register(sub)
    return parser, sub


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None, default: Handler) -> int:
    """Parse ``argv`` and run its handler (``default`` when no command is given)."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    handler: Handler = getattr(args, "handler", default)
    try:
        return handler(args)
    except (ConfigError, UsageError) as exc:
        print(f"seasonwatch: {exc}", file=sys.stderr)
        return 2
    except SeasonwatchError as exc:
        print(f"seasonwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("seasonwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1  # the reader of our output went away (| head); nothing to tell


def main(argv: Sequence[str] | None = None) -> int:
    """Headless entry point (no dashboard): ``python -m ingest``."""
    parser, _sub = build_parser()

    def no_command(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return run(parser, argv, no_command)
