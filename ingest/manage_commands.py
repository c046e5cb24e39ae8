"""The headless commands that change what is tracked and move data in and out.

``init``, ``shows [list|add|remove]``, ``feeds add|remove|import|export`` and
``export ical``. ``register`` adds them to ``ingest.cli``'s parser; ``feeds`` is
already a command there (``seasonwatch feeds [--json]`` lists the feeds), so its
actions are optional sub-commands and the plain form keeps working unchanged.

Commands that edit the config edit the file the other commands read (``--config``,
``$SEASONWATCH_CONFIG``, the user config file). With none of those there is nothing
to edit — seasonwatch is running the embedded demo — and they say how to make one
(``seasonwatch init``) instead of silently creating it: a config copied from the demo
tracks the demo's shows, an empty one polls nothing, and only the user knows which
they want.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from ingest import manage
from ingest.clock import SystemClock
from ingest.commands import version
from ingest.config import CONFIG_ENV, Config, resolve, resolve_config_path, user_config_file
from ingest.errors import SeasonwatchError, StoreLockedError, UsageError
from ingest.ical import write_calendar
from ingest.opml import read_opml_file, write_opml
from ingest.report import print_table
from ingest.reread import reread_items
from ingest.snapshot import estimate_all
from ingest.store import Store, atomic_write

CLOCK = SystemClock()
Handler = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[Any]"


# --- where the config to edit is ----------------------------------------------------


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


def init_target(args: argparse.Namespace) -> Path:
    """Where ``init`` writes: --config, else $SEASONWATCH_CONFIG, else the user config file."""
    explicit = getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    return Path(explicit).expanduser() if explicit else user_config_file()


def _write_output(data: bytes, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output).expanduser()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise SeasonwatchError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- init ---------------------------------------------------------------------------


def init(args: argparse.Namespace) -> int:
    """Write the user's first config file."""
    path = init_target(args)
    config = manage.create_config(path, empty=args.empty, today=CLOCK.now().date())
    origin = "an empty config" if args.empty else "a copy of the demo"
    print(
        f"created {path}: {origin} "
        f"({_plural(len(config.feeds), 'feed')}, {_plural(len(config.shows), 'show')})"
    )
    print("next:")
    print('  seasonwatch shows add "Severance"           track a show')
    print("  seasonwatch feeds import subscriptions.opml  your feed reader's subscriptions")
    print("  seasonwatch ingest --once                   poll the feeds once")
    return 0


# --- shows --------------------------------------------------------------------------


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


# --- feeds --------------------------------------------------------------------------


def feeds_add(args: argparse.Namespace) -> int:
    """Add one feed."""
    path = editable_config(args)
    feed, _config = manage.add_feed(path, args.url, args.name)
    print(f"added feed {feed.name!r} ({feed.url}) to {path}; it is polled at the next ingest")
    return 0


def feeds_remove(args: argparse.Namespace) -> int:
    """Remove one feed; its items stay."""
    path = editable_config(args)
    feed, config = manage.remove_feed(path, args.feed)
    print(f"removed feed {feed.name!r} ({feed.url}) from {path}; the items it brought stay")
    data_dir = resolve(str(config.path), getattr(args, "data_dir", None)).data_dir
    try:
        with Store(data_dir, writable=True, command="feeds remove") as store:
            store.forget_feeds([feed.url])
    except StoreLockedError:
        pass  # its polling state is harmless; the next writer that cares drops it
    return 0


def feeds_import(args: argparse.Namespace) -> int:
    """Add the feeds of an OPML file, skipping those already configured."""
    path = editable_config(args)
    outlines = read_opml_file(Path(args.file))
    result = manage.add_feeds(path, [(o.url, o.title) for o in outlines], dry_run=args.dry_run)
    verb = "would add" if args.dry_run else "added"
    print(
        f"{args.file}: {_plural(len(outlines), 'feed')} listed; {verb} {len(result.added)}, "
        f"skipped {len(result.already)} already configured, {len(result.repeated)} listed twice, "
        f"{len(result.unusable)} unusable"
    )
    for feed in result.added:
        print(f"  {verb}: {feed.name} ({feed.url})")
    for url, why in result.unusable:
        print(f"  unusable: {why}" if url in why else f"  unusable: {url}: {why}")
    if result.added and not args.dry_run:
        print(f"saved in {path}; they are polled at the next ingest")
    return 0


def feeds_export(args: argparse.Namespace) -> int:
    """The configured feeds as OPML 2.0."""
    config = resolve(getattr(args, "config", None), getattr(args, "data_dir", None)).config
    _write_output(write_opml(config.feeds, CLOCK.now()), args.output)
    if args.output and args.output != "-":
        print(f"wrote {_plural(len(config.feeds), 'feed')} to {args.output} (OPML 2.0)")
    return 0


# --- export -------------------------------------------------------------------------


