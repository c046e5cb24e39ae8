"""``seasonwatch serve``: the page answers and a browser session starts a dashboard."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from ingest import manage
from tui import serve

STARTUP_DEADLINE = 60.0
SCREENFUL = 2000
"""Bytes of terminal output that only a drawn screen produces (escapes and text)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline:
        assert server.poll() is None, f"serve exited early:\n{log.read_text()}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # the server is still starting; nothing to wait on but the port
    pytest.fail(f"serve did not listen within {STARTUP_DEADLINE} s:\n{log.read_text()}")


def _session_processes(session: int) -> list[str]:
    """Command lines of the live processes in a session (the server and its children)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(cmdline)
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes], Path]]:
    config = tmp_path / "config.toml"
    manage.create_config(config)  # the demo's offline feeds: no network
    data = tmp_path / "data"
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
            env={**os.environ, "SEASONWATCH_CONFIG": str(config), "SEASONWATCH_DATA": str(data)},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for_port(port, process, log)
        yield port, process, data
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any dashboard it left behind


async def _first_screen(port: int) -> bytes:
    """What the session's app draws first: at least a screenful of terminal output."""
    url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        received = b""
        while len(received) < SCREENFUL:
            message = await ws.receive(timeout=STARTUP_DEADLINE)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
            if message.type is aiohttp.WSMsgType.BINARY:
                received += message.data
        return received


def test_page_answers_and_a_session_starts_a_dashboard(
    server: tuple[int, subprocess.Popen[bytes], Path],
) -> None:
    port, process, data = server
    page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f"ws://127.0.0.1:{port}/ws" in page.text
    screen = asyncio.run(_first_screen(port))
    assert screen.startswith(b"\x1b[?1049h")  # a Textual app took the browser's terminal
    dashboards = [
        c for c in _session_processes(process.pid) if "tui.cli dashboard" in c and str(data) in c
    ]
    assert dashboards, _session_processes(process.pid)


def test_loopback_by_default_and_a_loud_warning_otherwise(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    started: list[dict[str, Any]] = []

    class FakeServer:
        def __init__(self, command: str, **options: Any) -> None:
            started.append({"command": command, **options})

        def serve(self) -> None:
            pass

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    config = tmp_path / "config.toml"
    config.write_text('[[shows]]\ntitle = "Daredevil"\n')
    base = {"config": str(config), "data_dir": str(tmp_path / "d"), "public_url": None}
    assert serve.serve(argparse.Namespace(host="127.0.0.1", port=8123, **base)) == 0
    assert "WARNING" not in capsys.readouterr().err
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8123
    assert started[0]["command"].startswith(sys.executable)
    assert f"--config {config}" in started[0]["command"]
    assert f"--data-dir {tmp_path / 'd'}" in started[0]["command"]
    assert serve.serve(argparse.Namespace(host="192.0.2.7", port=8123, **base)) == 0
    assert "WARNING: serving on 192.0.2.7:8123, which is not loopback" in capsys.readouterr().err
    assert [serve.is_loopback(h) for h in ("localhost", "::1", "127.0.0.2", "0.0.0.0")] == [
        True,
        True,
        True,
        False,
    ]
    defaults = serve.DEFAULT_HOST
    assert serve.is_loopback(defaults)
