"""Anchors, and finding an annotation's passage again after its transcript changed.

An anchor points at a passage three ways: the exact quote with ~32 characters of prefix and
suffix, character offsets into ``Transcript.text``, and the time range. Re-anchoring follows the
Hypothesis client: trust the offsets only when the text there still equals the quote (and its
context still agrees); otherwise look for the quote again (word for word, then with the
project's quote matcher) and score each place found on quote similarity, prefix, suffix and
nearness to the old position. Below a floor, or when two places
score alike, the annotation keeps its old anchor and is flagged ``orphaned``: a wrong place is
worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from annotate.core.annotations import now_stamp
from annotate.core.errors import AnnotateError
from annotate.core.identity import default_annotator
from annotate.core.ids import new_annotation_id
from annotate.core.match.policy import AMBIGUITY_MARGIN
from annotate.core.model import Anchor, Annotation, Cue, Transcript
from annotate.core.timecode import format_time

CONTEXT_LENGTH = 32

# Weights from the Hypothesis client's fuzzy anchoring (quote, prefix, suffix, position).
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50, 20, 20, 2
# Floors: how like the quote the found text must be, how alike the context must be (on one side
# for a quote found word for word, on both for one found roughly; unrelated text scores about
# 0.5 by chance), the combined score, and how far ahead of the runner-up the best place must be
# (the one ambiguity margin: tagging a quote uses it too).
QUOTE_FLOOR = 0.80
CONTEXT_FLOOR = 0.75
SCORE_FLOOR = 0.60
# A word at the edge of a place found roughly belongs to the quote when it is this much like one
# of the quote's first (last) words: a corrected slip, not a word from beyond the passage.
WORD_LIKENESS = 0.6
# Context this alike on both sides of the one exact occurrence settles it without fuzzy search.
CONFIDENT_CONTEXT = 0.97
# Places asked of the quote matcher when a quote is not found as it was.
FUZZY_CANDIDATES = 3
MAX_EXACT_CANDIDATES = 50


@dataclass(frozen=True)
class Placement:
    """One place a quote might now be, with the parts of its score."""

    start: int
    end: int
    quote_score: float
    prefix_score: float
    suffix_score: float
    position_score: float

    @property
    def score(self) -> float:
        total = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
        return (
            QUOTE_WEIGHT * self.quote_score
            + PREFIX_WEIGHT * self.prefix_score
            + SUFFIX_WEIGHT * self.suffix_score
            + POSITION_WEIGHT * self.position_score
        ) / total


def make_anchor(transcript: Transcript, start_offset: int, end_offset: int) -> Anchor:
    """The anchor of ``transcript.text[start_offset:end_offset]``: quote, context, offsets, times."""
    text = transcript.text
    start = min(max(0, start_offset), len(text))
    end = min(max(start, end_offset), len(text))
    if transcript.cues:
        start_ms = transcript.time_at(start)
        end_ms = max(start_ms, transcript.time_at(end, end=True))
    else:
        start_ms = end_ms = 0
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH):start],
        suffix=text[end:end + CONTEXT_LENGTH],
        start_offset=start,
        end_offset=end,
        start_ms=start_ms,
        end_ms=end_ms,
    )


def speaker_at(transcript: Transcript, offset: int) -> str | None:
    """The speaker of the cue holding character ``offset``."""
    if not transcript.cues:
        return None
    return transcript.cues[transcript.cue_index_at(offset)].speaker


def new_annotation(
    transcript: Transcript,
    start_offset: int,
    end_offset: int,
    tags: list[str],
    note: str = "",
    annotator: str | None = None,
) -> Annotation:
    """A new annotation of the passage ``[start_offset, end_offset)`` (not yet saved)."""

    # Leading and trailing spaces and cue breaks are not part of a passage.
    text = transcript.text
    while start_offset < end_offset and text[start_offset:start_offset + 1].isspace():
        start_offset += 1
    while end_offset > start_offset and text[end_offset - 1:end_offset].isspace():
        end_offset -= 1
    if not 0 <= start_offset < end_offset <= len(text):
        raise AnnotateError(f"nothing to annotate between characters {start_offset} and {end_offset} of {transcript.id}")
    stamp = now_stamp()
    return Annotation(
        id=new_annotation_id(),
        episode=transcript.id,
        anchor=make_anchor(transcript, start_offset, end_offset),
        tags=list(dict.fromkeys(tags)),
        note=note,
        annotator=annotator if annotator is not None else default_annotator(),
        speaker=speaker_at(transcript, start_offset),
        created=stamp,
        modified=stamp,
    )


def span_for_times(transcript: Transcript, start_ms: int, end_ms: int) -> tuple[int, int]:
    """The characters spoken between ``start_ms`` and ``end_ms``, widened to whole words.

    Inside a cue the character is found by interpolating its time, as :meth:`Transcript.time_at` does.
    """
    if end_ms <= start_ms:
        raise AnnotateError(
            f"the time range must end after it starts (it starts at {format_time(start_ms)} and ends at {format_time(end_ms)})"
        )
    covering = [index for index, cue in enumerate(transcript.cues) if cue.end_ms > start_ms and cue.start_ms < end_ms]
    if not covering:
        raise AnnotateError(
            f"nothing is said between {format_time(start_ms)} and {format_time(end_ms)} in {transcript.id} "
            f"(it runs to {format_time(transcript.duration_ms)})"
        )
    # Crosstalk: a cue that overlaps the range's edge only by a sliver is someone else's turn, not part of it.
    while len(covering) > 1 and _covered_share(transcript.cues[covering[-1]], start_ms, end_ms) < 0.5:
        covering.pop()
    while len(covering) > 1 and _covered_share(transcript.cues[covering[0]], start_ms, end_ms) < 0.5:
        covering.pop(0)
    text = transcript.text
    start = _offset_at_time(transcript, covering[0], start_ms)
    end = _offset_at_time(transcript, covering[-1], end_ms)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, max(start, end)


def _covered_share(cue: Cue, start_ms: int, end_ms: int) -> float:
    # The share of the cue's duration that falls inside the range (1.0 for a cue of no duration).
    duration = cue.end_ms - cue.start_ms
    if duration <= 0:
        return 1.0
    return max(0, min(end_ms, cue.end_ms) - max(start_ms, cue.start_ms)) / duration


def _offset_at_time(transcript: Transcript, index: int, milliseconds: int) -> int:
    cue = transcript.cues[index]
    duration = cue.end_ms - cue.start_ms
    fraction = 0.0 if duration <= 0 else min(1.0, max(0.0, (milliseconds - cue.start_ms) / duration))
    return transcript.cue_offsets[index] + round(fraction * len(cue.text))


# ---------------------------------------------------------------------------------------------
# Finding a quote again


@dataclass
class _Normalized:
    # The transcript text folded for comparison (lower case, whitespace runs as one space) and,
    # for each folded character, the index of the original character it came from.
    source: str
    text: str
    origin: list[int]
    folded_at: list[int] | None = None  # original offset -> folded position, made when first needed


_CACHE_ATTRIBUTE = "_anchoring_folded_text"
_MATCHER_ATTRIBUTE = "_anchoring_quote_matcher"


def _fold(text: str) -> tuple[str, list[int]]:
    folded: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            folded.append(" ")
            origin.append(index)
            continue
        previous_space = False
        lowered = char.lower()
        folded.append(lowered)
        origin.extend([index] * len(lowered))
    return "".join(folded), origin


def _normalized(transcript: Transcript) -> _Normalized:
    text = transcript.text
    # Kept on the transcript itself (beside its cached text) and rebuilt when its text changes.
    cached = transcript.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None or cached.source is not text:
        folded, origin = _fold(text)
        cached = _Normalized(text, folded, origin)
        transcript.__dict__[_CACHE_ATTRIBUTE] = cached
    return cached


def _original_span(normalized: _Normalized, start: int, end: int) -> tuple[int, int]:
    # Folded [start, end) back to original characters; an empty span stays empty.
    if end <= start:
        position = normalized.origin[start] if start < len(normalized.origin) else len(normalized.source)
        return position, position
    return normalized.origin[start], normalized.origin[end - 1] + 1


def find_quote_candidates(transcript: Transcript, quote: str) -> list[tuple[int, int, float]]:
    """Places where ``quote`` may be in ``transcript.text``: ``(start, end, similarity 0-1)``, best first.

    Exact matches (ignoring case and whitespace, so split or merged cues still match) come first,
    all of them; then the places the project's quote matcher proposes, each trimmed to the
    characters that fit the quote best and scored by character similarity. A quote too short for
    the matcher to place has no fuzzy candidates: better orphaned than put somewhere wrong.
    """
    normalized = _normalized(transcript)
    folded_quote, _origin = _fold(quote)
    if not folded_quote.strip():
        return []
    exact = _exact_candidates(transcript, quote)
    # The matcher's places too: the passage itself may have been corrected while the old wording
    # survives somewhere else, and context must then be able to prefer the corrected passage.
    fuzzy = [
        candidate for candidate in _fuzzy_candidates(transcript, normalized, folded_quote, quote)
        if not any(candidate[0] < end and start < candidate[1] for start, end, _score in exact)
    ]
    return exact + fuzzy


def _exact_candidates(transcript: Transcript, quote: str) -> list[tuple[int, int, float]]:
    # Every place the quote is word for word, ignoring case and whitespace (split or merged cues).
    normalized = _normalized(transcript)
    folded_quote, _origin = _fold(quote)
    if not folded_quote.strip():
        return []
    exact = []
    position = normalized.text.find(folded_quote)
    while position >= 0 and len(exact) < MAX_EXACT_CANDIDATES:
        exact.append((*_original_span(normalized, position, position + len(folded_quote)), 1.0))
        position = normalized.text.find(folded_quote, position + 1)
    return exact


def _fuzzy_candidates(transcript: Transcript, normalized: _Normalized, folded_quote: str, quote: str) -> list[tuple[int, int, float]]:
    try:
        matches = _matcher(transcript).match(quote, top=FUZZY_CANDIDATES)
    except AnnotateError:
        return []  # too short to place by words
    if normalized.folded_at is None:
        normalized.folded_at = _folded_positions(normalized)
    folded_start = normalized.folded_at
    candidates = []
    for match in matches:
        start = folded_start[match.start_offset]
        end = folded_start[match.end_offset]
        start, end, score = _refine(folded_quote, normalized.text, start, end)
        candidates.append((*_original_span(normalized, start, end), score))
    return sorted(candidates, key=lambda candidate: -candidate[2])


def _matcher(transcript: Transcript):
    # One word index per transcript text, kept beside it like the folded text.
    from annotate.core.match import QuoteMatcher

    cached = transcript.__dict__.get(_MATCHER_ATTRIBUTE)
    if cached is None or cached[0] is not transcript.text:
        cached = (transcript.text, QuoteMatcher.for_transcripts([transcript]))
        transcript.__dict__[_MATCHER_ATTRIBUTE] = cached
    return cached[1]


def _folded_positions(normalized: _Normalized) -> list[int]:
    # For each original character offset (and the end), the first folded position at or after it.
    positions = [len(normalized.text)] * (len(normalized.source) + 1)
    for folded_index in range(len(normalized.origin) - 1, -1, -1):
        positions[normalized.origin[folded_index]] = folded_index
    for offset in range(len(normalized.source) - 1, -1, -1):
        positions[offset] = min(positions[offset], positions[offset + 1])
    return positions


def _refine(quote: str, text: str, start: int, end: int, reach: int = 4) -> tuple[int, int, float]:
    # The matcher places whole words; a fix that added or removed a few characters moves the true
    # ends a little, so try the ends nearby and keep the closest match. Then drop words at either
    # end that are none of the quote's own first (last) words: what the matcher took in for words
    # that were cut from the passage.
    best = (fuzz.ratio(quote, text[start:end]) / 100, start, end)
    for new_start in range(max(0, start - reach), min(len(text), start + reach) + 1):
        for new_end in range(max(new_start + 1, end - reach), min(len(text), end + reach) + 1):
            score = fuzz.ratio(quote, text[new_start:new_end]) / 100
            if score > best[0]:
                best = (score, new_start, new_end)
    _score, start, end = best
    start, end = _trim_foreign_words(quote, text, start, end)
    return start, end, fuzz.ratio(quote, text[start:end]) / 100


def _trim_foreign_words(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    # Align the quote's words with the found words; where the alignment starts (ends) with found
    # words that match no quote word, keep those only if they look like one of the quote words
    # left unmatched there (a corrected slip), and drop the others.
    quote_words = quote.split()
    spans = [(found.start() + start, found.end() + start) for found in re.finditer(r"\S+", text[start:end])]
    found_words = [text[low:high] for low, high in spans]
    if len(quote_words) < 2 or len(found_words) < 2:
        return start, end
    operations = [operation for operation in Indel.opcodes(quote_words, found_words)]
    first, last = 0, len(found_words)
    for block in (operations, operations[::-1]):
        unmatched_quote: list[str] = []
        extra: list[int] = []
        for operation in block:
            if operation.tag == "equal":
                break
            unmatched_quote += quote_words[operation.src_start:operation.src_end]
            extra += range(operation.dest_start, operation.dest_end)
        if block is operations:
            for index in sorted(extra):
                if _like_any(found_words[index], unmatched_quote):
                    break
                first = index + 1
        else:
            for index in sorted(extra, reverse=True):
                if _like_any(found_words[index], unmatched_quote):
                    break
                last = index
    if first >= last:
        return start, end
    return spans[first][0], spans[last - 1][1]


def _like_any(word: str, candidates: list[str]) -> bool:
    bare = word.strip(_PUNCTUATION)
    return any(Indel.normalized_similarity(bare, candidate.strip(_PUNCTUATION)) >= WORD_LIKENESS for candidate in candidates)


_PUNCTUATION = ".,;:!?'\"()[]-"


def _similarity(stored: str, found: str) -> float:
    stored_folded, found_folded = _fold(stored)[0], _fold(found)[0]
    if not stored_folded and not found_folded:
        return 1.0
    return fuzz.ratio(stored_folded, found_folded) / 100


def _placement(transcript: Transcript, anchor: Anchor, start: int, end: int, quote_score: float) -> Placement:
    text = transcript.text
    before = text[max(0, start - len(anchor.prefix)):start]
    after = text[end:end + len(anchor.suffix)]
    distance = abs(start - anchor.start_offset)
    return Placement(
        start,
        end,
        quote_score,
        _similarity(anchor.prefix, before),
        _similarity(anchor.suffix, after),
        1.0 - min(1.0, distance / max(1, len(text))),
    )


def _acceptable(placement: Placement) -> bool:
    # A quote found word for word needs its context to agree on one side; a quote found only
    # roughly needs both, so that a passage cut short or grown in the middle is flagged rather
    # than placed on the part that still looks alike.
    context = (
        max(placement.prefix_score, placement.suffix_score)
        if placement.quote_score >= 1.0
        else min(placement.prefix_score, placement.suffix_score)
    )
    return placement.quote_score >= QUOTE_FLOOR and context >= CONTEXT_FLOOR and placement.score >= SCORE_FLOOR


def locate(transcript: Transcript, anchor: Anchor) -> tuple[int, int] | None:
    """Where ``anchor``'s passage is in ``transcript`` now, or None when it cannot be placed safely."""
    text = transcript.text
    start, end = anchor.start_offset, anchor.end_offset
    if 0 <= start <= end <= len(text) and text[start:end] == anchor.quote:
        if _acceptable(_placement(transcript, anchor, start, end, 1.0)):
            return start, end
    # The common case after text was added or removed elsewhere: the quote once, word for word,
    # with its context on both sides as it was. No other place could score clearly higher, so the
    # slower search (and the matcher) is skipped.
    exact = _exact_candidates(transcript, anchor.quote)
    if len(exact) == 1:
        only = _placement(transcript, anchor, *exact[0])
        if min(only.prefix_score, only.suffix_score) >= CONFIDENT_CONTEXT:
            return only.start, only.end
    placements = sorted(
        (_placement(transcript, anchor, found_start, found_end, score)
         for found_start, found_end, score in find_quote_candidates(transcript, anchor.quote)),
        key=lambda placement: -placement.score,
    )
    if not placements or not _acceptable(placements[0]):
        return None
    best = placements[0]
    for other in placements[1:]:
        overlaps = other.start < best.end and best.start < other.end
        if not overlaps and best.score - other.score < AMBIGUITY_MARGIN:
            return None  # two places fit about equally well: do not guess
    return best.start, best.end


