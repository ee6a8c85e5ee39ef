"""Line splitting and the forgiving timing-line parser shared by the subtitle readers."""

from __future__ import annotations

import re

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_LINE_CHARACTERS, MAX_LINES

_LOOSE_TIME = r"(?:([0-9]{1,3}):)?([0-9]{1,2}):([0-9]{1,2})(?:[,.:]([0-9]{1,3}))?"
# Hours optional, one- or two-digit fields, comma or dot, fraction optional; the rest is ignored
# (SRT coordinates, WebVTT settings).
_LOOSE_TIMING = re.compile(rf"[ \t\f]*{_LOOSE_TIME}[ \t\f]*-+>[ \t\f]*{_LOOSE_TIME}(?:[ \t\f].*)?$")


def split_lines(text: str) -> list[str]:
    """Lines as WebVTT sees them: CRLF, CR and LF all end a line; NUL becomes U+FFFD.

    More than MAX_LINES lines, or a line longer than MAX_LINE_CHARACTERS, raises AnnotateError
    (with the line, without a path: the reader's caller adds it).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    # Counted before splitting: a list of millions of lines would itself take hundreds of MB.
    if text.count("\n") >= MAX_LINES:
        raise AnnotateError(f"more than {MAX_LINES} lines; too many for a transcript", line=MAX_LINES + 1)
    lines = text.split("\n")
    if len(text) > MAX_LINE_CHARACTERS:
        longest = max(range(len(lines)), key=lambda index: len(lines[index]))
        if len(lines[longest]) > MAX_LINE_CHARACTERS:
            raise AnnotateError(f"line is longer than {MAX_LINE_CHARACTERS} characters; not a transcript line", line=longest + 1)
    return lines


def _milliseconds(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int((fraction or "0").ljust(3, "0"))


def parse_loose_timing(line: str) -> tuple[int, int] | None:
    """Start and end (ms) of a timing line as real files write them (``0:0:1.5 --> 0:0:2,25``)."""
    if "->" not in line:
        return None
    found = _LOOSE_TIMING.match(line)
    if not found:
        return None
    groups = found.groups()
    return _milliseconds(*groups[0:4]), _milliseconds(*groups[4:8])
