"""``seasonwatch export ical``: every estimate with a window, for the user's calendar app.

The one management command that reads the store to send data out; the calendar itself
is written by ``ingest.ical``.
"""

from __future__ import annotations

import argparse
import sys

from ingest.commands import version
from ingest.config import resolve
from ingest.ical import write_calendar
from ingest.snapshot import estimate_all
from ingest.store import Store
from ingest.subcommands import CLOCK, SubParsers, command, plural, write_output


def export_ical(args: argparse.Namespace) -> int:
    """Every estimate with a window as an all-day calendar event."""
    loc = resolve(getattr(args, "config", None), getattr(args, "data_dir", None))
    now = CLOCK.now()
    with Store(loc.data_dir, writable=False, command="export") as store:
        stored = {item.id: item for item in store.items()}
        estimates = estimate_all(stored.values(), store.marks(), loc.config, now.date())
    calendar = write_calendar(estimates, stored, now, product=f"seasonwatch {version()}")
    write_output(calendar.data, args.output)
    summary = (
        f"{plural(calendar.events, 'event')}; {calendar.skipped} estimates without a "
        "known window left out"
    )
    if args.output and args.output != "-":
        print(f"wrote {summary} to {args.output}")
    else:
        print(f"seasonwatch: {summary}", file=sys.stderr)
    return 0


def register(sub: SubParsers, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``export`` and its formats to the ``seasonwatch`` parser."""
    export = command(
        sub,
        "export",
        None,
        "export the estimates (ical: an iCalendar file for your calendar app)",
        "  seasonwatch export ical --output ~/seasonwatch.ics",
    )
    formats = export.add_subparsers(
        dest="format", metavar="FORMAT", parser_class=parser_class, required=True
    )
    ical = command(
        formats,
        "ical",
        export_ical,
        "each season's premiere window as an all-day event (iCalendar, RFC 5545)",
        "  seasonwatch export ical --output ~/seasonwatch.ics\n"
        "  seasonwatch export ical > premieres.ics",
    )
    ical.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
