"""Quote matching: from a quote as people cite it to the passage, speaker and second it was said.

Both quote and transcripts go through :mod:`annotate.core.normalize`. The package is split by job:

- :mod:`.policy`: the calibrated thresholds and margins (:data:`AMBIGUITY_MARGIN` for every face);
- :mod:`.index`: every episode's terms and cues in numpy arrays, with word-pair and word postings;
- :mod:`.cache`: the index on disk under ``.annotate/match/`` (one "has it changed?" check);
- :mod:`.candidates`: where a quote may be (a :class:`CandidateSource`; the index's postings by default);
- :mod:`.alignment`: word alignment of a quote in a window, and its score;
- :mod:`.passages`: text, times and speaker of a place, from the index;
- :mod:`.matcher`: :class:`QuoteMatcher`, tying them together;
- :mod:`.reworded`: nearest passages for a paraphrase (never "said here").
"""

from annotate.core.match.cache import IndexProgress
from annotate.core.match.candidates import CandidateSource, IndexCandidates, Window
from annotate.core.match.index import EpisodeTerms, MatchIndex
from annotate.core.match.matcher import Match, QuoteMatcher, match_in_transcript
from annotate.core.match.policy import AMBIGUITY_MARGIN, THRESHOLD
from annotate.core.match.reworded import NearPassage

__all__ = [
    "AMBIGUITY_MARGIN",
    "THRESHOLD",
    "CandidateSource",
    "EpisodeTerms",
    "IndexCandidates",
    "IndexProgress",
    "Match",
    "MatchIndex",
    "NearPassage",
    "QuoteMatcher",
    "Window",
    "match_in_transcript",
]
