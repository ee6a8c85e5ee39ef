"""The panel under the transcript: the annotations at the cursor (tags, note, annotator, time)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from annotate.core.model import Annotation, Taxonomy
from annotate.core.timecode import format_clock


def describe_annotations(
    annotations: list[Annotation],
    taxonomy: Taxonomy,
    current_id: str | None = None,
    selection_note: str = "",
) -> Text:
    """Rich text for the panel: one block per annotation, the current one marked."""
    text = Text(no_wrap=False)
    if selection_note:
        text.append(selection_note + "\n", style="italic")
    if not annotations:
        text.append("No annotation here. ", style="dim")
        text.append("v", style="bold")
        text.append(" selects a passage, ", style="dim")
        text.append("t", style="bold")
        text.append(" or ", style="dim")
        text.append("1-9", style="bold")
        text.append(" tag it.", style="dim")
        return text
    for position, annotation in enumerate(annotations):
        if position:
            text.append("\n")
        marker = "▶ " if annotation.id == current_id else "  "
        text.append(marker, style="bold")
        for tag_id in annotation.tags or []:
            tag = taxonomy.get(tag_id)
            color = tag.color if tag is not None and tag.color else "#888888"
            label = tag.label if tag is not None else f"{tag_id} (unknown tag)"
            text.append("■ ", style=color)
            text.append(label + "  ", style="bold")
        if not annotation.tags:
            text.append("(no tags)  ", style="dim")
        anchor = annotation.anchor
        details = f"{format_clock(anchor.start_ms)}–{format_clock(anchor.end_ms)}"
        if annotation.annotator:
            details += f" · {annotation.annotator}"
        if annotation.status != "ok":
            details += f" · {annotation.status}"
        text.append(details, style="dim")
        if annotation.note:
            text.append("\n    ")
            text.append(annotation.note, style="italic")
    return text


class AnnotationPanel(Static):
    """Shows the annotations under the cursor; updated by the main screen."""

    _shown: Text | None = None

    def show(
        self,
        annotations: list[Annotation],
        taxonomy: Taxonomy,
        current_id: str | None = None,
        selection_note: str = "",
    ) -> None:
        """Show ``annotations`` (``current_id`` marked) under an optional line about the selection."""
        text = describe_annotations(annotations, taxonomy, current_id, selection_note)
        # Moving between cues with the same panel text must not re-layout the screen.
        if text != self._shown:
            self._shown = text
            self.update(text)
