"""Tagged quotes out: pick annotations by episode, tag, speaker and annotator, and write them.

One record shape for every format (DESIGN.md "Tagged quotes out"): id, episode, title, speaker,
start and end (``HH:MM:SS.mmm``), start_seconds, end_seconds, quote, tags, note, annotator, link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotate.core.errors import AnnotateError
from annotate.core.store import as_workspace
from annotate.core.playback import media_fragment_link
from annotate.core.timecode import format_time

SCHEMA = "annotate/quotes@1"
RECORD_KEYS = (
    "id", "episode", "title", "speaker", "start", "end", "start_seconds", "end_seconds",
    "quote", "tags", "note", "annotator", "link",
)


@dataclass(frozen=True)
class TaggedQuote:
    """One annotation as exported: the passage, who said it and when, its tags and note."""

    id: str
    episode: str
    title: str
    speaker: str | None
    start_ms: int
    end_ms: int
    quote: str
    tags: list[str]
    note: str
    annotator: str
    media_url: str = ""
    # The anchor as stored, for the formats that point into the transcript's text (W3C, REFI-QDA).
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start_offset: int = 0
    end_offset: int = 0
    created: str = ""
    modified: str = ""

    @property
    def link(self) -> str | None:
        """The media url with a media-fragment time range, when the episode's media url is known."""
        if not self.media_url:
            return None
        return media_fragment_link(self.media_url, self.start_ms, self.end_ms)

    def record(self) -> dict[str, Any]:
        """The exported mapping, keys in their fixed order."""
        return {
            "id": self.id,
            "episode": self.episode,
            "title": self.title,
            "speaker": self.speaker,
            "start": format_time(self.start_ms),
            "end": format_time(self.end_ms),
            "start_seconds": round(self.start_ms / 1000, 3),
            "end_seconds": round(self.end_ms / 1000, 3),
            "quote": self.quote,
            "tags": list(self.tags),
            "note": self.note,
            "annotator": self.annotator,
            "link": self.link,
        }


@dataclass
class Selection:
    """What :func:`select_quotes_with_report` found: the quotes, and what it left out and why."""

    quotes: list[TaggedQuote] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def select_quotes(workspace: Any, episodes=None, tags=None, speakers=None, annotators=None) -> list[TaggedQuote]:
    """Annotations as tagged quotes, in episode then time order, filtered.

    ``tags`` match an annotation carrying the tag or any tag below it in the taxonomy; speakers and
    annotators match without regard to case. Orphaned annotations (passage lost) are left out.
    """
    return select_quotes_with_report(workspace, episodes, tags, speakers, annotators).quotes


def select_quotes_with_report(workspace: Any, episodes=None, tags=None, speakers=None, annotators=None) -> Selection:
    """As :func:`select_quotes`, also saying what was left out (orphaned annotations, unreadable files)."""
    from annotate.core.taxonomy import require_tags
    from annotate.core.services.episodes import require_known_episodes
    from annotate.core.services.people import require_known_annotators, require_known_speakers

    space = as_workspace(workspace)
    files = set(space.annotated_episodes())
    if episodes:
        require_known_episodes(space, episodes, files)
        chosen = [episode_id for episode_id in sorted(files) if episode_id in set(episodes)]
    else:
        chosen = sorted(files)
    taxonomy = space.load_taxonomy() if tags else None
    wanted_tags = _expand_tags(taxonomy, tags) if tags else None
    wanted_speakers = {speaker.casefold() for speaker in speakers} if speakers else None
    wanted_annotators = {annotator.casefold() for annotator in annotators} if annotators else None
    selection = Selection()
    used_tags: set[str] = set()
    used_speakers: set[str] = set()
    used_annotators: set[str] = set()
    for episode_id in chosen:
        try:
            annotations = space.annotations(episode_id)
        except AnnotateError as error:
            selection.skipped.append(f"{error}; its annotations are not exported")
            continue
        for problem in space.annotation_problems(episode_id):
            if problem.leaves_out_an_entry:
                selection.skipped.append(f"{problem}; not exported")
        used_tags.update(tag for annotation in annotations for tag in annotation.tags)
        used_speakers.update(annotation.speaker or "" for annotation in annotations)
        used_annotators.update(annotation.annotator for annotation in annotations)
        title, media_url = _episode_title(space, episode_id)
        for annotation in annotations:
            if wanted_tags is not None and not wanted_tags.intersection(annotation.tags):
                continue
            if wanted_speakers is not None and (annotation.speaker or "").casefold() not in wanted_speakers:
                continue
            if wanted_annotators is not None and annotation.annotator.casefold() not in wanted_annotators:
                continue
            if annotation.status != "ok":
                path, line = space.annotation_location(annotation)
                where = f"{path}:{line}" if line else path
                selection.skipped.append(f"{where}: annotation {annotation.id} is orphaned (its passage was lost); not exported")
                continue
            anchor = annotation.anchor
            selection.quotes.append(
                TaggedQuote(
                    annotation.id, episode_id, title, annotation.speaker, anchor.start_ms, anchor.end_ms,
                    " ".join(anchor.quote.split()), list(annotation.tags), annotation.note, annotation.annotator, media_url,
                    exact=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix,
                    start_offset=anchor.start_offset, end_offset=anchor.end_offset,
                    created=annotation.created, modified=annotation.modified,
                )
            )
    if tags:
        # A tag in neither the taxonomy nor any annotation is a typo, not a request for nothing.
        require_tags(taxonomy, [tag_id for tag_id in tags if tag_id not in used_tags])
    # So is a speaker or annotator who occurs nowhere.
    if speakers:
        require_known_speakers(space, speakers, used_speakers)
    if annotators:
        require_known_annotators(space, annotators, used_annotators)
    return selection