def verify_anchors(transcript: Transcript, annotations: list[Annotation]) -> list[Annotation]:
    """Re-anchor ``annotations`` in place against ``transcript``; returns the ones now orphaned.

    A placed annotation gets a fresh anchor (quote, context, offsets, times) and speaker, and
    status ``ok``; one that cannot be placed keeps its old anchor and becomes ``orphaned``.
    """
    orphaned = []
    for annotation in annotations:
        found = locate(transcript, annotation.anchor)
        if found is None:
            annotation.status = "orphaned"
            orphaned.append(annotation)
            continue
        annotation.anchor = make_anchor(transcript, *found)
        annotation.speaker = speaker_at(transcript, found[0])
        annotation.status = "ok"
    return orphaned


def reanchor_episode(workspace: Any, episode_id: str) -> list[str]:
    """Re-anchor an episode's annotations to its (changed) transcript and save them.

    Returns one warning per annotation that could not be placed (kept, flagged ``orphaned``).
    """
    annotations = workspace.annotations(episode_id)  # reading re-anchors against the current transcript
    workspace.save_annotations(episode_id)
    warnings = []
    for annotation in annotations:
        if annotation.status == "orphaned":
            path, line = workspace.annotation_location(annotation)
            where = f"{path}:{line}" if line else path
            warnings.append(
                f"{where}: annotation {annotation.id} ({_shorten(annotation.anchor.quote)}) could not be placed "
                "in the new transcript; kept and flagged orphaned"
            )
    return warnings


def _shorten(quote: str, width: int = 48) -> str:
    flat = " ".join(quote.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")
