"""The tagged passages as subtitles, SRT or WebVTT, written with webvtt-py.

Each cue is one tagged quote at its own times: the tags in square brackets, then the speaker and
the quote. Subtitles follow one recording's timeline, so quotes from several episodes are refused
(times would run backwards where the next episode starts).
"""

from __future__ import annotations

import html
import io

from annotate.core.timecode import format_time
from annotate.core.writers import ExportData, Writer, require_one_episode


def _captions(data: ExportData, escape: bool):
    from webvtt import Caption

    require_one_episode(data, "subtitles")
    captions = []
    for quote in data.quotes:
        labels = ", ".join(quote.tags)
        speaker = f"{quote.speaker}: " if quote.speaker else ""
        lines = [f"[{labels}]", f"{speaker}{quote.quote}"]
        if escape:  # WebVTT cue text is markup: &, < and > must be escaped
            lines = [html.escape(line, quote=False) for line in lines]
        end_ms = max(quote.end_ms, quote.start_ms + 1)
        captions.append(Caption(format_time(quote.start_ms), format_time(end_ms), lines, identifier=quote.id))
    return captions


def write_vtt(data: ExportData) -> str:
    """A WebVTT file with one cue per tagged quote (the annotation id as the cue id)."""
    from webvtt import WebVTT

    buffer = io.StringIO()
    WebVTT(captions=_captions(data, escape=True)).write(buffer, format="vtt")
    return buffer.getvalue().rstrip("\n") + "\n"


def write_srt(data: ExportData) -> str:
    """An SRT file with one numbered cue per tagged quote."""
    from webvtt import WebVTT

    buffer = io.StringIO()
    WebVTT(captions=_captions(data, escape=False)).write(buffer, format="srt")
    return buffer.getvalue().rstrip("\n") + "\n"


WRITERS = [
    Writer("srt", "srt", False, "the tagged passages as SRT subtitles", write_srt),
    Writer("vtt", "vtt", False, "the tagged passages as WebVTT subtitles", write_vtt),
]
