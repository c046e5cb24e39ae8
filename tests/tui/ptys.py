"""Processes on a pseudo-terminal, as a terminal window runs them."""

from __future__ import annotations

import fcntl
import os
import termios


def own_terminal() -> None:
    """Run in the child before exec: a session of its own, the pty its controlling terminal.

    Closing the pty then hangs the process up, as closing a terminal window does, however
    the test ends (a failed assertion, a killed pytest): no dashboard outlives its test.
    (With only a new session, a dashboard whose pty was gone was left running.)
    """
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
