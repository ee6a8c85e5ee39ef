"""Which codes go together: a tag by tag matrix of passages that carry both or overlap.

A co-occurrence of tags A and B is one annotator's annotation carrying A and B, or two annotations
by the same annotator, one carrying A and one B, whose passages overlap. Different annotators'
codes on one passage are not counted: that is what agreement measures. The diagonal holds the
number of passages carrying each tag. Tags are counted as applied (no roll-up to parents, which
would co-occur with their own children everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from annotate.core.analysis.passages import CodedPassage, Coding, tags_in_scope


@dataclass(frozen=True)
class CooccurrenceMatrix:
    """``pairs[(a, b)]`` (a before b in ``tags``, or a == b) lists the annotation id pairs counted."""

    tags: list[str]
    pairs: dict[tuple[str, str], tuple[tuple[str, str], ...]]

    def count(self, first: str, second: str) -> int:
        """How many times the two tags co-occur (for one tag: the passages carrying it)."""
        return len(self.passages(first, second))

    def passages(self, first: str, second: str) -> tuple[tuple[str, str], ...]:
        """The (annotation id, annotation id) pairs behind a cell, the same id twice for one annotation."""
        key = (first, second) if self.tags.index(first) <= self.tags.index(second) else (second, first)
        return self.pairs.get(key, ())

    def rows(self) -> list[list[int]]:
        return [[self.count(first, second) for second in self.tags] for first in self.tags]

    def record(self) -> dict:
        """JSON-ready: ``{tags, counts}`` with ``counts`` a square list of lists in ``tags`` order."""
        return {"tags": list(self.tags), "counts": self.rows()}


def cooccurrence(coding: Coding, tags: list[str] | None = None) -> CooccurrenceMatrix:
    """The co-occurrence matrix of the tags used in ``coding`` (``tags``: those and the tags below)."""
    taxonomy = coding.taxonomy
    used = {tag for passage in coding.passages for tag in passage.tags}
    scope = tags_in_scope(taxonomy, tags, used)
    in_scope = used if scope is None else used & scope
    order = [tag.id for tag in taxonomy.tags if tag.id in in_scope] + sorted(in_scope - {tag.id for tag in taxonomy.tags})
    position = {tag_id: index for index, tag_id in enumerate(order)}
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def add(first: CodedPassage, second: CodedPassage) -> None:
        for tag_a in first.tags:
            for tag_b in second.tags:
                if tag_a not in position or tag_b not in position:
                    continue
                if first is second and position[tag_a] > position[tag_b]:
                    continue  # one annotation's two tags: count the pair once
                if first is not second and tag_a == tag_b:
                    continue  # two overlapping passages with the same tag are not a co-occurrence
                key = (tag_a, tag_b) if position[tag_a] <= position[tag_b] else (tag_b, tag_a)
                ids = (first.id, second.id) if key[0] == tag_a else (second.id, first.id)
                pairs.setdefault(key, []).append(ids)

    by_coder = sorted(coding.passages, key=lambda passage: (passage.episode, passage.annotator, passage.start_offset, passage.id))
    for _key, group in groupby(by_coder, key=lambda passage: (passage.episode, passage.annotator)):
        passages = list(group)
        for index, first in enumerate(passages):
            add(first, first)
            for second in passages[index + 1 :]:
                if second.start_offset >= first.end_offset:
                    break  # sorted by start: no later passage overlaps ``first``
                add(first, second)
    return CooccurrenceMatrix(order, {key: tuple(value) for key, value in pairs.items()})
