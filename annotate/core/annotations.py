"""The annotation store: one YAML file per transcript under ``annotations/``, never losing a tag.

File layout (``annotations/<episode>.yaml``)::

    schema: annotate/annotations@1
    episode: <episode id>
    annotations:
    - id: a1b2c3d4e5
      start: '00:01:02.300'
      ...


Every annotation is one block followed by a blank line, keys in a fixed order, blocks sorted by
start then id. Nothing at list level changes when a block is added (an empty list is a bare
``annotations:``), so two annotators who tag different passages add lines in different places
and git merges them line by line. A save that changes nothing leaves the file's bytes alone.

Safety: every change is saved at once with an atomic write, under a lock file so that two
processes saving at once lose nothing. The store remembers a hash of each file as read; when
the file changed on disk since, the change is merged by annotation id if it touches a different
annotation, and refused with :class:`ConflictError` if it touches the same one.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
import getpass
import hashlib
import os
import re
import secrets
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotate.core.atomic import atomic_write_text
from annotate.core.errors import AnnotateError, ConflictError
from annotate.core.model import Anchor, Annotation, Transcript
from annotate.core.limits import MAX_OFFSET, MAX_YAML_BYTES, read_file_text
from annotate.core.timecode import format_time, time_value_ms
from annotate.core.yamlio import load_yaml, mapping_child, migrate_schema, node_line, yaml_scalar

try:  # Lock files need fcntl (every POSIX system); elsewhere saves are atomic but unlocked.
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we run on
    fcntl = None

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
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

# Migrations: version N -> a function turning a version-N document (a dict) into version N+1.
# Reading applies them in turn up to SCHEMA_VERSION; a file from a newer version is refused.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


@dataclass
class AnnotationProblem:
    """Something wrong in an annotation file, as ``annotate check`` reports it."""

    kind: str
    file: str
    line: int | None
    annotation: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


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


def new_id() -> str:
    """A fresh random annotation id: ten hex digits, stable once written."""
    return secrets.token_hex(5)


def now_stamp() -> str:
    """The current UTC time as written in ``created`` and ``modified``."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_annotator() -> str:
    """Who is annotating: the user settings (``$ANNOTATE_ANNOTATOR``, else the settings file), else git's ``user.name``, else ``$USER``."""
    from annotate.core.settings import load_settings

    chosen = load_settings().annotator
    if chosen:
        return chosen
    return _git_user_name() or os.environ.get("USER") or _login_name() or "anonymous"


@functools.cache
def _git_user_name() -> str:
    try:
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises several things when no name is known
        return ""


# ---------------------------------------------------------------------------------------------
# Reading and writing one file


def serialize_annotations(episode_id: str, annotations: list[Annotation], extras: dict[str, dict] | None = None) -> str:
    """The file text for ``annotations``: fixed key order, sorted by start then id, a blank line after each."""
    extras = extras or {}
    lines = [f"schema: {SCHEMA}", f"episode: {yaml_scalar(episode_id)}", "annotations:"]
    for annotation in sorted(annotations, key=sort_key):
        record = annotation_record(annotation)
        for key, value in sorted(extras.get(annotation.id, {}).items()):
            record.setdefault(key, value)
        for index, (key, value) in enumerate(record.items()):
            lines.append(("- " if index == 0 else "  ") + f"{key}: {yaml_scalar(value)}")
        lines.append("")  # the blank line that keeps a change here apart from a block added next
    return "\n".join(lines) + "\n"


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
                f"file names episode {named_episode!r} but belongs to {episode_id!r} (its file name); using {episode_id!r}",
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
    if not _ID.match(identifier):
        raise fail("id", f"annotation id {identifier!r} must be letters, digits, '-' or '_'")
    start_ms = _milliseconds(required("start"), lambda message: fail("start", message))
    end_ms = _milliseconds(required("end"), lambda message: fail("end", message))
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
        raise fail("status", f"unknown status {status!r} (known: {', '.join(STATUSES)})")
    anchor = Anchor(
        quote=quote,
        prefix=_text(entry.get("prefix")),
        suffix=_text(entry.get("suffix")),
        start_offset=offsets[0],
        end_offset=offsets[1],
        start_ms=start_ms,
        end_ms=max(start_ms, end_ms),
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


# ---------------------------------------------------------------------------------------------
# Files of a workspace


def _workspace(workspace: Any):
    from annotate.core.workspace import Workspace

    return workspace if isinstance(workspace, Workspace) else Workspace(Path(workspace))


def annotation_files(workspace: Any) -> dict[str, Path]:
    """Episode id -> annotation file, for every annotation file in the workspace."""
    folder = _workspace(workspace).annotations_dir
    if not folder.is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(folder.glob("*.yaml"))
        if path.name != TAXONOMY_FILE and not path.name.startswith(".")
    }


