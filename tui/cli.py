"""The ``seasonwatch`` console command: the headless commands plus the dashboard.

It extends ``ingest.cli``'s parser with the commands that need the UI. Textual is
imported only when one of those runs, so ``seasonwatch status`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ingest.cli import build_parser, run
from ingest.commands import location
from tui import serve


def dashboard(args: argparse.Namespace) -> int:
    """Open the full-screen dashboard, with the ingester running inside it."""
    from tui.app import run_dashboard  # here, not at the top: keep Textual out of headless commands

    return run_dashboard(location(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``seasonwatch`` command."""
    parser, sub = build_parser()
    command = sub.add_parser(
        "dashboard",
        help="the full-screen dashboard (the default command)",
        description="The full-screen dashboard, with the ingester running in the background.",
        epilog="examples:\n  seasonwatch\n  seasonwatch dashboard --config ~/tv.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS)
    command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)
    command.set_defaults(handler=dashboard)
    serve.add_command(sub)
    return run(parser, argv, dashboard)


if __name__ == "__main__":
    sys.exit(main())
