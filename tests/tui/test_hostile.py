"""Hostile feed text is shown as text: no markup, no actions, no escape sequences.

The store is written directly (as a hand-edited or older store could be), so these
strings reach the UI without the ingester's cleaning: the dashboard must hold on its
own. Each title is rendered literally and clicking it runs nothing; a real terminal
(a pty) never receives an escape sequence that came from a feed.
"""

from __future__ import annotations

import html
import os
import re
import select
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.config import Config, FeedConfig, Location
from ingest.plaintext import strip_unsafe
from ingest.records import FeedState, FeedStatus, NewsItem
from ingest.store import Store
from rules import Certainty, Claim, ClaimKind, DateWindow, Show
from tests.tui.conftest import NOW, AppFactory, settle
from tests.tui.ptys import spawn
from tui.app import SeasonwatchApp
from tui.screens.feed_health import FeedHealthScreen
from tui.screens.item_detail import ItemDetailScreen
from tui.screens.show_detail import ShowDetailScreen
from tui.widgets.news_feed import NewsFeed

pytestmark = pytest.mark.anyio

SHOW = "Daredevil"
HOSTILE = (
    "[/]",
    "[/red] closing a tag that was never opened",
    "[@click=app.quit]click me[/]",
    "[@click=app.screenshot('x','{shots}')]screenshot[/]",
    "[link=file:///etc/passwd]a file link[/link]",
    "[bold red]not bold[/] [$accent]not accent[/]",
    "[[nested [brackets]] and \\[escaped\\]",
    "\x1b]52;c;UFdORUQtQ0xJUA==\x07 OSC 52 clipboard write",
    "\x1b]0;PWNED-TITLE\x07 window title",
    "\x1b]8;;file:///etc/passwd\x1b\\osc 8 link\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m \x1b[2J cleared screen",
    "\x9b31m C1 CSI \x9d0;PWNED-C1\x9c",
    "bidi \u202eevil\u202c and zero\u200bwidth \u2066isolate\u2069",
)


def hostile_items(shots: Path) -> list[NewsItem]:
    items = []
    for index, raw in enumerate(HOSTILE):
        title = f"{SHOW} {raw.format(shots=shots)}"
        evidence = f"{SHOW} Season 4 [/] \x1b]0;PWNED-EVIDENCE\x07 may air in 2020."
        claim = Claim(
            SHOW, 4, ClaimKind.PREMIERE, DateWindow(None, None), Certainty.RUMORED, evidence
        )
        items.append(
            NewsItem(
                id=f"{index + 1:012x}",
                feed_url="https://evil.example/feed",
                feed_name="[@click=app.quit]Evil \x1b]0;PWNED-FEED\x07Feed",
                title=title,
                summary=f"{raw} {evidence} [link=https://x]y[/link]",
                link="https://evil.example/[@click=app.quit]",
                guid=str(index),
                published=NOW - timedelta(hours=index),
                first_seen=NOW,
                updated_at=NOW,
                content_hash=str(index),
                mentions=(SHOW,),
                claims=(claim,),
                rules_version="1",
            )
        )
    return items


def hostile_store(folder: Path, shots: Path) -> Location:
    feed = FeedState(
        url="https://evil.example/feed",
        name="[/]Evil \x1b]0;PWNED-FEED\x07",
        status=FeedStatus.ERROR,
        error="[@click=app.quit] \x1b]52;c;UFdORUQ=\x07 boom",
        last_poll=NOW,
        next_poll=NOW + timedelta(hours=1),
        consecutive_errors=2,
    )
    folder.mkdir(parents=True, exist_ok=True)
    with Store(folder, writable=True, command="test") as store:
        store.save_poll(hostile_items(shots), [feed])
    config = Config(
        path=None,
        feeds=(FeedConfig("https://evil.example/feed", "[/]Evil", timedelta(hours=1)),),
        shows=(Show(SHOW), Show("[@click=app.quit]A [/] show")),
    )
    return Location(config, folder)


def screen_text(app: SeasonwatchApp) -> str:
    """Every character on screen, from the SVG screenshot."""
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    return html.unescape("".join(texts)).replace("\xa0", " ")


def assert_no_terminal_controls(text: str) -> None:
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]", text)


