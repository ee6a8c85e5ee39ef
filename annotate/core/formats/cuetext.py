"""Cue text markup (WebVTT tags, HTML-ish SRT tags, entities) to plain one-line text.

The voice span ``<v.class Name>`` gives the speaker; inline timestamps ``<00:00:01.000>`` give
word times. Everything else (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<ruby>``, ``<lang>``, ``<font>``,
closing tags) is dropped, keeping its text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from annotate.core.model import Word

# A tag runs from '<' to '>' or to the end of the text, as the WebVTT tokenizer reads it.
# [^>]* cannot backtrack into a '>' so this stays linear on megabyte lines.
_TAG = re.compile(r"<([^>]*)(?:>|$)")
_INLINE_TIME = re.compile(r"^(?:([0-9]+):)?([0-9]{2}):([0-9]{2})\.([0-9]{3})$")


@dataclass(slots=True)
class CueText:
    """Plain text of a cue, the speaker its first voice span names, and its timed words."""

    text: str
    speaker: str | None = None
    words: list[Word] | None = None


def collapse_whitespace(text: str) -> str:
    """One line, single spaces, no spaces at either end."""
    return " ".join(text.split())


def plain_cue_text(raw: str, start_ms: int = 0, end_ms: int = 0) -> CueText:
    """Parse cue text markup; ``start_ms``/``end_ms`` bound the inline word times."""
    if "<" not in raw and "&" not in raw:
        return CueText(collapse_whitespace(raw))
    speaker: str | None = None
    # Text between timestamp tags: (time the piece starts, its pieces of text).
    segments: list[tuple[int, list[str]]] = [(start_ms, [])]
    timed = False
    position = 0
    for tag in _TAG.finditer(raw):
        segments[-1][1].append(raw[position : tag.start()])
        position = tag.end()
        body = tag.group(1)
        if body[:1] == "v" and speaker is None and (len(body) == 1 or body[1] in ".\t\n\f\r "):
            speaker = _voice_name(body)
            continue
        if body[:1].isdigit():
            milliseconds = inline_time(body)
            if milliseconds is not None:
                timed = True
                segments.append((min(max(milliseconds, start_ms), end_ms), []))
            continue
        if body.lower() in ("br", "br/", "br /"):
            segments[-1][1].append(" ")
    segments[-1][1].append(raw[position:])
    text = collapse_whitespace(html.unescape("".join("".join(pieces) for _, pieces in segments)))
    words = _words(segments, end_ms) if timed else None
    return CueText(text, speaker, words)


def inline_time(body: str) -> int | None:
    """Milliseconds of a cue timestamp tag's body (``00:01.500`` or ``01:00:01.500``), else None."""
    found = _INLINE_TIME.match(body)
    if not found:
        return None
    hours, minutes, seconds, millis = found.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _voice_name(body: str) -> str | None:
    # "v.loud.quiet Esme Smith" -> "Esme Smith": the annotation after the tag name and classes.
    parts = body.split(None, 1)
    if len(parts) < 2:
        return None
    return collapse_whitespace(html.unescape(parts[1])) or None


def _words(segments: list[tuple[int, list[str]]], end_ms: int) -> list[Word] | None:
    # Each non-blank segment is one timed unit, lasting until the next timestamp (or the cue's end).
    # A blank segment after a unit is an end marker: the unit ended there and a pause followed.
    words = []
    for index, (start, pieces) in enumerate(segments):
        text = collapse_whitespace(html.unescape("".join(pieces)))
        if not text:
            continue
        end = segments[index + 1][0] if index + 1 < len(segments) else end_ms
        words.append(Word(start, max(start, end), text))
    return words or None
