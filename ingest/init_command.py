"""``seasonwatch init``: the user's first config file, a copy of the demo or empty.

It is the one management command that writes a config where there was none, so it
decides where that file goes (``init_target``) rather than asking which file to edit.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ingest import manage
from ingest.config import CONFIG_ENV, user_config_file
from ingest.subcommands import CLOCK, SubParsers, command, plural


def init_target(args: argparse.Namespace) -> Path:
    """Where ``init`` writes: --config, else $SEASONWATCH_CONFIG, else the user config file."""
    explicit = getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    return Path(explicit).expanduser() if explicit else user_config_file()


def init(args: argparse.Namespace) -> int:
    """Write the user's first config file."""
    path = init_target(args)
    config = manage.create_config(path, empty=args.empty, today=CLOCK.now().date())
    origin = "an empty config" if args.empty else "a copy of the demo"
    print(
        f"created {path}: {origin} "
        f"({plural(len(config.feeds), 'feed')}, {plural(len(config.shows), 'show')})"
    )
    print("next:")
    print('  seasonwatch shows add "Severance"           track a show')
    print("  seasonwatch feeds import subscriptions.opml  your feed reader's subscriptions")
    print("  seasonwatch ingest --once                   poll the feeds once")
    return 0


def register(sub: SubParsers) -> None:
    """Add ``init`` to the ``seasonwatch`` parser."""
    init_cmd = command(
        sub,
        "init",
        init,
        "create your config file (a copy of the demo, or empty)",
        "  seasonwatch init            copy the demo: its sample feeds and six shows\n"
        "  seasonwatch init --empty    no feeds, no shows: add your own\n"
        "  seasonwatch init --config ~/tv.toml",
    )
    start = init_cmd.add_mutually_exclusive_group()
    start.add_argument(
        "--from-demo", action="store_true", help="copy the embedded demo (the default)"
    )
    start.add_argument("--empty", action="store_true", help="start with no feeds and no shows")