def count_annotations(workspace: Any) -> dict[str, int]:
    """Episode id -> number of annotations in its file (files that cannot be read are left out)."""
    return count_annotations_with_errors(workspace)[0]


def count_annotations_with_errors(workspace: Any) -> tuple[dict[str, int], dict[str, AnnotateError]]:
    """As :func:`count_annotations`, also giving episode id -> why its file could not be read."""
    counts: dict[str, int] = {}
    errors: dict[str, AnnotateError] = {}
    for episode_id, path in annotation_files(workspace).items():
        try:
            loaded = parse_annotations(_read(path) or "", path, episode_id)
        except AnnotateError as error:
            errors[episode_id] = error
            continue
        counts[episode_id] = len(loaded.annotations) + len(loaded.blocking)
    return counts, errors


def _read(path: Path) -> str | None:
    return read_file_text(path, MAX_YAML_BYTES, "an annotation file", missing_ok=True)


def _stamp_of(path: Path) -> tuple | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def file_lock(workspace: Any, name: str) -> Iterator[None]:
    """Hold an exclusive lock named ``name`` in the workspace's ``.annotate/locks/`` (blocks until free)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    folder = _workspace(workspace).cache_dir / "locks"
    folder.mkdir(exist_ok=True)
    with open(folder / f"{name}.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def episode_locks(workspace: Any, episode_ids: list[str]) -> Iterator[None]:
    """Lock several episodes' files at once, always in sorted order so two callers cannot deadlock."""
    with contextlib.ExitStack() as stack:
        for episode_id in sorted(set(episode_ids)):
            stack.enter_context(file_lock(workspace, f"episode-{episode_id}"))
        yield


def write_files_together(files: dict[Path, str]) -> None:
    """Write several files so that either all change or none does.

    Every new text is first written and fsynced to a temporary file beside its target; only when
    all are written are they renamed into place (renames within a folder do not fail for space).
    """
    import tempfile

    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        for temporary, _path in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    for folder in {path.parent for _temporary, path in staged}:
        with contextlib.suppress(OSError):
            descriptor = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


# ---------------------------------------------------------------------------------------------
# The store


def _one_at_a_time(method):
    # Run a store method under the store's own lock (reentrant: methods call each other).
    @functools.wraps(method)
    def guarded(self, *arguments, **options):
        with self._guard:
            return method(self, *arguments, **options)

    return guarded


