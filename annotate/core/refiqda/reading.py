"""REFI-QDA in: a codebook or project read into tags, transcripts and annotations, nothing saved.

Anything malformed (XML, a missing guid, a selection outside its text, a coding of a code that is
not there) raises AnnotateError naming the entry and line, so the caller imports nothing. What
annotate cannot hold (PDF, picture, audio and video sources; a source whose text is not in the
archive) is left out with a warning that says how many coded passages went with it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from annotate.core.colors import normalize_color
from annotate.core.errors import AnnotateError
from annotate.core.ids import TAG_ID, is_annotation_id
from annotate.core.model import Annotation, Cue, Tag, Transcript, TranscriptMetadata
from annotate.core.refiqda import CODEBOOK_NAMESPACE, IDS_NOTE_NAME, IDS_SCHEMA, PROJECT_NAMESPACE
from annotate.core.refiqda.xmltree import Node, parse_xml
from annotate.core.timecode import parse_time

# Largest project.qde or .qdc (a project's texts usually sit beside it in Sources/).
MAX_XML_BYTES = 64 * 1024 * 1024
_TIMED_LINE = re.compile(r"^\[(\d+:\d\d:\d\d\.\d{3}) --> (\d+:\d\d:\d\d\.\d{3})\] ")
_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# Lines of a source that has no times are given this long per word, one after another.
MS_PER_WORD = 400
MEDIA_SOURCES = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass
class RefiContent:
    """What a REFI-QDA file holds, as annotate's model: tags in order, transcripts, annotations."""

    tags: list[Tag] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    annotations: dict[str, list[Annotation]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def known_tag_ids(tag_ids) -> dict[str, dict]:
    """GUID -> ``{"id": tag id}`` for tags annotate exported before, so a code comes back as its tag."""
    from annotate.core.refiqda import guid

    return {guid("tag", tag_id): {"id": tag_id} for tag_id in tag_ids}


def read_codebook_file(path: str | Path, existing_tags=()) -> RefiContent:
    """Read a ``.qdc`` codebook into tags (a code annotate wrote for one of ``existing_tags`` keeps its id)."""
    data = _read_file(path)
    root = parse_xml(data, str(path))
    if root.name != "CodeBook" or root.namespace != CODEBOOK_NAMESPACE:
        raise AnnotateError(f"not a REFI-QDA codebook: the root element is {root.name!r} in {root.namespace or 'no namespace'!r}", path, root.line)
    content = RefiContent()
    _read_codes(root, str(path), content, known_tag_ids(existing_tags), {})
    return content


def read_project_file(path: str | Path, existing_tags=()) -> RefiContent:
    """Read a ``.qdpx`` project archive (or a bare ``project.qde``) into tags, transcripts and annotations."""
    from annotate.core.refiqda.archive import ProjectArchive

    if Path(path).suffix.casefold() == ".qde":
        return _read_project(parse_xml(_read_file(path), str(path)), str(path), None, existing_tags)
    with ProjectArchive(path) as archive:
        entry = archive.find("project.qde")
        if entry is None:
            raise AnnotateError("no project.qde in the archive: not a REFI-QDA project", path)
        where = f"{path}:{entry}"
        return _read_project(parse_xml(archive.read(entry, MAX_XML_BYTES), where), where, archive, existing_tags)


def _read_file(path: str | Path) -> bytes:
    from annotate.core.limits import read_file_bytes

    return read_file_bytes(path, MAX_XML_BYTES, "a REFI-QDA file")


def _read_project(root: Node, where: str, archive, existing_tags=()) -> RefiContent:
    if root.name != "Project" or root.namespace != PROJECT_NAMESPACE:
        raise AnnotateError(f"not a REFI-QDA project: the root element is {root.name!r}", where, root.line)
    content = RefiContent()
    notes = _notes(root, where, archive)
    ids = _ids_note(root, where)
    users = {}
    for users_node in root.all("Users"):
        for user in users_node.all("User"):
            users[_guid(user, where)] = user.attributes.get("name") or _guid(user, where)
    code_ids: dict[str, str] = {}
    known = {**known_tag_ids(existing_tags), **(ids.get("tags") if isinstance(ids.get("tags"), dict) else {})}
    _read_codes(root.first("CodeBook") or Node("", "", {}, 0), where, content, known, code_ids)
    sources = root.first("Sources")
    skipped: dict[str, list[int]] = {}
    episode_ids: set[str] = set()
    for source in sources.children if sources is not None else []:
        if source.name in MEDIA_SOURCES:
            counts = skipped.setdefault(MEDIA_SOURCES[source.name], [0, 0])
            counts[0] += 1
            counts[1] += _count_codings(source)
            continue
        if source.name != "TextSource":
            continue
        text = _source_text(source, where, archive, content.warnings)
        if text is None:
            continue
        source_ids = ids.get("sources", {}).get(_guid(source, where), {})
        transcript, to_offset = _transcript(source, text, source_ids, episode_ids, where)
        annotations = _annotations(source, len(text), transcript, to_offset, users, code_ids, notes, ids.get("selections", {}), where, content)
        content.transcripts.append(transcript)
        content.annotations[transcript.id] = annotations
    for kind, (count, codings) in skipped.items():
        content.warnings.append(
            f"{where}: {count} {kind} source{'s' if count != 1 else ''} not imported (annotate holds text transcripts)"
            + (f"; {codings} coding{'s' if codings != 1 else ''} on {'them' if count != 1 else 'it'} left out" if codings else "")
        )
    return content


def _guid(node: Node, where: str) -> str:
    value = node.attributes.get("guid", "").strip().strip("{}").upper()
    if not value:
        raise AnnotateError(f"<{node.name}> has no guid", where, node.line)
    return value


def _read_codes(parent: Node, where: str, content: RefiContent, known_ids: dict, code_ids: dict[str, str]) -> None:
    codes_node = parent.first("Codes")
    if codes_node is None:
        return
    taken: set[str] = set()
    by_name: dict[str, str] = {}
    pending: list[tuple[Node, str | None]] = [(code, None) for code in codes_node.all("Code")]
    ordered: list[tuple[Node, str | None]] = []
    while pending:  # parents before children, in document order
        code, parent_guid = pending.pop(0)
        ordered.append((code, parent_guid))
        pending[0:0] = [(child, _guid(code, where)) for child in code.all("Code")]
    labels: dict[str, tuple[str, str | None]] = {}  # guid -> (label, name of the parent named in it)
    names = {(code.attributes.get("name") or "").strip() for code, _parent in ordered}
    for code, parent_guid in ordered:
        code_guid = _guid(code, where)
        if code_guid in labels:
            raise AnnotateError(f"code guid {code_guid} appears twice", where, code.line)
        name = (code.attributes.get("name") or "").strip()
        if not name:
            raise AnnotateError("<Code> has no name", where, code.line)
        label, named_parent = name, None
        head, separator, tail = name.rpartition("::")
        if separator and parent_guid is None and head.strip() in names and tail.strip():
            # ATLAS.ti writes a hierarchy into names: "Coke::diet Coke" under the code "Coke".
            label, named_parent = tail.strip(), head.strip()
        labels[code_guid] = (label, named_parent)
        hint = known_ids.get(code_guid) if isinstance(known_ids.get(code_guid), dict) else {}
        hinted = hint.get("id")
        tag_id = _unique(hinted if isinstance(hinted, str) and TAG_ID.fullmatch(hinted) else _slug(label), taken)
        taken.add(tag_id)
        code_ids[code_guid] = tag_id
        by_name.setdefault(name, tag_id)
    for code, parent_guid in ordered:
        code_guid = _guid(code, where)
        label, named_parent = labels[code_guid]
        parent_id = code_ids[parent_guid] if parent_guid else by_name.get(named_parent) if named_parent else None
        hint = known_ids.get(code_guid) if isinstance(known_ids.get(code_guid), dict) else {}
        key = hint.get("key") if isinstance(hint.get("key"), str) else None
        color = code.attributes.get("color", "")
        description = code.first("Description")
        content.tags.append(Tag(
            id=code_ids[code_guid],
            label=label,
            description=" ".join(description.text.split()) if description is not None else "",
            color=normalize_color(color) if _RGB.match(color) else "",
            parent=parent_id,
            key=key,
        ))


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-._").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:64].rstrip("-._")
    return slug or "code"


def _unique(candidate: str, taken: set[str], width: int = 64) -> str:
    """``candidate``, or with ``-2``, ``-3``... added (kept within ``width``) when it is taken."""
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate[:width - 6]}-{number}" in taken:
        number += 1
    return f"{candidate[:width - 6]}-{number}"


