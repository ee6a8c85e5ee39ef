"""Copying a whole workspace to another, of any backend: a folder to a database and back.

Everything goes through the :class:`~annotate.core.store.protocol.Workspace` interface: the
taxonomy, every transcript with its metadata, and every annotation with its id, anchor, times,
annotator, status and created/modified stamps. The taxonomy travels as its document when both
sides keep one (``taxonomy_document``/``replace_taxonomy_document``), so a person's own layout of
``taxonomy.yaml`` comes back byte for byte. The destination must be empty: a copy never merges
into, or overwrites, someone's work.
"""

from __future__ import annotations

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
    if errors:
        listed = "; ".join(str(error) for error in errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
        raise AnnotateError(f"not copying: {len(errors)} item(s) of {source.location} cannot be read ({listed}); `annotate check` lists them")

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
