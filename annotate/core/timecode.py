"""Time codes: parse what users type (``HH:MM:SS.mmm``, ``MM:SS``, seconds) and format milliseconds."""

from __future__ import annotations

import re

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_TIME_MS, excerpt, time_in_range, time_ms_from_seconds

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
_SECONDS = re.compile(r"^\d+(?:\.\d+)?$")


def parse_time(value: str) -> int:
    """Return milliseconds for ``HH:MM:SS.mmm``, ``MM:SS(.mmm)`` or plain seconds (``754.5``)."""
    text = value.strip()
    if len(text) > 40:
        raise AnnotateError(f"not a time: {excerpt(value)} (use HH:MM:SS.mmm, MM:SS or seconds)")
    if _SECONDS.match(text):
        return _in_range(round(float(text) * 1000), value)
    clock = _CLOCK.match(text)
    if not clock:
        raise AnnotateError(f"not a time: {excerpt(value)} (use HH:MM:SS.mmm, MM:SS or seconds)")
    hours, minutes, seconds, fraction = clock.groups()
    if int(minutes) > 59 and hours is not None or int(seconds) > 59:
        raise AnnotateError(f"not a time: {excerpt(value)} (minutes and seconds run to 59)")
    milliseconds = int((fraction or "0").ljust(3, "0"))
    return _in_range(((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + milliseconds, value)


def time_value_ms(value: object) -> int:
    """Milliseconds for a time read from a file: a number of seconds or a time code as text.

    A bool, a number that is not finite (YAML's ``.inf``, ``.nan``), negative or past
    ``MAX_TIME_MS`` raises AnnotateError (without a path: the caller names the file and line).
    """
    if isinstance(value, bool):
        raise AnnotateError(f"not a time: {excerpt(value)}")
    if isinstance(value, (int, float)):
        milliseconds = time_ms_from_seconds(value)
        if milliseconds is None or milliseconds < 0:
            raise AnnotateError(f"not a time: {excerpt(value)} (a time is a number of seconds from 0 to {MAX_TIME_MS // 3_600_000} hours)")
        return milliseconds
    return parse_time(str(value))


def _in_range(milliseconds: int, value: str) -> int:
    if not time_in_range(milliseconds):
        raise AnnotateError(f"not a time: {excerpt(value)} (times run from 0 to {MAX_TIME_MS // 3_600_000} hours)")
    return milliseconds


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
