"""Reading the stored items again when the tracked shows (or the rules) change.

A show added today is mentioned in news stored last month: the poller alone would
only find it in entries its feeds still carry (``reading_key`` makes unchanged feeds
be read again on the next poll). ``reread_items`` runs the rules over every stored
item with the current shows and stores the items whose mentions or claims changed,
in one atomic write through ``Store.save_poll``. Nothing is deleted: an item that
no longer mentions a tracked show stays stored (so the show's news is back at once
if it is tracked again), and the user's marks live apart and are never touched.

The data folder remembers which shows its items were read with (``reading.json``,
written under the writer lock), so ``reread_if_stale`` at the start of ``ingest``
or the dashboard catches up after a config edit made by hand, or made while another
seasonwatch held the data folder. It also makes a re-read cheap: only the shows that
changed since (added, removed, new aliases) can change a reading, so only items that
mention one of them, before or now, are read again; the rest cost one scan with a
matcher of the changed shows (about a sixth of a full read). Without that record, or
after a rules upgrade, every item is read.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from ingest.poller import reading_key
from ingest.records import NewsItem
from ingest.store import Store, atomic_write
from rules import RULES_VERSION, Show, ShowMatcher, read

READING_FILE = "reading.json"
"""In the data folder: the ``reading_key`` the stored items were last read with."""


@dataclass(frozen=True, slots=True)
class RereadResult:
    """What one pass over the stored items changed."""

    items: int
    """Stored items read."""
    changed: int
    """Of those, the ones whose mentions or claims changed (and were saved)."""
    found: dict[str, int] = field(default_factory=dict)
    """Per show title: items that mention it now and did not before."""
    lost: dict[str, int] = field(default_factory=dict)
    """Per show title: items that mentioned it before and do not now."""
    seconds: float = 0.0
    changed_items: tuple[NewsItem, ...] = ()
    """The changed items as saved (a process that keeps items in memory applies them)."""

    def describe(self) -> str:
        """One line for the user."""
        text = f"re-read {self.items} stored items in {self.seconds:.1f} s: {self.changed} changed"
        if self.found:
            text += "; newly found: " + ", ".join(
                f"{title} in {n} item{'s' if n != 1 else ''}"
                for title, n in sorted(self.found.items())
            )
        return text


def reread_items(store: Store, shows: Sequence[Show], now: datetime) -> RereadResult:
    """Read the stored items again with ``shows``; save those that changed."""
    began = time.perf_counter()
    matcher = ShowMatcher(shows)
    touched = _touched(_recorded(store), shows)
    probe = ShowMatcher([s for s in shows if s.title in touched]) if touched else None
    stored = store.items()
    changed: list[NewsItem] = []
    found: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for item in stored:
        if (
            touched is not None
            and item.rules_version == RULES_VERSION
            and not touched.intersection(item.mentions)
            and not (probe and probe.find(item.text))
        ):
            continue  # it names no show that changed: its reading cannot have changed
        reading = read(item.text, item.published.date(), matcher)
        if (
            reading.mentions == item.mentions
            and reading.claims == item.claims
            and item.rules_version == RULES_VERSION
        ):
            continue
        found.update(set(reading.mentions) - set(item.mentions))
        lost.update(set(item.mentions) - set(reading.mentions))
        changed.append(
            replace(
                item,
                mentions=reading.mentions,
                claims=reading.claims,
                rules_version=RULES_VERSION,
                updated_at=now,
            )
        )
    if changed:
        store.save_poll(changed, [])
    _remember(store, shows)
    return RereadResult(
        items=len(stored),
        changed=len(changed),
        found=dict(found),
        lost=dict(lost),
        seconds=time.perf_counter() - began,
        changed_items=tuple(changed),
    )


def is_stale(store: Store, shows: Sequence[Show]) -> bool:
    """True when the stored items were read with other shows or rules than these."""
    try:
        data = json.loads((store.data_dir / READING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return not isinstance(data, dict) or data.get("reading_key") != reading_key(shows)


def reread_if_stale(store: Store, shows: Sequence[Show], now: datetime) -> RereadResult | None:
    """``reread_items`` when needed (see ``is_stale``); None when the items are current."""
    if not store.writable or not is_stale(store, shows):
        return None
    if not store.item_ids():
        _remember(store, shows)
        return None
    return reread_items(store, shows, now)


def _recorded(store: Store) -> tuple[Show, ...] | None:
    """The shows the stored items were read with, if known and read by these rules."""
    try:
        data = json.loads((store.data_dir / READING_FILE).read_text(encoding="utf-8"))
        if data["rules_version"] != RULES_VERSION:
            return None
        return tuple(Show(title, tuple(aliases)) for title, aliases in data["shows"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _touched(previous: Sequence[Show] | None, shows: Sequence[Show]) -> set[str] | None:
    """Titles whose names changed between two show lists; None: assume all of them."""
    if previous is None:
        return None
    before = {s.title: s.aliases for s in previous}
    after = {s.title: s.aliases for s in shows}
    return {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}


def _remember(store: Store, shows: Sequence[Show]) -> None:
    if store.writable:
        record = {
            "reading_key": reading_key(shows),
            "rules_version": RULES_VERSION,
            "shows": [[s.title, list(s.aliases)] for s in shows],
        }
        atomic_write(store.data_dir / READING_FILE, json.dumps(record).encode())