class AnnotationStore:
    """The annotations of one workspace, read on demand and saved at once on every change.

    Annotations handed out are copies: change one, then pass it to :meth:`update`.
    """

    def __init__(self, workspace: Any):
        self.workspace = _workspace(workspace)
        self._files: dict[str, AnnotationFile] = {}
        # One store may be shared by a screen and its worker threads: one of them at a time.
        self._guard = threading.RLock()

    # -- reading

    def episodes(self) -> list[str]:
        """Episodes that have an annotation file."""
        return list(annotation_files(self.workspace))

    @_one_at_a_time
    def annotations(self, episode_id: str) -> list[Annotation]:
        """The episode's annotations, sorted by start then id (AnnotateError if its file is unreadable)."""
        return [copy.deepcopy(annotation) for annotation in self._file(episode_id).sorted_annotations()]

    @_one_at_a_time
    def problems(self, episode_id: str) -> list[AnnotationProblem]:
        """What is wrong in the episode's file (entries that cannot be read, duplicate ids...)."""
        return list(self._file(episode_id).problems)

    def line_of(self, annotation: Annotation) -> int | None:
        """The line where ``annotation`` starts in its file, as last read."""
        loaded = self._files.get(annotation.episode)
        return loaded.lines.get(annotation.id) if loaded else None

    def path(self, episode_id: str) -> Path:
        return self.workspace.annotations_path(episode_id)

    @_one_at_a_time
    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, from any episode (None when there is none)."""
        for loaded in self._files.values():
            if annotation_id in loaded.annotations:
                return self._find_in(loaded.episode, annotation_id)
        for episode_id in self.episodes():
            try:
                found = self._find_in(episode_id, annotation_id)
            except AnnotateError:
                continue
            if found is not None:
                return found
        return None

    def _find_in(self, episode_id: str, annotation_id: str) -> Annotation | None:
        found = self._file(episode_id).annotations.get(annotation_id)
        return copy.deepcopy(found) if found is not None else None

    def _file(self, episode_id: str) -> AnnotationFile:
        # Re-read when the file or its transcript changed since the last read; else the cache.
        path = self.path(episode_id)
        stamp = _stamp_of(path)
        transcript = self._transcript(episode_id)
        cached = self._files.get(episode_id)
        if cached is not None and cached.stamp == stamp and stamp is not None and cached.transcript is transcript:
            return cached
        text = _read(path)
        digest = _digest(text)
        if cached is not None and cached.digest == digest and cached.transcript is transcript:
            cached.stamp = stamp
            return cached
        loaded = parse_annotations(text, path, episode_id) if text is not None else AnnotationFile(episode_id, path)
        loaded.digest, loaded.stamp, loaded.transcript = digest, stamp, transcript
        if transcript is not None and loaded.annotations:
            from annotate.core.anchoring import verify_anchors

            verify_anchors(transcript, list(loaded.annotations.values()))
        self._files[episode_id] = loaded
        return loaded

    def _transcript(self, episode_id: str) -> Transcript | None:
        if not self.workspace.has_episode(episode_id):
            return None
        try:
            return self.workspace.load_transcript(episode_id)
        except AnnotateError:
            return None  # an unreadable transcript is reported by whoever reads it; keep anchors as they are

    # -- changing

    @_one_at_a_time
    def add(self, annotation: Annotation) -> Annotation:
        """Add ``annotation`` to its episode's file and save (its id must be new; one is made if empty)."""
        annotation = copy.deepcopy(annotation)
        if not annotation.id:
            annotation.id = new_id()
        stamp = now_stamp()
        annotation.created = annotation.created or stamp
        annotation.modified = annotation.modified or annotation.created

        def apply(current: AnnotationFile, seen: AnnotationFile | None) -> None:
            existing = current.annotations.get(annotation.id)
            if existing is not None:
                raise AnnotateError(f"an annotation with id {annotation.id} already exists", current.path)
            current.annotations[annotation.id] = annotation

        self._change(annotation.episode, apply)
        return copy.deepcopy(annotation)

    @_one_at_a_time
    def add_or_extend(self, annotation: Annotation) -> tuple[Annotation, bool]:
        """Add ``annotation``, unless its annotator already annotated exactly this passage.

        Then its tags join that annotation's (and its note fills an empty one), so a script run
        twice does not tag the same passage twice. Returns the saved annotation and whether it is new.
        """
        result: list[tuple[Annotation, bool]] = []

        def apply(current: AnnotationFile, seen: AnnotationFile | None) -> None:
            same = next(
                (
                    stored for stored in current.sorted_annotations()
                    if stored.status == "ok" and stored.annotator == annotation.annotator
                    and (stored.anchor.start_offset, stored.anchor.end_offset)
                    == (annotation.anchor.start_offset, annotation.anchor.end_offset)
                ),
                None,
            )
            if same is None:
                added = copy.deepcopy(annotation)
                added.id = added.id or new_id()
                added.created = added.created or now_stamp()
                added.modified = added.modified or added.created
                current.annotations[added.id] = added
                result.append((added, True))
                return
            extended = copy.deepcopy(same)
            extended.tags = list(dict.fromkeys([*same.tags, *annotation.tags]))
            extended.note = same.note or annotation.note
            if (extended.tags, extended.note) != (same.tags, same.note):
                extended.modified = now_stamp()
                current.annotations[same.id] = extended
            result.append((extended, False))

        self._change(annotation.episode, apply)
        saved, created = result[0]
        return copy.deepcopy(saved), created

    @_one_at_a_time
    def update(self, annotation: Annotation) -> Annotation:
        """Replace the stored annotation with the same id and save; ``modified`` is set when it changed."""
        annotation = copy.deepcopy(annotation)
        result: list[Annotation] = []

        def apply(current: AnnotationFile, seen: AnnotationFile | None) -> None:
            stored = self._unchanged_since_seen(current, seen, annotation.id, "change")
            if annotation_record(_without_modified(stored)) == annotation_record(_without_modified(annotation)):
                result.append(stored)
                return
            annotation.created = stored.created
            annotation.modified = now_stamp()
            current.annotations[annotation.id] = annotation
            result.append(annotation)

        self._change(annotation.episode, apply)
        return copy.deepcopy(result[0])

    @_one_at_a_time
    def remove(self, annotation_id: str) -> Annotation:
        """Delete the annotation with this id from its file and save; returns what was removed."""
        # The episode as this store last saw it (not re-read: a change on disk since must be noticed).
        episode_id = next((loaded.episode for loaded in self._files.values() if annotation_id in loaded.annotations), None)
        if episode_id is None:
            existing = self.get(annotation_id)
            if existing is None:
                raise AnnotateError(f"no annotation with id {annotation_id}")
            episode_id = existing.episode
        removed: list[Annotation] = []

        def apply(current: AnnotationFile, seen: AnnotationFile | None) -> None:
            removed.append(self._unchanged_since_seen(current, seen, annotation_id, "remove"))
            del current.annotations[annotation_id]

        self._change(episode_id, apply)
        return copy.deepcopy(removed[0])

    @_one_at_a_time
    def save_episode(self, episode_id: str) -> bool:
        """Write the episode's file as the store holds it now (after re-anchoring); True if bytes changed."""
        return self._change(episode_id, lambda current, seen: None)

    def _unchanged_since_seen(self, current: AnnotationFile, seen: AnnotationFile | None, annotation_id: str, verb: str) -> Annotation:
        # The annotation must still exist, and be as this store last saw it when someone else saved since.
        stored = current.annotations.get(annotation_id)
        if stored is None:
            raise ConflictError(
                f"cannot {verb} annotation {annotation_id}: it is not in the file (removed by someone else?)", current.path
            )
        if seen is not None and seen is not current:
            before = seen.annotations.get(annotation_id)
            if before is not None and annotation_record(before) != annotation_record(stored):
                raise ConflictError(
                    f"cannot {verb} annotation {annotation_id}: it was changed in the file by someone else since "
                    "it was read; reload to see their version and try again",
                    current.path,
                    current.lines.get(annotation_id),
                )
        return stored

    def _change(self, episode_id: str, apply: Callable[[AnnotationFile, AnnotationFile | None], None]) -> bool:
        # Read-merge-write under the episode's lock: re-read the file if it changed on disk, apply
        # the one change on top (refusing when it collides), and write only if the bytes differ.
        from annotate.core.workspace import EPISODE_ID

        if not EPISODE_ID.match(episode_id or ""):
            raise AnnotateError(f"episode id {episode_id!r} must be letters, digits, '.', '_' or '-'")
        with episode_locks(self.workspace, [episode_id]):
            _remove_stale_temporary_files(self.path(episode_id))
            seen = self._files.get(episode_id)
            current = self._file(episode_id)
            if current.blocking:
                first = current.blocking[0]
                raise AnnotateError(
                    f"refusing to save {episode_id}: an annotation in its file cannot be read ({first.message}); "
                    "fix the file first so nothing is lost",
                    first.file,
                    first.line,
                )
            try:
                apply(current, seen)
                if current.text is None and not current.annotations:
                    return False  # no file and nothing to put in one
                text = serialize_annotations(episode_id, list(current.annotations.values()), current.extras)
                if text == current.text:
                    return False
                atomic_write_text(current.path, text)
            except BaseException:
                self._files.pop(episode_id, None)  # what is held may differ from the file now: read it again
                raise
            current.text, current.digest, current.stamp = text, _digest(text), _stamp_of(current.path)
            current.lines = _block_lines(text)
            return True


