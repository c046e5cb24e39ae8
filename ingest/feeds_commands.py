"""``seasonwatch feeds add|remove|import|export``: the feeds the user polls, and OPML.

``feeds`` is already a command of ``ingest.cli`` (``seasonwatch feeds [--json]`` lists
the feeds), so these actions are optional sub-commands of it and the plain form keeps
working unchanged. OPML is read and written by ``ingest.opml``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ingest import manage
from ingest.config import resolve
from ingest.errors import StoreLockedError
from ingest.opml import read_opml_file, write_opml
from ingest.store import Store
from ingest.subcommands import CLOCK, SubParsers, command, editable_config, plural, write_output


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
        f"{args.file}: {plural(len(outlines), 'feed')} listed; {verb} {len(result.added)}, "
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
    write_output(write_opml(config.feeds, CLOCK.now()), args.output)
    if args.output and args.output != "-":
        print(f"wrote {plural(len(config.feeds), 'feed')} to {args.output} (OPML 2.0)")
    return 0


def register(sub: SubParsers, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the actions of ``feeds`` (listing is ``ingest.commands.feeds``) to its parser."""
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
    add = command(
        actions,
        "add",
        feeds_add,
        "add a feed (an http(s) URL or a local file)",
        '  seasonwatch feeds add https://example.org/tv/feed/ --name "Example TV"\n'
        "  seasonwatch feeds add ./saved-feed.xml",
    )
    add.add_argument("url", metavar="URL", help="the feed's http(s) URL, or a local file")
    add.add_argument("--name", metavar="NAME", help="how seasonwatch names it (default: host)")
    remove = command(
        actions,
        "remove",
        feeds_remove,
        "remove a feed by URL or name (the items it brought stay)",
        '  seasonwatch feeds remove "Example TV"\n'
        "  seasonwatch feeds remove https://example.org/tv/feed/",
    )
    remove.add_argument("feed", metavar="URL|NAME", help="the feed's URL (or path) or its name")
    opml_in = command(
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
    opml_out = command(
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
