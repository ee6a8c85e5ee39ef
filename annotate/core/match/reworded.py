"""Nearest passages for a paraphrase: where a reworded citation most likely points, never "said here".

A summary ("Creemers told the audience that the system is a patchwork...") shares content words,
not word order, with the passage it summarises. Passages are windows of one to four consecutive
cues of one episode, ranked by BM25 over stemmed content words (document length in characters;
the average scaled by the window's cue count, so windows of each size compete fairly). A window
is trimmed to the cues that carry the paraphrase's words, so a passage starts at the first cue
that holds the content, not a cue earlier. No score separates a paraphrase from a plausible
never-said line, so nothing here claims a quote was said: these are the closest passages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from annotate.core.errors import AnnotateError
from annotate.core.match.alignment import stem
from annotate.core.match.candidates import IndexPostings
from annotate.core.match.index import MatchIndex
from annotate.core.match.passages import Passages
from annotate.core.normalize import STOPWORDS, tokenize

# BM25's usual constants; windows of up to MAX_WINDOW_CUES cues; cues scored alone first, then the
# best SEED_CUES of them grown into windows.
BM25_K1 = 1.2
BM25_B = 0.75
MAX_WINDOW_CUES = 4
SEED_CUES = 200
# An edge cue scoring alone less than this share of the window's strongest cue is trimmed off.
EDGE_SHARE = 0.5
# A closed compound's halves ("lift" + "off") have this many letters at least.
MIN_COMPOUND_PART = 3
# A paraphrase needs this many content words to rank passages by.
MIN_CONTENT_WORDS = 2


@dataclass(frozen=True, slots=True)
class NearPassage:
    """A passage close to a paraphrase: where it is, what it says, and its BM25 score (higher is closer)."""

    episode: str
    start_offset: int
    end_offset: int
    start_ms: int
    end_ms: int
    speaker: str | None
    text: str
    score: float
    cues: int  # how many consecutive cues the passage spans


class RewordedSearch:
    """Ranks passages of ``index`` by closeness to a paraphrase; built once, asked often."""

    def __init__(self, index: MatchIndex, passages: Passages):
        self.index = index
        self.passages = passages
        self._stem_ids: dict[str, list[int]] | None = None
        # Each cue's place in one sortable key (episode, character offset), to map terms to cues.
        cue_episode = np.repeat(np.arange(len(index.cue_bounds) - 1, dtype=np.int64), np.diff(index.cue_bounds))
        self._cue_keys = (cue_episode << 40) + np.asarray(index.cue_offsets, dtype=np.int64)
        self._cue_episode = cue_episode
        lengths = np.asarray(index.cue_lengths, dtype=np.float64)
        self._lengths = lengths
        self._average_length = float(lengths.mean()) if len(lengths) else 1.0

    def _ids_of_stem(self, word_stem: str) -> list[int]:
        # Every form of the word counts, a function word's too: "thinking" finds "think".
        if self._stem_ids is None:
            table: dict[str, list[int]] = defaultdict(list)
            for number, word in enumerate(self.index.words):
                table[stem(word)].append(number)
            self._stem_ids = dict(table)
        return self._stem_ids.get(word_stem, [])

    def search(self, paraphrase: str, top: int = 5) -> list[NearPassage]:
        """The ``top`` passages closest to ``paraphrase``, closest first (distinct, not overlapping).

        Raises AnnotateError when the paraphrase has fewer than MIN_CONTENT_WORDS content words.
        """
        forms: dict[str, set[str]] = defaultdict(set)  # each stem, and the paraphrase's words that have it
        for term in tokenize(paraphrase):
            if not term.soft and len(term.text) > 1 and term.text not in STOPWORDS:
                forms[stem(term.text)].add(term.text)
        stems = list(forms)
        if len(stems) < MIN_CONTENT_WORDS:
            raise AnnotateError(
                f"too few words to look for: {paraphrase.strip()!r} has {len(stems)} content word"
                f"{'' if len(stems) == 1 else 's'}; give at least {MIN_CONTENT_WORDS}"
            )
        cue_count = len(self._cue_keys)
        holding: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        weights: dict[str, float] = {}
        single = np.zeros(cue_count, dtype=np.float64)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * self._lengths / self._average_length)
        for word_stem in stems:
            cues = self._cues_holding(word_stem, forms[word_stem])
            if not len(cues):
                continue
            rows, counts = np.unique(cues, return_counts=True)
            holding[word_stem] = (rows, counts)
            weights[word_stem] = math.log(1 + (cue_count - len(rows) + 0.5) / (len(rows) + 0.5))
            # Each cue alone, scored at once for every cue that holds the word.
            single[rows] += weights[word_stem] * counts * (BM25_K1 + 1) / (counts + norm[rows])
        if not holding:
            return []
        scored = np.flatnonzero(single)
        if len(scored) > SEED_CUES:
            scored = scored[np.argpartition(-single[scored], SEED_CUES)[:SEED_CUES]]
        seeds = scored[np.argsort(-single[scored], kind="stable")].tolist()
        # The words of the cues around the seeds, the only ones a window can reach.
        reach = np.unique(np.clip(np.add.outer(np.asarray(seeds), np.arange(-MAX_WINDOW_CUES + 1, MAX_WINDOW_CUES)), 0, cue_count - 1))
        term_frequency: dict[int, dict[str, int]] = defaultdict(dict)
        for word_stem, (rows, counts) in holding.items():
            near = np.isin(rows, reach)
            for row, count in zip(rows[near].tolist(), counts[near].tolist()):
                term_frequency[row][word_stem] = count
        windows = []
        for row in seeds:
            for size in range(1, MAX_WINDOW_CUES + 1):
                for first in range(row - size + 1, row + 1):
                    rows = list(range(first, first + size))
                    if first < 0 or rows[-1] >= cue_count or self._cue_episode[first] != self._cue_episode[rows[-1]]:
                        continue
                    windows.append((self._score(rows, term_frequency, weights), rows))
        windows.sort(key=lambda window: -window[0])
        found: list[NearPassage] = []
        taken: set[int] = set()
        for score, rows in windows:
            rows = self._trimmed(rows, term_frequency, weights)
            if taken.intersection(rows):
                continue
            taken.update(rows)
            found.append(self._passage(rows, score))
            if len(found) >= top:
                break
        return found

    def _trimmed(self, rows: list[int], term_frequency, weights) -> list[int]:
        # A cue at either edge that adds little (one common word) is context, not the passage:
        # the passage starts at the first cue that carries the content.
        # So is a weaker edge cue whose words the rest of the passage holds as well ("Neil is now
        # unveiling the plaque" before the cue that reads the plaque out).
        alone = {row: self._score([row], term_frequency, weights) if row in term_frequency else 0.0 for row in rows}
        strongest = max(alone.values())

        def context(row: int, rest: list[int]) -> bool:
            if alone[row] < EDGE_SHARE * strongest:
                return True
            held = set().union(*(term_frequency.get(other, {}) for other in rest))
            return alone[row] < strongest and held.issuperset(term_frequency.get(row, {}))

        while len(rows) > 1 and context(rows[0], rows[1:]):
            rows = rows[1:]
        while len(rows) > 1 and context(rows[-1], rows[:-1]):
            rows = rows[:-1]
        return rows

    def _cues_holding(self, word_stem: str, words: set[str]) -> np.ndarray:
        index = self.index
        parts = [index.word_positions[int(index.word_offsets[term_id]):int(index.word_offsets[term_id + 1])]
                 for term_id in self._ids_of_stem(word_stem)]
        parts += self._compound_positions(words)
        if not parts:
            return np.zeros(0, np.int64)
        positions = np.concatenate(parts).astype(np.int64)
        episodes = np.searchsorted(index.bounds, positions, side="right") - 1
        keys = (episodes << 40) + np.asarray(index.starts[positions], dtype=np.int64)
        return np.searchsorted(self._cue_keys, keys, side="right") - 1

    def _compound_positions(self, words: set[str]) -> list[np.ndarray]:
        # A word written closed ("liftoff") was often transcribed open or hyphenated ("lift-off",
        # tokenised as two words): where the two halves stand next to each other, the word is there.
        vocabulary = self.index.vocabulary
        pairs = [("pair", vocabulary[word[:cut]], vocabulary[word[cut:]])
                 for word in words for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1)
                 if word[:cut] in vocabulary and word[cut:] in vocabulary]
        return IndexPostings(self.index).positions(pairs) if pairs else []

    def _score(self, rows: list[int], term_frequency: dict[int, dict[str, int]], weights: dict[str, float]) -> float:
        length = float(sum(self._lengths[row] for row in rows))
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / (self._average_length * len(rows)))
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for word_stem, count in term_frequency.get(row, {}).items():
                counts[word_stem] += count
        return sum(weights[word_stem] * count * (BM25_K1 + 1) / (count + norm) for word_stem, count in counts.items())

    def _passage(self, rows: list[int], score: float) -> NearPassage:
        index = self.index
        episode = int(self._cue_episode[rows[0]])
        start = int(index.cue_offsets[rows[0]])
        end = int(index.cue_offsets[rows[-1]] + index.cue_lengths[rows[-1]])
        view = self.passages.view(episode, start, end)
        return NearPassage(index.episode_ids[episode], start, end, view.start_ms, view.end_ms, view.speaker, view.text,
                           round(score, 3), len(rows))
