"""Undo of a tagging through the core, on every backend: the annotation and the tags created for it go back.

The annotations and codebook read exactly as before (on the folder backend: the same bytes), and an
undo that someone else's later work makes impossible is refused whole.
"""

from __future__ import annotations

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.services.tagging import tag_passage, tagging_edit
from annotate.core.services.undo import UndoHistory
from annotate.core.store import Workspace
from annotate.core.taxonomy import add_tag_named
from tests.test_store_contract import Backend, backend, store  # noqa: F401 (fixtures)
from tests.store_helpers import passage


def state(workspace: Workspace) -> tuple:
    """What a user would see of the workspace: the codebook and every annotation with its times."""
    annotations = [
        (annotation.id, annotation.tags, annotation.note, annotation.created, annotation.modified)
        for episode in ("episode-one", "episode-two")
        for annotation in workspace.annotations(episode)
    ]
    return workspace.load_taxonomy().tags, annotations


def offsets(workspace: Workspace, cue: int) -> tuple[int, int]:
    made = passage(workspace.load_transcript("episode-one"), cue, [])
    return made.anchor.start_offset, made.anchor.end_offset


def folder_bytes(backend: Backend) -> dict[str, bytes] | None:
    if backend.name != "files":
        return None
    from pathlib import Path

    folder = Path(backend.location) / "annotations"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.yaml"))}


@pytest.mark.parametrize("extend", [False, True], ids=["new annotation", "extended annotation"])
def test_undo_takes_back_the_annotation_and_the_tag_created_for_it(backend: Backend, store: Workspace, extend: bool):
    tag_passage(store, "episode-one", *offsets(store, 1), ["fraud"], annotator="lena")
    before, before_bytes = state(store), folder_bytes(backend)
    history = UndoHistory()

    created = add_tag_named(store, "Guanxi", "takeaways")
    tagged = tag_passage(store, "episode-one", *offsets(store, 1 if extend else 3), [created.id], annotator="lena")
    history.record(tagging_edit("Tagged Guanxi", tagged, [created]))
    assert tagged.created is not extend
    after = state(store)

    history.undo(store)
    assert state(backend.open()) == before
    assert folder_bytes(backend) == before_bytes
    history.redo(store)
    assert state(backend.open()) == after
    history.undo(store)
    assert folder_bytes(backend) == before_bytes


def test_an_undo_someone_elses_work_blocks_changes_nothing(backend: Backend, store: Workspace):
    history = UndoHistory()
    created = add_tag_named(store, "Guanxi")
    tagged = tag_passage(store, "episode-one", *offsets(store, 2), [created.id], annotator="lena")
    history.record(tagging_edit("Tagged Guanxi", tagged, [created]))
    tag_passage(backend.open(), "episode-two", 0, 20, [created.id], annotator="sam")  # another annotator uses it
    now = state(store)

    with pytest.raises(AnnotateError, match="tag 'guanxi' is used by 1 other annotation"):
        history.undo(store)
    assert state(backend.open()) == now
    assert history.can_undo  # it can be tried again once sam's annotation is gone
