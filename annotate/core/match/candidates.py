"""Candidate generation: where in the archive a quote may be, before any alignment.

A quote's rarer word pairs and words vote for diagonals (transcript position minus quote position)
through the index's posting lists; the heaviest clusters of diagonals become windows to align.
The matcher asks a :class:`CandidateSource` for windows and aligns them itself, so another source
(a database's posting tables, say) plugs in without touching alignment or scoring: implement
``windows(quote, limit)`` to yield :class:`Window` s (term positions of the matcher's
:class:`~annotate.core.match.index.MatchIndex`, heaviest first; ``quote.segments`` hold the quote's
term ids and words) and pass it as ``QuoteMatcher(index, load_transcript, candidate_source=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from annotate.core.match.index import MatchIndex
from annotate.core.match.policy import MAX_CUT_WORDS, MAX_KEY_POSTINGS, MIN_SEED_KEYS, POSTING_BUDGET
from annotate.core.match.quote import Quote, Segment


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch ``[low, high)`` of the index's terms (inside one episode) to align a quote in."""

    episode_index: int
    low: int
    high: int
    votes: float  # how strongly the quote's words pointed here: windows come heaviest first


class CandidateSource(Protocol):
    """Proposes windows of the matcher's index where a quote may have been said, heaviest first."""

    def windows(self, quote: Quote, limit: int) -> Iterator[Window]:
        """At most ``limit`` windows for ``quote``; the matcher stops early once it has a clear winner."""
        ...


class Postings(Protocol):
    """Where a quote's keys occur: ``("pair", first_id, next_id)`` or ``("word", term_id)`` in the index's vocabulary."""

    def frequencies(self, keys: list[tuple]) -> list[int]:
        """How often each key occurs (0 when never)."""
        ...

    def positions(self, keys: list[tuple]) -> list[np.ndarray]:
        """Each key's positions in the matcher's index, ascending (int32)."""
        ...


class IndexPostings:
    """The index's own word-pair and word posting lists."""

    def __init__(self, index: MatchIndex):
        self.index = index

    def _span(self, key: tuple) -> tuple[int, int, np.ndarray]:
        index = self.index
        if key[0] == "pair":
            pair_key = np.int64(key[1]) * index.vocabulary_size + key[2]
            low = int(np.searchsorted(index.pair_keys, pair_key, side="left"))
            high = int(np.searchsorted(index.pair_keys, pair_key, side="right"))
            return low, high, index.pair_positions
        return int(index.word_offsets[key[1]]), int(index.word_offsets[key[1] + 1]), index.word_positions

    def frequencies(self, keys: list[tuple]) -> list[int]:
        return [high - low for low, high, _ in map(self._span, keys)]

    def positions(self, keys: list[tuple]) -> list[np.ndarray]:
        return [np.asarray(postings[low:high]) for low, high, postings in map(self._span, keys)]


