"""Opening an item's link without wrecking the terminal the dashboard draws on.

``webbrowser`` may pick a browser that runs *in* the terminal (lynx, w3m, links,
www-browser on a machine without a display, or ``$BROWSER``): started while Textual
owns the screen it would fight it for every key. Such a browser runs with the app
suspended, so it gets the terminal and the dashboard comes back when it exits. A
graphical one is started from a thread. With none at all, the link goes to the
clipboard. Only http(s) links are stored (``ingest`` drops other schemes), and this
module refuses anything else all the same.
"""

from __future__ import annotations

import asyncio
import webbrowser
from typing import Any

from textual.app import App, SuspendNotSupported

from tui.text import LINK_LIMIT, one_line


def runs_in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """True for a browser that takes over the terminal until it exits."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    if isinstance(browser, webbrowser.UnixBrowser):
        return not browser.background
    return isinstance(browser, webbrowser.GenericBrowser)


async def open_in_browser(app: App[Any], url: str) -> str:
    """Open ``url`` the way this machine can, and say in words what happened."""
    shown = one_line(url, LINK_LIMIT)
    if not url.startswith(("http://", "https://")):
        return f"Not opening {shown}: only http(s) links are opened."
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        app.copy_to_clipboard(url)
        return f"No web browser found; copied the link to the clipboard: {shown}"
    if runs_in_terminal(browser):
        try:
            with app.suspend():
                opened = browser.open(url)
        except SuspendNotSupported:
            app.copy_to_clipboard(url)
            return f"The browser needs this terminal; copied the link instead: {shown}"
    else:
        opened = await asyncio.to_thread(browser.open, url)
    if not opened:
        app.copy_to_clipboard(url)
        return f"The browser did not start; copied the link to the clipboard: {shown}"
    return f"Opened {shown}"
