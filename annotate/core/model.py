"""The data model: transcripts and their cues, the taxonomy, annotations and their anchors.

Plain dataclasses. Times are whole milliseconds. A transcript's ``text`` joins its cues' texts
with one newline each, so a character offset in that text maps to a cue and to a time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Word:
    """One word with its own timing (Whisper word times, YouTube inline times)."""

    start_ms: int
    end_ms: int
    text: str


@dataclass(slots=True)
class Cue:
    """One timed stretch of speech. ``text`` is plain text on one line (markup removed)."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None
    words: list[Word] | None = None
    identifier: str | None = None


@dataclass(slots=True)
class Participant:
    """Someone who takes part in an episode, with their role (host, guest, interviewer...)."""

    name: str
    role: str = ""


@dataclass(slots=True)
class TranscriptMetadata:
    """What the ``transcripts/<id>.yaml`` sidecar holds."""

    title: str = ""
    series: str = ""
    date: str = ""
    participants: list[Participant] = field(default_factory=list)
    media_url: str = ""
    source: str = ""
    language: str = "en"
    extra: dict = field(default_factory=dict)


@dataclass(eq=False)
class Transcript:
    """A timed transcript: an id (the file stem in the workspace), its cues and metadata."""

    id: str
    cues: list[Cue]
    metadata: TranscriptMetadata = field(default_factory=TranscriptMetadata)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Transcript):
            return NotImplemented
        return (self.id, self.cues, self.metadata) == (other.id, other.cues, other.metadata)

    @property
    def title(self) -> str:
        return self.metadata.title or self.id

    @property
    def duration_ms(self) -> int:
        return max((cue.end_ms for cue in self.cues), default=0)

    @property
    def speakers(self) -> list[str]:
        """Speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for cue in self.cues:
            if cue.speaker:
                seen.setdefault(cue.speaker, None)
        return list(seen)

    @cached_property
    def cue_offsets(self) -> list[int]:
        """The character offset in ``text`` where each cue's text begins."""
        offsets = []
        position = 0
        for cue in self.cues:
            offsets.append(position)
            position += len(cue.text) + 1
        return offsets

    @cached_property
    def text(self) -> str:
        """The whole transcript as one string: cue texts joined by newlines."""
        return "\n".join(cue.text for cue in self.cues)

    def invalidate(self) -> None:
        """Forget derived text and offsets after the cues were changed in place."""
        self.__dict__.pop("text", None)
        self.__dict__.pop("cue_offsets", None)

    def cue_index_at(self, offset: int) -> int:
        """The index of the cue holding character ``offset`` (a separator counts for the cue before)."""
        if not self.cues:
            raise IndexError("transcript has no cues")
        return max(0, bisect_right(self.cue_offsets, offset) - 1)

    def time_at(self, offset: int, *, end: bool = False) -> int:
        """The time (ms) at character ``offset``: word times when known, else interpolated.

        With ``end=True`` the offset is an exclusive end, and the time is where that character ends.
        """
        index = self.cue_index_at(max(0, offset - 1) if end else offset)
        cue = self.cues[index]
        within = min(max(0, offset - self.cue_offsets[index]), len(cue.text))
        if cue.words:
            word_time = _time_from_words(cue, within, end)
            if word_time is not None:
                return word_time
        if not cue.text:
            return cue.end_ms if end else cue.start_ms
        fraction = within / len(cue.text)
        return cue.start_ms + round((cue.end_ms - cue.start_ms) * fraction)

    def cue_index_at_time(self, milliseconds: int) -> int:
        """The index of the last cue that starts at or before ``milliseconds`` (0 when none does)."""
        starts = [cue.start_ms for cue in self.cues]
        return max(0, bisect_right(starts, milliseconds) - 1)

    def cue_index_at_shown_time(self, milliseconds: int) -> int:
        """The cue a person means by a time read off a screen that shows whole seconds.

        A whole-second time names the first cue that starts within that second (shown times are
        truncated, so the cue shown as 23:35 may start at 23:35.4); else, and for times with a
        fraction, the cue playing at ``milliseconds``.
        """
        starts = [cue.start_ms for cue in self.cues]
        if milliseconds % 1000 == 0:
            first_after = bisect_left(starts, milliseconds)
            if first_after < len(starts) and starts[first_after] < milliseconds + 1000:
                return first_after
        return max(0, bisect_right(starts, milliseconds) - 1)


def _time_from_words(cue: Cue, within: int, end: bool) -> int | None:
    # Walk the cue's words in order, finding each in the text; the word holding the offset gives the time.
    position = 0
    for word in cue.words or []:
        found = cue.text.find(word.text.strip(), position)
        if found < 0:
            return None
        word_end = found + len(word.text.strip())
        if end and within <= word_end:
            return word.end_ms
        if not end and within < word_end:
            return word.start_ms
        position = word_end
    return cue.words[-1].end_ms if cue.words else None


@dataclass(slots=True)
class Tag:
    """One code of the taxonomy. ``key`` is the number key (1-9) that toggles it, if any."""

    id: str
    label: str
    description: str = ""
    color: str = ""
    parent: str | None = None
    key: str | None = None


@dataclass
class Taxonomy:
    """The codebook: tags in their file order, with parents for a hierarchy."""

    tags: list[Tag] = field(default_factory=list)

    def get(self, tag_id: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.id == tag_id), None)

    def __contains__(self, tag_id: object) -> bool:
        return any(tag.id == tag_id for tag in self.tags)

    def children(self, tag_id: str | None) -> list[Tag]:
        """Tags directly under ``tag_id`` (the roots when ``tag_id`` is None)."""
        return [tag for tag in self.tags if tag.parent == tag_id]

    def ancestors(self, tag_id: str) -> list[str]:
        """The tags above ``tag_id``, its parent first (empty for a top-level or unknown tag)."""
        found: list[str] = []
        tag = self.get(tag_id)
        while tag is not None and tag.parent and tag.parent not in found:
            found.append(tag.parent)
            tag = self.get(tag.parent)
        return found

    def with_ancestors(self, tag_ids) -> set[str]:
        """``tag_ids`` and every tag above any of them: what an annotation counts for, rolled up."""
        found: set[str] = set()
        for tag_id in tag_ids:
            found.add(tag_id)
            found.update(self.ancestors(tag_id))
        return found

    def descendants(self, tag_id: str) -> set[str]:
        """``tag_id`` and every tag below it."""
        found = {tag_id}
        frontier = [tag_id]
        while frontier:
            parent = frontier.pop()
            for tag in self.tags:
                if tag.parent == parent and tag.id not in found:
                    found.add(tag.id)
                    frontier.append(tag.id)
        return found


@dataclass(slots=True)
class Anchor:
    """Where an annotation points, three ways: the quote in context, character offsets, times."""

    quote: str
    prefix: str
    suffix: str
    start_offset: int
    end_offset: int
    start_ms: int
    end_ms: int


@dataclass
class Annotation:
    """A tagged passage of one transcript. ``status`` is ``ok`` or ``orphaned`` (passage lost).

    ``version`` is how the store refuses a write from a stale copy (see ``annotate.core.store``).
    """

    id: str
    episode: str
    anchor: Anchor
    tags: list[str] = field(default_factory=list)
    note: str = ""
    annotator: str = ""
    speaker: str | None = None
    created: str = ""
    modified: str = ""
    status: str = "ok"
    # The stored state this copy was read in (opaque, set by the store; "" for a new annotation).
    # Not part of equality: two copies with the same content are the same annotation.
    version: str = field(default="", compare=False, repr=False)
