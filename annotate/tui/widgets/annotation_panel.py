"""The panel under the transcript: the annotations at the cursor (tags, note, annotator, time)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from annotate.core.model import Annotation, Taxonomy
from annotate.core.shown_text import shown
from annotate.core.timecode import format_clock

# How far a note sits right of its annotation's tags (every line and every wrapped line alike).
NOTE_INDENT = 2


def _heading(annotation: Annotation, taxonomy: Taxonomy) -> Text:
    # Tags in their colours, then time, annotator and status.
    text = Text()
    for tag_id in annotation.tags or []:
        tag = taxonomy.get(tag_id)
        color = tag.color if tag is not None and tag.color else "#888888"
        label = tag.label if tag is not None else f"{tag_id} (unknown tag)"
        text.append("■ ", style=color)
        text.append(shown(label) + "  ", style="bold")
    if not annotation.tags:
        text.append("(no tags)  ", style="dim")
    anchor = annotation.anchor
    details = f"{format_clock(anchor.start_ms)}–{format_clock(anchor.end_ms)}"
    if annotation.annotator:
        details += f" · {shown(annotation.annotator)}"
    if annotation.status != "ok":
        details += f" · {annotation.status}"
    text.append(details, style="dim")
    return text


def describe_annotations(
    annotations: list[Annotation],
    taxonomy: Taxonomy,
    current_id: str | None = None,
    selection_note: str = "",
) -> RenderableType:
    """What the panel shows: the selection's hint, then one block per annotation, the current one marked.

    Each block is a two-column grid (marker, body), so a note's lines, and the lines it wraps
    onto, all start in the same column under the tags.
    """
    parts: list[RenderableType] = []
    if selection_note:
        parts.append(Text(selection_note, style="italic"))
    if not annotations:
        if not selection_note:  # while selecting, the selection's own hint says what to do
            hint = Text("No annotation here. ", style="dim")
            hint.append("v", style="bold")
            hint.append(" selects a passage, ", style="dim")
            hint.append("t", style="bold")
            hint.append(" or ", style="dim")
            hint.append("1-9", style="bold")
            hint.append(" tag it.", style="dim")
            parts.append(hint)
        return Group(*parts)
    grid = Table.grid(padding=0, expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    for annotation in annotations:
        marker = Text("▶ " if annotation.id == current_id else "  ", style="bold")
        body: list[RenderableType] = [_heading(annotation, taxonomy)]
        if annotation.note:
            body.append(Padding(Text(shown(annotation.note), style="italic"), (0, 0, 0, NOTE_INDENT)))
        grid.add_row(marker, Group(*body))
    parts.append(grid)
    return Group(*parts)


class AnnotationPanel(Static):
    """Shows the annotations under the cursor; updated by the main screen."""

    _shown: tuple | None = None

    def show(
        self,
        annotations: list[Annotation],
        taxonomy: Taxonomy,
        current_id: str | None = None,
        selection_note: str = "",
    ) -> None:
        """Show ``annotations`` (``current_id`` marked) under an optional line about the selection."""
        shown = (
            tuple(
                (item.id, tuple(item.tags), item.note, item.status, item.annotator, item.anchor.start_ms, item.anchor.end_ms)
                for item in annotations
            ),
            current_id,
            selection_note,
            tuple(taxonomy.tags),
        )
        # Moving between cues with the same panel content must not re-layout the screen.
        if shown != self._shown:
            self._shown = shown
            self.update(describe_annotations(annotations, taxonomy, current_id, selection_note))
