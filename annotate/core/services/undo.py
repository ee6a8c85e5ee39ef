"""Undo and redo of a user's edits, replayed through the store: the one undo policy of both faces.

Each user action (tag, note, delete...) is one ``Edit`` of steps, in the order they were made: a
``Change`` keeps an annotation before and after; a ``TagCreated`` is a tag the action added to the
taxonomy (the TUI's tag picker creates one on the fly). Undo takes the steps back newest first, so
the annotation goes back before the tag it carried is removed and the files read as they did
before the action; redo makes them again oldest first. A step is refused when someone else changed
its annotation or tag since, and an edit is undone (or redone) whole or not at all.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Protocol

from annotate.core.errors import AnnotateError, StaleAnnotationError
from annotate.core.model import Annotation, Tag


class Store(Protocol):
    """What undo needs of the workspace (``annotate.core.store.Workspace``)."""

    def get_annotation(self, annotation_id: str) -> Annotation | None: ...

    def add_annotation(self, annotation: Annotation) -> Annotation: ...

    def update_annotation(self, annotation: Annotation, *, keep_modified: bool = False) -> Annotation: ...

    def remove_annotation(self, annotation: Annotation) -> Annotation: ...


@dataclass(frozen=True)
class Change:
    """One annotation's state before and after (None: it did not exist)."""

    before: Annotation | None
    after: Annotation | None

    @classmethod
    def of(cls, before: Annotation | None, after: Annotation | None) -> "Change":
        # Copies, so later edits to the live objects cannot rewrite history.
        return cls(copy.deepcopy(before), copy.deepcopy(after))

    def undo(self, store: Store) -> None:
        apply_change(store, self.after, self.before, restoring=True)

    def redo(self, store: Store) -> None:
        apply_change(store, self.before, self.after, restoring=True)


@dataclass(frozen=True)
class TagCreated:
    """A tag an action added to the taxonomy: undo removes it again, redo adds it back in the same place."""

    tag: Tag

    def undo(self, store) -> None:
        from annotate.core.taxonomy import remove_created_tag

        remove_created_tag(store, self.tag)

    def redo(self, store) -> None:
        from annotate.core.taxonomy import add_tag

        add_tag(store, self.tag)


Step = Change | TagCreated


@dataclass
class Edit:
    """One user action: a description for messages, and its steps in the order they were made."""

    description: str
    changes: list[Step] = field(default_factory=list)

    @property
    def episode(self) -> str | None:
        for change in self.changes:
            annotation = getattr(change, "after", None) or getattr(change, "before", None)
            if annotation is not None:
                return annotation.episode
        return None

    @property
    def changes_taxonomy(self) -> bool:
        """Whether undoing or redoing it changes the taxonomy (a tag it created)."""
        return any(isinstance(change, TagCreated) for change in self.changes)


def tags_created(tags: list[Tag]) -> list[TagCreated]:
    """The steps of an edit that created ``tags`` (they come before its annotation changes)."""
    return [TagCreated(copy.deepcopy(tag)) for tag in tags]


def apply_change(store: Store, old: Annotation | None, new: Annotation | None, *, restoring: bool = False) -> Annotation | None:
    """Bring the store from ``old`` to ``new`` for one annotation; returns ``new`` as saved.

    Refused (StaleAnnotationError) unless the stored annotation is still ``old`` (save for when it
    was modified): undo never overwrites what someone else changed since. ``restoring`` (undo and
    redo) puts ``new`` back with its own ``modified`` time, so the file reads as it did then.
    """
    if old is None:
        return store.add_annotation(copy.deepcopy(new)) if new is not None else None
    current = _still(store, old)
    if new is None:
        store.remove_annotation(current)
        return None
    wanted = copy.deepcopy(new)
    wanted.version = current.version
    if restoring:
        return store.update_annotation(wanted, keep_modified=True)
    return store.update_annotation(wanted)


def _still(store: Store, expected: Annotation) -> Annotation:
    # The stored annotation with its version, when its content is what this history left there.
    current = store.get_annotation(expected.id)
    if current is None or replace(current, modified="", created="") != replace(expected, modified="", created=""):
        raise StaleAnnotationError(
            expected.id, f"annotation {expected.id} was changed by someone else since; not undoing over their change"
        )
    return current


class UndoHistory:
    """Two stacks of edits. Recording a new edit forgets what could be redone."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []

    def record(self, edit: Edit) -> None:
        if not edit.changes:
            return
        self._undo.append(edit)
        del self._undo[: -self.limit]
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, store: Store) -> Edit | None:
        """Reverse the last edit through ``store``; returns it (None when there is nothing to undo)."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        try:
            _all_or_nothing(store, [(step.undo, step.redo) for step in reversed(edit.changes)])
        except Exception:
            self._undo.append(edit)  # refused (e.g. a conflict): the edit can be tried again
            raise
        self._redo.append(edit)
        return edit

    def redo(self, store: Store) -> Edit | None:
        """Apply the last undone edit again; returns it (None when there is nothing to redo)."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        try:
            _all_or_nothing(store, [(step.redo, step.undo) for step in edit.changes])
        except Exception:
            self._redo.append(edit)
            raise
        self._undo.append(edit)
        return edit

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


def _all_or_nothing(store: Store, steps: list[tuple]) -> None:
    # Run each (do, take back) pair's ``do``; when one is refused, take back those done, newest first.
    done = []
    try:
        for do, take_back in steps:
            do(store)
            done.append(take_back)
    except AnnotateError:
        for take_back in reversed(done):
            try:
                take_back(store)
            except AnnotateError:
                break  # someone else is changing the same things; the first refusal is the one to report
        raise
