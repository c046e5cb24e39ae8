"""Season estimates as an iCalendar file (RFC 5545) a calendar app can import or subscribe to.

Each estimate with a known premiere window (both bounds) becomes one all-day event:

- a window of one day is a ``CONFIRMED`` event on that day;
- a wider window ("2018", "spring 2019") is a ``TENTATIVE`` event spanning it, marked
  free (``TRANSP:TRANSPARENT``) so a year-long bar never blocks anyone's calendar;
- the description says the phase, window, confidence and why, and lists the evidence
  with its links; ``URL`` is the newest evidence link.

Cancelled seasons and open windows ("2018 or later") have no day to put an event on
and are left out. The ``UID`` is a digest of (show, season), so exporting again
updates the same events instead of adding copies; ``SEQUENCE`` grows with the export
time, so an app that compares revisions takes the newer one.

The text is written here rather than with a library: the format is small, and the
tests check it with the ``icalendar`` package, an independent reader. Lines end in
CRLF and are folded at 75 octets without splitting a UTF-8 character; text values
are escaped (backslash, semicolon, comma, newline) and stripped of control characters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ingest.records import NewsItem
from ingest.wording import describe_confidence, describe_phase, describe_season, describe_window
from rules import Phase, SeasonEstimate

LINE_OCTETS = 75
EVIDENCE_LIMIT = 12
"""Evidence items listed per event (newest first); the rest are counted."""
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class CalendarExport:
    """An iCalendar document and what it left out."""

    data: bytes
    events: int
    skipped: int
    """Estimates without a known window (or cancelled): no event."""


def event_uid(show: str, season: int | None) -> str:
    """The event's UID: the same (show, season) always gets the same one."""
    key = f"{show.casefold()}\x00{season if season is not None else 'show'}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return f"season-{digest}@seasonwatch"


def has_event(estimate: SeasonEstimate) -> bool:
    """Whether the estimate can be put in a calendar (both bounds known, not cancelled)."""
    window = estimate.window
    return (
        estimate.phase is not Phase.CANCELLED
        and window.earliest is not None
        and window.latest is not None
    )


def write_calendar(
    estimates: Iterable[SeasonEstimate],
    items: Mapping[str, NewsItem],
    now: datetime,
    product: str = "seasonwatch",
) -> CalendarExport:
    """The iCalendar document of every estimate that has a window."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//seasonwatch//{_text(product)}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:seasonwatch premieres",
        "X-WR-CALDESC:Estimated premiere windows of the shows seasonwatch tracks",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    events = skipped = 0
    for estimate in sorted(estimates, key=lambda e: (e.show, e.season or 0)):
        if not has_event(estimate):
            skipped += 1
            continue
        lines += _event(estimate, items, now)
        events += 1
    lines.append("END:VCALENDAR")
    return CalendarExport(b"".join(fold(line) for line in lines), events, skipped)


def _event(estimate: SeasonEstimate, items: Mapping[str, NewsItem], now: datetime) -> list[str]:
    start, end = estimate.window.earliest, estimate.window.latest
    assert start is not None and end is not None
    exact = start == end and not estimate.derived
    evidence = sorted(
        (items[i] for i in estimate.evidence if i in items),
        key=lambda item: item.published,
        reverse=True,
    )
    stamp = _utc(now)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(estimate.show, estimate.season)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{max(0, int((now - _SEQUENCE_EPOCH).total_seconds() // 60))}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(end + timedelta(days=1))}",
        f"SUMMARY:{_text(_summary(estimate, exact))}",
        f"DESCRIPTION:{_text(_description(estimate, evidence, exact))}",
        f"STATUS:{'CONFIRMED' if exact else 'TENTATIVE'}",
        f"TRANSP:{'OPAQUE' if exact else 'TRANSPARENT'}",
        f"CATEGORIES:{_text('seasonwatch')},{_text(describe_phase(estimate.phase))}",
    ]
    link = next((item.link for item in evidence if item.link), None)
    if link:
        lines.append(f"URL:{_CONTROL.sub('', link)}")
    lines.append("END:VEVENT")
    return lines


def _summary(estimate: SeasonEstimate, exact: bool) -> str:
    who = estimate.show if estimate.season is None else f"{estimate.show} S{estimate.season}"
    if exact:
        verb = "premiered" if estimate.phase is Phase.PREMIERED else "premieres"
        return f"{who} {verb}"
    window = describe_window(estimate.window)
    return f"{who} premiere window: {window} ({describe_confidence(estimate.confidence)})"


def _description(estimate: SeasonEstimate, evidence: Sequence[NewsItem], exact: bool) -> str:
    window = describe_window(estimate.window)
    lines = [
        f"{estimate.show} {describe_season(estimate.season)}: {describe_phase(estimate.phase)}.",
        f"Premiere: {window}" + ("" if exact else " (tentative: the news gives a window)") + ".",
        f"Confidence: {describe_confidence(estimate.confidence)}.",
    ]
    if estimate.derived:
        lines.append("The window is derived from production or wrap news with typical lags.")
    if estimate.reasons:
        lines += ["", "Why:", *(f"- {reason}" for reason in estimate.reasons)]
    if evidence:
        lines += ["", "Evidence:"]
        for item in evidence[:EVIDENCE_LIMIT]:
            entry = f"- {item.published.date().isoformat()} {item.feed_name}: {item.title}"
            lines.append(entry + (f" <{item.link}>" if item.link else ""))
        if len(evidence) > EVIDENCE_LIMIT:
            lines.append(f"- and {len(evidence) - EVIDENCE_LIMIT} more")
    return "\n".join(lines)


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11); newlines become ``\\n``."""
    lines = value.replace("\r\n", "\n").split("\n")
    cleaned = [_CONTROL.sub("", line) for line in lines]
    escaped = [
        line.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,") for line in cleaned
    ]
    return "\\n".join(escaped)


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets (never inside a UTF-8 character), CRLF-ended."""
    raw = line.encode("utf-8")
    parts = []
    while len(raw) > LINE_OCTETS:
        cut = LINE_OCTETS
        while (raw[cut] & 0xC0) == 0x80:  # a continuation byte: back up to the character start
            cut -= 1
        parts.append(raw[:cut])
        raw = b" " + raw[cut:]
    parts.append(raw)
    return b"\r\n".join(parts) + b"\r\n"
