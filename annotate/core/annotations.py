"""The annotation file format: ``annotations/<episode>.yaml``, read, written and migrated.

File layout::

    schema: annotate/annotations@1
    episode: <episode id>
    annotations:
    - id: a1b2c3d4e5
      start: '00:01:02.300'
      ...


Every annotation is one block followed by a blank line, keys in a fixed order, blocks sorted by
start then id. Nothing at list level changes when a block is added (an empty list is a bare
``annotations:``), so two annotators who tag different passages add lines in different places
and git merges them line by line. Saving, locking and merging live in ``annotate.core.store``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotate.core.errors import AnnotateError
from annotate.core.ids import require_annotation_id
from annotate.core.limits import MAX_NOTE_CHARACTERS, MAX_OFFSET, MAX_TAGS, excerpt, refuse_nul, time_in_range
from annotate.core.model import Anchor, Annotation, Transcript
from annotate.core.store.protocol import AnnotationProblem
from annotate.core.timecode import format_time, time_value_ms
from annotate.core.yamlio import load_yaml, mapping_child, migrate_schema, node_line, yaml_scalar

SCHEMA_NAME = "annotate/annotations"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}@{SCHEMA_VERSION}"
TAXONOMY_FILE = "taxonomy.yaml"

# The order keys are written in; ``status`` only appears when an annotation is not ``ok``.
KEY_ORDER = (
    "id", "start", "end", "tags", "speaker", "annotator", "note", "quote", "prefix", "suffix",
    "start_offset", "end_offset", "created", "modified", "status",
)
STATUSES = ("ok", "orphaned")

# Migrations: version N -> a function turning a version-N document (a dict) into version N+1.
# Reading applies them in turn up to SCHEMA_VERSION; a file from a newer version is refused.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


@dataclass
class AnnotationFile:
    """One episode's annotations as read from disk, with what is needed to save them safely.

    ``blocking`` problems (an entry that cannot be read, a duplicate id) make the file read-only:
    saving it would drop what could not be read.
    """

    episode: str
    path: Path
    annotations: dict[str, Annotation] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    extras: dict[str, dict] = field(default_factory=dict)
    problems: list[AnnotationProblem] = field(default_factory=list)
    blocking: list[AnnotationProblem] = field(default_factory=list)
    text: str | None = None
    digest: str | None = None
    stamp: tuple | None = None
    transcript: Transcript | None = None

    def sorted_annotations(self) -> list[Annotation]:
        return sorted(self.annotations.values(), key=sort_key)


def sort_key(annotation: Annotation) -> tuple[int, str]:
    """Annotations are kept in order of start time, then id."""
    return (annotation.anchor.start_ms, annotation.id)


def now_stamp() -> str:
    """The current UTC time as written in ``created`` and ``modified``."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# Reading and writing one file


def serialize_annotations(episode_id: str, annotations: list[Annotation], extras: dict[str, dict] | None = None) -> str:
    """The file text for ``annotations``: fixed key order, sorted by start then id, a blank line after each."""
    extras = extras or {}
    lines = [f"schema: {SCHEMA}", f"episode: {yaml_scalar(episode_id)}", "annotations:"]
    for annotation in sorted(annotations, key=sort_key):
        lines.extend(annotation_block(annotation, extras.get(annotation.id)))
    return "\n".join(lines) + "\n"


def annotation_block(annotation: Annotation, extra: dict | None = None) -> list[str]:
    """The lines of one annotation's block, ending with the blank line that keeps it apart from the next.

    Blocks already written in this process are reused: a save re-renders only what changed (the
    YAML quoting of every value is what makes a save of a long file slow).
    """
    record = annotation_record(annotation)
    for key, value in sorted((extra or {}).items()):
        record.setdefault(key, value)
    key = repr(tuple(record.items()))
    lines = _BLOCKS.get(key)
    if lines is None:
        lines = [("- " if index == 0 else "  ") + f"{name}: {yaml_scalar(value)}" for index, (name, value) in enumerate(record.items())]
        lines.append("")
        if len(_BLOCKS) >= _MAX_BLOCKS:
            _BLOCKS.clear()
        _BLOCKS[key] = lines
    return list(lines)