def _ids_note(root: Node, where: str) -> dict:
    # The note annotate writes beside the data; absent from other tools' projects.
    for notes in root.all("Notes"):
        for note in notes.all("Note"):
            if note.attributes.get("name") == IDS_NOTE_NAME:
                content = note.first("PlainTextContent")
                try:
                    ids = json.loads(content.text if content is not None else "")
                except ValueError:
                    raise AnnotateError(f"the note {IDS_NOTE_NAME!r} is not valid JSON", where, note.line) from None
                if not isinstance(ids, dict) or ids.get("schema") != IDS_SCHEMA:
                    raise AnnotateError(f"the note {IDS_NOTE_NAME!r} is not {IDS_SCHEMA}", where, note.line)
                return ids
    return {}


def _notes(root: Node, where: str, archive) -> dict[str, str]:
    found = {}
    for notes in root.all("Notes"):
        for note in notes.all("Note"):
            if note.attributes.get("name") == IDS_NOTE_NAME:
                continue
            text = _source_text(note, where, archive, None)
            found[_guid(note, where)] = (text or "").strip()
    return found


def _source_text(source: Node, where: str, archive, warnings: list[str] | None) -> str | None:
    """The source's (or note's) plain text: inline, or an ``internal://`` entry of the archive; else None, with a warning."""
    inline = source.first("PlainTextContent")
    if inline is not None:
        return inline.text
    path = source.attributes.get("plainTextPath", "")
    name = source.attributes.get("name", "")
    coded = _count_codings(source)
    left_out = f"; {coded} coding{'s' if coded != 1 else ''} on it left out" if coded else ""
    if not path.startswith("internal://"):
        if warnings is not None:
            # Text is only ever read from inside the archive: a path to the disk is never followed.
            reason = f"its text ({path}) is outside the project and is not read" if path else "it has no text"
            warnings.append(f"{where}:{source.line}: source {name!r} not imported: {reason}{left_out}")
        return None
    entry_name = "Sources/" + path[len("internal://"):]
    entry = archive.find(entry_name) if archive is not None else None
    if entry is None:
        if warnings is not None:
            warnings.append(f"{where}:{source.line}: source {name!r} not imported: its text ({entry_name}) is not in the project{left_out}")
        return None
    data = archive.read(entry)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnnotateError(f"not UTF-8 text (byte {error.start}), as REFI-QDA plain text must be", f"{archive.path}:{entry}") from None


