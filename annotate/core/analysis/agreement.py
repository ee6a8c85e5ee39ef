"""How far coders agree, measured on the words of the transcripts.

Units: every word of the chosen episodes' transcripts (a run of letters and digits, with inner
apostrophes and hyphens), whether anyone coded it or not, since choosing what to code is part of
coding. A coder's value on a word is the set of tags of the coder's annotations that cover it
(the empty set when none does): overall, each distinct set is one nominal category; per tag, the
value is whether the coder gave that tag, or one below it, to the word. Words are finer than cues
(a passage's boundaries count) and, unlike fixed time slices, do not depend on how fast people
speak. Orphaned annotations (their passage lost) are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotate.core.analysis.passages import CodedPassage, Coding, load_coding, tags_in_scope
from annotate.core.analysis.statistics import cohen_kappa, krippendorff_alpha, percent_agreement
from annotate.core.errors import AnnotateError
from annotate.core.model import Transcript

WORD = re.compile(r"\w+(?:['’-]\w+)*")
DEFAULT_DISAGREEMENTS = 5


@dataclass(frozen=True)
class Scores:
    """Agreement on one question: kappa (two coders only), alpha and the share of agreeing units."""

    kappa: float | None
    alpha: float | None
    percent: float | None

    def record(self) -> dict[str, Any]:
        return {"kappa": _rounded(self.kappa), "alpha": _rounded(self.alpha), "percent": _rounded(self.percent)}


@dataclass(frozen=True)
class TagAgreement:
    """Agreement on one tag (given or not, per word), and how many words each coder gave it to."""

    tag: str
    label: str
    scores: Scores
    words: dict[str, int]

    def record(self) -> dict[str, Any]:
        return {"tag": self.tag, "label": self.label, **self.scores.record(), "words": dict(self.words)}


@dataclass(frozen=True)
class Disagreement:
    """A stretch of consecutive words on which the coders' codes differ, with each coder's tags there."""

    episode: str
    start_ms: int
    end_ms: int
    start_offset: int
    end_offset: int
    speaker: str | None
    text: str
    words: int
    codes: dict[str, list[str]]

    def record(self) -> dict[str, Any]:
        return {
            "episode": self.episode, "start": round(self.start_ms / 1000, 3), "end": round(self.end_ms / 1000, 3),
            "speaker": self.speaker, "words": self.words, "text": self.text, "codes": self.codes,
        }


@dataclass
class AgreementReport:
    """The whole answer of :func:`measure_agreement`."""

    annotators: list[str]
    episodes: list[str]
    units: int
    overall: Scores
    tags: list[TagAgreement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """JSON-ready, in the shape ``annotate agreement --json`` prints."""
        return {
            "annotators": self.annotators, "episodes": self.episodes, "unit": "word", "units": self.units,
            "overall": self.overall.record(), "tags": [tag.record() for tag in self.tags],
            "disagreements": [passage.record() for passage in self.disagreements],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character offsets of every word of ``text``: the units agreement counts."""
    return [match.span() for match in WORD.finditer(text)]


def covered_words(starts: list[int], ends: list[int], start_offset: int, end_offset: int) -> range:
    """The indices of the words that share a character with ``[start_offset, end_offset)``."""
    return range(bisect_right(ends, start_offset), bisect_left(starts, end_offset))


def measure_agreement(
    workspace: Any,
    annotators: list[str],
    episodes: list[str] | None = None,
    tags: list[str] | None = None,
    disagreements: int = DEFAULT_DISAGREEMENTS,
) -> AgreementReport:
    """Agreement of ``annotators`` (two or more, names as written, case ignored) on the chosen episodes.

    ``episodes`` defaults to those every one of the annotators coded something in. ``tags`` keeps
    those tags and the tags below them. ``disagreements`` is how many of the longest disagreeing
    stretches to return.
    """
    coding = load_coding(workspace, episodes)
    names = _resolve_annotators(coding, annotators)
    if not episodes:
        coded_by = {name: {p.episode for p in coding.passages if p.annotator == name} for name in names}
        shared = set.intersection(*coded_by.values())
        if not shared:
            raise AnnotateError(f"{' and '.join(names)} have no episode they all coded; name one with --episode")
        coding.episodes = [episode for episode in coding.episodes if episode in shared]
    return agreement_of(coding, names, _transcripts(workspace, coding.episodes), tags, disagreements)


def _resolve_annotators(coding: Coding, annotators: list[str]) -> list[str]:
    known = coding.annotators()
    by_folded = {name.casefold(): name for name in known}
    names: list[str] = []
    for wanted in annotators:
        name = by_folded.get(wanted.casefold())
        if name is None:
            raise AnnotateError(f"no annotations by {wanted!r} (annotators: {', '.join(known) or 'none'})")
        if name not in names:
            names.append(name)
    if len(names) < 2:
        raise AnnotateError("agreement needs two annotators or more (--annotators A B)")
    return names


def _transcripts(workspace: Any, episodes: list[str]) -> dict[str, Transcript]:
    from annotate.core.store import as_workspace

    space = as_workspace(workspace)
    return {episode: space.load_transcript(episode) for episode in episodes}


