"""A dialog listing coded passages (the quotes behind a bar or a cell); Enter picks one to jump to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotate.core.analysis import CodedPassage
from annotate.core.shown_text import shown
from annotate.core.timecode import format_clock


def passage_line(passage: CodedPassage, *, with_episode: bool = True, text: str | None = None) -> Content:
    """One passage as a list row: episode, time, speaker, annotator and tags, then its quote (or ``text``)."""
    where = f"{passage.episode} " if with_episode else ""
    head = Content.assemble(
        (f"{where}{format_clock(passage.start_ms)}", "bold"),
        f"\u00a0\u00a0{shown(passage.speaker or '')}",
        (f"  {shown(passage.annotator)} · {shown(', '.join(passage.tags))}", "dim"),
    )
    return Content("\n").join([head, Content(f"  {shown(text if text is not None else passage.quote)}")])


class PassageList(ModalScreen[CodedPassage | None]):
    """The passages ``passages`` under ``title``; dismisses with the one chosen, or None (Escape)."""

    DEFAULT_CSS = """
    PassageList {
        align: center middle;
    }
    PassageList > #passages-dialog {
        width: 110;
        max-width: 96%;
        height: 80%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    PassageList #passages {
        height: 1fr;
        border: none;
    }
    PassageList #passages-hint {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, title: str, passages: list[CodedPassage]) -> None:
        super().__init__()
        self.title_text = title
        self.passages = passages

    def compose(self) -> ComposeResult:
        with Vertical(id="passages-dialog") as dialog:
            dialog.border_title = self.title_text
            yield OptionList(
                *(Option(passage_line(passage), id=str(index)) for index, passage in enumerate(self.passages)),
                id="passages",
            )
            yield Label(f"{len(self.passages)} passage(s) · Enter: go there · Esc: back", id="passages-hint", markup=False)

    def on_mount(self) -> None:
        passages = self.query_one("#passages", OptionList)
        passages.focus()
        if self.passages:
            passages.highlighted = 0

    @on(OptionList.OptionSelected, "#passages")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.passages[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
