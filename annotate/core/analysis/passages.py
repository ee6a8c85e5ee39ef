"""The coded passages of a workspace, read once for analysis: one record per (placed) annotation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotate.core.errors import AnnotateError
from annotate.core.model import Annotation, Taxonomy


@dataclass(frozen=True)
class CodedPassage:
    """One annotation as analysis sees it: where it is, who coded it, with which tags."""

    id: str
    episode: str
    annotator: str
    speaker: str | None
    start_ms: int
    end_ms: int
    start_offset: int
    end_offset: int
    tags: tuple[str, ...]
    note: str
    quote: str

    @classmethod
    def from_annotation(cls, annotation: Annotation) -> "CodedPassage":
        anchor = annotation.anchor
        return cls(
            annotation.id, annotation.episode, annotation.annotator, annotation.speaker, anchor.start_ms,
            anchor.end_ms, anchor.start_offset, anchor.end_offset, tuple(dict.fromkeys(annotation.tags)),
            annotation.note, " ".join(anchor.quote.split()),
        )

    def overlaps(self, other: "CodedPassage") -> bool:
        """Whether the two passages share a character of the same episode."""
        return (
            self.episode == other.episode
            and self.start_offset < other.end_offset
            and other.start_offset < self.end_offset
        )


@dataclass
class Coding:
    """Every placed annotation of the chosen episodes, and what was left out and why."""

    taxonomy: Taxonomy
    passages: list[CodedPassage] = field(default_factory=list)
    episodes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, CodedPassage]:
        """The passages by annotation id."""
        return {passage.id: passage for passage in self.passages}

    def annotators(self) -> list[str]:
        """The annotators who coded something, sorted."""
        return sorted({passage.annotator for passage in self.passages})


def load_coding(workspace: Any, episodes: list[str] | None = None) -> Coding:
    """Read the annotations of ``episodes`` (default: every annotated episode) for analysis.

    Orphaned annotations (their passage lost) are left out, as export leaves them out, and an
    unreadable annotation file is skipped; both are named in ``skipped``. An episode id that is
    not in the workspace is an error naming the episodes there are.
    """
    from annotate.core.store import as_workspace
    from annotate.core.services.episodes import require_known_episodes

    space = as_workspace(workspace)
    files = set(space.annotated_episodes())
    if episodes:
        require_known_episodes(space, episodes, files)
        chosen = list(dict.fromkeys(episodes))
    else:
        chosen = sorted(files)
    coding = Coding(space.load_taxonomy(), episodes=[])
    for episode_id in chosen:
        try:
            annotations = space.annotations(episode_id) if episode_id in files else []
        except AnnotateError as error:
            coding.skipped.append(f"{error}; its annotations are left out")
            continue
        coding.episodes.append(episode_id)
        for annotation in annotations:
            if annotation.status != "ok":
                path, line = space.annotation_location(annotation)
                where = f"{path}:{line}" if line else path
                coding.skipped.append(f"{where}: annotation {annotation.id} is orphaned (its passage was lost); left out")
                continue
            coding.passages.append(CodedPassage.from_annotation(annotation))
    return coding


def tags_in_scope(taxonomy: Taxonomy, wanted: list[str] | None, used: set[str]) -> set[str] | None:
    """The tags ``wanted`` asks for with every tag below each (None: every tag).

    A wanted tag that is neither in the taxonomy nor on any passage is an error (a typo should
    not give an empty table).
    """
    if not wanted:
        return None
    from annotate.core.taxonomy import require_tags

    require_tags(taxonomy, [tag_id for tag_id in wanted if tag_id not in used])
    scope: set[str] = set()
    for tag_id in wanted:
        scope |= taxonomy.descendants(tag_id) if tag_id in taxonomy else {tag_id}
    return scope