class IndexCandidates:
    """The default source: votes from the index's own word-pair and word posting lists (or ``postings``)."""

    def __init__(self, index: MatchIndex, postings: Postings | None = None):
        self.index = index
        self.postings: Postings = postings or IndexPostings(index)

    def windows(self, quote: Quote, limit: int) -> Iterator[Window]:
        index = self.index
        segments = quote.segments
        if not len(index.ids):
            return
        seeds = _seed_hits(index, segments, self.postings)
        if seeds is None:
            return
        positions, diagonals, weights = seeds
        quote_length = sum(len(segment.ids) for segment in segments)
        width = max(6, quote_length // 4)
        cut_room = MAX_CUT_WORDS * (len(segments) - 1) if len(segments) > 1 else 0
        slack = 4 + quote_length // 5
        for low_diagonal, high_diagonal, anchor, votes in _strong_diagonals(positions, diagonals, weights, width, limit):
            episode_index = index.episode_of(anchor)
            episode_low, episode_high = int(index.bounds[episode_index]), int(index.bounds[episode_index + 1])
            low = max(episode_low, low_diagonal - slack - cut_room)
            high = min(episode_high, high_diagonal + quote_length + slack + cut_room)
            if high > low:
                yield Window(episode_index, low, high, votes)


def _seed_hits(index: MatchIndex, segments: list[Segment], postings: Postings):
    """Transcript positions voted for by the quote's rarer word pairs and words, as diagonals."""
    keys, quote_positions, key_weights = [], [], []
    words = []
    for segment in segments:
        hard = [(position, term_id) for position, (term_id, soft) in enumerate(zip(segment.ids, segment.soft)) if not soft]
        for (position, term_id), (_, next_id) in zip(hard, hard[1:]):
            if term_id >= 0 and next_id >= 0:
                keys.append(("pair", int(term_id), int(next_id)))
                quote_positions.append(segment.offset + position)
                key_weights.append(1.0)
        for position, term_id in hard:
            if term_id >= 0:
                words.append((("word", int(term_id)), segment.offset + position))
    for key, quote_position in words:
        keys.append(key)
        quote_positions.append(quote_position)
        key_weights.append(0.6)
    if not keys:
        return None
    sources = [
        (frequency, weight, key, quote_position)
        for frequency, weight, key, quote_position in zip(postings.frequencies(keys), key_weights, keys, quote_positions)
        if frequency > 0
    ]
    sources.sort(key=lambda source: source[0])
    chosen = []
    total = 0
    for frequency, weight, key, quote_position in sources:
        # Rarest keys first, within a budget; the first few are taken whatever they cost.
        if (total + frequency > POSTING_BUDGET and len(chosen) >= MIN_SEED_KEYS) or frequency > MAX_KEY_POSTINGS:
            break
        total += frequency
        chosen.append((frequency, weight, key, quote_position))
    if not chosen:
        return None
    positions, diagonals, weights = [], [], []
    for (frequency, weight, _, quote_position), hits in zip(chosen, postings.positions([source[2] for source in chosen])):
        hits = hits.astype(np.int32, copy=False)
        # Rare keys say more about where the quote is than common ones.
        weight = weight * (1.0 if frequency <= 8 else 8.0 / frequency) ** 0.25
        positions.append(hits)
        diagonals.append(hits - np.int32(quote_position))
        weights.append(np.full(len(hits), weight, dtype=np.float32))
    return np.concatenate(positions), np.concatenate(diagonals), np.concatenate(weights)


def _strong_diagonals(
    positions: np.ndarray, diagonals: np.ndarray, weights: np.ndarray, width: int, limit: int
) -> list[tuple[int, int, int, float]]:
    """The ``limit`` heaviest clusters of diagonals ``width`` wide: (lowest, highest, a position, votes), best first."""
    order = np.argsort(diagonals)
    sorted_diagonals = diagonals[order]
    cumulative = np.concatenate(([0.0], np.cumsum(weights[order], dtype=np.float64)))
    ends = np.searchsorted(sorted_diagonals, sorted_diagonals + width, side="right")
    sums = cumulative[ends] - cumulative[:-1]
    best = float(sums.max())
    picked: list[tuple[int, int, int, float]] = []
    keep = max(64, limit * 16)
    if len(sums) > keep:
        top = np.argpartition(-sums, keep)[:keep]
        ranking = top[np.argsort(-sums[top], kind="stable")]
    else:
        ranking = np.argsort(-sums, kind="stable")
    for start in ranking.tolist():
        if sums[start] < best * 0.25:
            break
        low = int(sorted_diagonals[start])
        high = int(sorted_diagonals[ends[start] - 1])
        if any(low <= other_high + width and high >= other_low - width for other_low, other_high, _, _ in picked):
            continue
        picked.append((low, high, int(positions[order[start]]), float(sums[start])))
        if len(picked) >= limit:
            break
    return picked
