"""A quote made ready to place: its parts between cuts as term ids, weights, and how much it has to go on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotate.core.errors import AnnotateError
from annotate.core.match.index import MatchIndex, is_light
from annotate.core.match.policy import (
    FUNCTION_WORD_WEIGHT,
    MIN_CONTENT_WORDS,
    MIN_WORDS,
    MIN_WORDS_WITH_FEW_CONTENT,
    SOFT_QUOTE_WEIGHT,
)
from annotate.core.normalize import Term, content_word_count, split_ellipsis, tokenize


@dataclass(slots=True)
class Segment:
    """One part of a quote between cuts, as term ids (unknown words get ids no transcript has)."""

    ids: list[int]
    soft: list[bool]
    words: list[str]
    offset: int  # where the segment starts in the whole quote's terms
    weights: list[float]  # what each word counts for when it is missing or changed
    breaks: list[bool] | None = None  # a comma or dash comes before the word: an aside or vocative may end or begin there

    @property
    def weight(self) -> float:
        return sum(self.weights)


def term_weight(word: str, soft: bool) -> float:
    """What a quote word counts for when it is missing or changed: fillers and function words less."""
    if soft:
        return SOFT_QUOTE_WEIGHT
    return FUNCTION_WORD_WEIGHT if is_light(word) else 1.0


@dataclass(slots=True)
class Quote:
    """A quote ready to place: its segments between cuts, and how much it has to go on."""

    text: str
    segments: list[Segment]
    words: int  # hard words: not fillers
    content_words: int

    @property
    def short(self) -> bool:
        """Too few content words to be sure of a place without checking the runner-up."""
        return self.content_words < MIN_CONTENT_WORDS and (
            self.content_words < MIN_CONTENT_WORDS - 1 or self.words < MIN_WORDS_WITH_FEW_CONTENT
        )


def prepare_quote(quote: str, index: MatchIndex) -> Quote:
    """``quote`` split at its ellipses into segments of ``index``'s term ids.

    Raises AnnotateError when it is too short to place: fewer than MIN_WORDS words or no content word.
    """
    parts = split_ellipsis(quote) or [quote]
    return _segments_of(quote, parts, index)


_INNER_BREAK = re.compile(r"[,;:()\u2013\u2014-]")


def _breaks(part: str, terms: list[Term]) -> list[bool]:
    # A word follows a comma, a dash or a bracket: the edge of a clause inside a sentence, where an
    # aside or a vocative sits (a full stop ends the sentence: what follows it is no aside).
    return [index > 0 and bool(_INNER_BREAK.search(part, terms[index - 1].end, term.start))
            and not re.search(r"[.!?]", part[terms[index - 1].end:term.start]) for index, term in enumerate(terms)]


def _segments_of(quote: str, texts: list[str], index: MatchIndex) -> Quote:
    all_terms: list[Term] = []
    segments: list[Segment] = []
    unknown: dict[str, int] = {}
    for part in texts:
        terms = tokenize(part)
        if not terms:
            continue
        ids = []
        for term in terms:
            term_id = index.vocabulary.get(term.text)
            if term_id is None:
                term_id = unknown.setdefault(term.text, -1 - len(unknown))
            ids.append(term_id)
        weights = [term_weight(term.text, term.soft) for term in terms]
        segments.append(Segment(ids, [term.soft for term in terms], [term.text for term in terms], len(all_terms), weights,
                                _breaks(part, terms)))
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
    return Quote(quote, segments, hard_words, content)


# A clause ends at . ! ? ; , or a dash, followed by a space: where people stitch a quote together.
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;,])\s+|\s+[\u2013\u2014-]+\s+")
# A clause shorter than this (in words) stays with the one before it: too short to place alone.
MIN_CLAUSE_WORDS = 3


def split_clauses(quote: str) -> list[str]:
    """The clauses of ``quote``, each of MIN_CLAUSE_WORDS words or more (short ones joined to a neighbour)."""
    clauses: list[str] = []
    for piece in _CLAUSE_BREAK.split(quote):
        piece = piece.strip()
        if not re.search(r"\w", piece):
            continue
        if clauses and len(clauses[-1].split()) < MIN_CLAUSE_WORDS:
            clauses[-1] = f"{clauses[-1]} {piece}"
        elif clauses and len(piece.split()) < MIN_CLAUSE_WORDS:
            clauses[-1] = f"{clauses[-1]} {piece}"
        else:
            clauses.append(piece)
    return clauses
