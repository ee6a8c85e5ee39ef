"""Time codes: parse what users type (``HH:MM:SS.mmm``, ``MM:SS``, seconds) and format milliseconds."""

from __future__ import annotations

import re

from annotate.core.errors import AnnotateError

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
_SECONDS = re.compile(r"^\d+(?:\.\d+)?$")


def parse_time(value: str) -> int:
    """Return milliseconds for ``HH:MM:SS.mmm``, ``MM:SS(.mmm)`` or plain seconds (``754.5``)."""
    text = value.strip()
    if _SECONDS.match(text):
        return round(float(text) * 1000)
    clock = _CLOCK.match(text)
    if not clock:
        raise AnnotateError(f"not a time: {value!r} (use HH:MM:SS.mmm, MM:SS or seconds)")
    hours, minutes, seconds, fraction = clock.groups()
    if int(minutes) > 59 and hours is not None or int(seconds) > 59:
        raise AnnotateError(f"not a time: {value!r} (minutes and seconds run to 59)")
    milliseconds = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + milliseconds


def format_time(milliseconds: int) -> str:
    """Format milliseconds as ``HH:MM:SS.mmm`` (hours grow past 99 when they must)."""
    milliseconds = max(0, int(milliseconds))
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def format_clock(milliseconds: int) -> str:
    """A short clock for screens and tables: ``M:SS`` or ``H:MM:SS``."""
    seconds = max(0, int(milliseconds)) // 1000
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
