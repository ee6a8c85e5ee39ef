"""Input limits, stated once, and the safe ways to read what users and files give.

Every file annotate reads goes through :func:`read_file_bytes` (or :func:`read_file_text`): only a
regular file is opened (a FIFO, device or socket is refused, symlinks are followed first), it is
opened without blocking and checked again on the open descriptor, and no more than its limit plus
one byte is ever read. Numbers read from files are checked by :func:`time_ms_from_seconds` and
:func:`time_in_range`; text echoed back from a file goes through :func:`excerpt`.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from annotate.core.errors import AnnotateError

# Largest transcript file import reads (a 24-hour Whisper JSON with word times is about 20 MB).
MAX_TRANSCRIPT_BYTES = 32 * 1024 * 1024
# Longest line of a line-based transcript (WebVTT, SRT, SBV, plain text): a ten-minute monologue
# on one line is about 10,000 characters.
MAX_LINE_CHARACTERS = 100_000
# Longest text of one cue, in characters: a cue is a few sentences; 100,000 characters is about
# 15,000 words, and a database's text index of one row stops at 1 MB.
MAX_CUE_CHARACTERS = 100_000
# Most lines in a line-based transcript, and most cues in any transcript (a four-hour episode
# has a few thousand cues; a 24-hour one with a cue a second about 86,000).
MAX_LINES = 300_000
MAX_CUES = 100_000
# Most values (objects, lists, numbers, strings) in a JSON transcript: a 24-hour Whisper file
# with word times holds about 1.5 million.
MAX_JSON_VALUES = 2_000_000
# Most tags in an HTML transcript (about eight a cue).
MAX_HTML_TAGS = 1_000_000
# Largest annotation file, taxonomy, metadata sidecar or quote file (YAML), and most items
# (mappings, lists, values) it may hold: 10,000 annotations take about 3.5 MB and 350,000 items.
MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_YAML_NODES = 500_000
# Longest search query or quote to match, in characters, and most distinct words in one.
MAX_QUERY_CHARACTERS = 4000
MAX_QUERY_TERMS = 200
# Most hits one search returns (a larger --limit means all of them).
MAX_RESULTS = 100_000
# Latest time a transcript or annotation may name. Generous: HLS captions count from a stream
# clock (1088 hours in a webvtt-py sample) and mission transcripts run for days.
MAX_TIME_MS = 100_000 * 3600 * 1000
# Largest character offset an annotation may name (a transcript is far shorter).
MAX_OFFSET = 2**31 - 1
# Longest note on one annotation, in characters (a long memo is a few thousand).
MAX_NOTE_CHARACTERS = 100_000
# Most tags in a codebook, and most levels of tags under tags (a deep codebook has five).
MAX_TAGS = 10_000
MAX_TAXONOMY_DEPTH = 32
# How much of a file's own text an error message may quote (a tag id is up to 64 characters).
EXCERPT_CHARACTERS = 64

_READ_CHUNK = 1 << 20


def _kind(mode: int) -> str | None:
    # What a non-regular file is, in words; None for a regular file.
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def non_regular_kind(mode: int) -> str | None:
    """What a file of ``mode`` is in words when it is not a regular file (``a named pipe (FIFO)``), else None."""
    return _kind(mode)


def describe_size(size: int) -> str:
    """``size`` bytes in words a user reads at a glance (``32 MB``, ``900 KB``, ``12 bytes``)."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):.0f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.0f} KB"
    return f"{size} bytes"


def _refuse_kind(mode: int, path: str | Path) -> None:
    kind = _kind(mode)
    if kind is not None:
        raise AnnotateError(f"is {kind}, not a regular file; only regular files are read", path)


def _refuse_size(size: int, limit: int, what: str, path: str | Path) -> None:
    if size > limit:
        raise AnnotateError(f"too large for {what} (over {describe_size(limit)}, the limit)", path)


