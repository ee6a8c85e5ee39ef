"""The seam every face and core service talks to: a workspace of episodes, annotations and a taxonomy.

A backend implements :class:`Workspace` (structurally: no base class needed). The file workspace
(``annotate.core.store.files``) is the first; a PostgreSQL one is chosen by a ``postgresql://``
location (see :mod:`annotate.core.store.registry`). Faces and services never touch a backend's
files or tables: every read and write goes through these methods, so a backend is one folder.

Rules every backend keeps:

- **Versions.** Every :class:`~annotate.core.model.Annotation` handed out carries ``version``, an
  opaque string naming the state it was read in. :meth:`Workspace.update_annotation` and
  :meth:`Workspace.remove_annotation` compare it with the stored one and raise
  :class:`~annotate.core.errors.StaleAnnotationError` (naming the annotation) when they differ,
  changing nothing: a write made from a stale copy is always refused, however many other writes
  happened in between. Each successful write returns the annotation with its new version.
- **Change stamps.** :meth:`Workspace.change_stamps` gives an opaque string per stored item
  (:data:`ItemKey`); equal strings mean the item did not change. Derived caches (search index,
  match index) and the TUI's watcher use them and nothing else to decide what to read again.
- **Atomic multi-item changes.** :meth:`Workspace.change_taxonomy` changes the taxonomy and every
  annotation whose tags follow it all-or-nothing, also across a crash: after a kill at any moment,
  the next :func:`~annotate.core.store.open_workspace` leaves either the old or the new state and no
  leftovers (the file backend keeps a journal; a database uses one transaction).
- **Tag checks at the moment of saving.** :meth:`Workspace.add_or_extend` checks the tags against
  the taxonomy as it is when the annotation is saved, excluded against a concurrent
  :meth:`Workspace.change_taxonomy` (a lock, a transaction), so no new annotation can carry a tag
  that a rename running at the same moment just removed.
- **Errors.** What the user can fix raises :class:`~annotate.core.errors.AnnotateError` with a
  location (a file and line, or the backend's description of where the item lives).
  Reading one unreadable item never stops the others from being read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from annotate.core.errors import AnnotateError
from annotate.core.store.items import ANNOTATIONS, EPISODE_LIST, METADATA, TAXONOMY, TRANSCRIPT  # noqa: F401
from annotate.core.model import Annotation, Taxonomy, Transcript, TranscriptMetadata

# A stored item whose changes are tracked: (kind, episode id); the episode is "" for the taxonomy
# and for the list of episodes. Tuples, so that a whole listing compares and prints quickly.
# The kinds are in annotate.core.store.items (TRANSCRIPT, METADATA, ANNOTATIONS, TAXONOMY, EPISODE_LIST).
ItemKey = tuple[str, str]

# An opaque token: equal means unchanged. Never parse it; never order by it.
Stamp = str

# How a taxonomy change edits the codebook (pure: the current taxonomy in, the new one out,
# AnnotateError to refuse), and how each annotation's tags follow (tags in, tags out). A backend
# calls them inside its lock or transaction, and may call them again if it retries one.
TaxonomyEdit = Callable[[Taxonomy], Taxonomy]
Retag = Callable[[list[str]], list[str]]


@dataclass(frozen=True)
class AnnotationProblem:
    """Something wrong in the stored annotations of an episode, as ``annotate check`` reports it.

    ``kind`` is e.g. ``unreadable``, ``duplicate-id``, ``episode-mismatch``; ``file`` is where the
    item lives (a path, or a backend's description of the row) and ``line`` a line in it when known.
    """

    kind: str
    file: str
    line: int | None
    annotation: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    @property
    def leaves_out_an_entry(self) -> bool:
        """Whether the entry is left out of what is read (it cannot be read, or its id is taken): saving would drop it."""
        return self.kind in ENTRY_LEFT_OUT_KINDS


# Problems whose entry is not among the annotations handed out (and blocks saving its file).
ENTRY_LEFT_OUT_KINDS = ("unreadable", "duplicate-id")


@dataclass(frozen=True)
class TaxonomyChange:
    """What :meth:`Workspace.change_taxonomy` did: the saved taxonomy and how many annotations changed."""

    taxonomy: Taxonomy
    annotations_changed: int


@runtime_checkable
class Workspace(Protocol):
    """A workspace: episodes (transcript + metadata), their annotations and one taxonomy.

    Thread-safety: one instance may be shared by a screen and its worker threads.
    """

    #: Where the workspace is, as the user named it: a folder path or a URL without its password.
    location: str
    #: A short name for titles (the folder's name, the database's name).
    name: str

    @property
    def cache_dir(self) -> Path:
        """A local folder for derived caches of this workspace (search and match indexes); safe to delete."""
        ...

    # -- episodes --------------------------------------------------------------------------

    def episode_ids(self) -> list[str]:
        """Ids of the episodes that have a transcript, sorted."""
        ...

    def has_episode(self, episode_id: str) -> bool:
        """True when ``episode_id`` names an existing episode (a malformed id is simply False)."""
        ...

    def require_episode(self, episode_id: str) -> str:
        """``episode_id`` when it exists, else AnnotateError naming the episodes there are."""
        ...

    def load_transcript(self, episode_id: str) -> Transcript:
        """The episode's cues and metadata (AnnotateError naming the item when it cannot be read).

        Callers must not change the returned object: it may be shared with other callers.
        """
        ...

    def load_metadata(self, episode_id: str) -> TranscriptMetadata:
        """The episode's metadata alone (title, date...), without reading its cues: for listings.

        AnnotateError naming the item when it cannot be read; an episode without any is the default.
        """
        ...

    def save_metadata(self, episode_id: str, metadata: TranscriptMetadata) -> None:
        """Store an existing episode's metadata alone (its cues are untouched)."""
        ...

    def item_location(self, item: ItemKey) -> str:
        """Where a stored item is, for messages: a file's path, or a backend's description of it."""
        ...

    def load_transcripts(self) -> tuple[list[Transcript], list[AnnotateError]]:
        """Every transcript that can be read, and an error for each that cannot."""
        ...

    def save_transcript(self, transcript: Transcript) -> None:
        """Store (or replace) a transcript and its metadata; the id must pass the episode id check.

        Replacing does not touch the episode's annotations: re-anchoring them is the caller's next
        step (they are re-anchored against the current transcript whenever they are read).
        """
        ...

    # -- annotations -----------------------------------------------------------------------

    def annotated_episodes(self) -> list[str]:
        """Ids of the episodes that have stored annotations (even without a transcript), sorted."""
        ...

    def annotations(self, episode_id: str) -> list[Annotation]:
        """The episode's annotations, sorted by start then id, each with its ``version``.

        Re-anchored against the episode's current transcript (an annotation that cannot be placed
        has status ``orphaned``). Copies: changing one changes nothing stored. AnnotateError when
        the episode's annotations cannot be read at all; entries that cannot be read are left out
        and reported by :meth:`annotation_problems`.
        """
        ...

    def annotation_problems(self, episode_id: str) -> list[AnnotationProblem]:
        """What is wrong in the episode's stored annotations (unreadable entries, duplicate ids...)."""
        ...

    def annotation_counts(self) -> tuple[dict[str, int], dict[str, AnnotateError]]:
        """Episode id -> number of annotations, and episode id -> why its annotations cannot be read.

        Cheap: no re-anchoring. Episodes without annotations may be absent from the first mapping.
        """
        ...

    def get_annotation(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id from any episode, with its version (None when there is none)."""
        ...

    def annotation_location(self, annotation: Annotation) -> tuple[str, int | None]:
        """Where the annotation is stored, for messages: (file or description, line or None)."""
        ...

    def annotations_location(self, episode_id: str) -> str:
        """Where the episode's annotations are stored, for messages (a file's path, a table and key)."""
        ...

    def add_annotation(self, annotation: Annotation) -> Annotation:
        """Store a new annotation (an empty ``id`` gets a fresh one); returns it as saved, with its version.

        AnnotateError when the id is already used in the episode, or when the episode's stored
        annotations hold an entry that cannot be read (saving could drop it).
        """
        ...

    def add_or_extend(self, annotation: Annotation, *, require_known_tags: bool = True) -> tuple[Annotation, bool]:
        """Add ``annotation``, or extend the annotator's own ``ok`` annotation of exactly this passage.

        The rule (same annotator, same offsets: tags join, the note fills an empty one) is
        :func:`annotate.core.services.tagging.extend_or_new`; backends call it. With
        ``require_known_tags`` the tags are checked against the taxonomy as it is at the moment of
        saving, atomically with respect to :meth:`change_taxonomy` (AnnotateError naming the
        unknown tag). Returns the saved annotation (with its version) and whether it is new.
        """
        ...

    def update_annotation(self, annotation: Annotation, *, keep_modified: bool = False) -> Annotation:
        """Replace the stored annotation with the same id by ``annotation``; returns it as saved.

        Refused with StaleAnnotationError unless ``annotation.version`` is the stored version (so
        a copy read before someone else's change can never overwrite it), and with ConflictError
        when it no longer exists. ``created`` is kept; ``modified`` is set when anything changed,
        except with ``keep_modified`` (undo putting back an earlier state): then it is ``annotation``'s own.
        """
        ...

    def remove_annotation(self, annotation: Annotation) -> Annotation:
        """Delete the stored annotation with ``annotation``'s id; returns what was removed.

        Refused like :meth:`update_annotation` when ``annotation.version`` is stale or it is gone.
        """
        ...

    def save_annotations(self, episode_id: str) -> bool:
        """Store the episode's annotations as re-anchored against its current transcript.

        Used after a transcript is replaced. True when anything stored changed.
        """
        ...

    # -- taxonomy --------------------------------------------------------------------------

    def load_taxonomy(self) -> Taxonomy:
        """The codebook (an absent one is empty); AnnotateError with the line when it is invalid."""
        ...

    def change_taxonomy(self, edit: TaxonomyEdit, retag: Retag | None = None) -> TaxonomyChange:
        """Apply ``edit`` to the current taxonomy and ``retag`` to every stored annotation's tags.

        All or nothing, also across a crash (see the module docstring), and excluded against other
        taxonomy changes and :meth:`add_or_extend`. The edited taxonomy is validated before
        anything is stored. With ``retag`` None no annotation is touched. Refused (AnnotateError,
        nothing changed) when any episode's annotations hold an entry that cannot be read.
        """
        ...

    def add_episodes(self, episodes: list[tuple[Transcript, list[Annotation]]], edit: TaxonomyEdit | None = None) -> Taxonomy:
        """Store new episodes (transcript, metadata, annotations) and ``edit`` the taxonomy, all or nothing.

        Atomic like :meth:`change_taxonomy` (also across a crash). Refused (AnnotateError, nothing
        stored) when an episode exists already. Returns the taxonomy as stored. (A project import.)
        """
        ...

    def tag_counts(self, expand: Callable[[list[str]], set[str]] | None = None) -> dict[str, int]:
        """Tag id -> how many stored annotations count for it (unreadable episodes are left out).

        ``expand`` maps one annotation's tags to the tag ids it counts once for each (the core
        passes ``Taxonomy.with_ancestors`` to roll counts up to parents); by default, its own tags.
        """
        ...

    # -- changes ---------------------------------------------------------------------------

    def change_stamps(self, episodes: Collection[str] | None = None) -> dict[ItemKey, Stamp]:
        """A stamp per stored item: every item, or only the taxonomy, the episode list and ``episodes``'.

        Items that do not exist are absent. Cheap (no content is read): callers poll it.
        """
        ...

    def recover(self) -> list[str]:
        """Finish or roll back a multi-item change that a crash interrupted, and remove leftovers.

        :func:`~annotate.core.store.open_workspace` calls it; returns what was done, for messages.
        """
        ...
