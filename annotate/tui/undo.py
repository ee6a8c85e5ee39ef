"""Undo and redo of annotation edits, replayed through the store.

Each user action (tag, note, delete...) is one ``Edit`` of one or more ``Change``s, each keeping a
copy of the annotation before and after. Undo writes the before state back through the store's
``add``/``update``/``remove``; redo writes the after state. No Textual here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Protocol

from annotate.core.model import Annotation


class Store(Protocol):
    """What undo needs of ``annotate.core.annotations.AnnotationStore``."""

    def add(self, annotation: Annotation) -> object: ...

    def update(self, annotation: Annotation) -> object: ...

    def remove(self, annotation_id: str) -> object: ...


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


def apply_change(store: Store, old: Annotation | None, new: Annotation | None) -> None:
    """Bring the store from ``old`` to ``new`` for one annotation (add, update or remove)."""
    if new is None:
        if old is not None:
            store.remove(old.id)
    elif old is None:
        store.add(copy.deepcopy(new))
    else:
        store.update(copy.deepcopy(new))


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
