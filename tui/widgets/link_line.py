"""An item's link on one line, with the key that opens it beside it.

A link is often longer than the line (the demo's run to 137 characters, past an 80-column
terminal): wrapped, it pushed "o opens it" onto a line of its own under half a link.
Here it is cut in the middle to the width it has (``tui.text.fit_link``: the site and
the page's name kept), drawn again at each resize; ``o`` still opens the whole link.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.text import LINK_LIMIT, fit_link, one_line

HINT = "   o opens it"
LINK_MIN = 20
"""The fewest cells a link keeps beside the hint; narrower, the hint gives way (the
footer still lists the key)."""


class LinkLine(Widget):
    """A link cut to fit one line, then the hint; "no link" without one."""

    DEFAULT_CSS = """
    LinkLine {
        height: 1;
    }
    """

    link: reactive[str] = reactive("")
    """The link as stored, "" for none (untrusted: shown on one line, literally)."""

    def render(self) -> Content:
        link = one_line(self.link, LINK_LIMIT)
        if not link:
            return Content.styled("no link", "$text-muted")
        width = self.content_size.width
        hint = HINT if width - len(HINT) >= LINK_MIN else ""
        return Content.assemble(
            Content.styled(fit_link(link, width - len(hint)), "underline $primary"),
            Content.styled(hint, "$text-muted"),
        )
