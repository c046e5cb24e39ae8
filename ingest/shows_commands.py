"""``seasonwatch shows [list|add|remove]``: the shows the user tracks.

Adding or removing a show edits the config (``ingest.manage``), then reads the stored
items again (``ingest.reread``) so the change reaches the news already kept at once —
or, while another process holds the store, when ``seasonwatch ingest`` next starts.
A removed show's items and the user's marks stay.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ingest import manage
from ingest.config import Config, resolve
from ingest.errors import StoreLockedError
from ingest.report import print_table
from ingest.reread import reread_items
from ingest.store import Store
from ingest.subcommands import CLOCK, SubParsers, command, editable_config


def shows_list(args: argparse.Namespace) -> int:
    """The tracked shows."""
    config = resolve(getattr(args, "config", None), getattr(args, "data_dir", None)).config
    if args.json:
        rows: list[dict[str, Any]] = [
            {"title": s.title, "aliases": list(s.aliases), "franchise": s.franchise}
            for s in config.shows
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print_table(
        ["TITLE", "ALIASES", "FRANCHISE"],
        [[s.title, ", ".join(s.aliases) or "-", s.franchise or "-"] for s in config.shows],
    )
    if config.is_demo:
        print("(the embedded demo's shows; 'seasonwatch init' makes them yours)", file=sys.stderr)
    return 0


def shows_add(args: argparse.Namespace) -> int:
    """Track a show, and find its mentions in the items already stored."""
    path = editable_config(args)
    config = manage.add_show(path, args.title, args.alias or (), args.franchise)
    show = config.shows[-1]
    also = f" (also known as {', '.join(repr(a) for a in show.aliases)})" if show.aliases else ""
    print(f"now tracking {show.title!r}{also} in {path}")
    _reread(args, config)
    print("feeds are read again for it at the next poll ('seasonwatch ingest --once' polls now)")
    return 0


def shows_remove(args: argparse.Namespace) -> int:
    """Stop tracking a show; its items and the user's marks stay."""
    path = editable_config(args)
    show, config = manage.remove_show(path, args.title)
    print(f"no longer tracking {show.title!r} (in {path}); its estimates are gone from status")
    print("its stored items and your marks stay: adding it again brings its estimates back")
    _reread(args, config)
    return 0


def _reread(args: argparse.Namespace, config: Config) -> None:
    data_dir = resolve(str(config.path), getattr(args, "data_dir", None)).data_dir
    try:
        store = Store(data_dir, writable=True, command="shows")
    except StoreLockedError as exc:
        print(f"seasonwatch: note: stored items not re-read now: {exc}", file=sys.stderr)
        print(
            "seasonwatch: note: they are re-read when 'seasonwatch ingest' next starts",
            file=sys.stderr,
        )
        return
    try:
        print(reread_items(store, config.shows, CLOCK.now()).describe())
    finally:
        store.close()


def register(sub: SubParsers, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``shows`` and its actions to the ``seasonwatch`` parser."""
    shows = command(
        sub,
        "shows",
        shows_list,
        "list, add or remove the shows you track",
        "  seasonwatch shows\n"
        '  seasonwatch shows add "Severance" --alias "Severance S2" --franchise "Apple TV+"\n'
        '  seasonwatch shows remove "Iron Fist"',
    )
    shows.add_argument("--json", action="store_true", help="JSON list instead of a table")
    actions = shows.add_subparsers(dest="shows_action", metavar="ACTION", parser_class=parser_class)
    listing = command(
        actions, "list", shows_list, "the tracked shows", "  seasonwatch shows list --json"
    )
    listing.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="JSON list instead of a table",
    )
    add = command(
        actions,
        "add",
        shows_add,
        "track a show; its mentions in stored news are found at once",
        '  seasonwatch shows add "Jessica Jones" --alias "Marvel\'s Jessica Jones"\n'
        '  seasonwatch shows add "The Bear" --franchise FX',
    )
    add.add_argument("title", metavar="TITLE", help="the show's title, as the news writes it")
    add.add_argument(
        "--alias",
        "-a",
        metavar="NAME",
        action="append",
        help="another name the news uses (repeatable)",
    )
    add.add_argument("--franchise", metavar="NAME", help="a group of related shows")
    remove = command(
        actions,
        "remove",
        shows_remove,
        "stop tracking a show (its items and your marks stay)",
        '  seasonwatch shows remove "Iron Fist"\n'
        '  seasonwatch shows remove "Marvel\'s Iron Fist"    an alias works too',
    )
    remove.add_argument("title", metavar="TITLE", help="the show's title or one of its aliases")
    # After add_subparsers: it builds the actions' own usage lines from this parser's.
    shows.usage = (
        "seasonwatch shows [list] [--json]\n"
        "       seasonwatch shows add TITLE [--alias NAME ...] [--franchise NAME]\n"
        "       seasonwatch shows remove TITLE"
    )
