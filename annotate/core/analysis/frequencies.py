"""Code frequencies: how many passages carry each tag, overall or per episode, speaker or annotator.

An annotation counts once for each of its tags and once for every tag above them in the taxonomy
(its ancestors), so a parent's count is the number of passages coded with it or anything below it:
the number ``annotate export --tag PARENT`` exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotate.core.analysis.passages import CodedPassage, Coding, tags_in_scope

GROUPINGS = ("episode", "speaker", "annotator")
ALL = "all"
NO_SPEAKER = "(no speaker)"
NO_ANNOTATOR = "(no annotator)"


@dataclass(frozen=True)
class FrequencyRow:
    """One tag's counts: ``passages[group]`` holds the ids of the passages counted in that group."""

    tag: str
    label: str
    depth: int
    passages: dict[str, tuple[str, ...]]

    def count(self, group: str) -> int:
        return len(self.passages.get(group, ()))

    @property
    def total(self) -> int:
        """Passages carrying the tag (or one below it) in any group; each passage counted once."""
        return len({passage for ids in self.passages.values() for passage in ids})


@dataclass(frozen=True)
class FrequencyTable:
    """Tag rows in taxonomy order (tags the taxonomy lacks last) by ``groups`` columns."""

    by: str | None
    groups: list[str]
    rows: list[FrequencyRow]

    @property
    def passage_count(self) -> int:
        """Passages counted in any row: every coded passage, or with ``tags`` those carrying one in scope."""
        return len({passage for row in self.rows for ids in row.passages.values() for passage in ids})

    def records(self) -> list[dict]:
        """The table as JSON-ready mappings: ``{tag, label, parent depth, total, counts}``."""
        return [
            {"tag": row.tag, "label": row.label, "depth": row.depth, "total": row.total,
             "counts": {group: row.count(group) for group in self.groups}}
            for row in self.rows
        ]


def group_of(passage: CodedPassage, by: str | None) -> str:
    """The column a passage is counted in when grouping ``by`` episode, speaker or annotator."""
    if by is None:
        return ALL
    if by == "episode":
        return passage.episode
    if by == "speaker":
        return passage.speaker or NO_SPEAKER
    if by == "annotator":
        return passage.annotator or NO_ANNOTATOR
    raise ValueError(f"cannot group by {by!r} (choose from {', '.join(GROUPINGS)})")


def frequencies(coding: Coding, by: str | None = None, tags: list[str] | None = None) -> FrequencyTable:
    """Count each tag's passages, with ancestors rolled up, grouped ``by`` a field (or not at all).

    ``tags`` keeps those tags and every tag below them (an unknown one is an error). Rows are
    every taxonomy tag in scope (zero rows too, so the codebook reads whole) and any tag on a
    passage that the taxonomy lacks.
    """
    taxonomy = coding.taxonomy
    used = {tag for passage in coding.passages for tag in passage.tags}
    scope = tags_in_scope(taxonomy, tags, used)
    cells: dict[str, dict[str, list[str]]] = {}
    groups: dict[str, None] = {}
    for passage in coding.passages:
        group = group_of(passage, by)
        groups.setdefault(group, None)
        for tag_id in taxonomy.with_ancestors(passage.tags):
            cells.setdefault(tag_id, {}).setdefault(group, []).append(passage.id)
    ordered = [tag.id for tag in taxonomy.tags] + sorted(used - {tag.id for tag in taxonomy.tags})
    rows = []
    for tag_id in ordered:
        if scope is not None and tag_id not in scope:
            continue
        tag = taxonomy.get(tag_id)
        rows.append(FrequencyRow(
            tag_id, tag.label if tag else tag_id, len(taxonomy.ancestors(tag_id)),
            {group: tuple(ids) for group, ids in cells.get(tag_id, {}).items()},
        ))
    column_order = sorted(groups, key=lambda group: (group.startswith("("), group.casefold()))
    if by == "episode":
        column_order = [episode for episode in coding.episodes if episode in groups]
    return FrequencyTable(by, column_order if by else [ALL], rows)
