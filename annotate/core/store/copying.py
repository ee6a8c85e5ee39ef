"""Copying a whole workspace to another, of any backend: a folder to a database and back.

Everything goes through the :class:`~annotate.core.store.protocol.Workspace` interface: the
taxonomy, every transcript with its metadata, and every annotation with its id, anchor, times,
annotator, status and created/modified stamps. The taxonomy travels as its document when both
sides keep one (``taxonomy_document``/``replace_taxonomy_document``), so a person's own layout of
``taxonomy.yaml`` comes back byte for byte. The destination must be empty: a copy never merges
into, or overwrites, someone's work.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from annotate.core.errors import AnnotateError
from annotate.core.store.protocol import Workspace


@dataclass
class CopyReport:
    """What a copy carried over."""

    episodes: int = 0
    annotations: int = 0
    tags: int = 0
    destination: str = ""  # where the copy went, as shown to the user (a URL without its password)


def copy_workspace(source: Workspace, destination: Workspace, progress=None) -> CopyReport:
    """Copy everything in ``source`` into the empty ``destination``.

    Refused (AnnotateError, nothing copied) when the destination holds anything, or when any of
    the source's transcripts or annotations cannot be read: a copy that left some out would look
    complete. ``progress(done, total)`` hears about each episode copied.
    """
    _require_empty(destination)
    transcripts, errors = source.load_transcripts()
    annotated = {}
    for episode_id in source.annotated_episodes():
        try:
            annotated[episode_id] = source.annotations(episode_id)
        except AnnotateError as error:
            errors.append(error)
            continue
        errors += [AnnotateError(problem.message, problem.file, problem.line) for problem in source.annotation_problems(episode_id)]
    errors += _unstorable(source, transcripts, annotated)
    if errors:
        listed = "; ".join(str(error) for error in errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
        raise AnnotateError(f"not copying: {len(errors)} item(s) of {source.location} cannot be read or stored ({listed}); `annotate check` lists what it can")

    # A store with indexes of its own (a database) makes them once, after the bulk of the writing.
    bulk_load = getattr(destination, "bulk_load", None)
    with bulk_load() if bulk_load is not None else contextlib.nullcontext():
        return _copy_everything(source, destination, transcripts, annotated, progress)


def _copy_everything(source: Workspace, destination: Workspace, transcripts, annotated, progress) -> CopyReport:
    report = CopyReport(destination=destination.location)
    taxonomy = _copy_taxonomy(source, destination)
    report.tags = len(taxonomy.tags)
    total = len(transcripts) + len(annotated)
    for done, transcript in enumerate(transcripts, 1):
        destination.save_transcript(transcript)
        report.episodes += 1
        if progress is not None:
            progress(done, total)
    for done, (episode_id, annotations) in enumerate(annotated.items(), len(transcripts) + 1):
        add_many = getattr(destination, "add_annotations", None)
        if add_many is not None:
            add_many(annotations)
        else:
            for annotation in annotations:
                destination.add_annotation(annotation)
        report.annotations += len(annotations)
        if progress is not None:
            progress(done, total)
    return report


def _unstorable(source: Workspace, transcripts: list, annotated: dict[str, list]) -> list[AnnotateError]:
    # What the destination would refuse (a NUL in a note, a note past its limit), found before
    # anything is written: the checks every store makes, naming where the item is in the source.
    from annotate.core.annotations import require_storable_annotation
    from annotate.core.storable import require_storable_transcript
    from annotate.core.store.items import METADATA, TRANSCRIPT

    errors = []
    for transcript in transcripts:
        try:
            require_storable_transcript(
                transcript, source.item_location((TRANSCRIPT, transcript.id)), source.item_location((METADATA, transcript.id))
            )
        except AnnotateError as error:
            errors.append(error)
    for annotations in annotated.values():
        for annotation in annotations:
            try:
                require_storable_annotation(annotation, *source.annotation_location(annotation))
            except AnnotateError as error:
                errors.append(error)
    return errors


def _require_empty(destination: Workspace) -> None:
    held = []
    if destination.episode_ids():
        held.append(f"{len(destination.episode_ids())} episode(s)")
    if destination.annotated_episodes():
        held.append("annotations")
    if destination.load_taxonomy().tags:
        held.append("a taxonomy")
    if held:
        raise AnnotateError(f"the destination already holds {', '.join(held)}; copy into a new, empty workspace", destination.location)


def _copy_taxonomy(source: Workspace, destination: Workspace):
    taxonomy = source.load_taxonomy()
    document_of = getattr(source, "taxonomy_document", None)
    replace_document = getattr(destination, "replace_taxonomy_document", None)
    if document_of is not None and replace_document is not None:
        document = document_of()
        if document is not None:
            return replace_document(document)
    return destination.change_taxonomy(lambda _current: taxonomy).taxonomy


def copy_location(source: str, destination: str, progress=None) -> CopyReport:
    """Copy the workspace at ``source`` into a new one at ``destination`` (folders or database URLs)."""
    from annotate.core.store.creating import create_copy_destination
    from annotate.core.store.registry import open_existing_workspace, require_location

    require_location(destination)
    opened = open_existing_workspace(source)
    if str(destination) in (str(source), opened.location):
        raise AnnotateError("source and destination are the same workspace")
    return copy_workspace(opened, create_copy_destination(destination), progress)