def _expand_tags(taxonomy, tags) -> set[str]:
    wanted: set[str] = set()
    for tag_id in tags:
        wanted |= taxonomy.descendants(tag_id) if tag_id in taxonomy else {tag_id}
    return wanted


def _episode_title(workspace, episode_id: str) -> tuple[str, str]:
    if not workspace.has_episode(episode_id):
        return episode_id, ""
    try:
        transcript = workspace.load_transcript(episode_id)
    except AnnotateError:
        return episode_id, ""
    return transcript.title, transcript.metadata.media_url


def write_quotes(quotes: list[TaggedQuote], format: str = "yaml") -> str:
    """The quotes as one text document in ``format`` (a text writer that needs only the quotes)."""
    from annotate.core.model import Taxonomy
    from annotate.core.writers import ExportData, get_writer

    document = get_writer(format).write(ExportData(quotes, Taxonomy()))
    return document if isinstance(document, str) else document.decode("utf-8")


@dataclass
class Rendered:
    """An export file's bytes, and what the writer says about them."""

    document: bytes
    warnings: list[str] = field(default_factory=list)


def render_export(workspace: Any, selection: Selection, format: str, episodes=None, group_by: str | None = None) -> bytes:
    """The export file's bytes for ``selection`` in ``format``: :func:`render_export_with_report` without its warnings."""
    return render_export_with_report(workspace, selection, format, episodes, group_by).document


def render_export_with_report(
    workspace: Any, selection: Selection, format: str, episodes=None, group_by: str | None = None
) -> Rendered:
    """The export file's bytes for ``selection`` in ``format`` (any registered writer), and its warnings.

    Gathers what the writer needs from the workspace (the taxonomy; the transcripts for a writer
    that carries them, those of ``episodes`` or else of every episode), so writers never read it.
    ``group_by`` (None: the writer's default) is refused for a format that does not group quotes.
    """
    from annotate import __version__
    from annotate.core.taxonomy import load_taxonomy
    from annotate.core.writers import ExportData, get_writer, grouping_for

    writer = get_writer(format)
    grouping = grouping_for(writer, group_by)
    data = ExportData(selection.quotes, load_taxonomy(workspace), group_by=grouping, generator=f"annotate {__version__}")
    if writer.needs_transcripts:
        space = as_workspace(workspace)
        wanted = list(episodes) if episodes else space.episode_ids()
        for episode_id in dict.fromkeys(wanted + [quote.episode for quote in selection.quotes]):
            if space.has_episode(episode_id):
                data.transcripts[episode_id] = space.load_transcript(episode_id)
    document = writer.write(data)
    return Rendered(document if isinstance(document, bytes) else document.encode("utf-8"), data.warnings)