async def test_hostile_titles_render_literally_and_nothing_runs(
    make_app: AppFactory, tmp_path: Path
) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    app = make_app(hostile_store(tmp_path / "hostile", shots))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        feed = app.screen.query_one(NewsFeed)
        assert feed.row_count == len(HOSTILE)
        for view in feed.window.items:
            shown = feed.get_cell(view.item.id, "title").plain
            assert shown == " ".join(strip_unsafe(view.item.title).split())
            assert_no_terminal_controls(shown)
        text = screen_text(app)
        for literal in ("[@click=app.quit]click me[/]", "[/red] closing", "[link=file:///etc"):
            assert literal in text
        assert_no_terminal_controls(text)

        # Click every row's title: a markup action would quit or write a screenshot.
        # (A click on the highlighted row opens the item; Esc comes back.)
        for row in range(feed.row_count):
            await pilot.click(NewsFeed, offset=(20, row + 1))
            await settle(pilot)
            if isinstance(app.screen, ItemDetailScreen):
                await pilot.click("#item-title", offset=(2, 0))
                await pilot.press("escape")
        assert app.is_running
        assert list(shots.iterdir()) == []

        # Open every screen that shows feed text.
        feed.focus()
        for row in range(feed.row_count):
            feed.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ItemDetailScreen)
            detail = "".join(str(w.visual) for w in app.screen.query(".detail Static"))
            assert "PWNED-EVIDENCE" in detail  # shown, as text, without its ESC
            assert_no_terminal_controls(detail)
            if row == 0:
                assert_no_terminal_controls(screen_text(app))
            await pilot.press("escape")
        await pilot.press("f")
        assert isinstance(app.screen, FeedHealthScreen)
        assert "[@click=app.quit] ]52;c;UFdORUQ= boom" in screen_text(app)
        await pilot.press("escape")
        app.open_show("[@click=app.quit]A [/] show")
        await settle(pilot)
        assert isinstance(app.screen, ShowDetailScreen)
        assert "[@click=app.quit]A [/] show" in screen_text(app)
        await pilot.press("ctrl+p", *"show")
        await settle(pilot)
        assert "[@click=app.quit]A [/] show" in screen_text(app)
        assert app.is_running


async def test_a_fuzzed_set_of_titles_never_crashes_the_dashboard(
    make_app: AppFactory, tmp_path: Path
) -> None:
    import random

    rng = random.Random(4)
    pieces = [
        "[",
        "]",
        "/",
        "@click=app.quit",
        "link=",
        "$accent",
        "\\",
        "=",
        "'",
        "(",
        ")",
        "\x1b",
        "]0;",
        "\x07",
        "\u202e",
        "red",
        "b",
        " ",
        "Daredevil",
        "\x9b",
        "&amp;",
        "[/]",
        "[link=file:///x]",
        "[@click=app.quit]",
        "\x9d0;PWNED\x9c",
        "\u2066",
    ]
    folder = tmp_path / "fuzz"
    location = hostile_store(folder, tmp_path)
    with Store(folder, writable=True, command="test") as store:
        base = hostile_items(tmp_path)[0]
        fuzzed = []
        for index in range(1000):
            title = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
            fuzzed.append(
                base.__class__(
                    **{
                        **{f: getattr(base, f) for f in base.__slots__},  # type: ignore[attr-defined]
                        "id": f"f{index:011x}",
                        "title": f"Daredevil {title}",
                        "published": NOW - timedelta(minutes=index),
                    }
                )
            )
        store.save_poll(fuzzed, [])
    app = make_app(location)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        feed = app.screen.query_one(NewsFeed)
        await pilot.press("tab")
        for _ in range(3):
            await pilot.press("pagedown")
        assert app.is_running
        assert len(feed.window.items) >= 50
        for view in feed.window.items:
            shown = feed.get_cell(view.item.id, "title").plain
            assert shown == " ".join(strip_unsafe(view.item.title).split())
            assert_no_terminal_controls(shown)
        assert_no_terminal_controls(screen_text(app))


# --- a real terminal --------------------------------------------------------------------


