"""Validate a workspace: files that cannot be read, unknown tags, orphaned annotations, duplicate ids."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from annotate.core.annotations import AnnotationStore, annotation_files
from annotate.core.errors import AnnotateError


@dataclass(frozen=True)
class Finding:
    """One thing ``annotate check`` reports. ``kind`` is e.g. unreadable, unknown-tag, orphaned, duplicate-id."""

    kind: str
    file: str
    line: int | None
    annotation: str | None
    message: str

    def record(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.kind}: {self.message}"


def _from_error(kind: str, error: AnnotateError, fallback_file: str) -> Finding:
    return Finding(kind, error.path or fallback_file, error.line, None, error.message)


def check_workspace(workspace: Any) -> list[Finding]:
    """Everything wrong in the workspace, file by file; an unreadable file does not stop the rest."""
    from annotate.core.taxonomy import load_taxonomy

    store = AnnotationStore(workspace)
    space = store.workspace
    findings: list[Finding] = []
    _transcripts, transcript_errors = space.load_transcripts()
    findings += [_from_error("unreadable", error, "transcripts") for error in transcript_errors]
    try:
        taxonomy = load_taxonomy(space)
    except AnnotateError as error:
        findings.append(_from_error("unreadable", error, str(space.taxonomy_path)))
        taxonomy = None
    first_seen: dict[str, tuple[str, int | None]] = {}
    for episode_id, path in annotation_files(space).items():
        try:
            annotations = store.annotations(episode_id)
        except AnnotateError as error:
            findings.append(_from_error("unreadable", error, str(path)))
            continue
        for problem in store.problems(episode_id):
            findings.append(Finding(problem.kind, problem.file, problem.line, problem.annotation, problem.message))
        if not space.has_episode(episode_id):
            findings.append(
                Finding("missing-transcript", str(path), 1, None, f"no transcript {space.transcript_path(episode_id).name} for these annotations")
            )
        for annotation in annotations:
            line = store.line_of(annotation)
            if annotation.id in first_seen:
                other_file, other_line = first_seen[annotation.id]
                where = f"{other_file}:{other_line}" if other_line else other_file
                findings.append(Finding("duplicate-id", str(path), line, annotation.id, f"annotation id {annotation.id} is also used at {where}"))
            else:
                first_seen[annotation.id] = (str(path), line)
            if taxonomy is not None:
                for tag_id in annotation.tags:
                    if tag_id not in taxonomy:
                        findings.append(
                            Finding("unknown-tag", str(path), line, annotation.id,
                                    f"annotation {annotation.id} has tag {tag_id!r}, which is not in the taxonomy (kept as it is)")
                        )
            if annotation.status == "orphaned":
                quote = " ".join(annotation.anchor.quote.split())
                findings.append(
                    Finding("orphaned", str(path), line, annotation.id,
                            f"annotation {annotation.id} lost its passage ({quote[:60]!r}); kept for review")
                )
    return findings
