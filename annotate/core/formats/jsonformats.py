"""JSON transcripts: Whisper (and WhisperX) output, and the Podcasting 2.0 JSON transcript format."""

from __future__ import annotations

import json
import math

from annotate.core.errors import AnnotateError
from annotate.core.formats.base import OPEN_END, ParsedCues
from annotate.core.formats.cuetext import collapse_whitespace
from annotate.core.formats.warnings import WarningList
from annotate.core.limits import MAX_JSON_VALUES, MAX_TIME_MS, time_ms_from_seconds
from annotate.core.model import Cue, Word

# Podcasting 2.0 files often hold one word per segment; those are joined into cues that break at a
# change of speaker, a pause this long, the end of a sentence, or this many words.
_PAUSE_MS = 1500
_MAX_WORDS_PER_CUE = 40
_SENTENCE_END = (".", "?", "!", "…")


def _load(text: str, warnings: WarningList):
    # Counted before parsing: `[{},{},...]` within the size limit would build millions of objects.
    possible_values = 1 + text.count(",") + text.count("[") + text.count("{")
    if possible_values > MAX_JSON_VALUES:
        raise AnnotateError(f"JSON may hold more than {MAX_JSON_VALUES} values; too many for a transcript", warnings.path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AnnotateError(f"not valid JSON: {error.msg}", warnings.path, error.lineno) from None
    except RecursionError:
        raise AnnotateError("JSON nested too deeply", warnings.path) from None


def _milliseconds(value, scale: int = 1000) -> int | None:
    # Seconds (or, with scale 1, milliseconds) as a number or numeric string to whole
    # milliseconds; anything else is None.
    if isinstance(value, bool):
        return None
    # A finite time beyond MAX_TIME_MS (a JSON 1e308) becomes one just past it (or -1 when
    # negative), which cleanup drops (or sets to 0) with a warning, as for every other format.
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    milliseconds = time_ms_from_seconds(value, scale)
    if milliseconds is None:
        return MAX_TIME_MS + 1 if value > 0 else -1
    return milliseconds


def _segments(document, warnings: WarningList) -> list:
    segments = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(segments, list):
        raise AnnotateError("no 'segments' list in this JSON", warnings.path)
    return segments


def read_whisper(text: str, warnings: WarningList) -> ParsedCues:
    """Whisper JSON: ``segments`` with ``start``/``end`` seconds, ``text``, optional ``words``
    (``word``, ``start``, ``end``) and ``speaker`` (WhisperX). The subtitle JSON of the subsrt
    tool (a list of ``{"type": "caption", "start", "end", "text"}``) is read too; its times are ms."""
    parsed = ParsedCues()
    segments = _segments(_load(text, warnings), warnings)
    subsrt = bool(segments) and all(isinstance(segment, dict) and segment.get("type") == "caption" for segment in segments)
    scale = 1 if subsrt else 1000
    for number, segment in enumerate(segments, 1):
        if not isinstance(segment, dict):
            warnings.add(None, f"segment {number} is not an object; skipped", "bad segment")
            continue
        start = _milliseconds(segment.get("start"), scale)
        if start is None:
            warnings.add(None, f"segment {number} has no start time; skipped", "bad segment")
            continue
        end = _milliseconds(segment.get("end"), scale)
        content = collapse_whitespace(str(segment.get("text") or ""))
        words = _whisper_words(segment.get("words"), start, OPEN_END if end is None else end)
        if words and not content:
            content = " ".join(word.text for word in words)
        if words and " ".join(word.text for word in words) != content:
            words = None
        speaker = segment.get("speaker")
        parsed.add(Cue(start, OPEN_END if end is None else end, content, str(speaker) if speaker else None, words), None)
    return parsed


def _whisper_words(entries, segment_start: int, segment_end: int) -> list[Word] | None:
    # Words missing a time (WhisperX leaves numbers untimed) borrow their neighbours' times.
    if not isinstance(entries, list) or not entries:
        return None
    raw = []
    for entry in entries:
        if not isinstance(entry, dict):
            return None
        word_text = collapse_whitespace(str(entry.get("word", entry.get("text", "")) or ""))
        if word_text:
            raw.append((_milliseconds(entry.get("start")), _milliseconds(entry.get("end")), word_text))
    words = []
    previous_end = segment_start
    for index, (start, end, word_text) in enumerate(raw):
        if start is None:
            start = previous_end
        if end is None:
            later = next((item[0] for item in raw[index + 1 :] if item[0] is not None), None)
            end = later if later is not None else (segment_end if segment_end != OPEN_END else start)
        words.append(Word(start, max(start, end), word_text))
        previous_end = max(start, end)
    return words or None


def read_podcast_json(text: str, warnings: WarningList) -> ParsedCues:
    """Podcasting 2.0 JSON: ``segments`` with ``startTime``/``endTime`` seconds, ``body``, ``speaker``."""
    entries = []
    for number, segment in enumerate(_segments(_load(text, warnings), warnings), 1):
        if not isinstance(segment, dict):
            warnings.add(None, f"segment {number} is not an object; skipped", "bad segment")
            continue
        start = _milliseconds(segment.get("startTime"))
        if start is None:
            warnings.add(None, f"segment {number} has no startTime; skipped", "bad segment")
            continue
        end = _milliseconds(segment.get("endTime"))
        body = collapse_whitespace(str(segment.get("body") or ""))
        speaker = segment.get("speaker")
        entries.append((start, OPEN_END if end is None else end, body, str(speaker).strip() or None if speaker else None))
    word_level = entries and sum(" " not in body for _, _, body, _ in entries) > 0.8 * len(entries)
    parsed = ParsedCues()
    if not word_level:
        for start, end, body, speaker in entries:
            parsed.add(Cue(start, end, body, speaker), None)
        return parsed
    group: list[tuple[int, int, str, str | None]] = []
    for entry in entries:
        if group and _breaks_cue(group, entry):
            parsed.add(_joined_cue(group), None)
            group = []
        if entry[2]:
            group.append(entry)
    if group:
        parsed.add(_joined_cue(group), None)
    return parsed


def _breaks_cue(group: list, entry: tuple) -> bool:
    last_start, last_end, last_body, last_speaker = group[-1]
    start, _end, _body, speaker = entry
    pause = start - (last_end if last_end != OPEN_END else last_start)
    return (
        speaker != last_speaker
        or pause > _PAUSE_MS
        or last_body.endswith(_SENTENCE_END)
        or len(group) >= _MAX_WORDS_PER_CUE
    )


def _joined_cue(group: list) -> Cue:
    words = [Word(start, start if end == OPEN_END else max(start, end), body) for start, end, body, _ in group]
    end = group[-1][1]
    return Cue(group[0][0], end, " ".join(word.text for word in words), group[0][3], words)
