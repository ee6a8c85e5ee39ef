"""Transcript readers (one per format, all into the same model) and the canonical writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.model import Transcript, TranscriptMetadata


@dataclass
class ReadResult:
    """A transcript read from a file, with the warnings met on the way (each ``file:line: reason``)."""

    transcript: Transcript
    warnings: list[str] = field(default_factory=list)


def read_transcript(path: str | Path, *, episode_id: str | None = None, format: str | None = None) -> ReadResult:
    """Read any supported transcript file into the model; ``format`` overrides detection."""
    from annotate.core.formats.vtt import parse_vtt

    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnnotateError(f"not UTF-8 text (byte {error.start})", source) from None
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), source) from None
    cues, warnings = parse_vtt(text, str(source))
    transcript = Transcript(episode_id or source.stem, cues, TranscriptMetadata())
    return ReadResult(transcript, warnings)