def read_file_bytes(path: str | Path, limit: int, what: str = "a file", *, missing_ok: bool = False) -> bytes | None:
    """The bytes of the regular file at ``path`` (symlinks followed), refused past ``limit`` bytes.

    FIFOs, devices, sockets and folders are refused before anything is read; the open descriptor
    is checked again (the path may be swapped between the check and the open) and at most
    ``limit + 1`` bytes are read. ``what`` names the kind of file in messages (``a transcript``).
    A missing file gives None with ``missing_ok``; every other problem raises AnnotateError
    naming ``path``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        status = os.stat(path)
        _refuse_kind(status.st_mode, path)
        _refuse_size(status.st_size, limit, what, path)
        descriptor = os.open(path, flags)
    except FileNotFoundError as error:
        if missing_ok:
            return None
        raise AnnotateError(error.strerror or "no such file", path) from None
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), path) from None
    try:
        opened = os.fstat(descriptor)
        _refuse_kind(opened.st_mode, path)
        _refuse_size(opened.st_size, limit, what, path)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(_READ_CHUNK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), path) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    _refuse_size(len(data), limit, what, path)
    return data


def refuse_non_regular(path: str | Path) -> None:
    """AnnotateError naming ``path`` unless it is a regular file (symlinks followed); nothing is opened.

    For readers that must name a path rather than hand over bytes (a memory-mapped array): a FIFO
    would block them and a device never end.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), path) from None
    _refuse_kind(status.st_mode, path)


def refuse_special_target(path: str | Path) -> None:
    """AnnotateError when ``path`` exists as a device, FIFO, socket or folder: a write must not replace it.

    A symlink is not followed (an atomic write replaces the link, never what it points to).
    """
    try:
        status = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISLNK(status.st_mode):
        kind = _kind(status.st_mode)
        if kind is not None:
            raise AnnotateError(f"is {kind}, not a regular file; not replacing it", path)


def read_file_text(path: str | Path, limit: int, what: str = "a file", *, missing_ok: bool = False) -> str | None:
    """As :func:`read_file_bytes`, decoded as UTF-8 (a byte order mark dropped); bad UTF-8 names the line."""
    data = read_file_bytes(path, limit, what, missing_ok=missing_ok)
    if data is None:
        return None
    return decode_utf8(data, path)


def decode_utf8(data: bytes, path: str | Path) -> str:
    """``data`` as UTF-8 text (a byte order mark dropped); AnnotateError with the line where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AnnotateError(f"not UTF-8 text (byte {error.start})", path, line) from None


def read_stream_text(stream, limit: int, what: str, name: str = "<stdin>") -> str:
    """At most ``limit`` characters from a text stream (standard input); more is refused."""
    text = stream.read(limit + 1)
    if len(text) > limit:
        raise AnnotateError(f"too long for {what} (over {limit} characters, the limit)", name)
    return text


def time_ms_from_seconds(value: object, scale: int = 1000) -> int | None:
    """Whole milliseconds from a number of seconds (``scale`` 1: of milliseconds) read from a file.

    None when ``value`` is not a number (a bool is not), is not finite, or lies beyond
    ``MAX_TIME_MS`` either side of zero (a JSON ``1e308`` or a YAML ``.inf``).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    scaled = value * scale
    if isinstance(scaled, float) and not math.isfinite(scaled):
        return None
    if abs(scaled) > MAX_TIME_MS:
        return None
    return round(scaled)


def time_in_range(milliseconds: int) -> bool:
    """Whether ``milliseconds`` is a time a transcript or annotation may hold (0 to MAX_TIME_MS)."""
    return 0 <= milliseconds <= MAX_TIME_MS


def excerpt(value: object, limit: int = EXCERPT_CHARACTERS) -> str:
    """``value`` as a short, escaped quotation for a message: ``'abc…'`` (control characters escaped)."""
    text = str(value)
    shown = repr(text[:limit])
    return shown[:-1] + "\u2026" + shown[-1] if len(text) > limit else shown


def refuse_nul(value: object, what: str, path: str | Path | None = None, line: int | None = None) -> None:
    """AnnotateError when text in ``value`` (a string, or lists and mappings of them) holds a NUL character.

    Every store refuses one: PostgreSQL text cannot hold it, and a WebVTT file reads it back as
    U+FFFD. ``what`` names the value in the message (``the note of annotation 1a2b``).
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise AnnotateError(f"{what} holds a NUL character (\\x00), which cannot be stored; remove it", path, line)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)


def cap_query(text: str, what: str = "a query") -> str:
    """``text`` if it is no longer than MAX_QUERY_CHARACTERS, else AnnotateError saying the limit."""
    if len(text) > MAX_QUERY_CHARACTERS:
        raise AnnotateError(f"{what} is too long ({len(text)} characters; the limit is {MAX_QUERY_CHARACTERS})")
    return text