def _count_codings(node: Node) -> int:
    return sum(1 for child in node.children if child.name == "Coding") + sum(_count_codings(child) for child in node.children if child.name != "Coding")


def _transcript(source: Node, text: str, source_ids: dict, taken: set[str], where: str):
    """The source's text as a transcript, and a function from source positions to transcript offsets.

    Lines written by annotate (``[start --> end] Speaker: words``) keep their times and speakers;
    other text becomes one cue per non-blank line, timed one after another by its word count.
    """
    from annotate.core.formats.metadata import metadata_from_yaml
    from annotate.core.importing import check_episode_id, episode_id_from_path

    name = source.attributes.get("name") or "source"
    metadata = TranscriptMetadata()
    if isinstance(source_ids.get("metadata"), str):
        metadata = metadata_from_yaml(source_ids["metadata"], f"{where}:{source.line}")
    # A "Name: " after the times is a speaker only when annotate wrote it (it lists the speakers).
    speakers = set(source_ids.get("speakers") or []) if isinstance(source_ids.get("speakers"), list) else set()
    unvoiced = set(source_ids.get("unvoiced") or []) if isinstance(source_ids.get("unvoiced"), list) else set()
    episode_id = source_ids.get("episode") if isinstance(source_ids.get("episode"), str) else None
    if episode_id:
        try:
            check_episode_id(episode_id)
        except AnnotateError:
            episode_id = None
    episode_id = _unique(episode_id or episode_id_from_path(name), taken, 128)
    taken.add(episode_id)
    if not metadata.title:
        metadata.title = Path(name).stem if Path(name).suffix.lower() in (".txt", ".docx", ".rtf", ".doc", ".odt") else name
    cues: list[Cue] = []
    line_starts: list[int] = []  # source position where each cue's line starts
    word_starts: list[int] = []  # source position where each cue's words start
    position, clock = 0, 0
    for raw_line in text.split("\n"):
        line = raw_line.rstrip("\r")
        head = 0
        timed = _TIMED_LINE.match(line)
        speaker = None
        if timed:
            start_ms, end_ms = parse_time(timed.group(1)), parse_time(timed.group(2))
            head = timed.end()
            speaker_name, colon, _rest = line[head:].partition(": ")
            if colon and speaker_name in speakers and len(cues) not in unvoiced:
                speaker = speaker_name
                head += len(speaker_name) + 2
        words = line[head:]
        if words.strip() or timed:
            if not timed:
                start_ms = clock
                end_ms = clock + max(1000, MS_PER_WORD * len(words.split()))
            clock = max(clock, end_ms)
            cues.append(Cue(start_ms, end_ms, words if timed else words.strip(), speaker))
            line_starts.append(position)
            word_starts.append(position + head + (0 if timed else len(words) - len(words.lstrip())))
        position += len(raw_line) + 1
    if not cues:
        raise AnnotateError(f"source {name!r} has no text to import", where, source.line)
    transcript = Transcript(episode_id, cues, metadata)

    def to_offset(source_position: int) -> int:
        index = max(0, bisect_right(line_starts, source_position) - 1)
        within = min(max(0, source_position - word_starts[index]), len(cues[index].text))
        return transcript.cue_offsets[index] + within

    return transcript, to_offset


