"""Word alignment of a quote's segments inside a stretch of transcript, and the score it earns.

Longest common subsequence over term ids (rapidfuzz's Indel) finds the equal words; the gaps
between them are priced word by word: fillers cheap, function words half, look-alike (misheard)
words with credit, transcript words the quote leaves out inside one cue at a discount, a changed
first or last word paired with the transcript's word just outside, and a cut at an ellipsis cheap
per word. The score is one minus the cost over the quote's weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from annotate.core.match.index import MatchIndex
from annotate.core.match.policy import (
    CUT_WORD_COST,
    FUNCTION_WORD_WEIGHT,
    LOOKALIKE_CREDIT,
    LOOKALIKE_FLOOR,
    MAX_CUT_WORDS,
    MAX_EDGE_SUBSTITUTIONS,
    MAX_IMPLICIT_CUT_WORDS,
    MAX_PART_COST,
    OMITTED_WORD_FACTOR,
    SOFT_SKIP_COST,
    ASIDE_FACTOR,
    IMPLICIT_CUT_COST,
    MAX_ASIDE_SHARE,
    MAX_ASIDE_WORDS,
    MAX_VOCATIVE_WORDS,
    BACKWARD_TRY_BELOW,
    STEM_COST,
    UNMARKED_CUT_MIN_WORDS,
)
from annotate.core.match.quote import Segment


@dataclass(slots=True)
class Placement:
    """Where one segment aligns: transcript term range ``[first, last]`` and its cost."""

    first: int
    last: int
    cost: float
    matched: int
    uncovered_front: int = 0  # quote words before the passage that found no place
    uncovered_back: int = 0


@dataclass(slots=True)
class Candidate:
    """A place a whole quote aligned: its episode, term range ``[first, last]`` in the index, and score."""

    episode_index: int
    first: int
    last: int
    score: float
    votes: float = 0.0



@lru_cache(maxsize=1 << 16)
def substitution_cost(quote_word: str, transcript_word: str) -> float:
    """What a changed word costs (0 to 1 of its weight): less when it looks alike or shares a stem."""
    if quote_word == transcript_word:
        return 0.0
    if stem(quote_word) == stem(transcript_word):
        return STEM_COST  # "thinking" for "think": the same word, bent
    similarity = Levenshtein.normalized_similarity(quote_word, transcript_word)
    return 1.0 - LOOKALIKE_CREDIT * similarity if similarity >= LOOKALIKE_FLOOR else 1.0


class Aligner:
    """Aligns quote segments inside a stretch ``[low, high)`` of the index."""

    def __init__(self, index: MatchIndex, low: int, high: int):
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
        word_weight = np.where(soft, SOFT_SKIP_COST, np.where(function_word, FUNCTION_WORD_WEIGHT, 1.0))
        self.word_weight = word_weight.tolist()
        # A word the quote leaves out inside a cue costs less than one it changes: citations shorten what was said.
        self.skip_cost = np.where(soft, SOFT_SKIP_COST, OMITTED_WORD_FACTOR * word_weight).tolist()

    def cue_breaks(self, start: int, end: int) -> int:
        """How many cues begin among local positions ``[start, end)``."""
        return sum(self.line_start[max(0, start):end])

    def _substitution(self, segment: Segment, quote_position: int, text_position: int) -> float:
        weight = max(segment.weights[quote_position], self.word_weight[text_position])
        return weight * substitution_cost(segment.words[quote_position], self.index.words[self.ids[text_position]])

    def _gap_cost(self, segment: Segment, quote_from: int, quote_to: int, text_from: int, text_to: int) -> float:
        # Unmatched quote words pair up with the transcript's unmatched hard words as substitutions.
        hard = [position for position in range(text_from, text_to) if not self.soft[position]]
        cost = SOFT_SKIP_COST * (text_to - text_from - len(hard))
        quote_positions = list(range(quote_from, quote_to))
        if not hard and _is_aside(segment, quote_from, quote_to):
            return cost + ASIDE_FACTOR * sum(segment.weights[quote_from:quote_to])
        pairs = min(len(quote_positions), len(hard))
        paired = 0.0
        for quote_position, text_position in zip(quote_positions[:pairs], hard[:pairs]):
            paired += self._substitution(segment, quote_position, text_position)
        for quote_position in quote_positions[pairs:]:
            paired += segment.weights[quote_position]
        # Words left out inside one cue are cheaper (a shortened sentence); across cues they cost in full.
        skip_cost = self.skip_cost if not self.cue_breaks(text_from, text_to + 1) else self.word_weight
        left_out = hard[pairs:]
        skipped = sum(skip_cost[text_position] for text_position in left_out)
        if UNMARKED_CUT_MIN_WORDS <= len(left_out) <= MAX_IMPLICIT_CUT_WORDS and self.cue_breaks(text_from, text_to + 1) <= 1:
            # Words the quote leaves out in a run: a cut made without an ellipsis.
            skipped = min(skipped, IMPLICIT_CUT_COST + CUT_WORD_COST * len(left_out))
        best = paired + skipped
        if quote_positions and len(quote_positions) < len(hard) <= 8 and len(quote_positions) <= 3 and paired > 0:
            best = min(best, self._gap_alignment(segment, quote_positions, hard, skip_cost))
        return cost + best

    def _gap_alignment(self, segment: Segment, quote_positions: list[int], hard: list[int], skip_cost: list[float]) -> float:
        # The cheapest pairing of a small gap's words in order ("thinking" with "think", not with
        # the "starting" before it): edit distance with this module's costs.
        previous = [0.0]
        for text_position in hard:
            previous.append(previous[-1] + skip_cost[text_position])
        for quote_position in quote_positions:
            current = [previous[0] + segment.weights[quote_position]]
            for column, text_position in enumerate(hard, 1):
                current.append(min(
                    previous[column - 1] + self._substitution(segment, quote_position, text_position),
                    previous[column] + segment.weights[quote_position],
                    current[column - 1] + skip_cost[text_position],
                ))
            previous = current
        return previous[-1]

    def _pair_cost(self, segment: Segment, quote_positions: list[int], text_positions: list[int]) -> float:
        # Quote words paired with transcript words are substitutions; quote words left over are missing.
        cost = 0.0
        for quote_position, text_position in zip(quote_positions, text_positions):
            cost += self._substitution(segment, quote_position, text_position)
        for quote_position in quote_positions[len(text_positions):]:
            cost += segment.weights[quote_position]
        return cost

    def _edge_positions(self, segment: Segment, quote_positions: list[int], start: int, step: int,
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
                if crossed and substitution_cost(quote_word, self.index.words[self.ids[position]]) >= 1.0:
                    break
                found.append(position)
            position += step
        return found

    def _soft_between(self, before: list[int], after: int) -> float:
        # Fillers and stutters walked over between an edge word and the passage cost what they cost inside it.
        return SOFT_SKIP_COST * sum(self.soft[before[0] + 1:after]) if before else 0.0

    def _blocks_cost(self, segment: Segment, blocks: list[tuple[int, int, int]], floor: int, ceiling: int) -> Placement:
        # Quote words before the first equal word (after the last) take the transcript's words just
        # outside it: a changed first or last word still starts (ends) the passage where it was said.
        first_quote, first_text, _ = blocks[0]
        lead_positions = list(range(first_quote - 1, -1, -1)) if first_quote <= MAX_EDGE_SUBSTITUTIONS else []
        lead = self._edge_positions(segment, lead_positions, first_text - 1, -1, floor, ceiling)
        cost = self._pair_cost(segment, list(range(first_quote - 1, -1, -1)), lead) + self._soft_between(lead[-1:], first_text)
        if first_quote and _is_aside(segment, 0, first_quote):
            # "Look, Houston, ...": words set off before the first word said may be a vocative the speaker never said.
            aside = ASIDE_FACTOR * sum(segment.weights[:first_quote])
            if aside < cost:
                cost, lead = aside, []
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
        cost += self._soft_between([last_text + last_size - 1], tail[-1] + 1) if tail else 0.0
        first = lead[-1] if lead else first_text
        last = tail[-1] if tail else last_text + last_size - 1
        return Placement(first, last, cost, matched, first_quote - len(lead), len(segment.ids) - tail_quote - len(tail))

    def place(self, segment: Segment, floor: int, ceiling: int, limit: int = 3) -> list[Placement]:
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
        placements: list[Placement] = []
        tried: list[tuple[int, int]] = []
        for _, low, high in windows:
            if len(tried) >= limit:
                break
            if any(low <= other_high and high >= other_low for other_low, other_high in tried):
                continue
            tried.append((low, high))
            # Room past the passage for words the quote left out (a cut without an ellipsis).
            window_from = max(floor, low - 2)
            window_to = min(ceiling, high + len(segment.ids) + 2)
            placement = self._align(segment, window_from, window_to, floor, ceiling)
            if placement is not None:
                placements.append(placement)
        placements.sort(key=lambda placement: placement.cost)
        return placements

    def _align(self, segment: Segment, window_from: int, window_to: int, floor: int, ceiling: int,
               refine: bool = True) -> Placement | None:
        # Of several equally long alignments, the earliest and the latest are both tried: a word
        # repeated just after the passage ("missing. Is that...") must not steal the quote's word.
        window = self.ids[window_from:window_to]
        forward = Indel.opcodes(segment.ids, window).as_matching_blocks()
        blocks = [(block.a, block.b + window_from, block.size) for block in forward if block.size]
        if not blocks:
            return None
        best = self._trimmed(segment, blocks, floor, ceiling)
        if best.cost <= 0 or best.cost > BACKWARD_TRY_BELOW * segment.weight:
            return best  # word for word, or too far off for another alignment to rescue
        backward = Indel.opcodes(segment.ids[::-1], window[::-1]).as_matching_blocks()
        length, count = len(segment.ids), len(window)
        reversed_blocks = sorted((length - block.a - block.size, count - block.b - block.size + window_from, block.size)
                                 for block in backward if block.size)
        if reversed_blocks != blocks:
            other = self._trimmed(segment, reversed_blocks, floor, ceiling)
            if other.cost < best.cost - 1e-9:
                best = other
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

    def _trimmed(self, segment: Segment, blocks: list[tuple[int, int, int]], floor: int, ceiling: int) -> Placement:
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
        return best


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """``word`` without a common English ending (-ing, -ed, -es, -s, -ly), keeping three letters at least."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _is_aside(segment: Segment, quote_from: int, quote_to: int) -> bool:
    """Quote words ``[quote_from, quote_to)`` are a short clause of their own: punctuation at both ends (or the quote's start)."""
    longest = MAX_VOCATIVE_WORDS if quote_from == 0 else MAX_ASIDE_WORDS
    if not segment.breaks or not 0 < quote_to - quote_from <= longest:
        return False
    if sum(segment.weights[quote_from:quote_to]) > MAX_ASIDE_SHARE * segment.weight:
        return False
    starts_clause = quote_from == 0 or segment.breaks[quote_from]
    ends_clause = quote_to < len(segment.ids) and segment.breaks[quote_to]
    return starts_clause and ends_clause


