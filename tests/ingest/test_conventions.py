"""Command-line conventions: --version, examples in every --help, NO_COLOR on a terminal."""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from ingest.cli import build_parser
from tests.ingest.test_cli import run
from tui.cli import main

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _command_paths(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*prefix, name)
                yield from _command_paths(child, (*prefix, name))


HEADLESS = sorted(set(_command_paths(build_parser()[0])))
EVERY_COMMAND = [*HEADLESS, ("dashboard",), ("serve",)]


def test_every_command_is_listed() -> None:
    names = {" ".join(path) for path in EVERY_COMMAND}
    assert {
        "init",
        "shows add",
        "shows remove",
        "shows list",
        "feeds add",
        "feeds remove",
        "feeds import",
        "feeds export",
        "export ical",
    } <= names


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=" ".join)
def test_every_command_help_has_examples(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^examples?:\n  seasonwatch", text, re.MULTILINE), text
    assert text.startswith(f"usage: seasonwatch {' '.join(path)} "), text


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"seasonwatch \d+\.\d+\.\d+\S*\n", result.stdout)


def _colour_codes(output: str) -> list[str]:
    """SGR sequences that set a colour (bold and the like are allowed by NO_COLOR)."""
    found = []
    for match in SGR.finditer(output):
        params = [int(p) for p in match.group(1).split(";") if p]
        if any(30 <= p <= 49 or 90 <= p <= 107 for p in params):
            found.append(match.group(0))
    return found


def _on_a_terminal(argv: list[str], env: dict[str, str], until: str | None = None) -> str:
    """Run the command with a pseudo-terminal as stdout and stderr; its output."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *argv],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**os.environ, **env},
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if until and until.encode() in output:
                break
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            output += chunk
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        os.close(master)
    return output.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("argv", "until"),
    [
        (["status"], None),
        (["shows"], None),
        (["feeds"], None),
        (["--help"], None),
        (["export", "ical"], None),
        (["serve", "--port", "0"], "Press Ctrl+C"),
    ],
    ids=["status", "shows", "feeds", "help", "export", "serve"],
)
def test_no_color_on_a_terminal(argv: list[str], until: str | None) -> None:
    output = _on_a_terminal(argv, {"NO_COLOR": "1", "TERM": "xterm-256color"}, until)
    assert output.strip(), "the command printed something"
    assert _colour_codes(output) == [], output


def test_the_check_sees_colour_when_it_is_there() -> None:
    output = _on_a_terminal(
        ["serve", "--port", "0"], {"TERM": "xterm-256color", "FORCE_COLOR": "1"}, "Press Ctrl+C"
    )
    assert _colour_codes(output), "without NO_COLOR the server's banner is coloured"