def _remove_stale_temporary_files(path: Path) -> None:
    # A writer killed mid-save leaves its temporary file behind. Every writer of this file holds
    # its lock while writing, so under the lock any such file is left over and can go.
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _without_modified(annotation: Annotation) -> Annotation:
    stripped = copy.copy(annotation)
    stripped.modified = ""
    stripped.created = ""
    return stripped


def _block_lines(text: str) -> dict[str, int]:
    # Where each block starts in text we wrote ourselves: the ``- id:`` lines.
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("- id: "):
            lines[line[len("- id: "):].strip("'\"")] = number
    return lines


def load_episode_file(workspace: Any, episode_id: str) -> AnnotationFile:
    """Read one annotation file as it is on disk (no re-anchoring); a missing file reads as empty."""
    path = _workspace(workspace).annotations_path(episode_id)
    text = _read(path)
    loaded = parse_annotations(text, path, episode_id) if text is not None else AnnotationFile(episode_id, path)
    loaded.digest, loaded.stamp = _digest(text), _stamp_of(path)
    return loaded


# ---------------------------------------------------------------------------------------------
# Merging three versions of a file (a git merge driver)


@dataclass
class MergeResult:
    """A three-way merge of one annotation file: the merged text, or why it could not be made."""

    text: str | None
    conflicts: list[str] = field(default_factory=list)


