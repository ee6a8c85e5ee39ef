"""Transcript readers (one per format, all into the same model) and the canonical writers.

:func:`read_transcript` decodes a file (:mod:`.decoding`), picks its format by content and
extension (:mod:`.detect`) unless told, reads it with that format's reader, and cleans the cues
(:mod:`.cleanup`). Problems that can be worked around are warnings, each ``file:line: reason``;
the rest raise :class:`~annotate.core.errors.AnnotateError`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_TRANSCRIPT_BYTES, read_file_bytes
from annotate.core.model import Transcript, TranscriptMetadata

# Format name -> (module, reader function). Readers take (text, WarningList) and return ParsedCues.
READERS: dict[str, tuple[str, str]] = {
    "vtt": ("vtt", "read_vtt"),
    "youtube": ("youtube", "read_youtube"),
    "srt": ("srt", "read_srt"),
    "sbv": ("sbv", "read_sbv"),
    "whisper": ("jsonformats", "read_whisper"),
    "podcast-json": ("jsonformats", "read_podcast_json"),
    "podcast-html": ("podcast_html", "read_podcast_html"),
    "text": ("plaintext", "read_plain_text"),
}
# Other names people use for the same formats.
ALIASES = {"webvtt": "vtt", "subrip": "srt", "json": "json", "html": "podcast-html", "txt": "text", "plain": "text"}
FORMAT_NAMES = sorted(READERS)


@dataclass
class ReadResult:
    """A transcript read from a file, with the warnings met on the way (each ``file:line: reason``)."""

    transcript: Transcript
    warnings: list[str] = field(default_factory=list)
    format: str = ""


def read_transcript(path: str | Path, *, episode_id: str | None = None, format: str | None = None) -> ReadResult:
    """Read any supported transcript file into the model; ``format`` overrides detection."""
    from annotate.core.formats.decoding import decode_bytes

    source = Path(path)
    data = read_file_bytes(source, MAX_TRANSCRIPT_BYTES, "a transcript")
    decoded = decode_bytes(data, str(source))
    result = read_text(decoded.text, str(source), episode_id=episode_id or source.stem, format=format)
    result.warnings[:0] = decoded.warnings
    return result


def read_text(text: str, path: str = "<text>", *, episode_id: str = "transcript", format: str | None = None) -> ReadResult:
    """Read already-decoded transcript ``text``; ``path`` names it in warnings and errors."""
    from annotate.core.formats.cleanup import finish_cues
    from annotate.core.formats.detect import detect_format, detect_json_format
    from annotate.core.formats.warnings import WarningList

    name = resolve_format(format, path) if format else detect_format(text, path)
    if name == "json":
        name = detect_json_format(text)
    module_name, function_name = READERS[name]
    reader = getattr(importlib.import_module(f"annotate.core.formats.{module_name}"), function_name)
    warnings = WarningList(path)
    try:
        parsed = reader(text, warnings)
    except AnnotateError as error:
        if error.path is None:  # a limit met deep in a reader, which knows the line only
            raise AnnotateError(error.message, path, error.line) from None
        raise
    cues = finish_cues(parsed, warnings)
    if not cues:
        messages = warnings.messages()
        # The first warning usually says why nothing was left (e.g. a bad header, empty cues).
        first = ""
        if messages:
            line, _, reason = messages[0].removeprefix(path + ":").partition(": ")
            first = f"; line {line}: {reason}" if line.isdigit() else f"; {messages[0].removeprefix(path + ': ')}"
        raise AnnotateError(f"no cues found (read as {name}){first}", path)
    metadata = TranscriptMetadata(title=parsed.title, source=Path(path).name)
    if parsed.language:
        metadata.language = parsed.language
    return ReadResult(Transcript(episode_id, cues, metadata), warnings.messages(), name)


def resolve_format(format: str, path: str | None = None) -> str:
    """The reader name for a ``--format`` value; an unknown one raises AnnotateError listing the known."""
    name = format.strip().lower()
    name = ALIASES.get(name, name)
    if name != "json" and name not in READERS:
        raise AnnotateError(f"unknown format {format!r} (known: {', '.join(FORMAT_NAMES)})", path)
    return name
