"""Model objects to table rows and back: episodes, cues and annotations."""

from __future__ import annotations

import json
from typing import Any

from annotate.core.model import Anchor, Annotation, Cue, Participant, Transcript, TranscriptMetadata, Word

EPISODE_COLUMNS = (
    "id", "title", "series", "date", "participants", "media_url", "source", "language", "extra",
    "cue_count", "duration_ms", "speakers",
)
CUE_COLUMNS = ("episode", "position", "start_ms", "end_ms", "speaker", "text", "identifier", "words", "text_offset")
ANNOTATION_COLUMNS = (
    "episode", "id", "start_ms", "end_ms", "tags", "speaker", "annotator", "note", "quote", "prefix",
    "suffix", "start_offset", "end_offset", "created", "modified", "status",
)
METADATA_COLUMNS = ("title", "series", "date", "participants", "media_url", "source", "language", "extra")


def episode_row(transcript: Transcript) -> tuple:
    """The ``episodes`` row of a transcript (its metadata and a few counts for listings)."""
    metadata = transcript.metadata
    return (
        transcript.id,
        metadata.title,
        metadata.series,
        metadata.date,
        _json([{"name": person.name, "role": person.role} for person in metadata.participants]),
        metadata.media_url,
        metadata.source,
        metadata.language,
        _json(metadata.extra),
        len(transcript.cues),
        transcript.duration_ms,
        transcript.speakers,
    )


def metadata_from_row(row: tuple) -> TranscriptMetadata:
    """Metadata from the ``METADATA_COLUMNS`` of an episodes row."""
    title, series, date, participants, media_url, source, language, extra = row
    return TranscriptMetadata(
        title=title,
        series=series,
        date=date,
        participants=[Participant(entry.get("name", ""), entry.get("role", "")) for entry in participants or []],
        media_url=media_url,
        source=source,
        language=language,
        extra=dict(extra or {}),
    )


def cue_rows(transcript: Transcript):
    """The ``cues`` rows of a transcript, in order, for COPY."""
    for position, (cue, offset) in enumerate(zip(transcript.cues, transcript.cue_offsets)):
        words = _json([[word.start_ms, word.end_ms, word.text] for word in cue.words]) if cue.words is not None else None
        yield (transcript.id, position, cue.start_ms, cue.end_ms, cue.speaker, cue.text, cue.identifier, words, offset)


def cue_from_row(row: tuple) -> Cue:
    """A cue from (start_ms, end_ms, text, speaker, words, identifier)."""
    start_ms, end_ms, text, speaker, words, identifier = row
    return Cue(
        start_ms,
        end_ms,
        text,
        speaker,
        [Word(start, end, word) for start, end, word in words] if words is not None else None,
        identifier,
    )


def annotation_row(annotation: Annotation) -> tuple:
    """The ``annotations`` row of an annotation (without its version)."""
    anchor = annotation.anchor
    return (
        annotation.episode, annotation.id, anchor.start_ms, anchor.end_ms, list(annotation.tags),
        annotation.speaker, annotation.annotator, annotation.note, anchor.quote, anchor.prefix,
        anchor.suffix, anchor.start_offset, anchor.end_offset, annotation.created, annotation.modified,
        annotation.status,
    )


def annotation_from_row(row: tuple) -> Annotation:
    """An annotation from its ``ANNOTATION_COLUMNS`` and then its version."""
    (
        episode, identifier, start_ms, end_ms, tags, speaker, annotator, note, quote, prefix, suffix,
        start_offset, end_offset, created, modified, status, version,
    ) = row
    return Annotation(
        id=identifier,
        episode=episode,
        anchor=Anchor(quote, prefix, suffix, start_offset, end_offset, start_ms, end_ms),
        tags=list(tags),
        note=note,
        annotator=annotator,
        speaker=speaker,
        created=created,
        modified=modified,
        status=status,
        version=str(version),
    )


def _json(value: Any) -> str:
    # Metadata read from YAML may hold dates and the like: kept as their text.
    return json.dumps(value, ensure_ascii=False, default=str)