# Rendered blocks by their record's repr (a pure function of it), bounded so a long session stays small.
_BLOCKS: dict[str, list[str]] = {}
_MAX_BLOCKS = 20_000


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """An annotation as the ordered mapping written to its file."""
    anchor = annotation.anchor
    record: dict[str, Any] = {
        "id": annotation.id,
        "start": format_time(anchor.start_ms),
        "end": format_time(anchor.end_ms),
        "tags": list(annotation.tags),
        "speaker": annotation.speaker,
        "annotator": annotation.annotator,
        "note": annotation.note,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start_offset": anchor.start_offset,
        "end_offset": anchor.end_offset,
        "created": annotation.created,
        "modified": annotation.modified,
    }
    if annotation.status != "ok":
        record["status"] = annotation.status
    return record


def annotation_content(annotation: Annotation) -> dict[str, Any]:
    """What a user can change in an annotation: its record without the created and modified times."""
    record = annotation_record(annotation)
    record.pop("created", None)
    record.pop("modified", None)
    return record


def require_storable_annotation(annotation: Annotation, path: str | Path | None = None, line: int | None = None) -> None:
    """AnnotateError (naming ``path`` and ``line`` when given) unless every store can keep ``annotation`` and read it back.

    Both backends call it before they write an annotation, and a copy calls it on every annotation
    before it writes any: a well-formed id, times in range with the end not before the start,
    offsets in order, short tag ids, a note within MAX_NOTE_CHARACTERS, and no NUL character anywhere.
    """
    name = f"annotation {excerpt(annotation.id)}"
    if annotation.id:
        try:
            require_annotation_id(annotation.id)
        except AnnotateError as error:
            raise AnnotateError(error.message, path, line) from None
    anchor = annotation.anchor
    if not (time_in_range(anchor.start_ms) and time_in_range(anchor.end_ms)) or anchor.end_ms < anchor.start_ms:
        raise AnnotateError(f"{name}: its times ({anchor.start_ms} to {anchor.end_ms} ms) are not a passage of a transcript", path, line)
    if not 0 <= anchor.start_offset <= anchor.end_offset <= MAX_OFFSET:
        raise AnnotateError(f"{name}: its offsets ({anchor.start_offset} to {anchor.end_offset}) are not a passage of a transcript", path, line)
    if len(annotation.tags) > MAX_TAGS or any(not isinstance(tag, str) or not 0 < len(tag) <= 64 for tag in annotation.tags):
        raise AnnotateError(f"{name}: a tag id is 1 to 64 characters, and an annotation has at most {MAX_TAGS} tags", path, line)
    if len(annotation.note) > MAX_NOTE_CHARACTERS:
        raise AnnotateError(
            f"{name}: its note is too long ({len(annotation.note)} characters; the limit is {MAX_NOTE_CHARACTERS})", path, line
        )
    for field_name, value in (("note", annotation.note), ("quote", anchor.quote), ("prefix", anchor.prefix), ("suffix", anchor.suffix),
                              ("speaker", annotation.speaker), ("annotator", annotation.annotator), ("tags", annotation.tags)):
        refuse_nul(value, f"the {field_name} of {name}", path, line)


def parse_annotations(text: str, path: str | Path, episode_id: str) -> AnnotationFile:
    """Read an annotation file's text.

    The document as a whole must be valid YAML in a known schema (else AnnotateError with the
    line). An entry that cannot be read is reported as a blocking problem and the rest is kept.
    """
    loaded = load_yaml(text, path)
    document, root = loaded.value, loaded.node
    result = AnnotationFile(episode_id, Path(path), text=text)
    if document is None:
        return result
    if not isinstance(document, dict):
        raise AnnotateError("an annotation file must be a mapping with schema, episode and annotations", path, node_line(root))
    document = _migrate(document, path, node_line(mapping_child(root, "schema")) or 1)
    named_episode = document.get("episode")
    if named_episode is not None and str(named_episode) != episode_id:
        result.problems.append(
            AnnotationProblem(
                "episode-mismatch", str(path), node_line(mapping_child(root, "episode")), None,
                f"file names episode {excerpt(named_episode)} but belongs to {episode_id!r} (its file name); using {episode_id!r}",
            )
        )
    entries = document.get("annotations")
    entries_node = mapping_child(root, "annotations")
    if entries is None:
        return result
    if not isinstance(entries, list):
        raise AnnotateError("`annotations` must be a list", path, node_line(entries_node))
    entry_nodes = entries_node.value if isinstance(entries_node, yaml.SequenceNode) else [None] * len(entries)
    for entry, entry_node in zip(entries, entry_nodes):
        line = node_line(entry_node)
        try:
            annotation, extra = _annotation_from_entry(entry, entry_node, episode_id, path)
        except AnnotateError as error:
            identifier = entry.get("id") if isinstance(entry, dict) else None
            problem = AnnotationProblem("unreadable", str(path), error.line or line, _text_or_none(identifier), error.message)
            result.problems.append(problem)
            result.blocking.append(problem)
            continue
        if annotation.id in result.annotations:
            problem = AnnotationProblem(
                "duplicate-id", str(path), line, annotation.id,
                f"annotation id {annotation.id} appears twice (first at line {result.lines[annotation.id]})",
            )
            result.problems.append(problem)
            result.blocking.append(problem)
            continue
        result.annotations[annotation.id] = annotation
        result.lines[annotation.id] = line or 0
        if extra:
            result.extras[annotation.id] = extra
    return result


