"""Subtitle files made of blocks: an optional number, a timing line, text lines, a blank line.

SRT and SBV differ only in the timing line, so both read through :func:`read_timed_blocks`, which
forgives missing numbers, missing blank lines and stray lines (each stray line is a warning).
"""

from __future__ import annotations

import re
from typing import Callable

from annotate.core.formats.base import ParsedCues
from annotate.core.formats.cuetext import plain_cue_text
from annotate.core.formats.speakers import label_speakers
from annotate.core.formats.lines import split_lines
from annotate.core.formats.warnings import WarningList
from annotate.core.model import Cue

# SubStation override blocks that some SRT files carry, e.g. {\an8} or {\i1}.
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")

TimingParser = Callable[[str], "tuple[int, int] | None"]


def read_timed_blocks(text: str, parse_timing: TimingParser, warnings: WarningList) -> ParsedCues:
    """Cues from block-structured subtitle text; ``parse_timing`` recognises a timing line."""
    lines = split_lines(text)
    count = len(lines)
    parsed = ParsedCues()
    index = 0
    while index < count:
        timing = parse_timing(lines[index])
        if timing is None:
            stripped = lines[index].strip()
            if stripped and not stripped.isdigit():
                warnings.add(index + 1, "line outside any cue ignored", "stray line")
            index += 1
            continue
        timing_line = index + 1
        index += 1
        text_lines = []
        while index < count and lines[index].strip():
            if parse_timing(lines[index]) is not None:
                break
            if lines[index].strip().isdigit() and index + 1 < count and parse_timing(lines[index + 1]) is not None:
                break
            text_lines.append(lines[index])
            index += 1
        start, end = timing
        raw = "\n".join(text_lines).replace("[br]", "\n")
        if "{\\" in raw:
            raw = _ASS_OVERRIDE.sub("", raw)
        content = plain_cue_text(raw, start, end)
        parsed.add(Cue(start, end, content.text, content.speaker, content.words), timing_line)
    label_speakers(parsed.cues)
    return parsed
