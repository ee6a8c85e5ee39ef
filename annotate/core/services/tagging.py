"""Tagging a passage: the one path the CLI's ``tag``, ``match --tag`` and the TUI's tag keys take.

The policy lives here once: a quote is found with the quote matcher and refused when another
place fits about as well (the matcher's ``occurrences``, counted with the one margin in
:data:`annotate.core.match.policy.AMBIGUITY_MARGIN` that anchoring uses too); tags must be in the
taxonomy when the annotation is saved (checked by the store under its taxonomy lock); and an
annotator tagging a passage they already annotated extends that annotation instead of adding a
second one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotate.core.anchoring import new_annotation
from annotate.core.errors import AnnotateError
from annotate.core.model import Annotation, Tag
from annotate.core.services.undo import Change, Edit, tags_created
from annotate.core.store.protocol import Workspace
from annotate.core.timecode import format_time


@dataclass(frozen=True)
class Tagged:
    """What tagging saved: the annotation (with its version), whether it is a new one, and what it extended."""

    annotation: Annotation
    created: bool
    before: Annotation | None = None  # the annotator's annotation of the passage as it was, when it was extended


def tag_passage(
    workspace: Workspace,
    episode_id: str,
    start_offset: int,
    end_offset: int,
    tags: list[str],
    note: str = "",
    annotator: str | None = None,
    annotations_now: Sequence[Annotation] | None = None,
) -> Tagged:
    """Annotate characters ``[start_offset, end_offset)`` of the episode's text with ``tags``.

    Refused (AnnotateError naming it) for an unknown tag, checked when saving; extends the
    annotator's own annotation of exactly this passage when there is one.
    """
    transcript = workspace.load_transcript(workspace.require_episode(episode_id))
    annotation = new_annotation(transcript, start_offset, end_offset, tags, note=note, annotator=annotator)
    # What an extension started from (for undo): the caller's copy of the episode's annotations, else the store's.
    known = workspace.annotations(episode_id) if annotations_now is None else annotations_now
    extendable = {stored.id: stored for stored in known if same_passage(stored, annotation)}
    saved, created = workspace.add_or_extend(annotation, require_known_tags=True)
    return Tagged(saved, created, None if created else extendable.get(saved.id))


def tagging_edit(description: str, tagged: Tagged, created_tags: Sequence[Tag] = ()) -> Edit:
    """The undo record of one tagging: the tags created for it (e.g. in the TUI's tag picker), then the annotation.

    Undoing it gives an extended annotation back as it was (or removes a new one), then removes
    those tags, so the annotation and taxonomy files read as they did before the tagging.
    """
    return Edit(description, [*tags_created(list(created_tags)), Change.of(tagged.before, tagged.annotation)])


def find_quoted_passage(workspace: Workspace, episode_id: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` was said in the episode (character offsets), found by the quote matcher.

    AnnotateError when it is not found, or when it fits two places about equally well.
    """
    from annotate.core.limits import cap_query
    from annotate.core.match import QuoteMatcher

    cap_query(quote, "the quote")
    workspace.require_episode(episode_id)
    matches = QuoteMatcher.for_workspace(workspace, episodes=[episode_id]).match(quote, top=5)
    if not matches:
        raise AnnotateError(f"quote not found in {episode_id}: {quote!r} (check the words, or use --from/--to)")
    places = equally_good_places(matches)
    if len(places) > 1:
        where = ", ".join(format_time(match.start_ms) for match in places)
        raise AnnotateError(f"quote is ambiguous in {episode_id}: it fits equally well at {where}; quote more words")
    return matches[0].start_offset, matches[0].end_offset


def equally_good_places(matches: Sequence) -> list:
    """The best match and every other the matcher found fitting about as well (its ``occurrences``)."""
    if not matches:
        return []
    return list(matches[: max(1, getattr(matches[0], "occurrences", 1))])


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
