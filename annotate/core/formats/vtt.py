"""WebVTT: the canonical transcript format of a workspace (speakers as ``<v Name>`` voice spans)."""

from __future__ import annotations

import html
import re

from annotate.core.errors import AnnotateError
from annotate.core.model import Cue, Transcript
from annotate.core.timecode import format_time

_TIMING = re.compile(
    r"^\s*(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})[ \t]+-->[ \t]+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})(?:[ \t].*)?$"
)
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")


def _milliseconds(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def parse_vtt(text: str, path: str = "<vtt>") -> tuple[list[Cue], list[str]]:
    """Parse WebVTT text into cues and warnings. A missing ``WEBVTT`` signature is refused."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise AnnotateError("not a WebVTT file: the first line must be WEBVTT", path, 1)
    cues: list[Cue] = []
    warnings: list[str] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        timing = _TIMING.match(line)
        if not timing and index + 1 < len(lines) and line.strip() and "-->" not in line:
            next_timing = _TIMING.match(lines[index + 1])
            if next_timing and not line.startswith(("NOTE", "STYLE", "REGION")):
                identifier, timing, index = line.strip(), next_timing, index + 1
            else:
                identifier = None
        else:
            identifier = None
        if not timing:
            index += 1
            continue
        start = _milliseconds(*timing.group(1, 2, 3, 4))
        end = _milliseconds(*timing.group(5, 6, 7, 8))
        timing_line = index + 1
        index += 1
        payload = []
        while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
            payload.append(lines[index])
            index += 1
        raw = " ".join(part.strip() for part in payload)
        speaker = None
        voice = _VOICE.match(raw)
        if voice:
            speaker = html.unescape(voice.group(1).strip()) or None
        plain = html.unescape(_TAG.sub("", raw)).strip()
        if end < start:
            warnings.append(f"{path}:{timing_line}: cue ends before it starts; end set to start")
            end = start
        cues.append(Cue(start, end, plain, speaker, identifier=identifier))
    return cues, warnings


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def transcript_to_vtt(transcript: Transcript) -> str:
    """Write the canonical WebVTT: one cue a block, text on one line, speaker as a voice span."""
    blocks = ["WEBVTT\n"]
    for cue in transcript.cues:
        voice = f"<v {_escape(cue.speaker)}>" if cue.speaker else ""
        head = f"{cue.identifier}\n" if cue.identifier else ""
        blocks.append(f"{head}{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}\n{voice}{_escape(cue.text)}\n")
    return "\n".join(blocks)
