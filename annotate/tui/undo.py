"""Undo and redo of annotation edits, replayed through the store.

Each user action (tag, note, delete...) is one ``Edit`` of one or more ``Change``s, each keeping a
copy of the annotation before and after. Undo writes the before state back through the
workspace's add/update/remove, refused when someone else changed the annotation since; redo
writes the after state. No Textual here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Protocol

from annotate.core.errors import StaleAnnotationError
from annotate.core.model import Annotation


class Store(Protocol):
    """What undo needs of the workspace (``annotate.core.store.Workspace``)."""

    def get_annotation(self, annotation_id: str) -> Annotation | None: ...

    def add_annotation(self, annotation: Annotation) -> Annotation: ...

    def update_annotation(self, annotation: Annotation) -> Annotation: ...

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


@dataclass
class Edit:
    """One user action: a description for messages, and its changes in the order they were made."""

    description: str
    changes: list[Change] = field(default_factory=list)

    @property
    def episode(self) -> str | None:
        for change in self.changes:
            annotation = change.after or change.before
            if annotation is not None:
                return annotation.episode
        return None


def apply_change(store: Store, old: Annotation | None, new: Annotation | None) -> Annotation | None:
    """Bring the store from ``old`` to ``new`` for one annotation; returns ``new`` as saved.

    Refused (StaleAnnotationError) unless the stored annotation is still ``old`` (save for when it
    was modified): undo never overwrites what someone else changed since.
    """
    if old is None:
        return store.add_annotation(copy.deepcopy(new)) if new is not None else None
    current = _still(store, old)
    if new is None:
        store.remove_annotation(current)
        return None
    wanted = copy.deepcopy(new)
    wanted.version = current.version
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
            for change in reversed(edit.changes):
                apply_change(store, change.after, change.before)
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
            for change in edit.changes:
                apply_change(store, change.before, change.after)
        except Exception:
            self._redo.append(edit)
            raise
        self._undo.append(edit)
        return edit

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
