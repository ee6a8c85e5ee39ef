"""Saving what a REFI-QDA file holds into a workspace: every file at once, or none of them.

A codebook (``.qdc``) adds its codes to the taxonomy; a project (``.qdpx``, or a bare
``project.qde``) adds its codes, and its text sources as episodes with their codings as
annotations. The file is read and checked in full first (:mod:`.reading`); only then are the
taxonomy, transcripts and annotation files written together, so a bad or partial file leaves the
workspace exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.model import Tag, Taxonomy

CODEBOOK_SUFFIXES = (".qdc",)
PROJECT_SUFFIXES = (".qdpx", ".qde")


@dataclass
class RefiImportResult:
    """What one REFI-QDA file added to the workspace."""

    file: str
    tags_added: list[str] = field(default_factory=list)
    tags_existing: list[str] = field(default_factory=list)
    episodes: list[str] = field(default_factory=list)
    annotations: int = 0
    annotators: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_refi_path(path: str | Path) -> bool:
    """Whether ``path`` names a REFI-QDA codebook or project (by its extension)."""
    return Path(path).suffix.casefold() in CODEBOOK_SUFFIXES + PROJECT_SUFFIXES


def import_refi(workspace, path: str | Path) -> RefiImportResult:
    """Import a ``.qdc`` codebook or a ``.qdpx``/``.qde`` project into ``workspace``, all or nothing."""
    from annotate.core.refiqda.reading import read_codebook_file, read_project_file
    from annotate.core.taxonomy import validate_taxonomy

    source = Path(path)
    _require_regular_file(source)
    result = RefiImportResult(file=str(path))
    existing_ids = [tag.id for tag in workspace.load_taxonomy().tags]
    if source.suffix.casefold() in CODEBOOK_SUFFIXES:
        content = read_codebook_file(source, existing_ids)
    else:
        content = read_project_file(source, existing_ids)
    result.warnings = list(content.warnings)
    annotated = set(workspace.annotated_episodes())
    for transcript in content.transcripts:
        # Checked here for a message naming the source; the store checks again when it saves.
        if workspace.has_episode(transcript.id) or transcript.id in annotated:
            raise AnnotateError(
                f"source {transcript.title!r} would be episode {transcript.id!r}, which the workspace has already; nothing imported",
                path,
            )

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        # Run by the store under its taxonomy lock, on the codebook as it is then.
        result.tags_added, result.tags_existing = [], []
        merged = _merged_taxonomy(taxonomy, content.tags, result)
        try:
            validate_taxonomy(merged)
        except AnnotateError as error:
            raise AnnotateError(f"its codes cannot join the taxonomy: {error.message}", path) from None
        return merged

    episodes = [(transcript, content.annotations.get(transcript.id, [])) for transcript in content.transcripts]
    try:
        workspace.add_episodes(episodes, edit)
    except OSError as error:
        raise AnnotateError(f"could not write the workspace: {error.strerror or error}; nothing imported", path) from None
    for transcript, annotations in episodes:
        result.episodes.append(transcript.id)
        result.annotations += len(annotations)
        result.annotators.extend(annotation.annotator for annotation in annotations)
    result.annotators = sorted(set(result.annotators))
    return result


def _merged_taxonomy(taxonomy: Taxonomy, tags: list[Tag], result: RefiImportResult) -> Taxonomy:
    # Codes the taxonomy has already (same id) are kept as they are; the rest are added after it.
    merged = Taxonomy(list(taxonomy.tags))
    keys_taken = {tag.key for tag in taxonomy.tags if tag.key}
    for tag in tags:
        if tag.id in taxonomy:
            result.tags_existing.append(tag.id)
            continue
        if tag.key in keys_taken:
            tag.key = None
        if tag.key:
            keys_taken.add(tag.key)
        merged.tags.append(tag)
        result.tags_added.append(tag.id)
    return merged


def _require_regular_file(source: Path) -> None:
    # The zip is opened by path, so the same check as every other read is made first.
    from annotate.core.limits import non_regular_kind

    try:
        status = source.stat()
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), source) from None
    kind = non_regular_kind(status.st_mode)
    if kind is not None:
        raise AnnotateError(f"is {kind}, not a regular file; only regular files are read", source)
