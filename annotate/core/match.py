"""Quote matching: from a quote as people cite it to the passage, speaker and second it was said.

Both quote and transcripts go through :mod:`annotate.core.normalize`. Every episode's terms are
held as numpy arrays with two posting lists (word pairs and single words, fillers left out), cached
per episode under ``.annotate/match/``. A quote's rarer word pairs and words vote for diagonals
(transcript position minus quote position); each strong diagonal is then aligned word by word
(longest common subsequence over term ids, rapidfuzz's Indel), scored with cheap fillers, credit
for misheard look-alikes and free cuts at an ellipsis, and kept only above a calibrated threshold:
a wrong match is worse than none.

numpy holds a ten-million-word archive in a few hundred megabytes and answers posting look-ups in
microseconds; pure Python lists of ints would need several times the memory.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from annotate.core.atomic import atomic_write_bytes
from annotate.core.errors import AnnotateError
from annotate.core.model import Transcript
from annotate.core.normalize import (
    NORMALIZER_VERSION,
    STOPWORDS,
    Term,
    content_word_count,
    split_ellipsis,
    tokenize,
    tokenize_columns,
)

# A match scores at least this (1.0 is word for word). Calibrated with benchmarks/match.py on
# said and never-said quotes; see the README's `annotate match` section.
THRESHOLD = 0.70
# A quote needs this many words (fillers aside), one of them a content word (not a function
# word), to be placed at all: fewer give too little to go on.
MIN_WORDS = 3
# A quote with fewer content words than this (one fewer will do in a quote of at least
# MIN_WORDS_WITH_FEW_CONTENT words) is short: it is placed only when its best passage beats every
# other by SHORT_QUOTE_MARGIN, since a few common words fit many places nearly as well.
MIN_CONTENT_WORDS = 3
MIN_WORDS_WITH_FEW_CONTENT = 6
SHORT_QUOTE_MARGIN = 0.10
# Costs of the word alignment, in quote words.
SOFT_QUOTE_WEIGHT = 0.5  # a filler in the quote that the transcript lacks
FUNCTION_WORD_WEIGHT = 0.5  # "the", "of", "we": a changed or missing one says less than a content word
# Function words that still weigh in full: a "not" dropped or added turns what was said around.
NEGATIONS = frozenset({"no", "nor", "not"})
SOFT_SKIP_COST = 0.1  # a filler or stutter in the transcript that the quote left out
LOOKALIKE_FLOOR = 0.5  # spelling similarity from which a changed word counts as misheard
LOOKALIKE_CREDIT = 0.6
# More unmatched words than this at a quote's edge are taken as not said, not as changed words.
MAX_EDGE_SUBSTITUTIONS = 2
# Candidate generation: postings per quote at most, diagonals aligned at most.
POSTING_BUDGET = 20_000
MIN_SEED_KEYS = 3
MAX_KEY_POSTINGS = 400_000
MAX_CANDIDATES = 24
# Once a passage clears the threshold, candidates with fewer than this share of its votes are skipped.
PRUNE_VOTES = 0.4
# An ellipsis may stand for this many words of the transcript at most; each word cut costs a
# little, so of two places for a part the nearer wins. A part placed worse than half is not placed.
MAX_CUT_WORDS = 150
CUT_WORD_COST = 0.01
MAX_PART_COST = 0.5


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was said: character offsets into the transcript's ``text``, times, who, how well."""

    episode: str
    start_offset: int
    end_offset: int
    start_ms: int
    end_ms: int
    speaker: str | None
    text: str
    score: float
    runner_up_score: float
    first_word: str
    last_word: str


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Progress while the index is built: ``done`` of ``total`` episodes, the one being read."""

    done: int
    total: int
    episode: str
    rebuilt: bool


@dataclass(slots=True)
class EpisodeTerms:
    """One episode's normalised terms: ids into its own ``vocabulary``, character spans, soft flags."""

    vocabulary: list[str]
    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    soft: np.ndarray
    line_start: np.ndarray  # the term begins a cue

    @classmethod
    def from_terms(cls, terms: list[Term]) -> "EpisodeTerms":
        vocabulary: dict[str, int] = {}
        count = len(terms)
        ids = np.fromiter((vocabulary.setdefault(term.text, len(vocabulary)) for term in terms), dtype=np.int32, count=count)
        return cls(
            list(vocabulary),
            ids,
            np.fromiter((term.start for term in terms), dtype=np.int32, count=count),
            np.fromiter((term.end for term in terms), dtype=np.int32, count=count),
            np.fromiter((term.soft for term in terms), dtype=np.bool_, count=count),
            np.fromiter((term.line_start for term in terms), dtype=np.bool_, count=count),
        )

    @classmethod
    def from_transcript(cls, transcript: Transcript) -> "EpisodeTerms":
        columns = tokenize_columns(transcript.text)
        vocabulary: dict[str, int] = {}
        ids = [vocabulary.setdefault(word, len(vocabulary)) for word in columns.words]
        return cls(
            list(vocabulary),
            np.array(ids, dtype=np.int32),
            np.array(columns.starts, dtype=np.int32),
            np.array(columns.ends, dtype=np.int32),
            np.array(columns.soft, dtype=np.bool_),
            np.array(columns.line_start, dtype=np.bool_),
        )


