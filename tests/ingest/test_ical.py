"""The calendar export, read back with the icalendar package (an independent reader)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from ingest.ical import event_uid, fold, write_calendar
from ingest.records import NewsItem
from rules import DateWindow, Phase, SeasonEstimate
from tests.ingest.test_cli import run

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _item(item_id: str, title: str, day: date, link: str | None) -> NewsItem:
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return NewsItem(
        id=item_id,
        feed_url="https://example.org/feed",
        feed_name="Example; TV, Inc.",
        title=title,
        summary="",
        link=link,
        guid=item_id,
        published=moment,
        first_seen=moment,
        updated_at=moment,
        content_hash="x",
        mentions=(),
        claims=(),
        rules_version="1",
    )


ITEMS = {
    "a1": _item(
        "a1",
        "Café Society, season 2; premiere\\set — «2027»\x07",
        date(2026, 1, 2),
        "https://example.org/news/a-very-long-path/that-goes-on-and-on/to-make-folding-happen",
    ),
    "b2": _item("b2", "Older news", date(2025, 6, 1), None),
}
ESTIMATES = (
    SeasonEstimate(
        show="Café Society",
        season=2,
        phase=Phase.RENEWED,
        window=DateWindow(date(2027, 1, 1), date(2027, 12, 31)),
        confidence=0.6,
        evidence=("a1", "b2"),
        reasons=("premiere window 2027 from item a1", "newer news superseded b2"),
    ),
    SeasonEstimate(
        show="Daredevil",
        season=3,
        phase=Phase.SCHEDULED,
        window=DateWindow(date(2018, 10, 19), date(2018, 10, 19)),
        confidence=0.9,
        evidence=("b2",),
    ),
    SeasonEstimate(
        show="Lost",
        season=None,
        phase=Phase.CANCELLED,
        window=DateWindow(None, None),
        confidence=0.8,
    ),
    SeasonEstimate(
        show="Open Ended",
        season=1,
        phase=Phase.RENEWED,
        window=DateWindow(date(2027, 1, 1), None),
        confidence=0.4,
    ),
)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert not calendar.errors
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert all(not e.errors for e in events.values())
    return events


def test_fuzzy_window_is_a_tentative_all_day_span() -> None:
    export = write_calendar(ESTIMATES, ITEMS, NOW)
    assert (export.events, export.skipped) == (2, 2)  # cancelled and open-ended left out
    event = _events(export.data)[event_uid("Café Society", 2)]
    assert event.decoded("DTSTART") == date(2027, 1, 1)
    assert event.decoded("DTEND") == date(2028, 1, 1)  # exclusive end: the whole of 2027
    assert str(event["STATUS"]) == "TENTATIVE" and str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]) == "Café Society S2 premiere window: 2027 (60%)"
    description = str(event["DESCRIPTION"])
    assert "Confidence: 60%." in description
    assert "- newer news superseded b2" in description
    lines = description.splitlines()
    assert lines[lines.index("Evidence:") + 1] == (
        "- 2026-01-02 Example; TV, Inc.: Café Society, season 2; premiere\\set — «2027» "
        "<https://example.org/news/a-very-long-path/that-goes-on-and-on/to-make-folding-happen>"
    )  # escaped and unescaped faithfully; the BEL control character is gone
    assert "- 2025-06-01 Example; TV, Inc.: Older news" in lines
    assert str(event["URL"]).startswith("https://example.org/news/")


def test_single_day_is_confirmed() -> None:
    event = _events(write_calendar(ESTIMATES, ITEMS, NOW).data)[event_uid("Daredevil", 3)]
    assert event.decoded("DTSTART") == date(2018, 10, 19)
    assert event.decoded("DTEND") == date(2018, 10, 20)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Daredevil S3 premieres"


def test_uids_are_stable_and_revisions_grow() -> None:
    first = _events(write_calendar(ESTIMATES, ITEMS, NOW).data)
    moved = (
        SeasonEstimate(
            show="Daredevil",
            season=3,
            phase=Phase.SCHEDULED,
            window=DateWindow(date(2018, 11, 1), date(2018, 11, 1)),
            confidence=0.9,
        ),
    )
    later = _events(write_calendar(moved, ITEMS, NOW + timedelta(hours=1)).data)
    uid = event_uid("Daredevil", 3)
    assert uid in first and uid in later
    assert later[uid].decoded("DTSTART") == date(2018, 11, 1)
    assert int(later[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
    assert event_uid("daredevil", 3) == uid != event_uid("Daredevil", 4)


def test_lines_are_crlf_and_folded_at_75_octets() -> None:
    data = write_calendar(ESTIMATES, ITEMS, NOW).data
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        line.decode("utf-8")  # never a UTF-8 character cut in two
    folded = fold("X:" + "é" * 100)
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert b"".join(p.removeprefix(b" ") for p in folded.split(b"\r\n")).decode() == (
        "X:" + "é" * 100
    )


def test_export_command_on_the_demo(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("ingest", "--once", "--data-dir", str(data)).returncode == 0
    out = tmp_path / "premieres.ics"
    result = run("export", "ical", "--output", str(out), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ") and str(out) in result.stdout
    events = _events(out.read_bytes())
    assert events, "the demo has estimates with windows"
    statuses = {str(e["STATUS"]) for e in events.values()}
    assert statuses <= {"CONFIRMED", "TENTATIVE"}
    to_stdout = run("export", "ical", "--data-dir", str(data))
    assert to_stdout.stdout.startswith("BEGIN:VCALENDAR")
    assert set(_events(to_stdout.stdout.replace("\n", "\r\n").encode())) == set(events)
    assert "left out" in to_stdout.stderr
