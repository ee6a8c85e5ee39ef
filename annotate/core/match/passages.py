"""From character offsets in an indexed episode to what a reader sees: text, times, speaker.

Answered from the index's cue columns, so placing a hundred quotes in a big archive reads no
transcript; only a cue with word times asks the transcript itself (its times are the words').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from annotate.core.match.index import MatchIndex
from annotate.core.model import Transcript


@dataclass(frozen=True, slots=True)
class PassageView:
    """A passage as shown: its text, times, speaker and the cue it starts in (index in the episode)."""

    text: str
    start_ms: int
    end_ms: int
    speaker: str | None
    cue: int


class Passages:
    """Looks passages up in ``index``; ``load_transcript`` answers only cues with word times."""

    def __init__(self, index: MatchIndex, load_transcript: Callable[[str], Transcript]):
        self.index = index
        self.load_transcript = load_transcript

    def cue_at(self, episode_index: int, offset: int) -> int:
        """The cue (index in the episode) holding character ``offset``; a separator counts for the cue before."""
        index = self.index
        low, high = int(index.cue_bounds[episode_index]), int(index.cue_bounds[episode_index + 1])
        if high <= low:
            return 0
        return max(0, int(np.searchsorted(index.cue_offsets[low:high], offset, side="right")) - 1)

    def text(self, episode_index: int, start: int, end: int) -> str:
        """Characters ``[start, end)`` of the episode's text."""
        index = self.index
        base, cue_end = int(index.cue_bounds[episode_index]), int(index.cue_bounds[episode_index + 1])
        first, last = base + self.cue_at(episode_index, start), base + self.cue_at(episode_index, max(start, end - 1))
        text_base = int(index.text_bounds[episode_index])
        # The text of cues first..last (and the line break after it) is one run of bytes; its
        # characters begin at cue ``first``'s offset.
        byte_to = int(index.cue_bytes[last + 1]) if last + 1 < cue_end else int(index.text_bounds[episode_index + 1]) - text_base
        chunk = bytes(index.text[text_base + int(index.cue_bytes[first]):text_base + byte_to]).decode("utf-8")
        origin = int(index.cue_offsets[first])
        return chunk[start - origin:end - origin]

    def time_at(self, episode_index: int, offset: int, end: bool = False) -> int:
        """:meth:`Transcript.time_at` from the index: interpolated in the cue, or the words' times when known."""
        index = self.index
        cue = self.cue_at(episode_index, max(0, offset - 1) if end else offset)
        row = int(index.cue_bounds[episode_index]) + cue
        if index.cue_has_words[row]:
            return self.load_transcript(index.episode_ids[episode_index]).time_at(offset, end=end)
        length = int(index.cue_lengths[row])
        start_ms, end_ms = int(index.cue_start_ms[row]), int(index.cue_end_ms[row])
        if not length:
            return end_ms if end else start_ms
        within = min(max(0, offset - int(index.cue_offsets[row])), length)
        return start_ms + round((end_ms - start_ms) * (within / length))

    def view(self, episode_index: int, start: int, end: int) -> PassageView:
        """The passage ``[start, end)`` of the episode as a reader sees it."""
        index = self.index
        cue = self.cue_at(episode_index, start)
        speaker_id = int(index.cue_speakers[int(index.cue_bounds[episode_index]) + cue]) if len(index.cue_speakers) else -1
        return PassageView(
            self.text(episode_index, start, end),
            self.time_at(episode_index, start),
            self.time_at(episode_index, end, end=True),
            index.speakers[speaker_id] if speaker_id >= 0 else None,
            cue,
        )
