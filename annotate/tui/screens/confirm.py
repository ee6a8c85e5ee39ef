"""A yes/no question: y or Enter says yes, n or Escape says no."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[bool]):
    """Ask ``question``. Dismisses with True (y, Enter, Yes) or False (n, Escape, No)."""

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
    }
    Confirm > #confirm-dialog {
        width: 60;
        max-width: 95%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2 0 2;
    }
    Confirm #question {
        width: 100%;
    }
    Confirm #confirm-buttons {
        height: auto;
        align-horizontal: right;
        margin: 1 0 0 0;
    }
    Confirm #confirm-buttons Button {
        margin: 0 0 0 1;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        # Enter presses the focused button (Yes unless the user moved to No), else answers yes.
        Binding("enter", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes_label} (y)", variant="warning", id="yes")
                yield Button(f"{self.no_label} (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
