"""Undo and redo replay annotation states through a store, and survive a refused write."""

from __future__ import annotations

import copy

import pytest

from annotate.core.errors import ConflictError
from annotate.core.model import Anchor, Annotation
from annotate.tui.undo import Change, Edit, UndoHistory


class MemoryStore:
    """An in-memory stand-in for AnnotationStore's add/update/remove; ``refuse`` makes the next write fail."""

    def __init__(self) -> None:
        self.annotations: dict[str, Annotation] = {}
        self.refuse = False

    def _check(self) -> None:
        if self.refuse:
            self.refuse = False
            raise ConflictError("changed on disk by someone else", "annotations/e.yaml", 3)

    def add(self, annotation: Annotation) -> Annotation:
        self._check()
        self.annotations[annotation.id] = copy.deepcopy(annotation)
        return annotation

    def update(self, annotation: Annotation) -> Annotation:
        self._check()
        self.annotations[annotation.id] = copy.deepcopy(annotation)
        return annotation

    def remove(self, annotation_id: str) -> Annotation:
        self._check()
        return self.annotations.pop(annotation_id)


def annotation(tags: list[str]) -> Annotation:
    return Annotation("a1", "e", Anchor("quote", "", "", 0, 5, 0, 1000), tags=tags)


def test_undo_and_redo_walk_through_add_update_and_remove():
    store, history = MemoryStore(), UndoHistory()
    tagged, retagged = annotation(["one"]), annotation(["one", "two"])
    for before, after in ((None, tagged), (tagged, retagged), (retagged, None)):
        history.record(Edit("edit", [Change.of(before, after)]))
    assert history.undo(store) is not None and store.annotations["a1"].tags == ["one", "two"]
    history.undo(store)
    assert store.annotations["a1"].tags == ["one"]
    history.undo(store)
    assert store.annotations == {}
    assert history.undo(store) is None  # nothing left
    history.redo(store)
    history.redo(store)
    assert store.annotations["a1"].tags == ["one", "two"]


def test_a_new_edit_forgets_what_could_be_redone():
    store, history = MemoryStore(), UndoHistory()
    store.add(annotation(["one"]))
    history.record(Edit("tag", [Change.of(None, annotation(["one"]))]))
    history.undo(store)
    assert history.can_redo
    history.record(Edit("tag", [Change.of(None, annotation(["two"]))]))
    assert not history.can_redo


def test_a_refused_undo_stays_on_the_stack_to_try_again():
    store, history = MemoryStore(), UndoHistory()
    store.add(annotation(["one"]))
    history.record(Edit("tag", [Change.of(None, annotation(["one"]))]))
    store.refuse = True
    with pytest.raises(ConflictError):
        history.undo(store)
    assert history.can_undo and "a1" in store.annotations
    history.undo(store)
    assert store.annotations == {}


def test_history_keeps_copies_not_the_live_annotations():
    live = annotation(["one"])
    history, store = UndoHistory(), MemoryStore()
    store.add(live)
    history.record(Edit("tag", [Change.of(None, live)]))
    live.tags.append("changed later")
    history.undo(store)
    history.redo(store)
    assert store.annotations["a1"].tags == ["one"]
