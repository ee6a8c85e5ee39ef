"""WebVTT: the canonical transcript format of a workspace (speakers as ``<v Name>`` voice spans).

The reader follows the WebVTT parsing algorithm (W3C, "WebVTT file parsing") line by line, so it
matches what browsers do: blocks are cut at blank lines, a cue's timing line is the first or second
line of its block, NOTE/STYLE/REGION blocks and cue settings are ignored, hours are optional or any
number of digits. Cue text markup is read by :mod:`annotate.core.formats.cuetext`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotate.core.errors import AnnotateError
from annotate.core.formats.base import ParsedCues
from annotate.core.formats.cuetext import plain_cue_text
from annotate.core.formats.lines import parse_loose_timing, split_lines
from annotate.core.formats.speakers import label_speakers
from annotate.core.formats.warnings import WarningList
from annotate.core.limits import MAX_CUES
from annotate.core.model import Cue, Transcript, Word
from annotate.core.timecode import format_time

# A WebVTT timestamp as the spec collects it; digit counts are checked in _timestamp_ms.
_STAMP = r"([0-9]+):([0-9]+)(?::([0-9]+))?\.([0-9]+)"
# A timing line: whitespace is space, tab or form feed; anything after the end time is settings.
_TIMING = re.compile(rf"[ \t\f]*{_STAMP}[ \t\f]*-->[ \t\f]*{_STAMP}(.*)")


@dataclass(slots=True)
class VttCue:
    """A cue exactly as the WebVTT parser yields it: raw cue text with markup, and its line."""

    identifier: str
    start_ms: int
    end_ms: int
    text: str
    line: int


def _timestamp_ms(first: str, second: str, third: str | None, fraction: str) -> int | None:
    # The spec: a first field that is not two digits, or above 59, is hours and needs a third field.
    if third is None:
        if len(first) != 2 or int(first) > 59:
            return None
        hours, minutes, seconds = 0, int(first), int(second)
        if len(second) != 2:
            return None
    else:
        if len(second) != 2 or len(third) != 2:
            return None
        hours, minutes, seconds = int(first), int(second), int(third)
    if len(fraction) != 3 or minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction)


def parse_timing(line: str) -> tuple[int, int] | None:
    """Start and end (ms) of a WebVTT cue timing line, or None if it is not one."""
    found = _TIMING.match(line)
    if not found:
        return None
    groups = found.groups()
    start = _timestamp_ms(*groups[0:4])
    end = _timestamp_ms(*groups[4:8])
    if start is None or end is None:
        return None
    return start, end


def has_signature(text: str) -> bool:
    """Whether ``text`` (a byte-order mark already removed) starts with a valid WebVTT signature."""
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\n\r")


def vtt_cues(text: str, *, skip_header: bool = True, loose_lines: list[int] | None = None) -> list[VttCue]:
    """The cues of WebVTT ``text`` per the spec's parsing algorithm (the signature is not checked).

    ``skip_header`` treats the first line (and the header block under it) as the file header;
    without it, cue blocks are read from the first line on. With a ``loose_lines`` list, timing
    lines the spec rejects but real files write (``0:0:1.5``, ``00:01:39``, commas) are accepted
    too, and their line numbers are appended to it.
    """
    lines = split_lines(text)
    count = len(lines)
    index = 0
    if skip_header:
        index = 1
        # The header block runs to a blank line, or up to a line holding "-->".
        while index < count and lines[index] != "" and "-->" not in lines[index]:
            index += 1
    cues: list[VttCue] = []
    while index < count:
        while index < count and lines[index] == "":
            index += 1
        if index >= count:
            break
        index = _collect_block(lines, index, cues, loose_lines)
        if len(cues) > MAX_CUES:
            raise AnnotateError(f"more than {MAX_CUES} cues; too many for one transcript", line=cues[-1].line)
    return cues


def _collect_block(lines: list[str], index: int, cues: list[VttCue], loose_lines: list[int] | None) -> int:
    # One block: a cue when its first or second line is a valid timing line; anything else
    # (NOTE, STYLE, REGION, garbage) yields nothing. Returns where the next block starts.
    count = len(lines)
    line_count = 0
    buffer: list[str] = []
    seen_arrow = False
    timing: tuple[int, int] | None = None
    identifier = ""
    timing_line = 0
    while index < count:
        line = lines[index]
        index += 1
        line_count += 1
        if "-->" in line:
            if line_count == 1 or (line_count == 2 and not seen_arrow):
                seen_arrow = True
                timing = parse_timing(line)
                if timing is None and loose_lines is not None:
                    timing = parse_loose_timing(line)
                    if timing is not None:
                        loose_lines.append(index)
                if timing is not None:
                    identifier = "\n".join(buffer)
                    buffer = []
                    timing_line = index
                continue
            return_index = index - 1
            break
        if line == "":
            return_index = index
            break
        buffer.append(line)
    else:
        return_index = index
    if timing is not None:
        cues.append(VttCue(identifier, timing[0], timing[1], "\n".join(buffer), timing_line))
    return return_index


def read_vtt(text: str, warnings: WarningList) -> ParsedCues:
    """Read WebVTT for import: a bad or missing signature is a warning, the cues are read anyway."""
    loose_lines: list[int] = []
    if has_signature(text):
        raw_cues = vtt_cues(text, loose_lines=loose_lines)
    else:
        first_line = split_lines(text[:200])[0]
        # Not quoted back in the warning: a file named by mistake may hold secrets.
        if parse_loose_timing(first_line) is not None:
            warnings.add(1, "no WEBVTT header; read the cues anyway")
            raw_cues = vtt_cues(text, skip_header=False, loose_lines=loose_lines)
        else:
            warnings.add(1, "the first line should be WEBVTT; read the cues anyway")
            raw_cues = vtt_cues(text, loose_lines=loose_lines)
    for line in loose_lines:
        warnings.add(line, "timing line is not valid WebVTT; read as written", "loose timing")
    parsed = _to_model(raw_cues)
    parsed.language = header_language(text)
    if not any(cue.speaker for cue in parsed.cues):
        # No voice spans: the speakers may be written as "Name:" labels (Zoom, Otter and the like).
        label_speakers(parsed.cues)
    return parsed


def header_language(text: str) -> str:
    """The ``Language: xx`` header line many WebVTT files carry (YouTube's do), else ``""``."""
    for line in split_lines(text[:4096])[1:]:
        if not line or "-->" in line:
            break
        name, _, value = line.partition(":")
        if name.strip().lower() == "language" and value.strip():
            return value.strip()[:35]
    return ""


def _to_model(raw_cues: list[VttCue]) -> ParsedCues:
    parsed = ParsedCues()
    for raw in raw_cues:
        content = plain_cue_text(raw.text, raw.start_ms, raw.end_ms)
        cue = Cue(raw.start_ms, raw.end_ms, content.text, content.speaker, content.words, raw.identifier or None)
        parsed.add(cue, raw.line)
    return parsed


def parse_vtt(text: str, path: str = "<vtt>") -> tuple[list[Cue], list[str]]:
    """Parse a workspace's WebVTT into clean cues and warnings. A missing signature is refused."""
    from annotate.core.formats.cleanup import finish_cues

    if not has_signature(text):
        raise AnnotateError("not a WebVTT file: the first line must be WEBVTT", path, 1)
    warnings = WarningList(path)
    try:
        cues = finish_cues(_to_model(vtt_cues(text)), warnings, check_order=False)
    except AnnotateError as error:
        raise AnnotateError(error.message, path, error.line) from None
    return cues, warnings.messages()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _writable_identifier(identifier: str | None) -> str | None:
    # An identifier must be one line without "-->" (else it would read back as a timing line).
    if not identifier or "\n" in identifier or "\r" in identifier or "-->" in identifier:
        return None
    return identifier


def _timed_text(cue: Cue) -> str:
    """The cue text with an inline timestamp before each word, and one after a word that is
    followed by a pause (where its end is not the next word's start)."""
    words = cue.words
    if not words or not words_cover_text(words, cue.text):
        return _escape(cue.text)
    parts = []
    for index, word in enumerate(words):
        parts.append(f"<{format_time(word.start_ms)}>")
        parts.append(_escape(word.text))
        following = words[index + 1].start_ms if index + 1 < len(words) else cue.end_ms
        if word.end_ms != following:
            parts.append(f" <{format_time(word.end_ms)}>")
        if index + 1 < len(words):
            parts.append(" ")
    return "".join(parts)


def transcript_to_vtt(transcript: Transcript) -> str:
    """Write the canonical WebVTT: one cue a block, text on one line, speaker as a voice span,
    word times (when known) as inline timestamps."""
    blocks = ["WEBVTT\n"]
    for cue in transcript.cues:
        voice = f"<v {_escape(cue.speaker)}>" if cue.speaker else ""
        identifier = _writable_identifier(cue.identifier)
        head = f"{identifier}\n" if identifier else ""
        blocks.append(f"{head}{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}\n{voice}{_timed_text(cue)}\n")
    return "\n".join(blocks)


def words_cover_text(words: list[Word], text: str) -> bool:
    """Whether ``words`` joined by single spaces are exactly ``text`` (so they can be written)."""
    return " ".join(word.text for word in words) == text
