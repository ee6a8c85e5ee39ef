"""Changing a tag in place: colour, parent, label, key; validated before anything is written."""

from __future__ import annotations

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.taxonomy import load_taxonomy, update_tag
from tests.annotation_helpers import make_workspace


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return make_workspace(tmp_path / "ws")


def test_recolour_move_and_relabel_are_saved(workspace):
    update_tag(workspace, "public-reception", color="#123456", label="How people see it")
    update_tag(workspace, "fraud-and-credit", parent=None, key="")
    taxonomy = load_taxonomy(workspace)
    assert taxonomy.get("public-reception").color == "#123456"
    assert taxonomy.get("public-reception").label == "How people see it"
    assert taxonomy.get("fraud-and-credit").parent is None
    assert taxonomy.get("fraud-and-credit").key is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"color": "not a colour!"}, "colour"),
        ({"parent": "nowhere"}, "not a tag"),
        ({"parent": "public-reception", "tag": "x"}, "cannot change 'tag'"),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_written(workspace, changes, reason):
    before = workspace.taxonomy_path.read_text()
    with pytest.raises(AnnotateError, match=reason):
        update_tag(workspace, "public-reception", **changes)
    assert workspace.taxonomy_path.read_text() == before


def test_a_parent_loop_is_refused(workspace):
    with pytest.raises(AnnotateError, match="own ancestor"):
        update_tag(workspace, "takeaways", parent="public-reception")


def test_unknown_tag_is_refused(workspace):
    with pytest.raises(AnnotateError, match="unknown tag 'nope'"):
        update_tag(workspace, "nope", color="#000000")
