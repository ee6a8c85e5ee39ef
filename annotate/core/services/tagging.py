"""Tagging a passage: the one path the CLI's ``tag``, ``match --tag`` and the TUI's tag keys take.

The policy lives here once: a quote is found with the quote matcher and refused when a second
place fits about as well (:data:`annotate.core.anchoring.AMBIGUITY_MARGIN`, the margin anchoring
uses too); tags must be in the taxonomy when the annotation is saved (checked by the store under
its taxonomy lock); and an annotator tagging a passage they already annotated extends that
annotation instead of adding a second one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotate.core.anchoring import AMBIGUITY_MARGIN, new_annotation
from annotate.core.errors import AnnotateError
from annotate.core.model import Annotation
from annotate.core.store.protocol import Workspace
from annotate.core.timecode import format_time


@dataclass(frozen=True)
class Tagged:
    """What tagging saved: the annotation (with its version) and whether it is a new one."""

    annotation: Annotation
    created: bool


def tag_passage(
    workspace: Workspace,
    episode_id: str,
    start_offset: int,
    end_offset: int,
    tags: list[str],
    note: str = "",
    annotator: str | None = None,
) -> Tagged:
    """Annotate characters ``[start_offset, end_offset)`` of the episode's text with ``tags``.

    Refused (AnnotateError naming it) for an unknown tag, checked when saving; extends the
    annotator's own annotation of exactly this passage when there is one.
    """
    transcript = workspace.load_transcript(workspace.require_episode(episode_id))
    annotation = new_annotation(transcript, start_offset, end_offset, tags, note=note, annotator=annotator)
    saved, created = workspace.add_or_extend(annotation, require_known_tags=True)
    return Tagged(saved, created)


def find_quoted_passage(workspace: Workspace, episode_id: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` was said in the episode (character offsets), found by the quote matcher.

    AnnotateError when it is not found, or when it fits two places about equally well.
    """
    from annotate.core.match import QuoteMatcher

    workspace.require_episode(episode_id)
    matches = QuoteMatcher.for_workspace(workspace, episodes=[episode_id]).match(quote, top=3)
    if not matches:
        raise AnnotateError(f"quote not found in {episode_id}: {quote!r} (check the words, or use --from/--to)")
    rivals = rival_places(matches)
    if rivals:
        places = ", ".join(format_time(match.start_ms) for match in [matches[0], *rivals])
        raise AnnotateError(f"quote is ambiguous in {episode_id}: it fits equally well at {places}; quote more words")
    return matches[0].start_offset, matches[0].end_offset


def rival_places(matches: Sequence) -> list:
    """The matches after the best that fit about as well as it (within the one ambiguity margin)."""
    if not matches:
        return []
    best = matches[0]
    return [match for match in matches[1:] if best.score - match.score < AMBIGUITY_MARGIN]


def is_ambiguous(matches: Sequence) -> bool:
    """True when the best match has a rival within the margin, listed or not (its runner-up score)."""
    if not matches:
        return False
    best = matches[0]
    runner_up = getattr(best, "runner_up_score", 0) or 0
    return bool(rival_places(matches)) or (runner_up > 0 and best.score - runner_up < AMBIGUITY_MARGIN)


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
