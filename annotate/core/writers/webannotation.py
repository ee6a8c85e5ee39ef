"""W3C Web Annotation (JSON-LD): an AnnotationCollection with one Annotation per tagged quote.

Each annotation's target is the transcript, with a TextQuoteSelector (the quote with its prefix
and suffix) and a TextPositionSelector (character offsets into the transcript's text: its cue
texts joined by newlines); when the episode's media url is known, a second target is the media
with a FragmentSelector ``t=start,end`` (Media Fragments). The bodies are the tags (purpose
``tagging``) and the note (purpose ``commenting``).
"""

from __future__ import annotations

import json

from annotate.core.writers import ExportData, Writer

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"


def transcript_iri(episode: str) -> str:
    """The IRI naming an episode's transcript (the workspace has no web address of its own)."""
    return f"urn:annotate:transcript:{episode}"


def write_web_annotation(data: ExportData) -> str:
    """The collection as JSON-LD text, annotations in episode then time order."""
    items = [_annotation(data, quote) for quote in data.quotes]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Tagged quotes",
        "generator": {"type": "Software", "name": data.generator},
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def _annotation(data: ExportData, quote) -> dict:
    bodies = []
    for tag_id in quote.tags:
        tag = data.taxonomy.get(tag_id)
        body = {"type": "TextualBody", "purpose": "tagging", "value": tag_id}
        if tag and tag.label:
            body["label"] = tag.label
        bodies.append(body)
    if quote.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": quote.note, "format": "text/plain"})
    targets: list[dict] = [{
        "source": transcript_iri(quote.episode),
        "selector": [
            {"type": "TextQuoteSelector", "exact": quote.exact or quote.quote, "prefix": quote.prefix, "suffix": quote.suffix},
            {"type": "TextPositionSelector", "start": quote.start_offset, "end": quote.end_offset},
        ],
    }]
    if quote.media_url:
        targets.append({
            "source": quote.media_url,
            "selector": {
                "type": "FragmentSelector",
                "conformsTo": MEDIA_FRAGMENTS,
                "value": f"t={quote.start_ms / 1000:g},{quote.end_ms / 1000:g}",
            },
        })
    annotation = {
        "id": f"urn:annotate:annotation:{quote.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "creator": {"type": "Person", "name": quote.annotator} if quote.annotator else None,
        "created": quote.created or None,
        "modified": quote.modified or None,
        "body": bodies,
        "target": targets[0] if len(targets) == 1 else targets,
    }
    return {key: value for key, value in annotation.items() if value is not None}


WRITERS = [Writer("w3c", "jsonld", False, "W3C Web Annotation JSON-LD (an AnnotationCollection)", write_web_annotation)]
