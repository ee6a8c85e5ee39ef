"""Help: every key with what it does, grouped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static


class HelpRow(NamedTuple):
    """One line of help: the key as shown, what it does, and the group it is listed under."""

    key: str
    description: str
    group: str


def rows_from_screen(screen: Screen, group: str = "Keys") -> list[HelpRow]:
    """Help rows for the bindings active on ``screen`` (those with a description), keys as the app shows them.

    A binding's own ``group`` description, when it has one, wins over ``group``.
    """
    rows: dict[tuple[str, str], HelpRow] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        shown_key = binding.key_display or screen.app.get_key_display(binding)
        row_group = binding.group.description if binding.group and binding.group.description else group
        rows.setdefault((row_group, binding.description), HelpRow(shown_key, binding.description, row_group))
    return list(rows.values())


class HelpScreen(ModalScreen[None]):
    """List ``rows`` of (key, description, group), grouped in order of first appearance.

    Closes with Escape, q or ?; dismisses with None.
    """

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-dialog {
        width: 90;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-keys {
        height: auto;
        max-height: 100%;
    }
    HelpScreen .help-group {
        height: auto;
        margin: 0 0 1 0;
    }
    HelpScreen #help-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = [HelpRow(*row) for row in rows]

    def _groups(self) -> dict[str, list[HelpRow]]:
        groups: dict[str, list[HelpRow]] = {}
        for row in self.rows:
            groups.setdefault(row.group, []).append(row)
        return groups

    def compose(self) -> ComposeResult:
        key_width = max((len(row.key) for row in self.rows), default=0) + 2
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-keys"):
                for group, rows in self._groups().items():
                    lines = [Content.styled(group, "bold underline")]
                    lines += [
                        Content.assemble((row.key.ljust(key_width), "bold $accent"), row.description)
                        for row in rows
                    ]
                    yield Static(Content("\n").join(lines), classes="help-group")
                if not self.rows:
                    yield Static("No keys to show.")
            yield Label("esc close", id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