def _position(selection: Node, key: str, where: str) -> int:
    value = selection.attributes.get(key)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AnnotateError(f"<PlainTextSelection> {key} {value!r} is not a whole number", where, selection.line) from None


def _annotations(source, text_length, transcript, to_offset, users, code_ids, notes, selection_ids, where, content) -> list[Annotation]:
    """One annotation per selection and annotator: the tags they coded it with, the notes it refers to."""
    from annotate.core.anchoring import new_annotation

    annotations: list[Annotation] = []
    for selection in source.all("PlainTextSelection"):
        start, end = _position(selection, "startPosition", where), _position(selection, "endPosition", where)
        if not 0 <= start <= end <= text_length:
            raise AnnotateError(
                f"<PlainTextSelection> runs from {start} to {end}, outside its source's {text_length} characters", where, selection.line
            )
        tags_by_user: dict[str, list[str]] = {}
        for coding in selection.all("Coding"):
            reference = coding.first("CodeRef")
            target = reference.attributes.get("targetGUID", "").strip("{}").upper() if reference is not None else ""
            if target not in code_ids:
                raise AnnotateError(f"<Coding> refers to code {target or '(none)'}, which is not in the codebook", where, coding.line)
            user = coding.attributes.get("creatingUser") or selection.attributes.get("creatingUser") or ""
            annotator = users.get(user.strip("{}").upper(), user)
            tags_by_user.setdefault(annotator, [])
            if code_ids[target] not in tags_by_user[annotator]:
                tags_by_user[annotator].append(code_ids[target])
        if not tags_by_user:
            content.warnings.append(f"{where}:{selection.line}: a selection with no codes is not imported (an annotation needs a tag)")
            continue
        note_texts = []
        for reference in selection.all("NoteRef"):
            target = reference.attributes.get("targetGUID", "").strip("{}").upper()
            if target not in notes:
                raise AnnotateError(f"<NoteRef> refers to note {target}, which is not in the project", where, reference.line)
            if notes[target]:
                note_texts.append(notes[target])
        hint = selection_ids.get(_guid(selection, where), {})
        hint = hint if isinstance(hint, dict) else {}
        for number, (annotator, tags) in enumerate(tags_by_user.items()):
            try:
                annotation = new_annotation(transcript, to_offset(start), to_offset(end), tags, "\n\n".join(note_texts), annotator)
            except AnnotateError:
                content.warnings.append(f"{where}:{selection.line}: a selection over no words of {transcript.id} is not imported")
                break
            if number == 0 and isinstance(hint.get("id"), str) and is_annotation_id(hint["id"]):
                annotation.id = hint["id"]
            for stamp in ("created", "modified"):
                if isinstance(hint.get(stamp), str) and hint[stamp]:
                    setattr(annotation, stamp, hint[stamp])
            if not hint and selection.attributes.get("creationDateTime"):
                annotation.created = annotation.modified = selection.attributes["creationDateTime"]
            annotations.append(annotation)
    return annotations
