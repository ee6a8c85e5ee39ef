"""Messages that workers post back to the main screen: small dataclasses, handled on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from annotate.core.model import Annotation, Transcript
from annotate.tui.widgets.episodes import EpisodeSummary


@dataclass
class EpisodesLoaded(Message):
    """The episodes of the workspace, with titles, dates and annotation counts."""

    summaries: list[EpisodeSummary]
    errors: list[str] = field(default_factory=list)


@dataclass
class TranscriptLoaded(Message):
    """One episode's transcript and annotations, read in a worker."""

    episode: str
    transcript: Transcript
    annotations: list[Annotation]
    seconds: float


@dataclass
class LoadFailed(Message):
    """An episode could not be opened (the reason names the file and line)."""

    episode: str
    reason: str


@dataclass
class FilesChanged(Message):
    """Files of the open episode changed on disk (not by this app)."""

    annotations: bool = False
    taxonomy: bool = False
    transcript: bool = False
    episodes: bool = False
