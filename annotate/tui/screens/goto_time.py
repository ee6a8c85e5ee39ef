"""Go to a time: type ``HH:MM:SS.mmm``, ``MM:SS`` or seconds; a bad time is explained inline."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotate.core.errors import AnnotateError
from annotate.core.timecode import parse_time


class GotoTime(ModalScreen[int | None]):
    """Ask for a time. Dismisses with milliseconds (Enter on a valid time) or None (Escape)."""

    DEFAULT_CSS = """
    GotoTime {
        align: center middle;
    }
    GotoTime > #goto-dialog {
        width: 60;
        max-width: 95%;
        height: auto;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    GotoTime #goto-error {
        color: $text-error;
        height: auto;
    }
    GotoTime #goto-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-dialog") as dialog:
            dialog.border_title = "Go to time"
            yield Input(placeholder="HH:MM:SS.mmm, MM:SS or seconds", id="time")
            yield Label("", id="goto-error", markup=False)
            yield Label("enter go · esc cancel", id="goto-hint")

    def on_mount(self) -> None:
        self.query_one("#time", Input).focus()

    @on(Input.Submitted, "#time")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            milliseconds = parse_time(event.value)
        except AnnotateError as error:
            self.query_one("#goto-error", Label).update(error.message)
            return
        self.dismiss(milliseconds)

    @on(Input.Changed, "#time")
    def _edited(self) -> None:
        self.query_one("#goto-error", Label).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
