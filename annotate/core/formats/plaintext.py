"""Plain-text transcripts with speaker labels and time stamps.

Understood, line by line:
- ``[00:12:34] Name: text`` (or ``00:12:34 Name: text``, ``(12:34) text``): a stamp, then a turn;
- a stamp alone on a line (``[hh:mm:ss]``, or NASA Spacelog's ``[dd:hh:mm:ss]``, maybe negative),
  which times the ``NAME: text`` turns under it; indented lines continue the turn above;
- ``[01:14.500 -> 01:15.500] text`` (Whisper's console output);
- ``Name  0:12`` or ``Name (0:12)`` alone on a line, heading the paragraph below it;
- ``Name: text`` turns; a line without a label continues a wrapped paragraph, or after a blank
  line starts a new cue for the same speaker.
Spacelog files also carry ``_key : value`` meta lines (with indented continuations) and ``#``
comments, skipped here, and ``[glossary:KEY|text]`` links, kept as their text. A file without any
stamp gets times estimated from its word count, and says so in a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotate.core.errors import AnnotateError
from annotate.core.formats.base import OPEN_END, ParsedCues
from annotate.core.formats.cleanup import MS_PER_WORD, estimated_duration
from annotate.core.formats.cuetext import collapse_whitespace
from annotate.core.formats.speakers import split_speaker_label
from annotate.core.formats.lines import split_lines
from annotate.core.formats.warnings import WarningList
from annotate.core.limits import MAX_CUES
from annotate.core.model import Cue

_STAMP = r"-?\d{1,5}(?::\d{1,2}){1,3}(?:[.,]\d{1,3})?"
_STAMP_WHOLE = re.compile(rf"{_STAMP}$")
_STAMP_ALONE = re.compile(rf"\s*[\[(]?({_STAMP})[\])]?\s*$")
_STAMP_THEN_TEXT = re.compile(rf"\s*(?:[\[(]({_STAMP})[\])]|({_STAMP})(?=\s))\s*(.*)$")
_RANGE_THEN_TEXT = re.compile(rf"\s*\[({_STAMP})\s*-+>\s*({_STAMP})\]\s*(.*)$")
_NAME_THEN_STAMP = re.compile(rf"([A-Za-z][\w .'()-]{{0,40}}?)(?:\s{{2,}}|\s*\()({_STAMP})\)?\s*$")
_META = re.compile(r"_[A-Za-z]\w*\s*:")
_LINK = re.compile(r"\[[a-z]+:([^\]|]*)(?:\|([^\]]*))?\]")
# Spacelog's time stamps have four fields: days, hours, minutes, seconds.
_SPACELOG_HINT = re.compile(r"^\[-?\d{2,3}:\d{2}:\d{2}:\d{2}\]\s*$|^_(?:page|tape)\s*:", re.MULTILINE)


def parse_stamp(value: str) -> int | None:
    """Milliseconds of a whole-string stamp (``125:30``, ``1:02:03.5``, ``-00:00:00:10``), else None."""
    found = _STAMP_WHOLE.match(value.strip())
    return stamp_ms(found.group(0)) if found else None


def stamp_ms(stamp: str) -> int:
    """Milliseconds of ``[-]d:hh:mm:ss``, ``hh:mm:ss``, ``mm:ss`` (optionally with a fraction)."""
    negative = stamp.startswith("-")
    clock, _, fraction = stamp.lstrip("-").replace(",", ".").partition(".")
    fields = [int(part) for part in clock.split(":")]
    scales = [86_400_000, 3_600_000, 60_000, 1000][-len(fields):]
    milliseconds = sum(value * scale for value, scale in zip(fields, scales)) + int((fraction or "0").ljust(3, "0")[:3])
    return -milliseconds if negative else milliseconds


@dataclass
class _Turn:
    # An utterance being collected: its start (None until the file gives one), speaker and lines.
    start: int | None
    speaker: str | None
    line: int
    parts: list[str] = field(default_factory=list)
    end: int = OPEN_END
    labelled: bool = False


def read_plain_text(text: str, warnings: WarningList) -> ParsedCues:
    """Read a speaker-labelled, time-stamped plain-text transcript; one cue per utterance."""
    spacelog = bool(_SPACELOG_HINT.search(text[: 1 << 20]))
    turns: list[_Turn] = []
    current_time: int | None = None
    speaker: str | None = None
    turn: _Turn | None = None
    in_meta = False
    after_blank = True

    def start_turn(name: str | None, words: str, line_number: int, end: int = OPEN_END) -> _Turn:
        if len(turns) >= MAX_CUES:
            raise AnnotateError(f"more than {MAX_CUES} turns; too many for one transcript", warnings.path, line_number)
        new = _Turn(current_time, name, line_number, [words] if words else [], end)
        turns.append(new)
        return new

    for number, line in enumerate(split_lines(text), 1):
        if not line.strip():
            after_blank = True
            in_meta = False
            continue
        indented = line[:1] in (" ", "\t")
        if in_meta and indented:
            continue
        in_meta = False
        if spacelog and line.lstrip().startswith("#"):
            continue
        if spacelog and _META.match(line):
            in_meta = True
            continue
        if indented and turn is not None and not _STAMP_ALONE.match(line):
            turn.parts.append(line.strip())
            continue
        stamp_alone = _STAMP_ALONE.match(line)
        if stamp_alone:
            current_time = stamp_ms(stamp_alone.group(1))
            turn = None
            after_blank = True
            continue
        timed_range = _RANGE_THEN_TEXT.match(line)
        if timed_range:
            current_time = stamp_ms(timed_range.group(1))
            name, words = split_speaker_label(timed_range.group(3))
            speaker = name or speaker
            turn = start_turn(speaker, words, number, stamp_ms(timed_range.group(2)))
            after_blank = False
            continue
        stamped = _STAMP_THEN_TEXT.match(line)
        if stamped and stamped.group(3):
            current_time = stamp_ms(stamped.group(1) or stamped.group(2))
            line = stamped.group(3)
            after_blank = True
        heading = _NAME_THEN_STAMP.match(line)
        if heading and not stamped:
            speaker = heading.group(1).strip()
            current_time = stamp_ms(heading.group(2))
            turn = None
            after_blank = True
            continue
        name, words = split_speaker_label(line.strip())
        if name is not None:
            speaker = name
            turn = start_turn(speaker, words, number)
            turn.labelled = True
        elif turn is not None and not after_blank:
            turn.parts.append(words)
        else:
            turn = start_turn(speaker, words, number)
        after_blank = False
    return _to_cues(turns, warnings)


def _to_cues(turns: list[_Turn], warnings: WarningList) -> ParsedCues:
    parsed = ParsedCues()
    timed = any(turn.start is not None for turn in turns)
    if turns and not timed and 2 * sum(turn.labelled for turn in turns) < len(turns):
        # Neither times nor speaker turns: a README or a note, not a transcript. Nothing of it is
        # quoted back (it may be a file named by mistake, holding secrets).
        raise AnnotateError(
            "not a transcript: no time stamps and no speaker turns ('Name: text') in it; "
            "plain text needs '[00:12:34]' stamps or 'Name:' labels",
            warnings.path,
        )
    if turns and not timed:
        warnings.add(None, f"no time stamps in the file; times estimated from word count ({60000 // MS_PER_WORD} words a minute)")
    clock = 0
    for turn in turns:
        text = collapse_whitespace(_LINK.sub(lambda link: link.group(2) or link.group(1), " ".join(turn.parts)))
        if timed:
            start = turn.start if turn.start is not None else 0
            parsed.add(Cue(start, turn.end, text, turn.speaker), turn.line)
        else:
            duration = estimated_duration(text)
            parsed.add(Cue(clock, clock + duration, text, turn.speaker), turn.line)
            clock += duration
    return parsed
