"""Listing episodes: what ``annotate list`` prints and the TUI's episode list shows, read one way."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotate.core.errors import AnnotateError
from annotate.core.model import TranscriptMetadata
from annotate.core.store.protocol import Workspace


@dataclass(frozen=True)
class EpisodeSummary:
    """One episode as listed. ``annotations`` is None when its annotations cannot be read."""

    id: str
    title: str
    date: str
    speakers: list[str]
    cues: int
    duration_ms: int
    annotations: int | None


@dataclass
class EpisodeListing:
    """Every episode that could be read, and a message for each thing that could not."""

    episodes: list[EpisodeSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def list_episodes(workspace: Workspace, *, details: bool = True) -> EpisodeListing:
    """Every episode with its title, date and annotation count; with ``details``, speakers and size too.

    Without ``details`` only the metadata is read (quick for a big archive: the TUI's list); then
    ``speakers`` is empty and ``cues`` and ``duration_ms`` are 0. An episode that cannot be read is
    left out and named in ``problems``; one whose annotations cannot be read is listed with
    ``annotations`` None (not "none") and named too.
    """
    counts, unreadable = workspace.annotation_counts()
    listing = EpisodeListing()
    errors: list[AnnotateError] = []
    if details:
        transcripts, errors = workspace.load_transcripts()
        rows = [(transcript.id, transcript.metadata, transcript) for transcript in transcripts]
    else:
        rows = []
        for episode_id in workspace.episode_ids():
            try:
                rows.append((episode_id, workspace.load_metadata(episode_id), None))
            except AnnotateError as error:
                errors.append(error)
                rows.append((episode_id, TranscriptMetadata(), None))
    for episode_id, metadata, transcript in rows:
        listing.episodes.append(
            EpisodeSummary(
                id=episode_id,
                title=metadata.title or episode_id,
                date=str(metadata.date or ""),
                speakers=transcript.speakers if transcript is not None else [],
                cues=len(transcript.cues) if transcript is not None else 0,
                duration_ms=transcript.duration_ms if transcript is not None else 0,
                annotations=None if episode_id in unreadable else counts.get(episode_id, 0),
            )
        )
    listing.problems = [str(error) for error in errors] + annotation_read_problems(workspace, unreadable)
    return listing


def annotation_read_problems(
    workspace: Workspace,
    unreadable: dict[str, AnnotateError] | None = None,
    consequence: str = "",
    episode_ids: list[str] | None = None,
) -> list[str]:
    """One line, ``FILE:LINE: reason``, for each stored annotation that cannot be read.

    Whole episodes whose annotations cannot be read (``unreadable``, as
    :meth:`~annotate.core.store.protocol.Workspace.annotation_counts` gives it; asked when None),
    then each entry left out of its episode (a time that is no time, an id used twice); of every
    annotated episode, or of ``episode_ids``. ``consequence`` (``not counted``) ends each line.
    Listings print these so that nothing is left out silently.
    """
    if episode_ids is not None:
        unreadable = {}
        annotated = [episode_id for episode_id in workspace.annotated_episodes() if episode_id in set(episode_ids)]
    else:
        annotated = workspace.annotated_episodes()
    if unreadable is None:
        unreadable = workspace.annotation_counts()[1]
    problems: list[object] = list(unreadable.values())
    for episode_id in annotated:
        if episode_id not in unreadable:
            try:
                problems += [problem for problem in workspace.annotation_problems(episode_id) if problem.leaves_out_an_entry]
            except AnnotateError as error:
                problems.append(error)
    suffix = f"; {consequence}" if consequence else ""
    return [f"{problem}{suffix}" for problem in problems]


def require_known_episodes(workspace: Workspace, episode_ids: list[str], annotated: set[str]) -> None:
    """Raise AnnotateError, naming the episodes there are, if an id is neither annotated nor a transcript."""
    for episode_id in episode_ids:
        if episode_id not in annotated and not workspace.has_episode(episode_id):
            workspace.require_episode(episode_id)  # raises, naming the episodes there are