def merge_annotation_texts(base: str, ours: str, theirs: str, path: str | Path, episode_id: str) -> MergeResult:
    """Merge two changed versions of an annotation file by annotation id.

    An annotation added, changed or removed on one side only takes that side's version; the same
    change on both sides is taken once. An annotation changed differently on both sides (or
    changed on one and removed on the other) is a conflict: ``text`` is None and ``conflicts``
    says which, so the caller can fall back to a line merge with conflict markers.
    """
    versions = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        loaded = parse_annotations(text, f"{path} ({name})", episode_id) if text.strip() else AnnotationFile(episode_id, Path(path))
        if loaded.blocking:
            return MergeResult(None, [str(problem) for problem in loaded.blocking])
        versions.append(loaded)
    base_file, our_file, their_file = versions

    def record(loaded: AnnotationFile, annotation_id: str) -> tuple | None:
        annotation = loaded.annotations.get(annotation_id)
        if annotation is None:
            return None
        return (tuple(annotation_record(annotation).items()), tuple(sorted(loaded.extras.get(annotation_id, {}).items())))

    merged: list[Annotation] = []
    extras: dict[str, dict] = {}
    conflicts = []
    every_id = [*base_file.annotations, *our_file.annotations, *their_file.annotations]
    for annotation_id in dict.fromkeys(every_id):
        before, mine, yours = (record(loaded, annotation_id) for loaded in versions)
        if mine == yours or yours == before:
            chosen = our_file
        elif mine == before:
            chosen = their_file
        else:
            conflicts.append(f"annotation {annotation_id} was changed on both sides")
            continue
        annotation = chosen.annotations.get(annotation_id)
        if annotation is not None:
            merged.append(annotation)
            if annotation_id in chosen.extras:
                extras[annotation_id] = chosen.extras[annotation_id]
    if conflicts:
        return MergeResult(None, conflicts)
    return MergeResult(serialize_annotations(episode_id, merged, extras))
