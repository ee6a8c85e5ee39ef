"""The quote matcher: from a quote as people cite it to the passages, speakers and seconds it was said.

Windows come from a :class:`~annotate.core.match.candidates.CandidateSource` (the index's own
posting lists by default); each is aligned word by word and scored; places below the threshold
are dropped (a wrong match is worse than none), and places that fit about equally well as the
best are all returned, each saying how many there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotate.core.errors import AnnotateError
from annotate.core.match.alignment import Candidate, align_candidate
from annotate.core.match.cache import IndexProgress, load_index
from annotate.core.match.candidates import CandidateSource, IndexCandidates
from annotate.core.match.index import EpisodeTerms, MatchIndex
from annotate.core.match.passages import Passages
from annotate.core.match.policy import (
    AMBIGUITY_MARGIN,
    IMPLICIT_CUT_COST,
    IMPLICIT_CUT_FLOOR,
    IMPLICIT_CUT_PLACES,
    IMPLICIT_CUT_TRY_BELOW,
    MAX_IMPLICIT_CUT_WORDS,
    MAX_IMPLICIT_CUTS,
    MAX_CANDIDATES,
    PRUNE_VOTES,
    THRESHOLD,
)
from annotate.core.match.reworded import NearPassage, RewordedSearch
from annotate.core.match.quote import Quote, prepare_quote, split_clauses
from annotate.core.model import Transcript


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was said: character offsets into the transcript's ``text``, times, who, how well.

    ``occurrences`` is how many places (this one among them) fit the quote about equally well as
    the best: a line said twice is found twice, and neither place is more right than the other.
    """

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
    occurrences: int = 1


