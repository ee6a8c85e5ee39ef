"""Make a reader's cues sound: fill missing ends, fix impossible times, drop empty cues, warn.

Every reader ends here, so the rules for bad times are the same whatever the format.
"""

from __future__ import annotations

from dataclasses import replace

from annotate.core.formats.base import OPEN_END, ParsedCues
from annotate.core.formats.warnings import WarningList
from annotate.core.limits import MAX_TIME_MS
from annotate.core.model import Cue, Word
from annotate.core.timecode import format_time

# Speaking pace used to estimate a cue's end when the file gives none: 150 words a minute.
MS_PER_WORD = 400
MIN_ESTIMATED_MS = 1000


def finish_cues(parsed: ParsedCues, warnings: WarningList, *, check_order: bool = True) -> list[Cue]:
    """The cues of ``parsed``, cleaned; each change is reported as a warning with its line.

    ``check_order`` also warns about cues that go back in time or overlap the cue before in the
    same voice (kept as they are): worth saying on import, noise when loading a workspace.
    """
    cues: list[Cue] = []
    lines: list[int | None] = []
    for cue, line in zip(parsed.cues, parsed.lines):
        kept = _checked(cue, line, warnings)
        if kept is not None:
            cues.append(kept)
            lines.append(line)
    _fill_open_ends(cues)
    previous: Cue | None = None
    for cue, line in zip(cues, lines):
        if cue.end_ms < cue.start_ms:
            warnings.add(line, f"cue ends ({format_time(cue.end_ms)}) before it starts; end set to start", "end before start")
            cue.end_ms = cue.start_ms
        if cue.words:
            cue.words = _clamped_words(cue)
        if check_order and previous is not None:
            if cue.start_ms < previous.start_ms:
                warnings.add(line, "cue starts before the cue above it; order kept as in the file", "out of order")
            elif cue.start_ms < previous.end_ms and cue.speaker == previous.speaker:
                # Two speakers overlapping is crosstalk; one voice overlapping itself is a timing fault.
                warnings.add(line, "cue overlaps the cue above it", "overlap")
        previous = cue
    return cues


def _checked(cue: Cue, line: int | None, warnings: WarningList) -> Cue | None:
    # Drop what cannot be placed; clamp what can.
    if not cue.text:
        warnings.add(line, "empty cue dropped", "empty cue")
        return None
    if cue.start_ms > MAX_TIME_MS:
        warnings.add(line, f"start time {format_time(cue.start_ms)} is past 100000 hours; cue dropped", "absurd time")
        return None
    if cue.start_ms < 0:
        warnings.add(line, "negative start time set to 0", "negative time")
        cue.start_ms = 0
        if cue.end_ms != OPEN_END and cue.end_ms < 0:
            cue.end_ms = 0
    if cue.end_ms > MAX_TIME_MS:
        warnings.add(line, f"end time {format_time(cue.end_ms)} is past 100000 hours; end estimated", "absurd time")
        cue.end_ms = OPEN_END
    return cue


def estimated_duration(text: str) -> int:
    """How long ``text`` takes to say at an ordinary pace, in milliseconds."""
    return max(MIN_ESTIMATED_MS, len(text.split()) * MS_PER_WORD)


def _fill_open_ends(cues: list[Cue]) -> None:
    # Cues without an end run to the next later start, unless that is far beyond what their words
    # take to say. Open cues that share one start (several turns under one time stamp) share the span,
    # each taking a part in proportion to its words.
    later_starts = _next_later_starts(cues)
    index = 0
    while index < len(cues):
        cue = cues[index]
        if cue.end_ms != OPEN_END:
            index += 1
            continue
        group_end = index + 1
        while group_end < len(cues) and cues[group_end].end_ms == OPEN_END and cues[group_end].start_ms == cue.start_ms:
            group_end += 1
        group = cues[index:group_end]
        next_start = later_starts[index]
        estimates = [estimated_duration(member.text) for member in group]
        total = sum(estimates)
        span = total
        if next_start is not None and next_start - cue.start_ms <= 3 * total:
            span = next_start - cue.start_ms
        position = cue.start_ms
        for member, estimate in zip(group, estimates):
            share = round(span * estimate / total)
            member.start_ms = position
            member.end_ms = position + share
            position += share
        index = group_end


def _next_later_starts(cues: list[Cue]) -> list[int | None]:
    # For each cue, the start of the first cue after it that starts later (None if none does).
    # One pass from the end with a stack of rising starts keeps this linear, whatever the order.
    found: list[int | None] = [None] * len(cues)
    stack: list[int] = []
    for index in range(len(cues) - 1, -1, -1):
        start = cues[index].start_ms
        while stack and stack[-1] <= start:
            stack.pop()
        found[index] = stack[-1] if stack else None
        stack.append(start)
    return found


def _clamped_words(cue: Cue) -> list[Word] | None:
    # Word times must lie inside the cue and run forwards; a word's end never precedes its start.
    words = []
    earliest = cue.start_ms
    for word in cue.words or []:
        start = min(max(word.start_ms, earliest), cue.end_ms)
        end = min(max(word.end_ms, start), cue.end_ms)
        words.append(word if (start, end) == (word.start_ms, word.end_ms) else replace(word, start_ms=start, end_ms=end))
        earliest = start
    return words or None