def read_until(fd: int, wanted: bytes, seen: bytearray, deadline: float) -> None:
    """Read from a pty into ``seen`` until ``wanted`` appears in what is new."""
    start = len(seen)
    while wanted not in seen[start:]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out waiting for {wanted!r}; got {bytes(seen[-400:])!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other side closed
            raise AssertionError(f"the dashboard exited before showing {wanted!r}") from None
        seen.extend(chunk)


def read_to_end(fd: int, seen: bytearray, deadline: float) -> None:
    """Read from a pty until the process closes it."""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        seen.extend(chunk)
    raise AssertionError("the dashboard did not exit")


def test_no_feed_escape_sequence_reaches_a_real_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    location = hostile_store(data, tmp_path)
    # A configured feed (a local file: nothing may leave the machine) whose remembered
    # name and error are hostile, and which is not due, so the feed screen shows them.
    local = tmp_path / "evil.xml"
    with Store(data, writable=True, command="test") as store:
        store.save_poll(
            [],
            [
                FeedState(
                    url=str(local),
                    name="[/]Evil \x1b]0;PWNED-FEED\x07",
                    status=FeedStatus.ERROR,
                    error="[@click=app.quit] \x1b]52;c;UFdORUQ=\x07 \x9d0;PWNED\x9c boom",
                    last_poll=datetime.now(UTC),
                    next_poll=datetime.now(UTC) + timedelta(days=1),
                    consecutive_errors=2,
                )
            ],
        )
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[[feeds]]\nurl = "{local}"\n[[shows]]\ntitle = "Daredevil"\n', encoding="utf-8"
    )
    assert location.data_dir == data
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "160",
        "LINES": "48",
        "SEASONWATCH_CONFIG": str(config_file),
        "SEASONWATCH_DATA": str(data),
    }
    env.pop("TEXTUAL", None)
    process, main = spawn(["dashboard"], env, 48, 160)
    seen = bytearray()
    try:
        deadline = time.monotonic() + 30
        read_until(main, b"All shows", seen, deadline)
        os.write(main, b"\t")  # to the news
        read_until(main, b"News", seen, deadline)
        os.write(main, b"\r")  # open the newest item: its text, evidence and feed name
        read_until(main, b"PWNED-EVIDENCE", seen, deadline)
        os.write(main, b"\x1b")  # back (alone: ESC followed by q would read as Alt+q)
        read_until(main, b"Filter", seen, deadline)
        os.write(main, b"f")  # the feed health screen: the feed's name and error
        read_until(main, b"Feed health", seen, deadline)
        read_until(main, b"boom", seen, deadline)
        os.write(main, b"\x1b")
        read_until(main, b"Filter", seen, deadline)
        os.write(main, b"q")
        read_to_end(main, seen, deadline)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(main)
    text = bytes(seen).decode("utf-8", errors="replace")
    for forbidden in (
        "\x1b]52",
        "\x1b]0;PWNED",
        "\x1b]8;;file",
        "\u009b",
        "\u009d",
        "\u202e",
        "\u2066",
        "\u200b",
    ):
        assert forbidden not in text, forbidden
    assert "PWNED-TITLE" in text  # shown, as plain text
    assert process.returncode == 0
    assert_only_textual_sequences(text)


# What Textual itself writes to a terminal: SGR, cursor moves, private modes and their
# queries, the kitty keyboard protocol, and the pointer shape (OSC 22). Nothing else
# may appear: no other OSC (title, clipboard, hyperlink), no DCS/APC/PM/SOS string,
# no stray ESC or C1 control, no bidi or zero-width character.
_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -/]*[0-~])"
)
_TEXTUAL_CSI = re.compile(r"\x1b\[(?:[0-9;:]*[mHJK]|\?[0-9;]*[hl]|\?[0-9;]*\$p|[<>=]?[0-9;]*u)")
_TEXTUAL_OSC = re.compile(r"\x1b\]22;[a-z-]+(?:\x07|\x1b\\)")


def assert_only_textual_sequences(text: str) -> None:
    foreign = [
        s
        for s in (m.group(0) for m in _SEQUENCE.finditer(text))
        if not (_TEXTUAL_CSI.fullmatch(s) or _TEXTUAL_OSC.fullmatch(s))
    ]
    assert foreign == [], foreign[:10]
    rest = _SEQUENCE.sub("", text)
    assert "\x1b" not in rest
    assert_no_terminal_controls(rest.replace("\r", "").replace("\n", ""))