def align_candidate(index: MatchIndex, segments: list[Segment], episode_index: int, low: int, high: int,
                    close_cuts: bool = False) -> Candidate | None:
    """Place every segment in order inside ``[low, high)``; a cut between two costs little per word.

    With ``close_cuts`` (cuts the quote did not mark) a cut spans at most MAX_IMPLICIT_CUT_WORDS words.
    """
    max_cut = MAX_IMPLICIT_CUT_WORDS if close_cuts else MAX_CUT_WORDS
    aligner = Aligner(index, low, high)
    total_weight = sum(segment.weight for segment in segments)
    if len(segments) == 1:
        placements = aligner.place(segments[0], 0, high - low, limit=2)
        if not placements:
            return None
        best = placements[0]
        score = max(0.0, 1.0 - best.cost / total_weight)
        return Candidate(episode_index, best.first + low, best.last + low, score)
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
                if cut > max_cut:
                    continue
                if close_cuts and previous_end >= 0 and aligner.cue_breaks(previous_end + 1, placement.first + 1) > 1:
                    continue  # an unmarked cut stays in one turn or reaches the next cue, no further
                next_chains.append(
                    (cost + placement.cost + CUT_WORD_COST * cut, placement.last, placement.first if first is None else first, placement.last)
                )
        next_chains.sort(key=lambda chain: chain[0])
        chains = next_chains[:8]
    for cost, _, first, last in chains:
        if first is not None:
            score = max(0.0, 1.0 - cost / total_weight)
            return Candidate(episode_index, first + low, last + low, score)
    return None