def _text_or_none(value: Any) -> str | None:
    return str(value) if value is not None else None


def _migrate(document: dict, path: str | Path, line: int) -> dict:
    return migrate_schema(document, SCHEMA_NAME, SCHEMA_VERSION, MIGRATIONS, path, line)


def _annotation_from_entry(entry: Any, node: yaml.Node | None, episode_id: str, path: str | Path) -> tuple[Annotation, dict]:
    line = node_line(node)
    if not isinstance(entry, dict):
        raise AnnotateError("an annotation must be a mapping of keys to values", path, line)

    def fail(key: str, message: str) -> AnnotateError:
        return AnnotateError(message, path, node_line(mapping_child(node, key)) or line)

    def required(key: str) -> Any:
        if entry.get(key) is None:
            raise AnnotateError(f"annotation has no `{key}`", path, line)
        return entry[key]

    identifier = str(required("id"))
    try:
        require_annotation_id(identifier)
    except AnnotateError as error:
        raise fail("id", error.message) from None
    start_ms = _milliseconds(required("start"), lambda message: fail("start", message))
    end_ms = _milliseconds(required("end"), lambda message: fail("end", message))
    if end_ms < start_ms:
        raise fail("end", f"`end` ({format_time(end_ms)}) is before `start` ({format_time(start_ms)})")
    tags = entry.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(tag, (str, int)) for tag in tags):
        raise fail("tags", "`tags` must be a list of tag ids")
    quote = required("quote")
    if not isinstance(quote, str):
        raise fail("quote", "`quote` must be text")
    offsets = []
    for key in ("start_offset", "end_offset"):
        value = required(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
            raise fail(key, f"`{key}` must be a whole number of characters, 0 or more")
        offsets.append(value)
    if offsets[1] < offsets[0]:
        raise fail("end_offset", "`end_offset` is before `start_offset`")
    status = str(entry.get("status") or "ok")
    if status not in STATUSES:
        raise fail("status", f"unknown status {excerpt(status)} (known: {', '.join(STATUSES)})")
    anchor = Anchor(
        quote=quote,
        prefix=_text(entry.get("prefix")),
        suffix=_text(entry.get("suffix")),
        start_offset=offsets[0],
        end_offset=offsets[1],
        start_ms=start_ms,
        end_ms=end_ms,
    )
    speaker = entry.get("speaker")
    annotation = Annotation(
        id=identifier,
        episode=episode_id,
        anchor=anchor,
        tags=[str(tag) for tag in tags],
        note=_text(entry.get("note")),
        annotator=_text(entry.get("annotator")),
        speaker=str(speaker) if speaker is not None else None,
        created=_stamp(entry.get("created")),
        modified=_stamp(entry.get("modified")),
        status=status,
    )
    extra = {key: value for key, value in entry.items() if key not in KEY_ORDER}
    return annotation, extra


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _stamp(value: Any) -> str:
    # An unquoted timestamp is read by YAML as a datetime; write it back the way we write ours.
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return _text(value)


def _milliseconds(value: Any, fail: Callable[[str], AnnotateError]) -> int:
    # Written as 'HH:MM:SS.mmm'; unquoted, YAML 1.1 reads that as sexagesimal seconds (a float).
    try:
        return time_value_ms(value)
    except AnnotateError as error:
        raise fail(error.message) from None


def annotation_version(annotation: Annotation, extra: dict | None = None) -> str:
    """The file backend's version of an annotation: a digest of what its block holds.

    Two readers of the same file (and transcript) compute the same version; any change to the
    block, by anyone, gives another.
    """
    content = repr((tuple(annotation_record(annotation).items()), tuple(sorted((extra or {}).items()))))
    return hashlib.blake2b(content.encode("utf-8"), digest_size=8).hexdigest()
