"""The Podcasting 2.0 HTML transcript: ``<cite>Name:</cite> <time>0:00</time> <p>text</p>`` runs.

A small linear tokenizer rather than ``html.parser``, which goes quadratic on junk such as a
megabyte of ``<`` (seconds per megabyte, so a hang on a larger file).
"""

from __future__ import annotations

import html
import re

from annotate.core.errors import AnnotateError
from annotate.core.formats.base import OPEN_END, ParsedCues
from annotate.core.formats.cuetext import collapse_whitespace
from annotate.core.formats.plaintext import parse_stamp
from annotate.core.formats.warnings import WarningList
from annotate.core.limits import MAX_HTML_TAGS, excerpt
from annotate.core.model import Cue
from annotate.core.timecode import parse_time

# A tag's attributes stop at the next '<' too, so a tag never scans past where the next one begins.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)>")
_DATETIME = re.compile(r"""datetime\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_COLLECTED = frozenset({"cite", "time", "p", "title"})


def clock_ms(value: str) -> int | None:
    """Milliseconds of ``0:53``, ``125:30``, ``1:02:03``, ``00:01:02.500`` or seconds, else None."""
    stamped = parse_stamp(value)
    if stamped is not None:
        return stamped
    try:
        return parse_time(value)
    except AnnotateError:
        return None


def read_podcast_html(text: str, warnings: WarningList) -> ParsedCues:
    """Read a Podcasting 2.0 HTML transcript: one cue per paragraph, ends from the next start."""
    if text.count("<") > MAX_HTML_TAGS:
        raise AnnotateError(f"more than {MAX_HTML_TAGS} tags; too many for a transcript", warnings.path)
    parsed = ParsedCues()
    speaker: str | None = None
    time_ms: int | None = None
    open_tag: str | None = None
    open_line = 0
    pieces: list[str] = []
    time_attribute: str | None = None
    position = 0
    line = 1
    for tag in _TAG.finditer(text):
        if open_tag:
            pieces.append(text[position : tag.start()])
        line += text.count("\n", position, tag.start())
        position = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name == "br" and open_tag == "p":
            pieces.append(" ")
        elif name in _COLLECTED and not closing:
            open_tag, open_line, pieces = name, line, []
            stamp = _DATETIME.search(tag.group(3)) if name == "time" else None
            time_attribute = stamp.group(1) if stamp else None
        elif closing and name == open_tag:
            content = collapse_whitespace(html.unescape("".join(pieces)))
            open_tag = None
            if name == "cite":
                speaker = content.rstrip(":").strip() or None
            elif name == "title":
                parsed.title = content
            elif name == "time":
                # <time datetime="PT53S"> may hold a duration; the shown clock is then the one read.
                milliseconds = (clock_ms(time_attribute) if time_attribute else None) or clock_ms(content)
                if milliseconds is None:
                    warnings.add(open_line, f"not a time: {excerpt(content)}; ignored", "bad time")
                else:
                    time_ms = milliseconds
            elif content and time_ms is None:
                warnings.add(open_line, "paragraph before any <time>; skipped", "untimed paragraph")
            elif content:
                parsed.add(Cue(time_ms, OPEN_END, content, speaker), open_line)
    return parsed
