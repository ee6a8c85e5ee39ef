"""The one-line status above the footer: what was saved where, find counts, copied quotes."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """A fixed one-line message. Changing it repaints this line only (a ``Static`` would re-layout the screen)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
    }
    """

    message: reactive[str] = reactive("", layout=False)

    def render(self) -> str:
        return self.message