# --------------------------------------------------------------------------------------------
# The index

# Bump when the saved index's files change.
INDEX_FORMAT = 2
# A half-saved index older than this was left by a process that died; it is removed.
STALE_SAVE_SECONDS = 3600


class _Index:
    """Every indexed episode's terms in one array, with word-pair and word posting lists."""

    def __init__(self, episodes: list[tuple[str, EpisodeTerms]]):
        self.vocabulary: dict[str, int] = {}
        self.episode_ids = [episode_id for episode_id, _ in episodes]
        id_parts, start_parts, end_parts, soft_parts, line_parts, bounds = [], [], [], [], [], [0]
        for _, terms in episodes:
            mapping = np.fromiter(
                (self.vocabulary.setdefault(word, len(self.vocabulary)) for word in terms.vocabulary),
                dtype=np.int32,
                count=len(terms.vocabulary),
            )
            id_parts.append(mapping[terms.ids] if len(terms.ids) else terms.ids)
            start_parts.append(terms.starts)
            end_parts.append(terms.ends)
            soft_parts.append(terms.soft)
            line_parts.append(terms.line_start)
            bounds.append(bounds[-1] + len(terms.ids))
        self.words = list(self.vocabulary)
        self.function_word = np.fromiter((_is_light(word) for word in self.words), dtype=np.bool_, count=len(self.words))
        self.ids = np.concatenate(id_parts) if id_parts else np.zeros(0, np.int32)
        self.starts = np.concatenate(start_parts) if start_parts else np.zeros(0, np.int32)
        self.ends = np.concatenate(end_parts) if end_parts else np.zeros(0, np.int32)
        self.soft = np.concatenate(soft_parts) if soft_parts else np.zeros(0, np.bool_)
        self.line_start = np.concatenate(line_parts) if line_parts else np.zeros(0, np.bool_)
        self.bounds = np.asarray(bounds, dtype=np.int64)
        self._build_postings()

    def _build_postings(self) -> None:
        # Only hard terms are keys, so a dropped "you know" or stutter does not break a word pair.
        key_positions = np.flatnonzero(~self.soft).astype(np.int32)
        key_ids = self.ids[key_positions]
        vocabulary_size = max(1, len(self.words))
        self.vocabulary_size = vocabulary_size
        order = np.argsort(key_ids, kind="stable")
        self.word_positions = key_positions[order]
        self.word_offsets = np.zeros(vocabulary_size + 1, dtype=np.int64)
        np.cumsum(np.bincount(key_ids, minlength=vocabulary_size), out=self.word_offsets[1:])
        pair_keys = key_ids[:-1].astype(np.int64) * vocabulary_size + key_ids[1:]
        order = np.argsort(pair_keys, kind="stable")
        self.pair_keys = pair_keys[order]
        self.pair_positions = key_positions[:-1][order]
        del order

    @property
    def size_bytes(self) -> int:
        """Bytes held by the arrays (the vocabulary's Python strings not counted)."""
        arrays = (self.ids, self.starts, self.ends, self.soft, self.line_start, self.bounds, self.word_positions,
                  self.word_offsets, self.pair_keys, self.pair_positions)
        return sum(array.nbytes for array in arrays)

    def episode_of(self, position: int) -> int:
        return int(np.searchsorted(self.bounds, position, side="right")) - 1

    _ARRAYS = ("ids", "starts", "ends", "soft", "line_start", "bounds", "word_positions", "word_offsets",
               "pair_keys", "pair_positions", "function_word")

    def save(self, folder: Path) -> None:
        """Write the whole index into ``folder`` (made whole, then renamed into place)."""
        temporary = Path(tempfile.mkdtemp(prefix=".index-", dir=folder.parent))
        try:
            for name in self._ARRAYS:
                np.save(temporary / f"{name}.npy", getattr(self, name))
            (temporary / "words.txt").write_text("\n".join(self.words), encoding="utf-8")
            (temporary / "episodes.txt").write_text("\n".join(self.episode_ids), encoding="utf-8")
            os.replace(temporary, folder)
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)  # another process saved the same index first

    @classmethod
    def load(cls, folder: Path) -> "_Index":
        """An index saved by :meth:`save`, its arrays mapped from disk rather than read."""
        index = cls.__new__(cls)
        for name in cls._ARRAYS:
            setattr(index, name, np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
        words = (folder / "words.txt").read_text(encoding="utf-8")
        episodes = (folder / "episodes.txt").read_text(encoding="utf-8")
        index.words = words.split("\n") if words else []
        index.episode_ids = episodes.split("\n") if episodes else []
        index.vocabulary = {word: number for number, word in enumerate(index.words)}
        index.vocabulary_size = max(1, len(index.words))
        if len(index.bounds) != len(index.episode_ids) + 1 or len(index.function_word) != len(index.words):
            raise ValueError("index files do not agree")
        return index


# --------------------------------------------------------------------------------------------
# Quotes


@dataclass(slots=True)
class _Segment:
    """One part of a quote between cuts, as term ids (unknown words get ids no transcript has)."""

    ids: list[int]
    soft: list[bool]
    words: list[str]
    offset: int  # where the segment starts in the whole quote's terms
    weights: list[float]  # what each word counts for when it is missing or changed

    @property
    def weight(self) -> float:
        return sum(self.weights)


@dataclass(slots=True)
class _Placement:
    """Where one segment aligns: transcript term range ``[first, last]`` and its cost."""

    first: int
    last: int
    cost: float
    matched: int
    uncovered_front: int = 0  # quote words before the passage that found no place
    uncovered_back: int = 0


@dataclass(slots=True)
class _Candidate:
    episode_index: int
    first: int
    last: int
    score: float
    votes: float = 0.0


def _term_weight(word: str, soft: bool) -> float:
    if soft:
        return SOFT_QUOTE_WEIGHT
    return FUNCTION_WORD_WEIGHT if _is_light(word) else 1.0


def _is_light(word: str) -> bool:
    """A function word whose change or absence costs less than a content word's (negations excepted)."""
    return word in STOPWORDS and word not in NEGATIONS


@dataclass(slots=True)
class _Quote:
    """A quote ready to place: its segments between cuts, and how much it has to go on."""

    text: str
    segments: list[_Segment]
    words: int  # hard words: not fillers
    content_words: int

    @property
    def short(self) -> bool:
        """Too few content words to be sure of a place without checking the runner-up."""
        return self.content_words < MIN_CONTENT_WORDS and (
            self.content_words < MIN_CONTENT_WORDS - 1 or self.words < MIN_WORDS_WITH_FEW_CONTENT
        )


def _prepare_quote(quote: str, index: _Index) -> _Quote:
    parts = split_ellipsis(quote) or [quote]
    all_terms: list[Term] = []
    segments: list[_Segment] = []
    unknown: dict[str, int] = {}
    for part in parts:
        terms = tokenize(part)
        if not terms:
            continue
        ids = []
        for term in terms:
            term_id = index.vocabulary.get(term.text)
            if term_id is None:
                term_id = unknown.setdefault(term.text, -1 - len(unknown))
            ids.append(term_id)
        weights = [_term_weight(term.text, term.soft) for term in terms]
        segments.append(_Segment(ids, [term.soft for term in terms], [term.text for term in terms], len(all_terms), weights))
        all_terms += terms
    content = content_word_count(all_terms)
    hard_words = sum(1 for term in all_terms if not term.soft)
    if hard_words < MIN_WORDS:
        raise AnnotateError(
            f"quote too short to place: {quote.strip()!r} has {hard_words} word{'' if hard_words == 1 else 's'}; "
            f"give at least {MIN_WORDS} (more words around it)"
        )
    if content < 1:
        raise AnnotateError(
            f"quote too short to place: {quote.strip()!r} has no content word, only common "
            "function words or single letters that fit anywhere; give a word that says what it is about"
        )
    return _Quote(quote, segments, hard_words, content)


def _refuse_if_ambiguous(quote: _Quote, candidates: list["_Candidate"]) -> None:
    """Raise when a short quote's best passage clears the threshold but not by a margin over the next."""
    if not candidates or candidates[0].score < THRESHOLD:
        return  # not said: nothing to place
    best = candidates[0].score
    rivals = [candidate for candidate in candidates[1:] if best - candidate.score < SHORT_QUOTE_MARGIN]
    if rivals:
        places = len(rivals) + 1
        raise AnnotateError(
            f"quote too short to place: {quote.text.strip()!r} is ambiguous, its {quote.words} words "
            f"({quote.content_words} content word{'' if quote.content_words == 1 else 's'}) fit "
            f"{places} places about equally well (scores {best:.2f} and {rivals[0].score:.2f}); "
            "quote more words around it"
        )


def _seed_hits(index: _Index, segments: list[_Segment]):
    """Transcript positions voted for by the quote's rarer word pairs and words, as diagonals."""
    pair_keys, pair_quote_positions, word_ids, word_quote_positions = [], [], [], []
    for segment in segments:
        hard = [(position, term_id) for position, (term_id, soft) in enumerate(zip(segment.ids, segment.soft)) if not soft]
        for (position, term_id), (_, next_id) in zip(hard, hard[1:]):
            if term_id >= 0 and next_id >= 0:
                pair_keys.append(term_id * index.vocabulary_size + next_id)
                pair_quote_positions.append(segment.offset + position)
        for position, term_id in hard:
            if term_id >= 0:
                word_ids.append(term_id)
                word_quote_positions.append(segment.offset + position)
    sources = []  # (frequency, weight, lo, hi, postings array, quote position)
    if pair_keys:
        keys = np.asarray(pair_keys, dtype=np.int64)
        lows = np.searchsorted(index.pair_keys, keys, side="left")
        highs = np.searchsorted(index.pair_keys, keys, side="right")
        for low, high, quote_position in zip(lows.tolist(), highs.tolist(), pair_quote_positions):
            if high > low:
                sources.append((high - low, 1.0, low, high, index.pair_positions, quote_position))
    for term_id, quote_position in zip(word_ids, word_quote_positions):
        low, high = int(index.word_offsets[term_id]), int(index.word_offsets[term_id + 1])
        if high > low:
            sources.append((high - low, 0.6, low, high, index.word_positions, quote_position))
    sources.sort(key=lambda source: source[0])
    positions, diagonals, weights = [], [], []
    total = 0
    for frequency, weight, low, high, postings, quote_position in sources:
        # Rarest keys first, within a budget; the first few are taken whatever they cost.
        if (total + frequency > POSTING_BUDGET and len(positions) >= MIN_SEED_KEYS) or frequency > MAX_KEY_POSTINGS:
            break
        total += frequency
        hits = postings[low:high]
        # Rare keys say more about where the quote is than common ones.
        weight = weight * (1.0 if frequency <= 8 else 8.0 / frequency) ** 0.25
        positions.append(hits)
        diagonals.append(hits - np.int32(quote_position))
        weights.append(np.full(len(hits), weight, dtype=np.float32))
    if not positions:
        return None
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


# --------------------------------------------------------------------------------------------
# Alignment


def _substitution_cost(quote_word: str, transcript_word: str) -> float:
    if quote_word == transcript_word:
        return 0.0
    similarity = Levenshtein.normalized_similarity(quote_word, transcript_word)
    return 1.0 - LOOKALIKE_CREDIT * similarity if similarity >= LOOKALIKE_FLOOR else 1.0


class _Aligner:
    """Aligns quote segments inside a stretch ``[low, high)`` of the index."""

    def __init__(self, index: _Index, low: int, high: int):
        self.index = index
        self.low = low
        ids = index.ids[low:high]
        soft = index.soft[low:high]
        self.id_array = ids
        self.ids = ids.tolist()
        self.soft = soft.tolist()
        self.line_start = index.line_start[low:high].tolist()
        # What skipping each transcript word costs: little for fillers, less for function words.
        function_word = index.function_word[ids] if len(ids) else np.zeros(0, np.bool_)
        self.skip_cost = np.where(soft, SOFT_SKIP_COST, np.where(function_word, FUNCTION_WORD_WEIGHT, 1.0)).tolist()

    def _substitution(self, segment: _Segment, quote_position: int, text_position: int) -> float:
        weight = max(segment.weights[quote_position], self.skip_cost[text_position])
        return weight * _substitution_cost(segment.words[quote_position], self.index.words[self.ids[text_position]])

    def _gap_cost(self, segment: _Segment, quote_from: int, quote_to: int, text_from: int, text_to: int) -> float:
        # Unmatched quote words pair up with the transcript's unmatched hard words as substitutions.
        hard = [position for position in range(text_from, text_to) if not self.soft[position]]
        cost = SOFT_SKIP_COST * (text_to - text_from - len(hard))
        quote_positions = list(range(quote_from, quote_to))
        pairs = min(len(quote_positions), len(hard))
        for quote_position, text_position in zip(quote_positions[:pairs], hard[:pairs]):
            cost += self._substitution(segment, quote_position, text_position)
        for quote_position in quote_positions[pairs:]:
            cost += segment.weights[quote_position]
        for text_position in hard[pairs:]:
            cost += self.skip_cost[text_position]
        return cost

    def _pair_cost(self, segment: _Segment, quote_positions: list[int], text_positions: list[int]) -> float:
        # Quote words paired with transcript words are substitutions; quote words left over are missing.
        cost = 0.0
        for quote_position, text_position in zip(quote_positions, text_positions):
            cost += self._substitution(segment, quote_position, text_position)
        for quote_position in quote_positions[len(text_positions):]:
            cost += segment.weights[quote_position]
        return cost

    def _edge_positions(self, segment: _Segment, quote_positions: list[int], start: int, step: int,
                        floor: int, ceiling: int) -> list[int]:
        """Transcript words just outside a match that the quote's unmatched edge words stand for.

        Walks from ``start`` by ``step`` over hard words, pairing them with ``quote_positions``;
        past a cue boundary only words that look alike (misheard) are paired.
        """
        found: list[int] = []
        crossed = False
        position = start
        limit = len(quote_positions) * 2 + 2
        while len(found) < len(quote_positions) and floor <= position < ceiling and abs(position - start) < limit:
            entering = position + 1 if step < 0 else position  # the term whose cue start is crossed
            if entering < len(self.ids) and self.line_start[entering]:
                crossed = True
            if not self.soft[position]:
                quote_word = segment.words[quote_positions[len(found)]]
                if crossed and _substitution_cost(quote_word, self.index.words[self.ids[position]]) >= 1.0:
                    break
                found.append(position)
            position += step
        return found

    def _blocks_cost(self, segment: _Segment, blocks: list[tuple[int, int, int]], floor: int, ceiling: int) -> _Placement:
        # Quote words before the first equal word (after the last) take the transcript's words just
        # outside it: a changed first or last word still starts (ends) the passage where it was said.
        first_quote, first_text, _ = blocks[0]
        lead_positions = list(range(first_quote - 1, -1, -1)) if first_quote <= MAX_EDGE_SUBSTITUTIONS else []
        lead = self._edge_positions(segment, lead_positions, first_text - 1, -1, floor, ceiling)
        cost = self._pair_cost(segment, list(range(first_quote - 1, -1, -1)), lead)
        matched = 0
        for (quote_a, text_a, size), (quote_b, text_b, _) in zip(blocks, blocks[1:]):
            matched += size
            cost += self._gap_cost(segment, quote_a + size, quote_b, text_a + size, text_b)
        last_quote, last_text, last_size = blocks[-1]
        matched += last_size
        tail_quote = last_quote + last_size
        tail_positions = list(range(tail_quote, len(segment.ids))) if len(segment.ids) - tail_quote <= MAX_EDGE_SUBSTITUTIONS else []
        tail = self._edge_positions(segment, tail_positions, last_text + last_size, 1, floor, ceiling)
        cost += self._pair_cost(segment, list(range(tail_quote, len(segment.ids))), tail)
        first = lead[-1] if lead else first_text
        last = tail[-1] if tail else last_text + last_size - 1
        return _Placement(first, last, cost, matched, first_quote - len(lead), len(segment.ids) - tail_quote - len(tail))

    def place(self, segment: _Segment, floor: int, ceiling: int, limit: int = 3) -> list[_Placement]:
        """The best placements of ``segment`` between local positions ``floor`` and ``ceiling``."""
        positions_of: dict[int, list[int]] = {}
        for quote_position, term_id in enumerate(segment.ids):
            positions_of.setdefault(term_id, []).append(quote_position)
        diagonals: dict[int, float] = {}
        wanted = np.fromiter(positions_of, dtype=np.int32, count=len(positions_of))
        hits = np.flatnonzero(np.isin(self.id_array[floor:ceiling], wanted)) + floor
        for text_position in hits.tolist():
            weight = 0.3 if self.soft[text_position] else 1.0
            for quote_position in positions_of[self.ids[text_position]]:
                diagonal = text_position - quote_position
                diagonals[diagonal] = diagonals.get(diagonal, 0.0) + weight
        if not diagonals:
            return []
        width = max(3, len(segment.ids) // 4)
        ordered = sorted(diagonals)
        windows = []
        end = 0
        total = 0.0
        for start in ordered:
            while end < len(ordered) and ordered[end] <= start + width:
                total += diagonals[ordered[end]]
                end += 1
            windows.append((total, start, ordered[end - 1]))
            total -= diagonals[start]
        windows.sort(key=lambda window: -window[0])
        placements: list[_Placement] = []
        tried: list[tuple[int, int]] = []
        for _, low, high in windows:
            if len(tried) >= limit:
                break
            if any(low <= other_high and high >= other_low for other_low, other_high in tried):
                continue
            tried.append((low, high))
            window_from = max(floor, low - 2)
            window_to = min(ceiling, high + len(segment.ids) + 2)
            placement = self._align(segment, window_from, window_to, floor, ceiling)
            if placement is not None:
                placements.append(placement)
        placements.sort(key=lambda placement: placement.cost)
        return placements

    def _align(self, segment: _Segment, window_from: int, window_to: int, floor: int, ceiling: int,
               refine: bool = True) -> _Placement | None:
        opcodes = Indel.opcodes(segment.ids, self.ids[window_from:window_to])
        blocks = [(block.a, block.b + window_from, block.size) for block in opcodes.as_matching_blocks() if block.size]
        if not blocks:
            return None
        # Stray equal words at either end (a common word matched in the slack) are dropped when
        # the passage costs less without them: up to three blocks at the front, then at the back.
        best = self._blocks_cost(segment, blocks, floor, ceiling)
        front = 0
        for drop in range(1, min(4, len(blocks))):
            placement = self._blocks_cost(segment, blocks[drop:], floor, ceiling)
            if placement.cost < best.cost - 1e-9:
                best, front = placement, drop
        kept = blocks[front:]
        for drop in range(1, min(4, len(kept))):
            placement = self._blocks_cost(segment, kept[:-drop], floor, ceiling)
            if placement.cost < best.cost - 1e-9:
                best = placement
        if refine and best is not None and (best.uncovered_front or best.uncovered_back):
            # Of equally long alignments the first found may use an earlier repeat of the opening
            # words; aligned again in a window just around the passage, they fall into place.
            tight_from = max(floor, best.first - best.uncovered_front - 2)
            tight_to = min(ceiling, best.last + best.uncovered_back + 3)
            if (tight_from, tight_to) != (window_from, window_to):
                again = self._align(segment, tight_from, tight_to, floor, ceiling, refine=False)
                if again is not None and again.cost < best.cost - 1e-9:
                    best = again
        return best


def _align_candidate(index: _Index, segments: list[_Segment], episode_index: int, low: int, high: int) -> _Candidate | None:
    """Place every segment in order inside ``[low, high)``; a cut between two costs little per word."""
    aligner = _Aligner(index, low, high)
    total_weight = sum(segment.weight for segment in segments)
    if len(segments) == 1:
        placements = aligner.place(segments[0], 0, high - low, limit=2)
        if not placements:
            return None
        best = placements[0]
        score = max(0.0, 1.0 - best.cost / total_weight)
        return _Candidate(episode_index, best.first + low, best.last + low, score)
    # Several segments: each one's few best placements, then the cheapest chain in order, near each other.
    # A short part fits in many places equally well: try them all, the chain keeps the nearest.
    options = [aligner.place(segment, 0, high - low, limit=4 if len(segment.ids) > 3 else 40) for segment in segments]
    chains: list[tuple[float, int, int | None, int | None]] = [(0.0, -1, None, None)]  # cost, last end, first, last
    for segment, placements in zip(segments, options):
        next_chains = []
        for cost, previous_end, first, last in chains:
            next_chains.append((cost + segment.weight, previous_end, first, last))  # segment not found
            for placement in placements:
                if placement.first <= previous_end or placement.cost > MAX_PART_COST * segment.weight:
                    continue
                cut = placement.first - previous_end - 1 if previous_end >= 0 else 0
                if cut > MAX_CUT_WORDS:
                    continue
                next_chains.append(
                    (cost + placement.cost + CUT_WORD_COST * cut, placement.last, placement.first if first is None else first, placement.last)
                )
        next_chains.sort(key=lambda chain: chain[0])
        chains = next_chains[:8]
    for cost, _, first, last in chains:
        if first is not None:
            score = max(0.0, 1.0 - cost / total_weight)
            return _Candidate(episode_index, first + low, last + low, score)
    return None


# --------------------------------------------------------------------------------------------
# The matcher


class QuoteMatcher:
    """Finds quotes in a set of transcripts. Build once (cached on disk per episode), match often."""

    def __init__(self, index: _Index, load_transcript: Callable[[str], Transcript], errors: list[AnnotateError] | None = None):
        self._index = index
        self._load_transcript = load_transcript
        # Transcripts that could not be read, and so are not searched (each names its file and line).
        self.errors: list[AnnotateError] = errors or []

    @classmethod
    def for_transcripts(cls, transcripts: Iterable[Transcript]) -> "QuoteMatcher":
        """A matcher over transcripts in memory (no cache)."""
        by_id = {transcript.id: transcript for transcript in transcripts}
        index = _Index([(episode_id, EpisodeTerms.from_transcript(t)) for episode_id, t in by_id.items()])
        return cls(index, by_id.__getitem__)

    @classmethod
    def for_workspace(
        cls,
        workspace,
        episodes: Iterable[str] | None = None,
        progress: Callable[[IndexProgress], None] | None = None,
    ) -> "QuoteMatcher":
        """A matcher over the workspace's episodes (or only ``episodes``), reusing the cached index.

        An episode's cached terms are rebuilt only when its transcript file changed (size or time).
        """
        episode_ids = [workspace.require_episode(episode) for episode in episodes] if episodes else workspace.episode_ids()
        episode_ids = list(dict.fromkeys(episode_ids))
        cache_folder = Path(workspace.cache_dir) / "match"
        # The whole workspace's index is kept too, mapped from disk: a big archive opens at once.
        whole = _whole_index_folder(workspace, cache_folder, episode_ids) if not episodes else None
        if whole is not None and whole.is_dir():
            try:
                index = _Index.load(whole)
                if progress is not None:
                    progress(IndexProgress(len(episode_ids), len(episode_ids), "", False))
                return cls(index, workspace.load_transcript)
            except (OSError, ValueError):
                shutil.rmtree(whole, ignore_errors=True)
        loaded, errors = [], []
        for number, episode_id in enumerate(episode_ids):
            try:
                terms, rebuilt = _cached_terms(workspace, episode_id, cache_folder)
                loaded.append((episode_id, terms))
            except AnnotateError as error:
                errors.append(error)
                rebuilt = False
            if progress is not None:
                progress(IndexProgress(number + 1, len(episode_ids), episode_id, rebuilt))
        index = _Index(loaded)
        if whole is not None:
            _forget_removed_episodes(cache_folder, set(episode_ids))
            if not errors:
                index.save(whole)
        return cls(index, workspace.load_transcript, errors)

    @property
    def episode_ids(self) -> list[str]:
        return list(self._index.episode_ids)

    @property
    def word_count(self) -> int:
        return len(self._index.ids)

    @property
    def index_bytes(self) -> int:
        return self._index.size_bytes

    def match(self, quote: str, top: int = 5) -> list[Match]:
        """The passages where ``quote`` was said, best first; empty when none clears the threshold.

        Raises AnnotateError when the quote is too short to place: fewer than three words, no
        content word, or a short quote (few content words) whose best passage is not clearly
        better than the next.
        """
        prepared = _prepare_quote(quote, self._index)
        candidates = self._candidates(prepared)
        if prepared.short:
            _refuse_if_ambiguous(prepared, candidates)
        found = []
        for rank, candidate in enumerate(candidates):
            if candidate.score < THRESHOLD or len(found) >= top:
                break
            runner_up = candidates[rank + 1].score if rank + 1 < len(candidates) else 0.0
            found.append(self._to_match(candidate, runner_up))
        return found

    def _candidates(self, quote: _Quote) -> list[_Candidate]:
        index = self._index
        segments = quote.segments
        if not len(index.ids):
            return []
        seeds = _seed_hits(index, segments)
        if seeds is None:
            return []
        positions, diagonals, weights = seeds
        quote_length = sum(len(segment.ids) for segment in segments)
        width = max(6, quote_length // 4)
        cut_room = MAX_CUT_WORDS * (len(segments) - 1) if len(segments) > 1 else 0
        slack = 4 + quote_length // 5
        candidates: list[_Candidate] = []
        limit = MAX_CANDIDATES if len(segments) == 1 else MAX_CANDIDATES // 2
        found_one = False
        for low_diagonal, high_diagonal, anchor, votes in _strong_diagonals(positions, diagonals, weights, width, limit):
            # A short quote's rivals are all aligned: whether it is placed depends on the runner-up.
            if found_one and not quote.short and candidates and votes < PRUNE_VOTES * candidates[0].votes:
                break  # far fewer shared words than a passage already found: not worth aligning
            episode_index = index.episode_of(anchor)
            episode_low, episode_high = int(index.bounds[episode_index]), int(index.bounds[episode_index + 1])
            low = max(episode_low, low_diagonal - slack - cut_room)
            high = min(episode_high, high_diagonal + quote_length + slack + cut_room)
            if high <= low:
                continue
            candidate = _align_candidate(index, segments, episode_index, low, high)
            if candidate is not None:
                candidate.votes = votes
                candidates.append(candidate)
                found_one = found_one or candidate.score >= THRESHOLD
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.episode_index, candidate.first))
        distinct: list[_Candidate] = []
        for candidate in candidates:
            if any(other.first <= candidate.last and candidate.first <= other.last for other in distinct):
                continue
            distinct.append(candidate)
        return distinct

    def _to_match(self, candidate: _Candidate, runner_up: float) -> Match:
        index = self._index
        episode_id = index.episode_ids[candidate.episode_index]
        transcript = self._load_transcript(episode_id)
        start_offset = int(index.starts[candidate.first])
        end_offset = int(index.ends[candidate.last])
        cue = transcript.cues[transcript.cue_index_at(start_offset)] if transcript.cues else None
        text = transcript.text
        return Match(
            episode=episode_id,
            start_offset=start_offset,
            end_offset=end_offset,
            start_ms=transcript.time_at(start_offset),
            end_ms=transcript.time_at(end_offset, end=True),
            speaker=cue.speaker if cue else None,
            text=text[start_offset:end_offset],
            score=round(candidate.score, 4),
            runner_up_score=round(runner_up, 4),
            first_word=text[start_offset:int(index.ends[candidate.first])],
            last_word=text[int(index.starts[candidate.last]):end_offset],
        )


def match_in_transcript(transcript: Transcript, quote: str, top: int = 5) -> list[Match]:
    """The passages of one transcript where ``quote`` was said, best first (no cache involved)."""
    return QuoteMatcher.for_transcripts([transcript]).match(quote, top=top)


# --------------------------------------------------------------------------------------------
# The per-episode cache


def _transcript_stamps(workspace, episode_ids: list[str]) -> dict[str, str]:
    # The store's change stamps of the transcripts (any backend): equal means unchanged.
    from annotate.core.store.items import TRANSCRIPT

    stamps = workspace.change_stamps(episode_ids)
    return {episode_id: stamps[(TRANSCRIPT, episode_id)] for episode_id in episode_ids if (TRANSCRIPT, episode_id) in stamps}


def _stamp(stamp: str) -> np.ndarray:
    digest = int.from_bytes(hashlib.blake2b(stamp.encode("utf-8"), digest_size=7).digest(), "big")
    return np.asarray([digest, NORMALIZER_VERSION], dtype=np.int64)


def _whole_index_folder(workspace, cache_folder: Path, episode_ids: list[str]) -> Path | None:
    """Where the index of exactly these transcripts, as they are stored now, is kept."""
    digest = hashlib.sha1(f"{NORMALIZER_VERSION}:{INDEX_FORMAT}".encode())
    stamps = _transcript_stamps(workspace, episode_ids)
    if len(stamps) != len(episode_ids):
        return None
    for episode_id in episode_ids:
        digest.update(f"\n{episode_id}\t{stamps[episode_id]}".encode())
    cache_folder.mkdir(parents=True, exist_ok=True)
    return cache_folder / f"index-{digest.hexdigest()[:20]}"


def _forget_removed_episodes(cache_folder: Path, episode_ids: set[str]) -> None:
    # Cached terms of transcripts no longer in the workspace, and older whole indexes, are clutter.
    if cache_folder.is_dir():
        for cached in cache_folder.glob("*.npz"):
            if cached.stem not in episode_ids:
                cached.unlink(missing_ok=True)
        for folder in cache_folder.glob("index-*"):
            shutil.rmtree(folder, ignore_errors=True)
        for folder in cache_folder.glob(".index-*"):  # left by a process killed while saving
            if time.time() - folder.stat().st_mtime > STALE_SAVE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


def _cached_terms(workspace, episode_id: str, cache_folder: Path) -> tuple[EpisodeTerms, bool]:
    """An episode's terms from the cache, or made from its transcript (and cached) when it changed."""
    stored_stamp = _transcript_stamps(workspace, [episode_id]).get(episode_id)
    if stored_stamp is None:
        workspace.require_episode(episode_id)  # gone since it was listed: says so, naming the episodes
        raise AnnotateError(f"episode {episode_id!r} has no transcript")
    stamp = _stamp(stored_stamp)
    cache_path = cache_folder / f"{episode_id}.npz"
    if cache_path.is_file():
        try:
            with np.load(cache_path, allow_pickle=False) as stored:
                if np.array_equal(stored["stamp"], stamp):
                    words = stored["words"].tobytes().decode("utf-8")
                    return EpisodeTerms(
                        words.split("\n") if words else [],
                        stored["ids"], stored["starts"], stored["ends"], stored["soft"], stored["line_start"],
                    ), False
        except (OSError, ValueError, KeyError, IndexError):
            pass  # a damaged cache file is simply rebuilt
    terms = EpisodeTerms.from_transcript(workspace.load_transcript(episode_id))
    buffer = io.BytesIO()
    np.savez(
        buffer,
        stamp=stamp,
        words=np.frombuffer("\n".join(terms.vocabulary).encode("utf-8"), dtype=np.uint8),
        ids=terms.ids,
        starts=terms.starts,
        ends=terms.ends,
        soft=terms.soft,
        line_start=terms.line_start,
    )
    atomic_write_bytes(cache_path, buffer.getvalue())
    return terms, True
