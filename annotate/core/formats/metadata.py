"""The metadata sidecar ``transcripts/<id>.yaml``: title, series, date, participants and so on."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from annotate.core.errors import AnnotateError
from annotate.core.model import Participant, TranscriptMetadata
from annotate.core.yamlio import load_yaml

_KEY_ORDER = ("title", "series", "date", "participants", "media_url", "source", "language")


def metadata_to_yaml(metadata: TranscriptMetadata) -> str:
    """Serialise metadata with keys in a fixed order, so a no-op save changes nothing."""
    document: dict = {
        "title": metadata.title,
        "series": metadata.series,
        "date": metadata.date,
        "participants": [{"name": p.name, "role": p.role} for p in metadata.participants],
        "media_url": metadata.media_url,
        "source": metadata.source,
        "language": metadata.language,
    }
    for key in sorted(metadata.extra):
        if key not in document:
            document[key] = metadata.extra[key]
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def metadata_from_yaml(text: str, path: str | Path = "<metadata>") -> TranscriptMetadata:
    """Read a metadata sidecar; a malformed one raises AnnotateError with its line."""
    # Bounded like every workspace YAML file (size, items, aliases).
    document = load_yaml(text, path).value or {}
    if not isinstance(document, dict):
        raise AnnotateError("metadata must be a mapping of keys to values", path, 1)
    participants = []
    for entry in document.get("participants") or []:
        if isinstance(entry, dict):
            participants.append(Participant(str(entry.get("name", "")), str(entry.get("role", "") or "")))
        else:
            participants.append(Participant(str(entry)))
    return TranscriptMetadata(
        title=str(document.get("title") or ""),
        series=str(document.get("series") or ""),
        date=str(document.get("date") or ""),
        participants=participants,
        media_url=str(document.get("media_url") or ""),
        source=str(document.get("source") or ""),
        language=str(document.get("language") or "en"),
        extra={key: value for key, value in document.items() if key not in _KEY_ORDER},
    )


def source_note(metadata: TranscriptMetadata) -> str:
    """The metadata's ``source`` cut to its first clause (up to a colon, semicolon or full stop), for a one-line header."""
    text = " ".join(metadata.source.split())
    clause = re.match(r"(.+?)[:;.](?:\s|$)", text)
    return clause.group(1) if clause else text
