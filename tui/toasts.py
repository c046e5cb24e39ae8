"""The toasts the dashboard shows in passing: one per show's estimate, a few at a time.

Why: every mark that moves an estimate says so ("Daredevil: estimate changed", was …,
now …). Marking a run of items stacked three or four of them, the older ones about the
same show saying what was no longer true, and hiding the lists behind them. So a notice
with a ``key`` (``Notice.key``: a show's estimate) replaces the toast with that key still
on screen, and at most ``MAX_KEYED`` such toasts show at once: the oldest goes first.
Other notices — what a change of shows did, a poll's news, a failed feed — are each
said once and stay until they time out or are clicked away.

Textual 8 has no public way to take one notification down: ``App.notify`` returns
nothing (it posts a message so threads may call it, textual#3275) and
``App.clear_notifications`` clears every one, a failed feed's warning too. So a notice
is posted as the ``Notify`` message ``notify`` posts, keeping its ``Notification``, and
taken down by ``App._unnotify``, what a toast itself calls when it times out or is
clicked — in one place, ``_withdraw``. Call from the event loop only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify

from tui.notices import Notice

MAX_KEYED = 3
"""The most toasts of keyed notices (estimates that changed) on screen at once."""


@dataclass(frozen=True, slots=True)
class _Shown:
    """A keyed notice's notification, as posted (the handle to take it down by)."""

    key: str
    notification: Notification


class Toasts:
    """The keyed notices an app has shown that are still up, to replace or cap them."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._shown: list[_Shown] = []
        """Oldest first; some may have timed out or been clicked away since."""

    def show(self, notice: Notice) -> None:
        """Show a notice as a toast (never markup); a keyed one replaces its key's
        toast, and the oldest keyed ones go beyond ``MAX_KEYED``."""
        notification = Notification(
            notice.message, notice.title, notice.severity, notice.timeout, markup=False
        )
        if notice.key is not None:
            self._shown = [s for s in self._shown if not s.notification.has_expired]
            for old in [s for s in self._shown if s.key == notice.key]:
                self._withdraw(old)
            self._shown.append(_Shown(notice.key, notification))
            for old in self._shown[: max(0, len(self._shown) - MAX_KEYED)]:
                self._withdraw(old)
        self._app.post_message(Notify(notification))

    def _withdraw(self, shown: _Shown) -> None:
        """Take a toast down, in turn: a ``Notify`` posted earlier may still wait in the
        app's queue, and taken down before it arrives the toast would show all the same.
        (No redraw of its own: the ``Notify`` posted next redraws the toasts once, so
        the rack does not shrink for a frame and grow back.)"""
        self._shown.remove(shown)
        self._app.call_later(self._app._unnotify, shown.notification, refresh=False)
