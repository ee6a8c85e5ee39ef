"""REFI-QDA out: the codebook (``.qdc``) and the whole project (``.qdpx``) from plain records.

Each transcript becomes a text source whose text is one line per cue,
``[HH:MM:SS.mmm --> HH:MM:SS.mmm] Speaker: words``, so a QDA tool shows the times and speakers;
each annotation a plain-text selection over its words, coded once per tag by its annotator (a
user), its note a note the selection refers to.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from annotate.core.errors import AnnotateError
from annotate.core.formats.metadata import metadata_to_yaml
from annotate.core.model import Taxonomy, Transcript
from annotate.core.refiqda import CODEBOOK_NAMESPACE, IDS_NOTE_NAME, IDS_SCHEMA, PROJECT_NAMESPACE, guid
from annotate.core.timecode import format_time

RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# Zip entries get one fixed date, so the same project gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class SourceText:
    """A transcript as a text source: its text, and where each cue's words start in it."""

    text: str
    cue_starts: list[int]


def source_text(transcript: Transcript) -> SourceText:
    """One line per cue: ``[start --> end] Speaker: words``; ``cue_starts[i]`` is where cue i's words begin."""
    lines, starts, position = [], [], 0
    for cue in transcript.cues:
        head = f"[{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}] " + (f"{cue.speaker}: " if cue.speaker else "")
        starts.append(position + len(head))
        line = head + cue.text
        lines.append(line)
        position += len(line) + 1
    return SourceText("\n".join(lines), starts)


def source_position(transcript: Transcript, source: SourceText, offset: int) -> int:
    """The position in the source text of character ``offset`` of the transcript's text."""
    if not transcript.cues:
        return 0
    index = transcript.cue_index_at(offset)
    within = min(max(0, offset - transcript.cue_offsets[index]), len(transcript.cues[index].text) + 1)
    return source.cue_starts[index] + within


def _codes(parent: ET.Element, taxonomy: Taxonomy, namespace: str, parent_id: str | None, known: set[str]) -> None:
    for tag in taxonomy.tags:
        parent_of_tag = tag.parent if tag.parent in known else None
        if parent_of_tag != parent_id:
            continue
        attributes = {"guid": guid("tag", tag.id), "name": tag.label or tag.id, "isCodable": "true"}
        if tag.color and RGB.match(tag.color):
            attributes["color"] = tag.color
        code = ET.SubElement(parent, f"{{{namespace}}}Code", attributes)
        if tag.description:
            ET.SubElement(code, f"{{{namespace}}}Description").text = tag.description
        _codes(code, taxonomy, namespace, tag.id, known)


def _serialize(root: ET.Element, namespace: str) -> bytes:
    ET.register_namespace("", namespace)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_codebook(taxonomy: Taxonomy, origin: str) -> bytes:
    """The taxonomy as a REFI-QDA codebook (``.qdc``): codes nested by parent, with colours and descriptions."""
    if not taxonomy.tags:
        raise AnnotateError(
            "the taxonomy has no tags: a REFI-QDA codebook needs at least one code "
            "(--format qdpx exports the transcripts as a project without codes)"
        )
    namespace = CODEBOOK_NAMESPACE
    root = ET.Element(f"{{{namespace}}}CodeBook", {"origin": origin})
    codes = ET.SubElement(root, f"{{{namespace}}}Codes")
    _codes(codes, taxonomy, namespace, None, {tag.id for tag in taxonomy.tags})
    return _serialize(root, namespace)


