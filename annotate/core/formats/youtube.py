"""YouTube automatic captions: WebVTT whose cues roll, each repeating the line before it.

A timed cue shows the previous line again above the new one, whose words carry inline times
(``word<00:00:01.000><c> next</c>``); a 10 ms cue then holds the new line alone. Reading keeps
each line once, at the cue where it first appears, with its word times.
"""

from __future__ import annotations

from annotate.core.formats.base import ParsedCues
from annotate.core.formats.cuetext import plain_cue_text
from annotate.core.formats.vtt import has_signature, header_language, vtt_cues
from annotate.core.formats.warnings import WarningList
from annotate.core.model import Cue


def read_youtube(text: str, warnings: WarningList) -> ParsedCues:
    """Read YouTube auto-captions into clean cues, one per caption line, without the repeats."""
    if not has_signature(text):
        warnings.add(1, "the first line should be WEBVTT; read the cues anyway")
    parsed = ParsedCues(language=header_language(text))
    last_line = ""
    for raw in vtt_cues(text):
        for offset, line in enumerate(raw.text.split("\n")):
            content = plain_cue_text(line, raw.start_ms, raw.end_ms)
            if not content.text or content.text == last_line:
                continue
            last_line = content.text
            parsed.add(Cue(raw.start_ms, raw.end_ms, content.text, content.speaker, content.words), raw.line + 1 + offset)
    return parsed
