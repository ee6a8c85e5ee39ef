"""The note editor: a few lines of free text about a passage."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea


class NoteEditor(ModalScreen[str | None]):
    """Edit a note. Dismisses with the note's new text (ctrl+s or Save), or None (Escape or Cancel).

    The text is returned as typed, except that trailing whitespace is trimmed. ``problem`` (why
    the last save of this text was refused) is shown above the hint until the text changes.
    """

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
    }
    NoteEditor > #note-dialog {
        width: 80;
        max-width: 95%;
        height: auto;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    NoteEditor #note {
        height: 10;
    }
    NoteEditor #note-buttons {
        height: auto;
        align-horizontal: right;
        margin: 1 0 0 0;
    }
    NoteEditor #note-buttons Button {
        margin: 0 0 0 1;
    }
    NoteEditor #note-hint {
        color: $text-muted;
    }
    NoteEditor #note-problem {
        color: $text-error;
        text-style: bold;
        display: none;
    }
    NoteEditor #note-problem.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, initial: str = "", title: str = "Note", problem: str | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.dialog_title = title
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = Content(self.dialog_title)  # plain text, never markup
            yield TextArea(self.initial, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(Content(self.problem or ""), id="note-problem", classes="-shown" if self.problem else "")
            yield Label("ctrl+s save · esc cancel", id="note-hint")
            with Horizontal(id="note-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    @on(TextArea.Changed, "#note")
    def _edited(self) -> None:
        self.query_one("#note-problem").remove_class("-shown")

    def action_save(self) -> None:
        """Dismiss with the edited text."""
        self.dismiss(self.query_one("#note", TextArea).text.rstrip())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
