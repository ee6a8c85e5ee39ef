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
from annotate.core.analysis.statistics import cohen_kappa, fleiss_kappa, krippendorff_alpha, percent_agreement
from annotate.core.errors import AnnotateError
from annotate.core.model import Transcript

WORD = re.compile(r"\w+(?:['’-]\w+)*")
DEFAULT_DISAGREEMENTS = 5


@dataclass(frozen=True)
class Scores:
    """Agreement on one question: kappa (Cohen's for two coders, Fleiss' for more), alpha and the share of agreeing units."""

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
    # The overall scores on each episode's words alone (a double-coded episode stands out).
    by_episode: dict[str, Scores] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """JSON-ready, in the shape ``annotate agreement --json`` prints."""
        return {
            "annotators": self.annotators, "episodes": self.episodes, "unit": "word", "units": self.units,
            "overall": self.overall.record(),
            "by_episode": [{"episode": episode, **scores.record()} for episode, scores in self.by_episode.items()],
            "tags": [tag.record() for tag in self.tags],
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
        given = f" ({', '.join(repr(name) for name in annotators)} name one annotator)" if len(annotators) > 1 else ""
        raise AnnotateError(f"agreement needs two annotators or more (--annotators A B){given}")
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
    overall_parts: list[np.ndarray] = []  # per episode: coders x words, category ids
    spans_of: dict[str, list[tuple[int, int]]] = {}
    by_coder = _passages_by_episode_and_coder(coding.passages)
    for episode, transcript in transcripts.items():
        spans = spans_of[episode] = word_spans(transcript.text)
        starts, ends = [span[0] for span in spans], [span[1] for span in spans]
        part = np.zeros((len(annotators), len(spans)), dtype=np.int64)  # 0: no tag
        for row, name in enumerate(annotators):
            # Only covered words get a set; the rest stay 0, the empty set.
            covered: dict[int, set[str]] = {}
            for passage in by_coder.get((episode, name), []):
                chosen = {tag for tag in passage.tags if scope is None or tag in scope}
                for index in covered_words(starts, ends, passage.start_offset, passage.end_offset):
                    covered.setdefault(index, set()).update(chosen)
            for index, tags_here in covered.items():
                part[row, index] = categories.setdefault(frozenset(tags_here), len(categories))
        overall_parts.append(part)
    values = np.concatenate(overall_parts, axis=1) if overall_parts else np.zeros((len(annotators), 0), dtype=np.int64)
    category_list = list(categories)
    report = AgreementReport(list(annotators), list(transcripts), int(values.shape[1]), _scores(values), skipped=list(coding.skipped))
    report.by_episode = {episode: _scores(part) for episode, part in zip(transcripts, overall_parts)}
    report.tags = _per_tag(coding.taxonomy, annotators, values, category_list, scope)
    report.disagreements = _longest_disagreements(annotators, transcripts, spans_of, overall_parts, category_list, disagreements)
    return report


def _passages_by_episode_and_coder(passages: list[CodedPassage]) -> dict[tuple[str, str], list[CodedPassage]]:
    grouped: dict[tuple[str, str], list[CodedPassage]] = {}
    for passage in passages:
        grouped.setdefault((passage.episode, passage.annotator), []).append(passage)
    return grouped


def _scores(values: np.ndarray) -> Scores:
    kappa = cohen_kappa(values[0], values[1]) if values.shape[0] == 2 else fleiss_kappa(values)
    return Scores(kappa, krippendorff_alpha(values), percent_agreement(values))


def _per_tag(taxonomy, annotators: list[str], values: np.ndarray, categories: list[frozenset[str]], scope: set[str] | None) -> list[TagAgreement]:
    # A coder gives tag T to a word when one of the tags on it is T or below T; ``values`` holds
    # category ids (indices into ``categories``), so each tag is a lookup over the categories.
    seen: set[str] = set().union(*categories)
    rolled = taxonomy.with_ancestors(seen)
    if scope is not None:
        rolled &= scope
    order = [tag.id for tag in taxonomy.tags if tag.id in rolled] + sorted(rolled - {tag.id for tag in taxonomy.tags})
    results = []
    for tag_id in order:
        below = taxonomy.descendants(tag_id) if tag_id in taxonomy else {tag_id}
        given = np.array([bool(category & below) for category in categories], dtype=np.int64)
        tag_values = given[values]
        tag = taxonomy.get(tag_id)
        results.append(TagAgreement(
            tag_id, tag.label if tag else tag_id, _scores(tag_values),
            {name: int(tag_values[index].sum()) for index, name in enumerate(annotators)},
        ))
    return results


def _longest_disagreements(annotators, transcripts, spans_of, parts, categories, limit: int) -> list[Disagreement]:
    # Runs of consecutive words on which the coders' categories differ, longest first.
    stretches: list[tuple[int, str, int, int]] = []
    for episode, part in zip(transcripts, parts):
        differs = np.any(part != part[0], axis=0).astype(np.int8)
        edges = np.diff(np.concatenate([[0], differs, [0]]))
        for first, stop in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
            stretches.append((int(stop - first), episode, int(first), int(stop)))
    order = {episode: index for index, episode in enumerate(transcripts)}
    stretches.sort(key=lambda stretch: (-stretch[0], order[stretch[1]], stretch[2]))
    parts_of = dict(zip(transcripts, parts))
    return [
        _stretch(episode, transcripts[episode], annotators, spans_of[episode], parts_of[episode], categories, first, stop)
        for _words, episode, first, stop in stretches[:limit]
    ]


def _stretch(episode, transcript: Transcript, annotators, spans, part, categories, first: int, stop: int) -> Disagreement:
    start, end = spans[first][0], spans[stop - 1][1]
    codes = {
        name: sorted(set().union(*(categories[code] for code in set(part[row, first:stop].tolist()))))
        for row, name in enumerate(annotators)
    }
    speaker = transcript.cues[transcript.cue_index_at(start)].speaker
    return Disagreement(
        episode, transcript.time_at(start), transcript.time_at(end, end=True), start, end, speaker,
        " ".join(transcript.text[start:end].split()), stop - first, codes,
    )