def write_project(quotes, taxonomy: Taxonomy, transcripts: dict[str, Transcript], origin: str, name: str = "annotate workspace") -> bytes:
    """The project as a ``.qdpx`` zip: ``project.qde`` and one ``Sources/<guid>.txt`` per transcript."""
    ns = PROJECT_NAMESPACE

    def element(parent, tag, attributes=None):
        return ET.SubElement(parent, f"{{{ns}}}{tag}", attributes or {})

    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": origin})
    annotators = sorted({quote.annotator for quote in quotes})
    if annotators:
        users = element(root, "Users")
        for annotator in annotators:
            element(users, "User", {"guid": guid("user", annotator), "name": annotator or "(unknown)"})
    if taxonomy.tags:
        codes = element(element(root, "CodeBook"), "Codes")
        _codes(codes, taxonomy, ns, None, {tag.id for tag in taxonomy.tags})
    # Tags the annotations carry but the taxonomy lacks still need codes for their codings.
    extra_tags = sorted({tag for quote in quotes for tag in quote.tags if tag not in taxonomy})
    if extra_tags:
        if not taxonomy.tags:
            codes = element(element(root, "CodeBook"), "Codes")
        for tag_id in extra_tags:
            element(codes, "Code", {"guid": guid("tag", tag_id), "name": tag_id, "isCodable": "true"})
    ids = {"schema": IDS_SCHEMA, "tags": {}, "sources": {}, "selections": {}}
    for tag in taxonomy.tags:
        ids["tags"][guid("tag", tag.id)] = {"id": tag.id, "key": tag.key}
    for tag_id in extra_tags:
        ids["tags"][guid("tag", tag_id)] = {"id": tag_id, "key": None}
    files: dict[str, str] = {}
    notes: list[tuple[str, str, str, str]] = []
    quotes_by_episode: dict[str, list] = {}
    for quote in quotes:
        quotes_by_episode.setdefault(quote.episode, []).append(quote)
    if transcripts:
        sources = element(root, "Sources")
    for episode_id, transcript in transcripts.items():
        source_guid = guid("source", episode_id)
        text = source_text(transcript)
        path = f"{source_guid}.txt"
        files[f"Sources/{path}"] = text.text
        speakers = transcript.speakers
        ids["sources"][source_guid] = {
            "episode": episode_id, "metadata": metadata_to_yaml(transcript.metadata), "speakers": speakers,
            # Cues with no speaker whose words start like "Name: " with a speaker's name.
            "unvoiced": [index for index, cue in enumerate(transcript.cues) if _reads_as_voiced(cue, speakers)],
        }
        source = element(sources, "TextSource", {"guid": source_guid, "name": transcript.title, "plainTextPath": f"internal://{path}"})
        for quote in quotes_by_episode.get(episode_id, []):
            selection_guid = guid("selection", quote.id)
            user_guid = guid("user", quote.annotator)
            attributes = {
                "guid": selection_guid,
                "name": _shorten(quote.quote),
                "startPosition": str(source_position(transcript, text, quote.start_offset)),
                "endPosition": str(source_position(transcript, text, quote.end_offset)),
                "creatingUser": user_guid,
            }
            if quote.created:
                attributes["creationDateTime"] = quote.created
            selection = element(source, "PlainTextSelection", attributes)
            for tag_id in quote.tags:
                coding = element(selection, "Coding", {"guid": guid("coding", quote.id, tag_id), "creatingUser": user_guid})
                element(coding, "CodeRef", {"targetGUID": guid("tag", tag_id)})
            if quote.note:
                note_guid = guid("note", quote.id)
                element(selection, "NoteRef", {"targetGUID": note_guid})
                notes.append((note_guid, f"Note on {quote.id}", quote.note, user_guid))
            ids["selections"][selection_guid] = {"id": quote.id, "created": quote.created, "modified": quote.modified}
    notes_element = element(root, "Notes")
    for note_guid, note_name, note_text, user_guid in notes:
        note = element(notes_element, "Note", {"guid": note_guid, "name": note_name, "creatingUser": user_guid})
        element(note, "PlainTextContent").text = note_text
    ids_note = element(notes_element, "Note", {"guid": guid("ids-note"), "name": IDS_NOTE_NAME})
    element(ids_note, "Description").text = "What annotate needs to read this project back exactly; other tools may ignore it."
    element(ids_note, "PlainTextContent").text = json.dumps(ids, ensure_ascii=False, indent=1, sort_keys=True)
    project = _serialize(root, ns)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", ZIP_DATE), project, compress_type=zipfile.ZIP_DEFLATED)
        for entry_name in sorted(files):
            archive.writestr(zipfile.ZipInfo(entry_name, ZIP_DATE), files[entry_name].encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _reads_as_voiced(cue, speakers: list[str]) -> bool:
    # A cue with no speaker whose words begin "Name: " with a speaker's name would read back as theirs.
    head, colon, _rest = cue.text.partition(": ")
    return not cue.speaker and bool(colon) and head in speakers


def _shorten(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
