"""A selected passage of a transcript: a run of cues, optionally narrowed to words at either end.

Pure functions over ``Transcript`` offsets (no Textual), so selection rules are tested directly.
Offsets are into ``Transcript.text``; ``end`` is exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from annotate.core.model import Transcript

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Passage:
    """Cues ``first_cue``..``last_cue``; text ``start``..``end``. ``anchor_cue`` is where selecting began."""

    anchor_cue: int
    first_cue: int
    last_cue: int
    start: int
    end: int


def cue_span(transcript: Transcript, cue_index: int) -> tuple[int, int]:
    """The offsets of cue ``cue_index``'s text in ``transcript.text``."""
    start = transcript.cue_offsets[cue_index]
    return start, start + len(transcript.cues[cue_index].text)


def whole_cues(transcript: Transcript, anchor_cue: int, cursor_cue: int) -> Passage:
    """The passage of every cue between ``anchor_cue`` and ``cursor_cue`` inclusive."""
    first, last = sorted((anchor_cue, cursor_cue))
    return Passage(anchor_cue, first, last, cue_span(transcript, first)[0], cue_span(transcript, last)[1])


def extend_to(transcript: Transcript, passage: Passage, cursor_cue: int) -> Passage:
    """Move the free end of ``passage`` to ``cursor_cue``; an end whose cue is unchanged keeps its narrowing."""
    grown = whole_cues(transcript, passage.anchor_cue, cursor_cue)
    start = passage.start if grown.first_cue == passage.first_cue else grown.start
    end = passage.end if grown.last_cue == passage.last_cue else grown.end
    if start >= end:
        start, end = grown.start, grown.end
    return replace(grown, start=start, end=end)


def _word_spans(transcript: Transcript, cue_index: int) -> list[tuple[int, int]]:
    base = transcript.cue_offsets[cue_index]
    return [(base + match.start(), base + match.end()) for match in _WORD.finditer(transcript.cues[cue_index].text)]


def move_start(transcript: Transcript, passage: Passage, words: int) -> Passage:
    """Move the start ``words`` words later (positive) or earlier, within the first cue, before the end."""
    spans = [span for span in _word_spans(transcript, passage.first_cue) if span[0] < passage.end]
    if not spans:
        return passage
    current = max((index for index, span in enumerate(spans) if span[0] <= passage.start), default=0)
    if spans[current][0] < passage.start and words < 0:
        current += 1  # the start sits inside a word: one step back lands on that word's start
    target = min(max(0, current + words), len(spans) - 1)
    return replace(passage, start=spans[target][0])


def move_end(transcript: Transcript, passage: Passage, words: int) -> Passage:
    """Move the end ``words`` words later (positive) or earlier, within the last cue, after the start."""
    spans = [span for span in _word_spans(transcript, passage.last_cue) if span[1] > passage.start]
    if not spans:
        return passage
    current = min((index for index, span in enumerate(spans) if span[1] >= passage.end), default=len(spans) - 1)
    if spans[current][1] > passage.end and words > 0:
        current -= 1  # the end sits inside a word: one step on lands on that word's end
    target = min(max(0, current + words), len(spans) - 1)
    return replace(passage, end=spans[target][1])


def words_between(transcript: Transcript, anchor_offset: int, other_offset: int) -> Passage:
    """The passage of whole words from ``anchor_offset`` to ``other_offset`` (a mouse drag)."""
    low, high = sorted((anchor_offset, other_offset))
    text = transcript.text
    start = low
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = max(high, start + 1)
    while end < len(text) and not text[end].isspace():
        end += 1
    # A drag that began or ended on whitespace still selects the nearest word.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        first = transcript.cue_index_at(low)
        return whole_cues(transcript, first, first)
    first_cue = transcript.cue_index_at(start)
    last_cue = transcript.cue_index_at(end - 1)
    anchor_cue = transcript.cue_index_at(anchor_offset)
    return Passage(anchor_cue, first_cue, last_cue, start, end)
