"""Import transcript files into a workspace: read, choose the episode id, write atomically.

The command line and the TUI both call :func:`import_file`; one file's failure never leaves a
half-written episode behind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.workspace import EPISODE_ID, Workspace


@dataclass
class ImportResult:
    """What one imported file became: its episode, size, speakers and the warnings met."""

    file: str
    episode: str
    cues: int
    duration_ms: int
    speakers: list[str]
    warnings: list[str] = field(default_factory=list)
    replaced: bool = False


def episode_id_from_path(path: str | Path) -> str:
    """A safe episode id from a file name: ``Ep 12: Ça va?.srt`` -> ``ep-12-ca-va``."""
    stem = Path(path).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:128].rstrip("-._")
    return slug if EPISODE_ID.match(slug) else "episode"


def check_episode_id(episode_id: str) -> str:
    """Return ``episode_id`` if it can name a transcript file, else raise AnnotateError."""
    if not EPISODE_ID.match(episode_id):
        raise AnnotateError(
            f"episode id {episode_id!r} must start with a letter or digit and hold only letters, "
            "digits, '.', '_' or '-' (128 at most)"
        )
    return episode_id


def import_file(
    workspace: Workspace,
    path: str | Path,
    *,
    episode_id: str | None = None,
    title: str | None = None,
    format: str | None = None,
    replace: bool = False,
    media_url: str | None = None,
) -> ImportResult:
    """Read ``path`` and save it as an episode; an existing id is refused unless ``replace``.

    With ``replace``, the old metadata is kept (``title`` and ``media_url`` still override it) and the episode's
    annotations are re-anchored to the new text; their warnings join the result's.
    """
    from annotate.core.formats import read_transcript

    if not str(path).strip():
        raise AnnotateError("an empty file name; name a transcript file", "''")
    source = Path(path)
    episode = check_episode_id(episode_id) if episode_id is not None else episode_id_from_path(source)
    if episode.casefold() == "taxonomy":
        # Its annotations would live in annotations/taxonomy.yaml, which is the codebook.
        raise AnnotateError("the episode id 'taxonomy' is taken by annotations/taxonomy.yaml; give another with --id", source)
    existed = workspace.has_episode(episode)
    if existed and not replace:
        raise AnnotateError(f"episode {episode!r} already exists; add --replace to swap in this transcript", source)
    result = read_transcript(source, episode_id=episode, format=format)
    transcript = result.transcript
    from annotate.core.storable import require_storable_transcript

    require_storable_transcript(transcript, source)  # what no store keeps is named by the user's file
    if existed:
        _require_readable_annotations(workspace, episode)
    if existed:
        old = workspace.load_metadata(episode)
        old.source = transcript.metadata.source
        transcript.metadata = old
    if media_url:
        from annotate.core.media import check_media_url

        transcript.metadata.media_url = check_media_url(media_url)
    if title:
        transcript.metadata.title = title
    elif not transcript.metadata.title:
        transcript.metadata.title = source.stem
    _save(workspace, transcript, existed)
    warnings = list(result.warnings)
    if existed:
        warnings.extend(_reanchor(workspace, episode))
    return ImportResult(
        file=str(path),
        episode=episode,
        cues=len(transcript.cues),
        duration_ms=transcript.duration_ms,
        speakers=transcript.speakers,
        warnings=warnings,
        replaced=existed,
    )


def _save(workspace: Workspace, transcript, existed: bool) -> None:
    # The store leaves nothing behind when it cannot save a new episode whole.
    from annotate.core.store.items import TRANSCRIPT

    try:
        workspace.save_transcript(transcript)
    except OSError as error:
        where = error.filename or workspace.item_location((TRANSCRIPT, transcript.id))
        raise AnnotateError(f"could not write the transcript: {error.strerror or error}", where) from None


def _require_readable_annotations(workspace: Workspace, episode: str) -> None:
    # Checked before the transcript is swapped: annotations that cannot be read could not be
    # re-anchored, and an import that fails after replacing the transcript would look undone.
    blocking = [problem for problem in workspace.annotation_problems(episode) if problem.leaves_out_an_entry]
    if blocking:
        first = blocking[0]
        raise AnnotateError(
            f"not replacing {episode}: an annotation here cannot be read ({first.message}); fix it first so it can be re-anchored",
            first.file,
            first.line,
        )


def _reanchor(workspace: Workspace, episode: str) -> list[str]:
    from annotate.core.anchoring import reanchor_episode

    return list(reanchor_episode(workspace, episode))
