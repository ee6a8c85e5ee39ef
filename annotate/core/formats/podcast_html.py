"""The Podcasting 2.0 HTML transcript: ``<cite>Name:</cite> <time>0:00</time> <p>text</p>`` runs."""

from __future__ import annotations

from html.parser import HTMLParser

from annotate.core.errors import AnnotateError
from annotate.core.formats.base import OPEN_END, ParsedCues
from annotate.core.formats.cuetext import collapse_whitespace
from annotate.core.formats.warnings import WarningList
from annotate.core.model import Cue
from annotate.core.timecode import parse_time


def clock_ms(value: str) -> int | None:
    """Milliseconds of a clock such as ``0:53``, ``1:02:03`` or ``00:01:02.500``, else None."""
    try:
        return parse_time(value)
    except AnnotateError:
        return None


class _TranscriptParser(HTMLParser):
    # Collects the text of <cite>, <time>, <p> and <title>; each <p> becomes a cue.
    def __init__(self, warnings: WarningList):
        super().__init__(convert_charrefs=True)
        self.warnings = warnings
        self.parsed = ParsedCues()
        self.speaker: str | None = None
        self.time_ms: int | None = None
        self.time_line = 0
        self.open_tag: str | None = None
        self.buffer: list[str] = []
        self.line = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("cite", "time", "p", "title"):
            self.open_tag, self.buffer, self.line = tag, [], self.getpos()[0]
            if tag == "time":
                stamp = dict(attrs).get("datetime")
                if stamp:
                    self.buffer.append(stamp)
        elif tag == "br" and self.open_tag == "p":
            self.buffer.append(" ")

    def handle_data(self, data):
        if self.open_tag:
            self.buffer.append(data)

    def handle_endtag(self, tag):
        if tag != self.open_tag:
            return
        text = collapse_whitespace("".join(self.buffer))
        self.open_tag = None
        if tag == "cite":
            self.speaker = text.rstrip(":").strip() or None
        elif tag == "title":
            self.parsed.title = text
        elif tag == "time":
            milliseconds = clock_ms(text)
            if milliseconds is None:
                self.warnings.add(self.line, f"not a time: {text[:40]!r}; ignored", "bad time")
            else:
                self.time_ms = milliseconds
        elif tag == "p" and text:
            if self.time_ms is None:
                self.warnings.add(self.line, "paragraph before any <time>; skipped", "untimed paragraph")
                return
            self.parsed.add(Cue(self.time_ms, OPEN_END, text, self.speaker), self.line)


def read_podcast_html(text: str, warnings: WarningList) -> ParsedCues:
    """Read a Podcasting 2.0 HTML transcript: one cue per paragraph, ends from the next start."""
    parser = _TranscriptParser(warnings)
    parser.feed(text)
    parser.close()
    return parser.parsed
