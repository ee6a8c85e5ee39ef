"""What every store can keep and read back: the checks both backends make before writing a transcript.

An annotation's check is :func:`annotate.core.annotations.require_storable_annotation`; a
taxonomy's is :func:`annotate.core.taxonomy.validate_taxonomy`. A copy from one workspace to
another makes all three on everything before it writes anything, so it never stops half-way.
"""

from __future__ import annotations

from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.ids import require_episode_id
from annotate.core.limits import MAX_CUE_CHARACTERS, MAX_CUES, refuse_nul, time_in_range
from annotate.core.model import Transcript


def require_storable_transcript(transcript: Transcript, path: str | Path | None = None, metadata_path: str | Path | None = None) -> None:
    """AnnotateError (naming ``path``, or ``metadata_path`` for its metadata) unless every store can keep ``transcript``.

    A well-formed id, at most MAX_CUES cues of at most MAX_CUE_CHARACTERS with times in range, and no NUL character in its text,
    speakers or metadata (a database cannot hold one; a WebVTT file reads it back as U+FFFD).
    """
    require_episode_id(transcript.id)
    name = f"episode {transcript.id}"
    if len(transcript.cues) > MAX_CUES:
        raise AnnotateError(f"{name} has {len(transcript.cues)} cues, more than a transcript may hold ({MAX_CUES})", path)
    metadata = transcript.metadata
    refuse_nul(
        [metadata.title, metadata.series, str(metadata.date or ""), metadata.media_url, metadata.source, metadata.language,
         [(person.name, person.role) for person in metadata.participants], metadata.extra],
        f"the metadata of {name}", metadata_path or path,
    )
    for number, cue in enumerate(transcript.cues, 1):
        if not (time_in_range(cue.start_ms) and time_in_range(cue.end_ms)):
            raise AnnotateError(f"cue {number} of {name} has a time out of range ({cue.start_ms} to {cue.end_ms} ms)", path)
        if len(cue.text) > MAX_CUE_CHARACTERS:
            raise AnnotateError(
                f"cue {number} of {name} holds {len(cue.text)} characters, more than a cue may ({MAX_CUE_CHARACTERS}); split it", path
            )
        if "\x00" in cue.text or (cue.speaker and "\x00" in cue.speaker) or (cue.identifier and "\x00" in cue.identifier):
            refuse_nul([cue.text, cue.speaker, cue.identifier], f"cue {number} of {name}", path)
        if cue.words and any("\x00" in word.text for word in cue.words):
            refuse_nul([word.text for word in cue.words], f"the word times of cue {number} of {name}", path)
