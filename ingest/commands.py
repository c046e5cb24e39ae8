"""The headless commands of SPEC.md: ingest, status, items, mark, feeds, claims.

Each takes the parsed arguments and returns an exit status; errors are raised as
``SeasonwatchError`` for ``ingest.cli`` to turn into one line and a status. Commands
that only show things open the store read-only (no lock, so they work while the
dashboard runs); commands that change it take the data folder's writer lock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from importlib import metadata
from typing import Any

from ingest.alerts import ChangeHook
from ingest.clock import SystemClock
from ingest.config import Location, resolve
from ingest.errors import ConfigError, UsageError
from ingest.poller import Poller
from ingest.records import FeedState, Mark, NewsItem
from ingest.report import feeds_rows, print_table, render_report
from ingest.reread import reread_if_stale
from ingest.snapshot import estimate_all
from ingest.store import Store
from ingest.wording import (
    describe_confidence,
    describe_phase,
    describe_season,
    describe_window,
)
from rules import Phase, ReviewState, SeasonEstimate, ShowMatcher, newest_per_show, read

CLOCK = SystemClock()


def version() -> str:
    """The installed version of seasonwatch."""
    try:
        return metadata.version("seasonwatch")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from exc


def location(args: argparse.Namespace) -> Location:
    """The config and data folder this invocation runs with."""
    return resolve(getattr(args, "config", None), getattr(args, "data_dir", None))


@contextmanager
def open_store(loc: Location, *, writable: bool, command: str) -> Iterator[Store]:
    """The store, with any problem found while opening reported on stderr."""
    store = Store(loc.data_dir, writable=writable, command=command)
    try:
        for warning in store.warnings:
            print(f"seasonwatch: warning: {warning}", file=sys.stderr)
        yield store
    finally:
        store.close()


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# --- ingest -----------------------------------------------------------------------


def ingest(args: argparse.Namespace) -> int:
    """Poll the feeds: one cycle with --once, else until interrupted."""
    loc = location(args)
    with open_store(loc, writable=True, command="ingest") as store:
        reread = reread_if_stale(store, loc.config.shows, CLOCK.now())
        if reread:  # the shows changed since the stored items were read
            print(f"seasonwatch: {reread.describe()}", file=sys.stderr)
        poller = Poller(loc.config, store, clock=CLOCK)
        hook = ChangeHook.from_config(loc.config, store, CLOCK.now().date())
        try:
            if args.once:
                return asyncio.run(_ingest_once(poller, store, hook))
            return asyncio.run(_ingest_forever(poller, store, hook))
        finally:
            poller.close()


async def _ingest_once(poller: Poller, store: Store, hook: ChangeHook | None = None) -> int:
    progress = _tty_progress if sys.stderr.isatty() and len(poller.config.feeds) >= 10 else None
    report = await poller.poll_once(force=True, progress=progress)
    if progress:
        print("\r\x1b[K", end="", file=sys.stderr)
    print(render_report(report, stored=len(store.item_ids()), now=CLOCK.now()))
    if hook:
        await hook.after_poll(report, CLOCK.now().date())
    every_feed_failed = report.outcomes and len(report.failed) == len(report.outcomes)
    return 1 if every_feed_failed else 0


def _tty_progress(outcome: object, done: int, total: int) -> None:
    print(f"\r\x1b[Kpolling feeds: {done}/{total}", end="", file=sys.stderr, flush=True)


async def _ingest_forever(poller: Poller, store: Store, hook: ChangeHook | None = None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(
        f"seasonwatch: ingesting {len(poller.config.feeds)} feeds from "
        f"{poller.config.source} into {store.data_dir}; Ctrl-C stops",
        flush=True,
    )
    while not stop.is_set():
        report = await poller.poll_once()
        if report.outcomes:
            now = CLOCK.now()
            stamp = now.astimezone().strftime("%H:%M:%S")
            summary = render_report(report, stored=len(store.item_ids()), now=now, brief=True)
            print(f"[{stamp}] {summary}", flush=True)
        if hook:
            await hook.after_poll(report, CLOCK.now().date())
        due = poller.next_due()
        wait = 1.0 if due is None else max(1.0, (due - CLOCK.now()).total_seconds())
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=wait)
    print("seasonwatch: stopped", flush=True)
    return 0


# --- status -----------------------------------------------------------------------


def status(args: argparse.Namespace) -> int:
    """One row per tracked show (its newest season), or every estimate as JSON."""
    loc = location(args)
    with open_store(loc, writable=False, command="status") as store:
        estimates = estimate_all(store.items(), store.marks(), loc.config, CLOCK.now().date())
    if args.json:
        _print_json([e.to_json() for e in estimates])
        return 0
    newest = newest_per_show(estimates)
    rows = [_status_row(show.title, newest.get(show.title)) for show in loc.config.shows]
    print_table(["SHOW", "SEASON", "PHASE", "PREMIERE", "CONFIDENCE"], rows)
    return 0


def _status_row(title: str, estimate: SeasonEstimate | None) -> list[str]:
    if estimate is None:
        return [title, "-", "unknown", "no news yet", "-"]
    window = "none" if estimate.phase is Phase.CANCELLED else describe_window(estimate.window)
    if estimate.derived and not estimate.window.is_open:
        window += " (derived)"
    return [
        title,
        describe_season(estimate.season),
        describe_phase(estimate.phase),
        window,
        describe_confidence(estimate.confidence),
    ]


# --- items ------------------------------------------------------------------------


def items(args: argparse.Namespace) -> int:
    """Stored items, newest first, filtered by show and review state."""
    loc = location(args)
    with open_store(loc, writable=False, command="items") as store:
        marks = store.marks()
        stored = store.items()
    wanted_show = _find_show(loc, args.show) if args.show else None
    rows = []
    for item in sorted(stored, key=lambda i: i.published, reverse=True):
        state = marks[item.id].state if item.id in marks else ReviewState.NEW
        if wanted_show and wanted_show not in item.mentions:
            continue
        if args.state and state.value != args.state:
            continue
        rows.append((item, state))
    if args.json:
        _print_json([_item_json(item, state) for item, state in rows])
        return 0
    print_table(
        ["ID", "PUBLISHED", "STATE", "FEED", "SHOWS", "TITLE"],
        [
            [
                item.id,
                item.published.date().isoformat(),
                state.value,
                item.feed_name,
                ", ".join(item.mentions),
                item.title,
            ]
            for item, state in rows
        ],
    )
    return 0


def _find_show(loc: Location, title: str) -> str:
    for show in loc.config.shows:
        if title.casefold() in (name.casefold() for name in show.names):
            return show.title
    known = ", ".join(s.title for s in loc.config.shows) or "none"
    raise ConfigError(
        f"{loc.config.source}: no tracked show is called {title!r} (tracked: {known})"
    )


def _item_json(item: NewsItem, state: ReviewState) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "link": item.link,
        "published": item.published.isoformat(),
        "feed": item.feed_name,
        "shows": list(item.mentions),
        "state": state.value,
        "claims": [claim.to_json() for claim in item.claims],
        "summary": item.summary,
        "first_seen": item.first_seen.isoformat(),
    }


# --- mark -------------------------------------------------------------------------


def mark(args: argparse.Namespace) -> int:
    """Record the user's decision on one item, and say what it does to its claims.

    Flat in the number of stored items: the item is found through the store's index
    and nothing else is read. What changes is told from the item's own claims (each
    one now counts, counts as confirmed, or no longer counts); ``status`` shows the
    estimates they feed, which the dashboard recomputes at once.
    """
    loc = location(args)
    with open_store(loc, writable=True, command="mark") as store:
        item_id = store.resolve_item_id(args.item_id)
        item = store.item(item_id)
        assert item is not None
        was = store.review_state(item_id)
        saved: Mark = store.set_mark(item_id, ReviewState(args.state), CLOCK.now())
    print(f"{item.id} is now {saved.state.value} (was {was.value}): {item.title}")
    for line in _claim_changes(item, was, saved.state, loc):
        print(f"  {line}")
    return 0


_WEIGHT = {
    ReviewState.NEW: "counts as unreviewed news",
    ReviewState.CONFIRMED: "counts as confirmed, ahead of unreviewed news",
    ReviewState.IGNORED: "no longer counts",
}


def _claim_changes(item: NewsItem, was: ReviewState, now: ReviewState, loc: Location) -> list[str]:
    tracked = {show.title for show in loc.config.shows}
    claims = [c for c in item.claims if c.show in tracked]
    if not claims:
        return ["no season claims about tracked shows: no estimate changes"]
    if was is now:
        return ["already in that state: no estimate changes"]
    weight = _WEIGHT[now]
    if now is ReviewState.NEW and was is ReviewState.IGNORED:
        weight = "counts again, as unreviewed news"
    lines = []
    for claim in claims:
        what = claim.kind.value
        if not claim.window.is_open:
            what += f" {describe_window(claim.window)}"
        label = f"{claim.show} {describe_season(claim.season)}"
        lines.append(f"{label}: {what} ({claim.certainty.value}) {weight}")
    lines.append("the new estimates: seasonwatch status")
    return lines


# --- feeds ------------------------------------------------------------------------


def feeds(args: argparse.Namespace) -> int:
    """Every configured feed with its polling state."""
    loc = location(args)
    with open_store(loc, writable=False, command="feeds") as store:
        states = store.feed_states()
    known = [states.get(f.url) or FeedState(url=f.url, name=f.name) for f in loc.config.feeds]
    if args.json:
        _print_json([_feed_json(state) for state in known])
        return 0
    headers, rows = feeds_rows(known, CLOCK.now())
    print_table(headers, rows)
    return 0


def _feed_json(state: FeedState) -> dict[str, Any]:
    data = state.to_json()
    data.pop("extra", None)
    data.pop("body_hash", None)
    return data


# --- claims -----------------------------------------------------------------------


def claims(args: argparse.Namespace) -> int:
    """Mentions and claims of text on stdin, by the configured shows."""
    loc = location(args)
    matcher = ShowMatcher(loc.config.shows)
    if not args.jsonl:
        published = args.published or CLOCK.now().date()
        print(json.dumps(read(sys.stdin.read(), published, matcher).to_json(), ensure_ascii=False))
        return 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        text, published = _jsonl_input(line, number)
        reading = read(text, published or args.published or CLOCK.now().date(), matcher)
        print(json.dumps(reading.to_json(), ensure_ascii=False), flush=True)
    return 0


def _jsonl_input(line: str, number: int) -> tuple[str, date | None]:
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError("expected an object with a text string")
        published = data.get("published")
        return data["text"], date.fromisoformat(published) if published else None
    except (ValueError, TypeError) as exc:
        raise UsageError(f"stdin line {number}: {exc}") from exc