def agreement_of(
    coding: Coding,
    annotators: list[str],
    transcripts: dict[str, Transcript],
    tags: list[str] | None = None,
    disagreements: int = DEFAULT_DISAGREEMENTS,
) -> AgreementReport:
    """Agreement of ``annotators`` over every word of ``transcripts``, from ``coding``'s passages."""
    taxonomy = coding.taxonomy
    used = {tag for passage in coding.passages for tag in passage.tags}
    scope = tags_in_scope(taxonomy, tags, used)
    categories: dict[frozenset[str], int] = {frozenset(): 0}
    overall_parts: list[np.ndarray] = []
    tag_sets: list[list[list[frozenset[str]]]] = []  # per episode, per coder, per word
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for episode, transcript in transcripts.items():
        spans = spans_of[episode] = word_spans(transcript.text)
        starts, ends = [span[0] for span in spans], [span[1] for span in spans]
        per_coder: list[list[frozenset[str]]] = []
        for name in annotators:
            words: list[set[str]] = [set() for _ in spans]
            for passage in _passages_of(coding.passages, episode, name):
                chosen = {tag for tag in passage.tags if scope is None or tag in scope}
                for index in covered_words(starts, ends, passage.start_offset, passage.end_offset):
                    words[index] |= chosen
            per_coder.append([frozenset(word) for word in words])
        tag_sets.append(per_coder)
        overall_parts.append(np.array(
            [[categories.setdefault(word, len(categories)) for word in coder] for coder in per_coder], dtype=np.int64
        ).reshape(len(annotators), len(spans)))
    values = np.concatenate(overall_parts, axis=1) if overall_parts else np.zeros((len(annotators), 0), dtype=np.int64)
    report = AgreementReport(list(annotators), list(transcripts), int(values.shape[1]), _scores(values), skipped=list(coding.skipped))
    report.tags = _per_tag(coding, annotators, tag_sets, scope)
    report.disagreements = _longest_disagreements(annotators, transcripts, spans_of, tag_sets, disagreements)
    return report


def _passages_of(passages: list[CodedPassage], episode: str, annotator: str) -> list[CodedPassage]:
    return [passage for passage in passages if passage.episode == episode and passage.annotator == annotator]


def _scores(values: np.ndarray) -> Scores:
    kappa = cohen_kappa(values[0], values[1]) if values.shape[0] == 2 else None
    return Scores(kappa, krippendorff_alpha(values), percent_agreement(values))


def _per_tag(coding: Coding, annotators: list[str], tag_sets, scope: set[str] | None) -> list[TagAgreement]:
    # A coder gives tag T to a word when one of the tags on it is T or below T.
    taxonomy = coding.taxonomy
    seen: set[str] = set()
    for per_coder in tag_sets:
        for coder in per_coder:
            for word in coder:
                seen.update(word)
    rolled = taxonomy.with_ancestors(seen)
    if scope is not None:
        rolled &= scope
    order = [tag.id for tag in taxonomy.tags if tag.id in rolled] + sorted(rolled - {tag.id for tag in taxonomy.tags})
    results = []
    for tag_id in order:
        below = taxonomy.descendants(tag_id) if tag_id in taxonomy else {tag_id}
        rows = [
            np.concatenate([[bool(word & below) for word in per_coder[index]] for per_coder in tag_sets]).astype(np.int64)
            for index in range(len(annotators))
        ]
        values = np.vstack(rows) if rows and len(rows[0]) else np.zeros((len(annotators), 0), dtype=np.int64)
        tag = taxonomy.get(tag_id)
        results.append(TagAgreement(
            tag_id, tag.label if tag else tag_id, _scores(values),
            {name: int(values[index].sum()) for index, name in enumerate(annotators)},
        ))
    return results


def _longest_disagreements(annotators, transcripts, spans_of, tag_sets, limit: int) -> list[Disagreement]:
    stretches: list[Disagreement] = []
    for (episode, transcript), per_coder in zip(transcripts.items(), tag_sets):
        spans = spans_of[episode]
        index = 0
        while index < len(spans):
            if all(coder[index] == per_coder[0][index] for coder in per_coder):
                index += 1
                continue
            first = index
            while index < len(spans) and not all(coder[index] == per_coder[0][index] for coder in per_coder):
                index += 1
            stretches.append(_stretch(episode, transcript, annotators, spans, per_coder, first, index))
    stretches.sort(key=lambda stretch: (-stretch.words, stretch.episode, stretch.start_offset))
    return stretches[:limit]


def _stretch(episode, transcript: Transcript, annotators, spans, per_coder, first: int, stop: int) -> Disagreement:
    start, end = spans[first][0], spans[stop - 1][1]
    codes = {
        name: sorted(set().union(*coder[first:stop])) for name, coder in zip(annotators, per_coder)
    }
    speaker = transcript.cues[transcript.cue_index_at(start)].speaker
    return Disagreement(
        episode, transcript.time_at(start), transcript.time_at(end, end=True), start, end, speaker,
        " ".join(transcript.text[start:end].split()), stop - first, codes,
    )
