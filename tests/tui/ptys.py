"""Processes on a pseudo-terminal, as a terminal window runs them."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def own_terminal() -> None:
    """Run in the child before exec: a session of its own, the pty its controlling terminal.

    Closing the pty then hangs the process up, as closing a terminal window does, however
    the test ends (a failed assertion, a killed pytest): no dashboard outlives its test.
    (With only a new session, a dashboard whose pty was gone was left running.)
    """
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def spawn(
    args: Sequence[str], env: Mapping[str, str], rows: int, columns: int
) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m tui.cli *args`` on a new ``rows`` x ``columns`` pty: (process, pty fd).

    The caller reads the fd and closes it, which hangs the process up.
    """
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=dict(env),
        cwd=ROOT,
        close_fds=True,
        preexec_fn=own_terminal,  # hung up when the pty closes
    )
    os.close(child)
    return process, main
