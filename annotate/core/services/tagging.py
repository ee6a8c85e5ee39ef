"""Tagging a passage: the one path the CLI's ``tag``, ``match --tag`` and the TUI's tag keys take."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from annotate.core.model import Annotation


def same_passage(stored: Annotation, annotation: Annotation) -> bool:
    """True when ``stored`` is ``annotation``'s annotator's own placed annotation of exactly its passage."""
    return (
        stored.status == "ok"
        and stored.annotator == annotation.annotator
        and (stored.anchor.start_offset, stored.anchor.end_offset)
        == (annotation.anchor.start_offset, annotation.anchor.end_offset)
    )


def extend_or_new(existing: Iterable[Annotation], annotation: Annotation, now: str) -> tuple[Annotation, bool]:
    """What saving ``annotation`` among ``existing`` stores: the rule every backend applies.

    When its annotator already annotated exactly this passage, that annotation with the new tags
    joined and an empty note filled (False: not new; ``modified`` set to ``now`` if it changed);
    else ``annotation`` itself with an id and times filled in (True: new). ``existing`` is in
    start-then-id order, so the first match is the same one every time.
    """
    from annotate.core.ids import new_annotation_id

    same = next((stored for stored in existing if same_passage(stored, annotation)), None)
    if same is None:
        added = copy.deepcopy(annotation)
        added.id = added.id or new_annotation_id()
        added.created = added.created or now
        added.modified = added.modified or added.created
        return added, True
    extended = copy.deepcopy(same)
    extended.tags = list(dict.fromkeys([*same.tags, *annotation.tags]))
    extended.note = same.note or annotation.note
    if (extended.tags, extended.note) != (same.tags, same.note):
        extended.modified = now
    return extended, False
