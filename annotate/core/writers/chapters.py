"""Podcasting 2.0 chapters (JSON, version 1.2.0) from the tagged passages of one episode."""

from __future__ import annotations

import json

from annotate.core.writers import ExportData, Writer, require_one_episode

VERSION = "1.2.0"


def write_chapters(data: ExportData) -> str:
    """One chapter per tagged quote: ``startTime``/``endTime`` in seconds, a title of its tags' labels.

    Chapters belong to one episode's audio, so quotes from several episodes are refused (choose
    one with ``--episode``). The episode's media url, when known, links each chapter to its moment.
    """
    require_one_episode(data, "chapters")
    chapters = []
    for quote in sorted(data.quotes, key=lambda quote: (quote.start_ms, quote.end_ms, quote.id)):
        labels = [(data.taxonomy.get(tag).label if data.taxonomy.get(tag) else tag) for tag in quote.tags]
        title = " / ".join(labels)
        if quote.speaker:
            title += f" ({quote.speaker})"
        chapter = {"startTime": quote.start_ms / 1000, "endTime": quote.end_ms / 1000, "title": title}
        if quote.link:
            chapter["url"] = quote.link
        chapters.append(chapter)
    document = {"version": VERSION, "chapters": chapters}
    if data.quotes:
        document["title"] = data.quotes[0].title
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


WRITERS = [Writer("chapters", "chapters.json", False, "Podcasting 2.0 chapters JSON (one episode)", write_chapters)]
