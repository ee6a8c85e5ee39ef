"""The episode's annotations as a table (time, tags, note, annotator); Enter jumps to the passage."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from annotate.core.model import Annotation, Taxonomy
from annotate.core.shown_text import shown
from annotate.core.timecode import format_clock
from annotate.tui.screens._tags import tag_colour

# Column widths in cells, so the table fits the dialog (118 wide, less its border, padding, cell padding and scrollbar).
TIME_WIDTH, TAGS_WIDTH, NOTE_WIDTH, ANNOTATOR_WIDTH = 11, 34, 46, 12
# How much of a note (or of the quote, for an annotation without a note) a row shows.
EXCERPT_CHARACTERS = NOTE_WIDTH


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with an ellipsis."""
    flat = " ".join(shown(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut + "…"


def tags_cell(annotation: Annotation, taxonomy: Taxonomy) -> Text:
    """The annotation's tags, each a swatch in its colour and its label."""
    cell = Text(no_wrap=True, overflow="ellipsis")
    for position, tag_id in enumerate(annotation.tags):
        tag = taxonomy.get(tag_id)
        if position:
            cell.append("  ")
        cell.append("■ ", style=tag_colour(tag) if tag is not None else "#808080")
        cell.append(shown(tag.label) if tag is not None else f"{shown(tag_id)} (unknown)")
    if not annotation.tags:
        cell.append("(no tags)", style="dim")
    return cell


def note_cell(annotation: Annotation) -> Text:
    """The note's start; for an annotation without a note, the quote's start, dimmed and in quotes."""
    if annotation.note.strip():
        return Text(excerpt(annotation.note))
    return Text(f"“{excerpt(annotation.anchor.quote, EXCERPT_CHARACTERS - 2)}”", style="dim italic")


def time_cell(annotation: Annotation) -> Text:
    """Start and end; an orphaned annotation (passage lost) says so."""
    anchor = annotation.anchor
    cell = Text(f"{format_clock(anchor.start_ms)}–{format_clock(anchor.end_ms)}")
    if annotation.status == "orphaned":
        cell.append(" orphaned", style="bold yellow")
    return cell


class AnnotationsList(ModalScreen[Annotation | None]):
    """Every annotation of the open episode, in time order.

    ``current_id`` starts highlighted. Dismisses with the chosen annotation (Enter or a click), or
    None (Escape).
    """

    DEFAULT_CSS = """
    AnnotationsList {
        align: center middle;
    }
    AnnotationsList > #annotations-dialog {
        width: 118;
        max-width: 98%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    AnnotationsList #annotation-table {
        height: auto;
        max-height: 30;
    }
    AnnotationsList #annotations-empty {
        color: $text-muted;
        padding: 1 0;
    }
    AnnotationsList #annotations-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape,q", "cancel", "Close"),
    ]

    def __init__(self, title: str, annotations: list[Annotation], taxonomy: Taxonomy, current_id: str | None = None) -> None:
        super().__init__()
        self.list_title = title
        self.annotations = list(annotations)
        self.taxonomy = taxonomy
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        count = len(self.annotations)
        with Vertical(id="annotations-dialog") as dialog:
            dialog.border_title = Content(f"Annotations of {self.list_title} ({count})")
            if not self.annotations:
                yield Label("No annotations in this episode yet: v selects a passage, t tags it.", id="annotations-empty")
            # The cells' own colours (tag swatches) show on the highlighted row too.
            table: DataTable = DataTable(
                id="annotation-table", cursor_type="row", zebra_stripes=True, cursor_foreground_priority="renderable"
            )
            table.display = bool(self.annotations)
            yield table
            yield Label("↑↓ move · enter go to the passage · esc close", id="annotations-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Time", key="time", width=TIME_WIDTH)
        table.add_column("Tags", key="tags", width=TAGS_WIDTH)
        table.add_column("Note (or the quote)", key="note", width=NOTE_WIDTH)
        table.add_column("Annotator", key="annotator", width=ANNOTATOR_WIDTH)
        for annotation in self.annotations:
            table.add_row(
                time_cell(annotation),
                tags_cell(annotation, self.taxonomy),
                note_cell(annotation),
                Text(shown(annotation.annotator), style="italic"),
                key=annotation.id,
            )
        ids = [annotation.id for annotation in self.annotations]
        if self.current_id in ids:
            table.move_cursor(row=ids.index(self.current_id), animate=False)
        table.focus()

    @on(DataTable.RowSelected, "#annotation-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        chosen = next((annotation for annotation in self.annotations if annotation.id == event.row_key.value), None)
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