class QuoteMatcher:
    """Finds quotes in a set of transcripts. Build once (cached on disk), match often."""

    def __init__(self, index: MatchIndex, load_transcript: Callable[[str], Transcript],
                 errors: list[AnnotateError] | None = None, candidate_source: CandidateSource | None = None):
        self._index = index
        self._load_transcript = load_transcript
        self._passages = Passages(index, load_transcript)
        # Where windows come from: the index's posting lists unless another source is given.
        self.candidate_source: CandidateSource = candidate_source or IndexCandidates(index)
        # Transcripts that could not be read, and so are not searched (each names its file and line).
        self.errors: list[AnnotateError] = errors or []
        self._reworded: RewordedSearch | None = None

    @classmethod
    def for_transcripts(cls, transcripts: Iterable[Transcript]) -> "QuoteMatcher":
        """A matcher over transcripts in memory (no cache)."""
        by_id = {transcript.id: transcript for transcript in transcripts}
        index = MatchIndex([(episode_id, EpisodeTerms.from_transcript(t)) for episode_id, t in by_id.items()])
        return cls(index, by_id.__getitem__)

    @classmethod
    def for_workspace(
        cls,
        workspace,
        episodes: Iterable[str] | None = None,
        progress: Callable[[IndexProgress], None] | None = None,
    ) -> "QuoteMatcher":
        """A matcher over the workspace's episodes (or only ``episodes``), reusing the cached index.

        An episode's cached terms are rebuilt only when its transcript file changed.
        """
        index, errors = load_index(workspace, episodes, progress)
        # A store that keeps postings of its own (a database) is asked for the candidates.
        database_postings = getattr(workspace, "match_postings", None)
        source = IndexCandidates(index, database_postings(index)) if database_postings is not None else None
        return cls(index, workspace.load_transcript, errors, source)

    @property
    def index(self) -> MatchIndex:
        """The terms and cues matched against (shared with the reworded search)."""
        return self._index

    @property
    def passages(self) -> Passages:
        """Looks up text, times and speakers of passages in the index."""
        return self._passages

    @property
    def episode_ids(self) -> list[str]:
        return list(self._index.episode_ids)

    @property
    def word_count(self) -> int:
        return len(self._index.ids)

    @property
    def index_bytes(self) -> int:
        return self._index.size_bytes

    def reworded(self, paraphrase: str, top: int = 5) -> list[NearPassage]:
        """The passages closest to a paraphrase or summary, closest first: never a claim it was said."""
        if self._reworded is None:
            self._reworded = RewordedSearch(self._index, self._passages)
        return self._reworded.search(paraphrase, top=top)

    def match(self, quote: str, top: int = 5) -> list[Match]:
        """The passages where ``quote`` was said, best first; empty when none clears the threshold.

        Places that fit about equally well as the best (within :data:`AMBIGUITY_MARGIN`) come
        first, earliest first, each with ``occurrences`` saying how many there are. Raises AnnotateError when the quote
        is too short to place: fewer than three words, or no content word.
        """
        prepared = prepare_quote(quote, self._index)
        candidates = self._candidates(prepared)
        if not candidates or candidates[0].score < IMPLICIT_CUT_TRY_BELOW:
            candidates = self._with_implicit_cuts(quote, prepared, candidates)
        candidates = [candidate for candidate in candidates if candidate.score >= THRESHOLD]
        if not candidates:
            return []
        best = candidates[0].score
        equal = [candidate for candidate in candidates if best - candidate.score < AMBIGUITY_MARGIN]
        # Places that fit equally well are listed in the order they were said.
        equal.sort(key=lambda candidate: (candidate.episode_index, candidate.first))
        ranked = equal + [candidate for candidate in candidates if best - candidate.score >= AMBIGUITY_MARGIN]
        found = []
        for candidate in ranked[:top]:
            runner_up = max((other.score for other in ranked if other is not candidate), default=0.0)
            found.append(self._to_match(candidate, runner_up, len(equal)))
        return found

    def _with_implicit_cuts(self, text: str, prepared: Quote, candidates: list[Candidate]) -> list[Candidate]:
        # People stitch a quote from nearby clauses without marking the cut: near the places the
        # quote half fits, each clause break is tried as a cut, at a price; the better reading wins.
        near = [candidate for candidate in candidates[:IMPLICIT_CUT_PLACES] if candidate.score >= IMPLICIT_CUT_FLOOR]
        clauses = split_clauses(text)
        if not near or not 2 <= len(clauses) <= MAX_IMPLICIT_CUTS + 1:
            return candidates
        try:
            stitched = prepare_quote(" … ".join(clauses), self._index)
        except AnnotateError:
            return candidates
        cuts = len(stitched.segments) - len(prepared.segments)
        if cuts <= 0:
            return candidates
        penalty = IMPLICIT_CUT_COST * cuts / max(1.0, sum(segment.weight for segment in stitched.segments))
        index = self._index
        reach = MAX_IMPLICIT_CUT_WORDS * cuts + sum(len(segment.ids) for segment in stitched.segments)
        extra = []
        for candidate in near:
            episode = candidate.episode_index
            low = max(int(index.bounds[episode]), candidate.first - reach)
            high = min(int(index.bounds[episode + 1]), candidate.last + reach + 1)
            found = align_candidate(index, stitched.segments, episode, low, high, close_cuts=True)
            if found is not None:
                found.score = max(0.0, found.score - penalty)
                extra.append(found)
        merged = sorted(candidates + extra, key=lambda candidate: (-candidate.score, candidate.episode_index, candidate.first))
        return _distinct(merged)

    def _candidates(self, quote: Quote, close_cuts: bool = False) -> list[Candidate]:
        index = self._index
        candidates: list[Candidate] = []
        limit = MAX_CANDIDATES if len(quote.segments) == 1 else MAX_CANDIDATES // 2
        found_one = False
        for window in self.candidate_source.windows(quote, limit):
            # A short quote's rivals are all aligned: how many places it has depends on them.
            if found_one and not quote.short and candidates and window.votes < PRUNE_VOTES * candidates[0].votes:
                break  # far fewer shared words than a passage already found: not worth aligning
            candidate = align_candidate(index, quote.segments, window.episode_index, window.low, window.high, close_cuts)
            if candidate is not None:
                candidate.votes = window.votes
                candidates.append(candidate)
                found_one = found_one or candidate.score >= THRESHOLD
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.episode_index, candidate.first))
        return _distinct(candidates)

    def _to_match(self, candidate: Candidate, runner_up: float, occurrences: int) -> Match:
        index = self._index
        episode = candidate.episode_index
        start_offset = int(index.starts[candidate.first])
        end_offset = int(index.ends[candidate.last])
        view = self._passages.view(episode, start_offset, end_offset)
        first_end = int(index.ends[candidate.first]) - start_offset
        last_start = int(index.starts[candidate.last]) - start_offset
        return Match(
            episode=index.episode_ids[episode],
            start_offset=start_offset,
            end_offset=end_offset,
            start_ms=view.start_ms,
            end_ms=view.end_ms,
            speaker=view.speaker,
            text=view.text,
            score=round(candidate.score, 4),
            runner_up_score=round(runner_up, 4),
            first_word=view.text[:first_end],
            last_word=view.text[last_start:],
            occurrences=occurrences,
        )


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    # Of overlapping places, the better (listed first) stands for both.
    distinct: list[Candidate] = []
    for candidate in candidates:
        if any(other.episode_index == candidate.episode_index and other.first <= candidate.last
               and candidate.first <= other.last for other in distinct):
            continue
        distinct.append(candidate)
    return distinct


def match_in_transcript(transcript: Transcript, quote: str, top: int = 5) -> list[Match]:
    """The passages of one transcript where ``quote`` was said, best first (no cache involved)."""
    return QuoteMatcher.for_transcripts([transcript]).match(quote, top=top)
