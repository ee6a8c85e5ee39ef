"""The help screen (`?`): every key of the main screen, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from annotate.tui.keys import key_commands

NOTES = (
    "Selecting: v starts a passage at the cursor and arrows extend it (v again stops extending); "
    "shift+arrows or a mouse drag select too. [ and ] move the passage's start a word earlier or "
    "later inside its first cue; { and } move its end inside its last cue. Esc clears the selection.\n"
    "Tagging acts on the selection, or without one on the annotation under the cursor (a cycles "
    "when several overlap), or else on the cursor's whole cue. 1-9 toggle the tags with those keys.\n"
    "Find: / searches this episode as you type; Enter keeps the matches highlighted and then n and N "
    "step to the next and previous match (while a find is active n does not open the note editor: "
    "Esc clears the find, and n is the note key again).\n"
    "Every change is saved at once; u (or ctrl+z) undoes and ctrl+y redoes tags, notes and deletions."
)


def keys_table(screen) -> Table:
    """A table of every key and what it does, grouped by section."""
    table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
    table.add_column("key", style="bold", no_wrap=True, width=18)
    table.add_column("does")
    section = None
    for command in key_commands(screen, collapse_tag_keys=True):
        if command.section != section:
            section = command.section
            table.add_row(Text(section, style="bold underline"), "")
        table.add_row(command.keys, command.description)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help", id="help.close")]

    def __init__(self, main_screen) -> None:
        super().__init__()
        self.main_screen = main_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(keys_table(self.main_screen), id="help-keys")
            yield Static(NOTES, id="help-notes")

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Keys"
        self.query_one("#help-body").border_subtitle = "Esc closes"

    def action_close(self) -> None:
        self.dismiss(None)
