"""Merging three versions of an annotation file by annotation id (``annotate merge``, a git merge driver).

An annotation added, changed or removed on one side only takes that side's version; the same
change on both sides is taken once, and two new annotations (even of one passage) are both kept.
Only one annotation changed differently on both sides (or changed on one, removed on the other)
is a conflict, and then only that annotation's block is put between conflict markers: every other
block is merged, so resolving means picking one of the two blocks and nothing else is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.annotations import (
    SCHEMA,
    AnnotationFile,
    annotation_block,
    annotation_record,
    parse_annotations,
    sort_key,
)
from annotate.core.model import Annotation
from annotate.core.yamlio import yaml_scalar


@dataclass
class MergeResult:
    """The merged text (conflicting blocks between markers), or None when a version could not be read.

    ``conflicts`` says which annotations conflict, or why the versions could not be read.
    """

    text: str | None
    conflicts: list[str] = field(default_factory=list)


@dataclass
class _Conflict:
    ours: Annotation | None
    theirs: Annotation | None
    our_extra: dict | None
    their_extra: dict | None


def merge_annotation_texts(base: str, ours: str, theirs: str, path: str | Path, episode_id: str) -> MergeResult:
    """Merge two changed versions of an annotation file by annotation id (see the module docstring)."""
    versions = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        loaded = parse_annotations(text, f"{path} ({name})", episode_id) if text.strip() else AnnotationFile(episode_id, Path(path))
        if loaded.blocking:
            return MergeResult(None, [str(problem) for problem in loaded.blocking])
        versions.append(loaded)
    base_file, our_file, their_file = versions

    def record(loaded: AnnotationFile, annotation_id: str) -> tuple | None:
        annotation = loaded.annotations.get(annotation_id)
        if annotation is None:
            return None
        return (tuple(annotation_record(annotation).items()), tuple(sorted(loaded.extras.get(annotation_id, {}).items())))

    merged: list[Annotation | _Conflict] = []
    extras: dict[str, dict] = {}
    conflicts = []
    every_id = [*base_file.annotations, *our_file.annotations, *their_file.annotations]
    for annotation_id in dict.fromkeys(every_id):
        before, mine, yours = (record(loaded, annotation_id) for loaded in versions)
        if mine == yours or yours == before:
            chosen = our_file
        elif mine == before:
            chosen = their_file
        else:
            conflicts.append(f"annotation {annotation_id} was changed on both sides")
            merged.append(
                _Conflict(
                    our_file.annotations.get(annotation_id), their_file.annotations.get(annotation_id),
                    our_file.extras.get(annotation_id), their_file.extras.get(annotation_id),
                )
            )
            continue
        annotation = chosen.annotations.get(annotation_id)
        if annotation is not None:
            merged.append(annotation)
            if annotation_id in chosen.extras:
                extras[annotation_id] = chosen.extras[annotation_id]
    return MergeResult(_merged_text(episode_id, merged, extras), conflicts)


def _merged_text(episode_id: str, merged: list[Annotation | _Conflict], extras: dict[str, dict]) -> str:
    # The store's own layout; a conflict is placed where our (else their) version sorts.
    def key(item: Annotation | _Conflict) -> tuple[int, str]:
        if isinstance(item, Annotation):
            return sort_key(item)
        return sort_key(item.ours if item.ours is not None else item.theirs)

    lines = [f"schema: {SCHEMA}", f"episode: {yaml_scalar(episode_id)}", "annotations:"]
    for item in sorted(merged, key=key):
        if isinstance(item, Annotation):
            lines.extend(annotation_block(item, extras.get(item.id)))
            continue
        lines.append("<<<<<<< ours")
        if item.ours is not None:
            lines.extend(annotation_block(item.ours, item.our_extra))
        lines.append("=======")
        if item.theirs is not None:
            lines.extend(annotation_block(item.theirs, item.their_extra))
        lines.append(">>>>>>> theirs")
    return "\n".join(lines) + "\n"
