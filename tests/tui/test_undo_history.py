"""Undo and redo replay annotation states through a store, and survive a refused write."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from annotate.core.errors import ConflictError
from annotate.core.model import Anchor, Annotation
from annotate.core.services.undo import Change, Edit, UndoHistory


class MemoryStore:
    """An in-memory stand-in for the workspace's add/update/remove with versions; ``refuse`` makes the next write fail."""

    def __init__(self) -> None:
        self.annotations: dict[str, Annotation] = {}
        self.refuse = False
        self.writes = 0

    def _check(self, annotation: Annotation | None = None) -> None:
        if self.refuse:
            self.refuse = False
            raise ConflictError("changed on disk by someone else", "annotations/e.yaml", 3)
        if annotation is not None and self.annotations[annotation.id].version != annotation.version:
            raise ConflictError(f"annotation {annotation.id} is stale", "annotations/e.yaml", 3)

    def _saved(self, annotation: Annotation) -> Annotation:
        self.writes += 1
        saved = copy.deepcopy(annotation)
        saved.version = str(self.writes)
        self.annotations[annotation.id] = saved
        return copy.deepcopy(saved)

    def get_annotation(self, annotation_id: str) -> Annotation | None:
        found = self.annotations.get(annotation_id)
        return copy.deepcopy(found) if found is not None else None

    def add_annotation(self, annotation: Annotation) -> Annotation:
        self._check()
        return self._saved(annotation)

    def update_annotation(self, annotation: Annotation, *, keep_modified: bool = False) -> Annotation:
        self._check(annotation)
        return self._saved(annotation)

    def remove_annotation(self, annotation: Annotation) -> Annotation:
        self._check(annotation)
        return self.annotations.pop(annotation.id)


def annotation(tags: list[str]) -> Annotation:
    return Annotation("a1", "e", Anchor("quote", "", "", 0, 5, 0, 1000), tags=tags)


def test_undo_and_redo_walk_through_add_update_and_remove():
    store, history = MemoryStore(), UndoHistory()
    tagged = store.add_annotation(annotation(["one"]))
    history.record(Edit("edit", [Change.of(None, tagged)]))
    retagged = store.update_annotation(replace(tagged, tags=["one", "two"]))
    history.record(Edit("edit", [Change.of(tagged, retagged)]))
    store.remove_annotation(retagged)
    history.record(Edit("edit", [Change.of(retagged, None)]))
    assert history.undo(store) is not None and store.annotations["a1"].tags == ["one", "two"]
    history.undo(store)
    assert store.annotations["a1"].tags == ["one"]
    history.undo(store)
    assert store.annotations == {}
    assert history.undo(store) is None  # nothing left
    history.redo(store)
    history.redo(store)
    assert store.annotations["a1"].tags == ["one", "two"]
    # Back and forth again: every step writes from the version the last one saved.
    history.undo(store)
    history.redo(store)
    history.redo(store)
    assert store.annotations == {}


def test_a_new_edit_forgets_what_could_be_redone():
    store, history = MemoryStore(), UndoHistory()
    history.record(Edit("tag", [Change.of(None, store.add_annotation(annotation(["one"])))]))
    history.undo(store)
    assert history.can_redo
    history.record(Edit("tag", [Change.of(None, annotation(["two"]))]))
    assert not history.can_redo


def test_a_refused_undo_stays_on_the_stack_to_try_again():
    store, history = MemoryStore(), UndoHistory()
    history.record(Edit("tag", [Change.of(None, store.add_annotation(annotation(["one"])))]))
    store.refuse = True
    with pytest.raises(ConflictError):
        history.undo(store)
    assert history.can_undo and "a1" in store.annotations
    history.undo(store)
    assert store.annotations == {}


def test_history_keeps_copies_not_the_live_annotations():
    history, store = UndoHistory(), MemoryStore()
    live = store.add_annotation(annotation(["one"]))
    history.record(Edit("tag", [Change.of(None, live)]))
    live.tags.append("changed later")
    history.undo(store)
    history.redo(store)
    assert store.annotations["a1"].tags == ["one"]