def export_ical(args: argparse.Namespace) -> int:
    """Every estimate with a window as an all-day calendar event."""
    loc = resolve(getattr(args, "config", None), getattr(args, "data_dir", None))
    now = CLOCK.now()
    with Store(loc.data_dir, writable=False, command="export") as store:
        stored = {item.id: item for item in store.items()}
        estimates = estimate_all(stored.values(), store.marks(), loc.config, now.date())
    calendar = write_calendar(estimates, stored, now, product=f"seasonwatch {version()}")
    _write_output(calendar.data, args.output)
    summary = (
        f"{_plural(calendar.events, 'event')}; {calendar.skipped} estimates without a "
        "known window left out"
    )
    if args.output and args.output != "-":
        print(f"wrote {summary} to {args.output}")
    else:
        print(f"seasonwatch: {summary}", file=sys.stderr)
    return 0


# --- the parser ---------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="config file")
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="store folder")


def _command(
    sub: SubParsers, name: str, handler: Handler | None, help_text: str, examples: str
) -> argparse.ArgumentParser:
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


def register(sub: SubParsers) -> None:
    """Add init, shows, export and the feeds actions to the ``seasonwatch`` parser."""
    parser_class = type(sub.choices["feeds"])
    init_cmd = _command(
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

    _shows(sub, parser_class)
    _feeds(sub, parser_class)

    export = _command(
        sub,
        "export",
        None,
        "export the estimates (ical: an iCalendar file for your calendar app)",
        "  seasonwatch export ical --output ~/seasonwatch.ics",
    )
    formats = export.add_subparsers(
        dest="format", metavar="FORMAT", parser_class=parser_class, required=True
    )
    ical = _command(
        formats,
        "ical",
        export_ical,
        "each season's premiere window as an all-day event (iCalendar, RFC 5545)",
        "  seasonwatch export ical --output ~/seasonwatch.ics\n"
        "  seasonwatch export ical > premieres.ics",
    )
    ical.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")


def _shows(sub: SubParsers, parser_class: type[argparse.ArgumentParser]) -> None:
    shows = _command(
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
    listing = _command(
        actions, "list", shows_list, "the tracked shows", "  seasonwatch shows list --json"
    )
    listing.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="JSON list instead of a table",
    )
    add = _command(
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
    remove = _command(
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


def _feeds(sub: SubParsers, parser_class: type[argparse.ArgumentParser]) -> None:
    feeds = sub.choices["feeds"]
    feeds.epilog = (
        "examples:\n"
        "  seasonwatch feeds --json\n"
        '  seasonwatch feeds add https://example.org/tv/feed/ --name "Example TV"\n'
        '  seasonwatch feeds remove "Example TV"\n'
        "  seasonwatch feeds import ~/Downloads/feedly.opml\n"
        "  seasonwatch feeds export --output seasonwatch.opml"
    )
    actions = feeds.add_subparsers(dest="feeds_action", metavar="ACTION", parser_class=parser_class)
    add = _command(
        actions,
        "add",
        feeds_add,
        "add a feed (an http(s) URL or a local file)",
        '  seasonwatch feeds add https://example.org/tv/feed/ --name "Example TV"\n'
        "  seasonwatch feeds add ./saved-feed.xml",
    )
    add.add_argument("url", metavar="URL", help="the feed's http(s) URL, or a local file")
    add.add_argument("--name", metavar="NAME", help="how seasonwatch names it (default: host)")
    remove = _command(
        actions,
        "remove",
        feeds_remove,
        "remove a feed by URL or name (the items it brought stay)",
        '  seasonwatch feeds remove "Example TV"\n'
        "  seasonwatch feeds remove https://example.org/tv/feed/",
    )
    remove.add_argument("feed", metavar="URL|NAME", help="the feed's URL (or path) or its name")
    opml_in = _command(
        actions,
        "import",
        feeds_import,
        "add the feeds of an OPML file (folders included, duplicates skipped)",
        "  seasonwatch feeds import subscriptions.opml\n"
        "  seasonwatch feeds import --dry-run subscriptions.opml\n"
        "  newsboat -e | seasonwatch feeds import -",
    )
    opml_in.add_argument("file", metavar="FILE", help="an OPML file, or - for stdin")
    opml_in.add_argument(
        "--dry-run", action="store_true", help="say what would be added, change nothing"
    )
    opml_out = _command(
        actions,
        "export",
        feeds_export,
        "write the configured feeds as OPML 2.0",
        "  seasonwatch feeds export --output seasonwatch.opml\n"
        "  seasonwatch feeds export > feeds.opml",
    )
    opml_out.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    # After add_subparsers: it builds the actions' own usage lines from this parser's.
    feeds.usage = (
        "seasonwatch feeds [--json]\n"
        "       seasonwatch feeds add URL [--name NAME]\n"
        "       seasonwatch feeds remove URL|NAME\n"
        "       seasonwatch feeds import FILE.opml [--dry-run]\n"
        "       seasonwatch feeds export [--output FILE]"
    )
