"""Tagged quotes out: pick annotations by episode, tag, speaker and annotator, and write them.

One record shape for every format (DESIGN.md "Tagged quotes out"): id, episode, title, speaker,
start and end (``HH:MM:SS.mmm``), start_seconds, end_seconds, quote, tags, note, annotator, link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotate.core.errors import AnnotateError
from annotate.core.timecode import format_time
from annotate.core.yamlio import yaml_scalar

SCHEMA = "annotate/quotes@1"
FORMATS = ("yaml", "json")
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

    @property
    def link(self) -> str | None:
        """The media url with a media-fragment time range, when the episode's media url is known."""
        if not self.media_url:
            return None
        return f"{self.media_url}#t={_seconds_text(self.start_ms)},{_seconds_text(self.end_ms)}"

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


def _seconds_text(milliseconds: int) -> str:
    return f"{milliseconds / 1000:.3f}".rstrip("0").rstrip(".")


def select_quotes(workspace: Any, episodes=None, tags=None, speakers=None, annotators=None) -> list[TaggedQuote]:
    """Annotations as tagged quotes, in episode then time order, filtered.

    ``tags`` match an annotation carrying the tag or any tag below it in the taxonomy; speakers and
    annotators match without regard to case. Orphaned annotations (passage lost) are left out.
    """
    return select_quotes_with_report(workspace, episodes, tags, speakers, annotators).quotes


def select_quotes_with_report(workspace: Any, episodes=None, tags=None, speakers=None, annotators=None) -> Selection:
    """As :func:`select_quotes`, also saying what was left out (orphaned annotations, unreadable files)."""
    from annotate.core.taxonomy import require_tags

    space = workspace
    files = set(space.annotated_episodes())
    if episodes:
        for episode_id in episodes:
            if episode_id not in files and not space.has_episode(episode_id):
                space.require_episode(episode_id)  # raises, naming the episodes there are
        chosen = [episode_id for episode_id in sorted(files) if episode_id in set(episodes)]
    else:
        chosen = sorted(files)
    taxonomy = space.load_taxonomy() if tags else None
    wanted_tags = _expand_tags(taxonomy, tags) if tags else None
    wanted_speakers = {speaker.casefold() for speaker in speakers} if speakers else None
    wanted_annotators = {annotator.casefold() for annotator in annotators} if annotators else None
    selection = Selection()
    used_tags: set[str] = set()
    for episode_id in chosen:
        try:
            annotations = space.annotations(episode_id)
        except AnnotateError as error:
            selection.skipped.append(f"{error}; its annotations are not exported")
            continue
        used_tags.update(tag for annotation in annotations for tag in annotation.tags)
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
                )
            )
    if tags:
        # A tag in neither the taxonomy nor any annotation is a typo, not a request for nothing.
        require_tags(taxonomy, [tag_id for tag_id in tags if tag_id not in used_tags])
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
    """The quotes as one document in ``format`` (``yaml`` or ``json``), same records in both."""
    records = [quote.record() for quote in quotes]
    if format == "yaml":
        return _quotes_yaml(records)
    if format == "json":
        return json.dumps({"schema": SCHEMA, "quotes": records}, ensure_ascii=False, indent=2) + "\n"
    raise AnnotateError(f"unknown export format {format!r} (formats: {', '.join(FORMATS)})")


def _quotes_yaml(records: list[dict[str, Any]]) -> str:
    lines = [f"schema: {SCHEMA}", "quotes:" if records else "quotes: []"]
    for record in records:
        for index, (key, value) in enumerate(record.items()):
            lines.append(("- " if index == 0 else "  ") + f"{key}: {yaml_scalar(value)}")
    return "\n".join(lines) + "\n"
