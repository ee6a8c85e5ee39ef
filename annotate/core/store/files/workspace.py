"""The file workspace: a folder of WebVTT transcripts and YAML annotations, the default backend.

Layout (DESIGN.md "The workspace")::

    transcripts/<id>.vtt, transcripts/<id>.yaml   a transcript and its metadata
    annotations/taxonomy.yaml                      the codebook
    annotations/<id>.yaml                          the annotations of episode <id>
    .annotate/                                     derived caches and lock files (git-ignored)

Every save is atomic (temporary file, fsync, rename; the file's permissions kept) and made under
the episode's lock file, as a read-merge-write: the file is read again if another process
changed it, the one change is applied on top, and the bytes are written only if they differ.
A change to one annotation is refused when the caller's copy is stale (its ``version``, a digest
of its block, is not the stored one's). Taxonomy changes that touch many files go through the
journal in :mod:`annotate.core.store.files.journal`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import threading
from pathlib import Path

from annotate.core.errors import AnnotateError, StaleAnnotationError
from annotate.core.ids import is_episode_id, require_annotation_id, require_episode_id
from annotate.core.store.files.locks import TAXONOMY_LOCK, episode_locks, file_lock
from annotate.core.store.items import ANNOTATIONS, EPISODE_LIST, METADATA, TAXONOMY, TRANSCRIPT

# The annotation format (YAML), the model's dataclasses and atomic writes are imported where they
# are used, so that a quick command such as `annotate search` starts fast.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator

    from annotate.core.annotations import AnnotationFile
    from annotate.core.model import Annotation, Taxonomy, Transcript, TranscriptMetadata
    from annotate.core.store.protocol import AnnotationProblem, ItemKey, Retag, Stamp, TaxonomyChange, TaxonomyEdit

CACHE_FOLDER = ".annotate"
TAXONOMY_FILE = "taxonomy.yaml"
JOURNAL_NAME = ".journal"  # see annotate.core.store.files.journal
STAGED_SUFFIX = ".journal.tmp"


def _one_at_a_time(method):
    # Run a method under the workspace's own lock (reentrant: methods call each other).
    def guarded(self, *arguments, **options):
        with self._guard:
            return method(self, *arguments, **options)

    guarded.__name__, guarded.__doc__ = method.__name__, method.__doc__
    return guarded


class FileWorkspace:
    """An open workspace folder. Transcripts and annotation files are cached until they change on disk."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.location = str(self.root)
        self.name = self.root.name
        self._transcripts: dict[str, tuple[float, Transcript]] = {}
        self._files: dict[str, AnnotationFile] = {}
        self._on_disk: dict[str, AnnotationFile] = {}  # as read, not re-anchored: see _as_on_disk
        # One workspace may be shared by a screen and its worker threads: one of them at a time.
        self._guard = threading.RLock()

    def __repr__(self) -> str:
        return f"FileWorkspace(root={self.root!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileWorkspace):
            return NotImplemented
        return self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)

    @classmethod
    def open(cls, explicit: str | Path | None = None, start: str | Path | None = None) -> "FileWorkspace":
        """Open the workspace folder found as :func:`annotate.core.workspace.find_workspace` says, or raise AnnotateError."""
        from annotate.core.workspace import ENVIRONMENT_VARIABLE, find_workspace

        root = find_workspace(explicit, start)
        if root is None:
            raise AnnotateError(
                "no workspace here: run `annotate init` or pass --workspace DIR "
                f"(or set {ENVIRONMENT_VARIABLE})"
            )
        if root.exists() and not root.is_dir():
            raise AnnotateError("is a file; the workspace must be a folder (`annotate init DIR` makes one)", root)
        if not root.is_dir():
            raise AnnotateError("workspace folder does not exist (`annotate init DIR` makes one)", root)
        return cls(root)

    # -- where things are -------------------------------------------------------------------

    @property
    def transcripts_dir(self) -> Path:
        return self.root / "transcripts"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def taxonomy_path(self) -> Path:
        return self.annotations_dir / TAXONOMY_FILE

    @property
    def journal_path(self) -> Path:
        return self.annotations_dir / JOURNAL_NAME

    @property
    def cache_dir(self) -> Path:
        """``.annotate/``: derived caches, safe to delete, ignored by git through its own .gitignore."""
        folder = self.root / CACHE_FOLDER
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            from annotate.core.atomic import atomic_write_text

            atomic_write_text(ignore, "*\n")
        return folder

    @property
    def _lock_folder(self) -> Path:
        return self.cache_dir / "locks"

    def transcript_path(self, episode_id: str) -> Path:
        return self.transcripts_dir / f"{episode_id}.vtt"

    def metadata_path(self, episode_id: str) -> Path:
        return self.transcripts_dir / f"{episode_id}.yaml"

    def annotations_path(self, episode_id: str) -> Path:
        return self.annotations_dir / f"{episode_id}.yaml"

    # -- episodes ---------------------------------------------------------------------------

    def episode_ids(self) -> list[str]:
        """Ids of the transcripts in the workspace, sorted."""
        if not self.transcripts_dir.is_dir():
            return []
        return sorted(path.stem for path in self.transcripts_dir.glob("*.vtt"))

    def has_episode(self, episode_id: str) -> bool:
        # An id names a file inside transcripts/: never a path out of it (`../x`).
        # Anything listed under transcripts/ names an episode, as episode_ids() says; one that is
        # not a regular file (a FIFO) is refused when read, naming the file and what it is.
        if not is_episode_id(episode_id or ""):
            return False
        return os.path.lexists(self.transcript_path(episode_id))

    def require_episode(self, episode_id: str) -> str:
        """Return ``episode_id`` if it exists, else raise an error naming the episodes there are."""
        if not self.has_episode(episode_id):
            known = ", ".join(self.episode_ids()) or "none"
            raise AnnotateError(f"no episode {episode_id!r} in this workspace (episodes: {known})")
        return episode_id

    def load_transcript(self, episode_id: str) -> Transcript:
        """Read ``transcripts/<id>.vtt`` and its metadata; cached until either file changes."""
        from annotate.core.formats.metadata import metadata_from_yaml
        from annotate.core.formats.vtt import parse_vtt
        from annotate.core.limits import MAX_TRANSCRIPT_BYTES, MAX_YAML_BYTES, refuse_non_regular
        from annotate.core.model import Transcript

        path = self.transcript_path(self.require_episode(episode_id))
        metadata_path = self.metadata_path(episode_id)
        refuse_non_regular(path)
        stamp = path.stat().st_mtime_ns + (metadata_path.stat().st_mtime_ns if metadata_path.exists() else 0)
        cached = self._transcripts.get(episode_id)
        if cached and cached[0] == stamp:
            return cached[1]
        cues, _warnings = parse_vtt(_read_text(path, MAX_TRANSCRIPT_BYTES, "a transcript"), str(path))
        transcript = Transcript(episode_id, cues)
        if metadata_path.exists():
            transcript.metadata = metadata_from_yaml(_read_text(metadata_path, MAX_YAML_BYTES, "a metadata file"), metadata_path)
        self._transcripts[episode_id] = (stamp, transcript)
        return transcript

    def load_metadata(self, episode_id: str) -> TranscriptMetadata:
        """Read ``transcripts/<id>.yaml`` alone (the cached transcript's when it is fresh)."""
        from annotate.core.formats.metadata import metadata_from_yaml
        from annotate.core.model import TranscriptMetadata

        self.require_episode(episode_id)
        metadata_path = self.metadata_path(episode_id)
        if not metadata_path.exists():
            return TranscriptMetadata()
        from annotate.core.limits import MAX_YAML_BYTES

        return metadata_from_yaml(_read_text(metadata_path, MAX_YAML_BYTES, "a metadata file"), metadata_path)

    def save_metadata(self, episode_id: str, metadata: TranscriptMetadata) -> None:
        """Write ``transcripts/<id>.yaml`` alone, atomically."""
        from annotate.core.atomic import atomic_write_text
        from annotate.core.formats.metadata import metadata_to_yaml

        self.require_episode(episode_id)
        atomic_write_text(self.metadata_path(episode_id), metadata_to_yaml(metadata))
        self._transcripts.pop(episode_id, None)

    def item_location(self, item: ItemKey) -> str:
        """The file that holds ``item``."""
        kind, episode_id = item
        paths = {
            TRANSCRIPT: self.transcript_path, METADATA: self.metadata_path, ANNOTATIONS: self.annotations_path,
        }
        if kind in paths:
            return str(paths[kind](episode_id))
        return str(self.taxonomy_path if kind == TAXONOMY else self.transcripts_dir)

    def load_transcripts(self) -> tuple[list[Transcript], list[AnnotateError]]:
        """Every transcript that can be read, and an error for each that cannot."""
        transcripts, errors = [], []
        for episode_id in self.episode_ids():
            try:
                transcripts.append(self.load_transcript(episode_id))
            except AnnotateError as error:
                errors.append(error)
        return transcripts, errors

    def save_transcript(self, transcript: Transcript) -> None:
        """Write the canonical WebVTT and the metadata sidecar, each atomically.

        For a new episode, a failure of the second write removes the first: nothing is left behind.
        """
        from annotate.core.atomic import atomic_write_text
        from annotate.core.formats.metadata import metadata_to_yaml
        from annotate.core.formats.vtt import transcript_to_vtt
        from annotate.core.storable import require_storable_transcript

        require_episode_id(transcript.id)
        require_storable_transcript(transcript, self.transcript_path(transcript.id), self.metadata_path(transcript.id))
        new = not self.has_episode(transcript.id)
        written = [self.metadata_path(transcript.id), self.transcript_path(transcript.id)]
        try:
            atomic_write_text(written[0], metadata_to_yaml(transcript.metadata))
            atomic_write_text(written[1], transcript_to_vtt(transcript))
        except OSError:
            if new:
                for leftover in written:
                    leftover.unlink(missing_ok=True)
            raise
        finally:
            self._transcripts.pop(transcript.id, None)

    # -- annotations: reading -----------------------------------------------------------------

    def annotation_files(self) -> dict[str, Path]:
        """Episode id -> annotation file, for every annotation file in the workspace."""
        folder = self.annotations_dir
        if not folder.is_dir():
            return {}
        return {
            path.stem: path
            for path in sorted(folder.glob("*.yaml"))
            if path.name != TAXONOMY_FILE and not path.name.startswith(".")
        }

    def annotated_episodes(self) -> list[str]:
        """Episodes that have an annotation file."""
        return list(self.annotation_files())

    @_one_at_a_time
    def annotations(self, episode_id: str) -> list[Annotation]:
        """The episode's annotations, sorted by start then id, with versions (AnnotateError if its file is unreadable)."""
        loaded = self._file(episode_id)
        return [self._handed_out(loaded, annotation) for annotation in loaded.sorted_annotations()]

    @_one_at_a_time
    def annotation_problems(self, episode_id: str) -> list[AnnotationProblem]:
        """What is wrong in the episode's file (entries that cannot be read, duplicate ids...).

        Found by reading the file alone: no transcript is loaded and nothing re-anchored (listings ask).
        """
        cached = self._files.get(episode_id)
        stamp = _stamp_of(self.annotations_path(episode_id))
        if cached is not None and stamp is not None and cached.stamp == stamp:
            return list(cached.problems)
        return list(self._as_on_disk(episode_id).problems)

    def annotation_counts(self) -> tuple[dict[str, int], dict[str, AnnotateError]]:
        """Episode id -> annotations in its file, and episode id -> why its file cannot be read (no re-anchoring)."""
        counts: dict[str, int] = {}
        errors: dict[str, AnnotateError] = {}
        for episode_id in self.annotation_files():
            try:
                loaded = self._as_on_disk(episode_id)
            except AnnotateError as error:
                errors[episode_id] = error
                continue
            counts[episode_id] = len(loaded.annotations) + len(loaded.blocking)
        return counts, errors

    @_one_at_a_time
    def get_annotation(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, from any episode (None when there is none)."""
        cached = [loaded.episode for loaded in self._files.values() if annotation_id in loaded.annotations]
        for episode_id in [*cached, *self.annotation_files()]:
            try:
                loaded = self._file(episode_id)
            except AnnotateError:
                continue
            found = loaded.annotations.get(annotation_id)
            if found is not None:
                return self._handed_out(loaded, found)
        return None

    def annotation_location(self, annotation: Annotation) -> tuple[str, int | None]:
        """(the annotation file, the line where the annotation's block starts as last read)."""
        loaded = self._files.get(annotation.episode)
        return str(self.annotations_path(annotation.episode)), loaded.lines.get(annotation.id) if loaded else None

    def annotations_location(self, episode_id: str) -> str:
        """The episode's annotation file."""
        return str(self.annotations_path(episode_id))

    def read_annotation_file(self, episode_id: str) -> AnnotationFile:
        """One annotation file as it is on disk (no re-anchoring); a missing file reads as empty."""
        from annotate.core.annotations import AnnotationFile, parse_annotations

        path = self.annotations_path(episode_id)
        text = _read(path)
        loaded = parse_annotations(text, path, episode_id) if text is not None else AnnotationFile(episode_id, path)
        loaded.digest, loaded.stamp = _digest(text), _stamp_of(path)
        return loaded

    def _as_on_disk(self, episode_id: str) -> AnnotationFile:
        # read_annotation_file, kept while the file is unchanged, for listings that only look
        # (counts, problems): never change what it returns.
        stamp = _stamp_of(self.annotations_path(episode_id))
        kept = self._on_disk.get(episode_id)
        if kept is not None and stamp is not None and kept.stamp == stamp:
            return kept
        loaded = self.read_annotation_file(episode_id)
        self._on_disk[episode_id] = loaded
        return loaded

    def _handed_out(self, loaded: AnnotationFile, annotation: Annotation) -> Annotation:
        from annotate.core.annotations import annotation_version

        handed = copy.deepcopy(annotation)
        handed.version = annotation_version(annotation, loaded.extras.get(annotation.id))
        return handed

    def _file(self, episode_id: str) -> AnnotationFile:
        # Re-read when the file or its transcript changed since the last read; else the cache.
        from annotate.core.annotations import AnnotationFile, parse_annotations

        path = self.annotations_path(episode_id)
        stamp = _stamp_of(path)
        transcript = self._transcript_or_none(episode_id)
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

    def _transcript_or_none(self, episode_id: str) -> Transcript | None:
        if not self.has_episode(episode_id):
            return None
        try:
            return self.load_transcript(episode_id)
        except AnnotateError:
            return None  # an unreadable transcript is reported by whoever reads it; keep anchors as they are

    # -- annotations: changing ----------------------------------------------------------------

    @_one_at_a_time
    def add_annotation(self, annotation: Annotation) -> Annotation:
        """Add ``annotation`` to its episode's file and save (its id must be new; one is made if empty)."""
        from annotate.core.annotations import now_stamp, require_storable_annotation
        from annotate.core.ids import new_annotation_id

        added = copy.deepcopy(annotation)
        added.id = require_annotation_id(added.id or new_annotation_id())
        added.created = added.created or now_stamp()
        added.modified = added.modified or added.created

        def apply(current: AnnotationFile) -> Annotation:
            if added.id in current.annotations:
                raise AnnotateError(f"an annotation with id {added.id} already exists", current.path)
            require_storable_annotation(added, current.path)
            current.annotations[added.id] = added
            return added

        return self._change(added.episode, apply)

    @_one_at_a_time
    def add_or_extend(self, annotation: Annotation, *, require_known_tags: bool = True) -> tuple[Annotation, bool]:
        """Add ``annotation``, or extend its annotator's own annotation of exactly this passage.

        With ``require_known_tags``, under the taxonomy lock (so a rename running at the same
        moment cannot leave it carrying a tag that has just gone) and refused for an unknown tag.
        """
        from annotate.core.annotations import now_stamp, require_storable_annotation
        from annotate.core.services.tagging import extend_or_new

        def apply(current: AnnotationFile) -> tuple[Annotation, bool]:
            saved, created = extend_or_new(current.sorted_annotations(), annotation, now_stamp())
            require_storable_annotation(saved, current.path, current.lines.get(saved.id))
            current.annotations[saved.id] = saved
            return saved, created

        if not require_known_tags:
            return self._change(annotation.episode, apply)
        from annotate.core.taxonomy import require_tags

        self.recover()
        with file_lock(self._lock_folder, TAXONOMY_LOCK):
            require_tags(self.load_taxonomy(), annotation.tags)
            return self._change(annotation.episode, apply, recovered=True)

    @_one_at_a_time
    def update_annotation(self, annotation: Annotation, *, keep_modified: bool = False) -> Annotation:
        """Replace the stored annotation with the same id; refused if the caller's copy is stale."""
        from annotate.core.annotations import annotation_content, now_stamp, require_storable_annotation

        changed = copy.deepcopy(annotation)

        def apply(current: AnnotationFile) -> Annotation:
            stored = self._unchanged_since_read(current, annotation, "change")
            if annotation_content(stored) == annotation_content(changed):
                return stored
            require_storable_annotation(changed, current.path, current.lines.get(changed.id))
            changed.created = stored.created
            changed.modified = changed.modified if keep_modified and changed.modified else now_stamp()
            current.annotations[changed.id] = changed
            return changed

        return self._change(annotation.episode, apply)

    @_one_at_a_time
    def remove_annotation(self, annotation: Annotation) -> Annotation:
        """Delete the stored annotation with this id; refused if the caller's copy is stale."""

        def apply(current: AnnotationFile) -> Annotation:
            stored = self._unchanged_since_read(current, annotation, "remove")
            del current.annotations[annotation.id]
            return stored

        return self._change(annotation.episode, apply)

    @_one_at_a_time
    def save_annotations(self, episode_id: str) -> bool:
        """Write the episode's file as re-anchored against its current transcript; True if bytes changed."""
        return self._change(episode_id, lambda current: None, report_written=True)

    def _unchanged_since_read(self, current: AnnotationFile, annotation: Annotation, verb: str) -> Annotation:
        # The annotation must still exist, and be as the caller read it.
        from annotate.core.annotations import annotation_version

        stored = current.annotations.get(annotation.id)
        if stored is None:
            raise StaleAnnotationError(
                annotation.id,
                f"cannot {verb} annotation {annotation.id}: it is not in the file (removed by someone else?)",
                current.path,
            )
        if annotation_version(stored, current.extras.get(annotation.id)) != annotation.version:
            raise StaleAnnotationError(
                annotation.id,
                f"cannot {verb} annotation {annotation.id}: it was changed in the file by someone else since "
                "it was read; reload to see their version and try again",
                current.path,
                current.lines.get(annotation.id),
            )
        return stored

    def _change(self, episode_id: str, apply: Callable[[AnnotationFile], object], *, report_written: bool = False, recovered: bool = False):
        # Read-merge-write under the episode's lock: re-read the file if it changed on disk, apply
        # the one change on top, and write only if the bytes differ. Returns what ``apply`` returns
        # (with its version), or with ``report_written`` whether the file was written.
        require_episode_id(episode_id or "")
        if not recovered:
            self.recover()  # a taxonomy change a crash cut short is finished before anything is saved on top
        with episode_locks(self._lock_folder, [episode_id]):
            path = self.annotations_path(episode_id)
            _remove_stale_temporary_files(path)
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
                result = apply(current)
                written = self._write(current)
            except BaseException:
                self._files.pop(episode_id, None)  # what is held may differ from the file now: read it again
                raise
        if report_written:
            return written
        return _with_version(current, result)

    def _write(self, current: AnnotationFile) -> bool:
        from annotate.core.annotations import serialize_annotations
        from annotate.core.atomic import atomic_write_text

        if current.text is None and not current.annotations:
            return False  # no file and nothing to put in one
        text = serialize_annotations(current.episode, list(current.annotations.values()), current.extras)
        if text == current.text:
            return False
        _refuse_unreadable_size(text, current.path, "an annotation file")
        atomic_write_text(current.path, text)
        current.text, current.digest, current.stamp = text, _digest(text), _stamp_of(current.path)
        current.lines = _block_lines(text)
        return True

    # -- taxonomy ---------------------------------------------------------------------------

    def load_taxonomy(self) -> Taxonomy:
        """Read and validate the workspace's taxonomy (an absent file is an empty taxonomy)."""
        return self._taxonomy_and_text()[0]

    def _taxonomy_and_text(self) -> tuple[Taxonomy, str | None]:
        from annotate.core.model import Taxonomy
        from annotate.core.taxonomy import parse_taxonomy, read_taxonomy_text

        text = read_taxonomy_text(self.taxonomy_path)
        return (Taxonomy() if text is None else parse_taxonomy(text, self.taxonomy_path)), text

    def taxonomy_document(self) -> str | None:
        """The taxonomy file's text, laid out as its author left it (None when there is none): for copying."""
        try:
            return self.taxonomy_path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as error:
            raise AnnotateError(f"not UTF-8 text (byte {error.start})", self.taxonomy_path) from None
        except OSError as error:
            raise AnnotateError(error.strerror or str(error), self.taxonomy_path) from None

    @_one_at_a_time
    def replace_taxonomy_document(self, document: str) -> Taxonomy:
        """Write a whole taxonomy document (validated first; annotations untouched), e.g. when copying."""
        from annotate.core.atomic import atomic_write_text
        from annotate.core.taxonomy import parse_taxonomy

        taxonomy = parse_taxonomy(document, self.taxonomy_path)
        self.recover()
        with file_lock(self._lock_folder, TAXONOMY_LOCK):
            atomic_write_text(self.taxonomy_path, document)
        return taxonomy

    @_one_at_a_time
    def change_taxonomy(self, edit: TaxonomyEdit, retag: Retag | None = None) -> TaxonomyChange:
        """Edit the taxonomy and retag every annotation, all or nothing (journalled across a crash)."""
        from annotate.core.annotations import serialize_annotations
        from annotate.core.atomic import atomic_write_text
        from annotate.core.store.files import journal
        from annotate.core.store.protocol import TaxonomyChange
        from annotate.core.taxonomy import serialize_taxonomy, validate_taxonomy

        self.recover()
        with file_lock(self._lock_folder, TAXONOMY_LOCK):
            files = self.annotation_files() if retag is not None else {}
            with episode_locks(self._lock_folder, list(files)):
                current, current_text = self._taxonomy_and_text()
                taxonomy = edit(current)
                validate_taxonomy(taxonomy)
                staged: dict[Path, str] = {}
                changed = 0
                for episode_id, path in files.items():
                    loaded = self.read_annotation_file(episode_id)
                    if loaded.blocking:
                        first = loaded.blocking[0]
                        raise AnnotateError(
                            f"not changing any file: an annotation here cannot be read ({first.message}); fix it first",
                            first.file, first.line,
                        )
                    touched = 0
                    for annotation in loaded.annotations.values():
                        new_tags = retag(annotation.tags)
                        if new_tags != annotation.tags:
                            annotation.tags = new_tags
                            touched += 1
                    if touched:
                        staged[path] = serialize_annotations(episode_id, list(loaded.annotations.values()), loaded.extras)
                        changed += touched
                if taxonomy.tags != current.tags or current_text is None:
                    # The file's own layout is kept; the same codebook is not written at all.
                    staged[self.taxonomy_path] = serialize_taxonomy(taxonomy, current_text)
                if len(staged) == 1:
                    [(path, text)] = staged.items()
                    atomic_write_text(path, text)
                elif staged:
                    journal.write_together(self.journal_path, staged, self._staging_folders)
                for path in staged:
                    self._files.pop(path.stem, None)
                return TaxonomyChange(taxonomy, changed)

    @_one_at_a_time
    def add_episodes(self, episodes: list[tuple[Transcript, list[Annotation]]], edit: TaxonomyEdit | None = None) -> Taxonomy:
        """Store new episodes with their annotations and edit the taxonomy, all or nothing (journalled)."""
        from annotate.core.annotations import require_storable_annotation, serialize_annotations
        from annotate.core.storable import require_storable_transcript
        from annotate.core.formats.metadata import metadata_to_yaml
        from annotate.core.formats.vtt import transcript_to_vtt
        from annotate.core.store.files import journal
        from annotate.core.taxonomy import serialize_taxonomy, validate_taxonomy

        episode_ids = [transcript.id for transcript, _annotations in episodes]
        for episode_id in episode_ids:
            require_episode_id(episode_id)
        for transcript, annotations in episodes:
            # What a file cannot hold and read back (a given id among it) is refused before anything is written.
            require_storable_transcript(transcript, self.transcript_path(transcript.id), self.metadata_path(transcript.id))
            for annotation in annotations:
                require_storable_annotation(annotation, self.annotations_path(transcript.id))
        self.recover()
        with file_lock(self._lock_folder, TAXONOMY_LOCK), episode_locks(self._lock_folder, episode_ids):
            for episode_id in episode_ids:
                if self.has_episode(episode_id) or self.annotations_path(episode_id).exists() or episode_ids.count(episode_id) > 1:
                    raise AnnotateError(f"episode {episode_id!r} exists already; nothing was stored")
            current, current_text = self._taxonomy_and_text()
            taxonomy = edit(current) if edit is not None else current
            validate_taxonomy(taxonomy)
            files: dict[Path, str] = {}
            if taxonomy.tags != current.tags:
                files[self.taxonomy_path] = serialize_taxonomy(taxonomy, current_text)
            for transcript, annotations in episodes:
                files[self.transcript_path(transcript.id)] = transcript_to_vtt(transcript)
                files[self.metadata_path(transcript.id)] = metadata_to_yaml(transcript.metadata)
                files[self.annotations_path(transcript.id)] = serialize_annotations(transcript.id, annotations)
            self.transcripts_dir.mkdir(parents=True, exist_ok=True)
            self.annotations_dir.mkdir(parents=True, exist_ok=True)
            journal.write_together(self.journal_path, files, self._staging_folders)
            return taxonomy

    @property
    def _staging_folders(self) -> tuple[Path, ...]:
        # Where a journalled change stages its files (recovery looks there for leftovers).
        return (self.annotations_dir, self.transcripts_dir)

    def tag_counts(self, expand: Callable[[list[str]], set[str]] | None = None) -> dict[str, int]:
        """Tag id -> how many annotations count for it, over every readable annotation file (see the Protocol)."""
        counts: dict[str, int] = {}
        for episode_id in self.annotation_files():
            try:
                loaded = self._as_on_disk(episode_id)
            except AnnotateError:
                continue
            for annotation in loaded.annotations.values():
                for tag_id in expand(annotation.tags) if expand is not None else set(annotation.tags):
                    counts[tag_id] = counts.get(tag_id, 0) + 1
        return counts

    # -- changes and recovery -------------------------------------------------------------------

    def change_stamps(self, episodes: Collection[str] | None = None) -> dict[ItemKey, Stamp]:
        """A stamp (mtime, size, inode) per file: every item, or the taxonomy, the episode list and ``episodes``'."""
        stamps: dict[ItemKey, Stamp] = {}
        for key, path in ((TAXONOMY, self.taxonomy_path), (EPISODE_LIST, self.transcripts_dir)):
            stamp = _stamp_text(path)
            if stamp is not None:
                stamps[(key, "")] = stamp
        if episodes is None:
            stamps.update(_listed_stamps(self.transcripts_dir, {".vtt": TRANSCRIPT, ".yaml": METADATA}))
            stamps.update(_listed_stamps(self.annotations_dir, {".yaml": ANNOTATIONS}))
            stamps.pop((ANNOTATIONS, "taxonomy"), None)
            return stamps
        for episode_id in episodes:
            if not is_episode_id(episode_id):
                continue
            for key, path in (
                (TRANSCRIPT, self.transcript_path(episode_id)),
                (METADATA, self.metadata_path(episode_id)),
                (ANNOTATIONS, self.annotations_path(episode_id)),
            ):
                stamp = _stamp_text(path)
                if stamp is not None:
                    stamps[(key, episode_id)] = stamp
        return stamps

    def recover(self) -> list[str]:
        """Finish or roll back a taxonomy change a crash cut short (one ``stat`` when there is none)."""
        if not os.path.lexists(self.journal_path):
            return []
        from annotate.core.store.files import journal

        done = journal.recover(self.journal_path, self._recovery_locks, self._staging_folders)
        if done is not None:
            self._files.clear()
        return [done] if done else []

    @contextlib.contextmanager
    def _recovery_locks(self, listed: list[str]) -> Iterator[None]:
        episodes = [Path(name).stem for name in listed if Path(name).name != TAXONOMY_FILE]
        with file_lock(self._lock_folder, TAXONOMY_LOCK), episode_locks(self._lock_folder, episodes):
            yield


def _with_version(current: AnnotationFile, result):
    # What a change returns, with the version each annotation now has in the file.
    from annotate.core.annotations import annotation_version
    from annotate.core.model import Annotation

    if isinstance(result, Annotation):
        handed = copy.deepcopy(result)
        handed.version = annotation_version(result, current.extras.get(result.id))
        return handed
    if isinstance(result, tuple) and result and isinstance(result[0], Annotation):
        return (_with_version(current, result[0]), *result[1:])
    return result


def _remove_stale_temporary_files(path: Path) -> None:
    # A writer killed mid-save leaves its temporary file behind. Every writer of this file holds
    # its lock while writing, so under the lock any such file is left over and can go. (A taxonomy
    # change's staged file belongs to its journal, which recovery finishes or rolls back.)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        if leftover.name.endswith(STAGED_SUFFIX):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _block_lines(text: str) -> dict[str, int]:
    # Where each block starts in text we wrote ourselves: the ``- id:`` lines.
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("- id: "):
            lines[line[len("- id: "):].strip("'\"")] = number
    return lines


def _listed_stamps(folder: Path, kinds: dict[str, str]) -> Iterator[tuple[ItemKey, Stamp]]:
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    with entries:
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            stem, dot, suffix = name.rpartition(".")
            kind = kinds.get(dot + suffix)
            if kind is None or not stem:
                continue
            try:
                status = entry.stat()
            except FileNotFoundError:
                continue
            yield (kind, stem), f"{status.st_mtime_ns}:{status.st_size}:{status.st_ino}"


def _stamp_text(path: Path) -> str | None:
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return f"{status.st_mtime_ns}:{status.st_size}:{status.st_ino}"


def _read(path: Path) -> str | None:
    from annotate.core.limits import MAX_YAML_BYTES, read_file_text

    return read_file_text(path, MAX_YAML_BYTES, "an annotation file", missing_ok=True)


def _refuse_unreadable_size(text: str, path: Path, what: str) -> None:
    # A file written past the size it may be read at would be refused at the next read: refuse now.
    from annotate.core.limits import MAX_YAML_BYTES, describe_size

    if len(text) * 4 > MAX_YAML_BYTES and len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise AnnotateError(f"not saved: it would grow past {describe_size(MAX_YAML_BYTES)}, the most {what} may hold", path)


def _read_text(path: Path, limit: int, what: str) -> str:
    from annotate.core.limits import read_file_text

    return read_file_text(path, limit, what) or ""


def _stamp_of(path: Path) -> tuple | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()
