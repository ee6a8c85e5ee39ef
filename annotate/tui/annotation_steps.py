"""Stepping through an episode's annotations in reading order (pure functions, no Textual)."""

from __future__ import annotations

from annotate.core.model import Annotation


def reading_order(annotations: list[Annotation]) -> list[Annotation]:
    """The annotations whose passage is in the transcript, by start, then end, then id (orphaned ones left out)."""
    placed = [annotation for annotation in annotations if annotation.status != "orphaned"]
    return sorted(placed, key=lambda annotation: (annotation.anchor.start_offset, annotation.anchor.end_offset, annotation.id))


def step_annotation(annotations: list[Annotation], current_id: str | None, cursor_offset: int, step: int) -> Annotation | None:
    """The annotation after (``step`` 1) or before (-1) the current one; None past either end.

    With no current annotation, the first one starting at or after ``cursor_offset`` (the start of
    the cursor's cue), or the last one starting before it.
    """
    ordered = reading_order(annotations)
    ids = [annotation.id for annotation in ordered]
    if current_id in ids:
        index = ids.index(current_id) + step
        return ordered[index] if 0 <= index < len(ordered) else None
    if step > 0:
        return next((annotation for annotation in ordered if annotation.anchor.start_offset >= cursor_offset), None)
    return next((annotation for annotation in reversed(ordered) if annotation.anchor.start_offset < cursor_offset), None)
