"""Validate a workspace: files that cannot be read, unknown tags, orphaned annotations, duplicate ids."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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
    """Everything wrong in the workspace, item by item; one that cannot be read does not stop the rest."""
    findings: list[Finding] = []
    _transcripts, transcript_errors = workspace.load_transcripts()
    findings += [_from_error("unreadable", error, "transcripts") for error in transcript_errors]
    try:
        taxonomy = workspace.load_taxonomy()
    except AnnotateError as error:
        findings.append(_from_error("unreadable", error, "taxonomy"))
        taxonomy = None
    first_seen: dict[str, tuple[str, int | None]] = {}
    for episode_id in workspace.annotated_episodes():
        where_stored = workspace.annotations_location(episode_id)
        try:
            annotations = workspace.annotations(episode_id)
        except AnnotateError as error:
            findings.append(_from_error("unreadable", error, where_stored))
            continue
        for problem in workspace.annotation_problems(episode_id):
            findings.append(Finding(problem.kind, problem.file, problem.line, problem.annotation, problem.message))
        if not workspace.has_episode(episode_id):
            findings.append(
                Finding("missing-transcript", where_stored, 1, None, f"no transcript for these annotations (episode {episode_id!r})")
            )
        for annotation in annotations:
            path, line = workspace.annotation_location(annotation)
            if annotation.id in first_seen:
                other_file, other_line = first_seen[annotation.id]
                where = f"{other_file}:{other_line}" if other_line else other_file
                findings.append(Finding("duplicate-id", path, line, annotation.id, f"annotation id {annotation.id} is also used at {where}"))
            else:
                first_seen[annotation.id] = (path, line)
            if taxonomy is not None:
                for tag_id in annotation.tags:
                    if tag_id not in taxonomy:
                        findings.append(
                            Finding("unknown-tag", path, line, annotation.id,
                                    f"annotation {annotation.id} has tag {tag_id!r}, which is not in the taxonomy (kept as it is)")
                        )
            if annotation.status == "orphaned":
                quote = " ".join(annotation.anchor.quote.split())
                findings.append(
                    Finding("orphaned", path, line, annotation.id,
                            f"annotation {annotation.id} lost its passage ({quote[:60]!r}); kept for review")
                )
    return findings
