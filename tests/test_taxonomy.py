"""The codebook: reading with line numbers, editing, and carrying annotations along."""

from __future__ import annotations

import os

import pytest

from tests.annotation_helpers import store_of
from annotate.core.anchoring import new_annotation
from annotate.core.errors import AnnotateError
from annotate.core.model import Tag
from annotate.core.taxonomy import (
    add_tag,
    load_taxonomy,
    merge_tags,
    parse_taxonomy,
    remove_tag,
    rename_tag,
    save_taxonomy,
    serialize_taxonomy,
    tag_counts,
)
from tests.annotation_helpers import make_workspace, span_of


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    return make_workspace(tmp_path / "ws")


def tag(workspace, quote, tags, episode="episode-one"):
    transcript = workspace.load_transcript(episode)
    return store_of(workspace).add_annotation(new_annotation(transcript, *span_of(transcript, quote), tags))


def test_load_and_save_round_trip_byte_for_byte(workspace):
    text = workspace.taxonomy_path.read_text()
    taxonomy = load_taxonomy(workspace)
    assert [tag.id for tag in taxonomy.children("takeaways")] == ["fraud-and-credit", "public-reception"]
    assert taxonomy.get("fraud-and-credit").key == "1" and taxonomy.get("fraud-and-credit").color == "#e67e22"
    assert serialize_taxonomy(taxonomy) == text
    stamp = workspace.taxonomy_path.stat().st_mtime_ns
    save_taxonomy(workspace, taxonomy)
    assert workspace.taxonomy_path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("- id: a\n  label: A\n- id: a\n  label: again\n", 5, "appears twice"),
        ("- id: a\n  label: A\n  key: '1'\n- id: b\n  label: B\n  key: '1'\n", 6, "used by both"),
        ("- id: a\n  label: A\n  parent: nowhere\n", 3, "not a tag"),
        ("- id: a\n  label: A\n  parent: b\n- id: b\n  label: B\n  parent: a\n", 3, "own ancestor"),
        ("- id: a\n  label: A\n  colour: red\n", 5, "unknown key 'colour'"),
        ("- id: a\n  label: [A\n", 5, "not valid YAML"),
    ],
)
def test_a_bad_taxonomy_names_the_line_and_reason(body, line, reason):
    with pytest.raises(AnnotateError, match=reason) as raised:
        parse_taxonomy("schema: annotate/taxonomy@1\ntags:\n" + body, "taxonomy.yaml")
    assert raised.value.path == "taxonomy.yaml" and raised.value.line == line


def test_a_bad_taxonomy_leaves_the_annotations_readable(workspace):
    added = tag(workspace, "not one system at all", ["media-myths"])
    workspace.taxonomy_path.write_text("schema: annotate/taxonomy@1\ntags:\n- id: [\n")
    with pytest.raises(AnnotateError):
        load_taxonomy(workspace)
    assert store_of(workspace).get_annotation(added.id).tags == ["media-myths"]


def test_add_tag_places_it_after_its_siblings(workspace):
    add_tag(workspace, Tag("culture-of-trust", "Culture of trust", parent="takeaways", key="3"))
    ids = [tag.id for tag in load_taxonomy(workspace).tags]
    assert ids.index("culture-of-trust") == ids.index("public-reception") + 1
    with pytest.raises(AnnotateError, match="already exists"):
        add_tag(workspace, Tag("themes", "Again"))
    with pytest.raises(AnnotateError, match="used by both"):
        add_tag(workspace, Tag("other", "Other", key="1"))


def test_rename_carries_every_annotation_in_every_file_along(workspace):
    first = tag(workspace, "not one system at all", ["fraud-and-credit", "media-myths"])
    second = tag(workspace, "Sesame Credit", ["fraud-and-credit"], episode="episode-two")
    untouched = tag(workspace, "overdone", ["media-myths"], episode="episode-two")
    before = workspace.annotations_path("episode-two").read_text()
    assert rename_tag(workspace, "fraud-and-credit", "fraud", label="Fraud") == 2
    store = store_of(workspace)
    assert store.get_annotation(first.id).tags == ["fraud", "media-myths"]
    assert store.get_annotation(second.id).tags == ["fraud"]
    assert store.get_annotation(untouched.id).tags == ["media-myths"]
    taxonomy = load_taxonomy(workspace)
    assert "fraud-and-credit" not in taxonomy and taxonomy.get("fraud").label == "Fraud"
    assert taxonomy.get("fraud").key == "1"
    after = workspace.annotations_path("episode-two").read_text()
    assert [line for line in after.splitlines() if line not in before.splitlines()] == ["  tags: [fraud]"]
    rename_tag(workspace, "takeaways", "main-points")
    assert load_taxonomy(workspace).get("fraud").parent == "main-points"


def test_merge_folds_tags_together_without_duplicates(workspace):
    both = tag(workspace, "not one system at all", ["fraud-and-credit", "public-reception"])
    assert merge_tags(workspace, ["public-reception"], "fraud-and-credit") == 1
    assert store_of(workspace).get_annotation(both.id).tags == ["fraud-and-credit"]
    assert "public-reception" not in load_taxonomy(workspace)
    with pytest.raises(AnnotateError, match="own descendant"):
        merge_tags(workspace, ["takeaways"], "fraud-and-credit")


def test_remove_refuses_while_in_use_unless_told_where_to_move(workspace):
    added = tag(workspace, "not one system at all", ["media-myths"])
    with pytest.raises(AnnotateError, match="used by 1 annotation"):
        remove_tag(workspace, "media-myths")
    assert "media-myths" in load_taxonomy(workspace)
    remove_tag(workspace, "media-myths", move_to="corporate-scs")
    assert store_of(workspace).get_annotation(added.id).tags == ["corporate-scs"]
    remove_tag(workspace, "public-reception")
    remove_tag(workspace, "themes")
    assert load_taxonomy(workspace).get("corporate-scs").parent is None
    assert tag_counts(workspace) == {"corporate-scs": 1}


def test_a_rename_that_cannot_write_every_file_changes_none(workspace, monkeypatch):
    tag(workspace, "not one system at all", ["fraud-and-credit"])
    tag(workspace, "Sesame Credit", ["fraud-and-credit"], episode="episode-two")
    files = [workspace.annotations_path("episode-one"), workspace.annotations_path("episode-two"), workspace.taxonomy_path]
    before = [path.read_bytes() for path in files]
    real_fdopen, opened = os.fdopen, []

    def failing_fdopen(descriptor, *arguments, **options):
        opened.append(descriptor)
        if len(opened) == 2:
            raise OSError(28, "No space left on device")
        return real_fdopen(descriptor, *arguments, **options)

    monkeypatch.setattr("annotate.core.store.files.journal.os.fdopen", failing_fdopen)
    with pytest.raises(OSError):
        rename_tag(workspace, "fraud-and-credit", "fraud")
    monkeypatch.undo()
    assert [path.read_bytes() for path in files] == before
    assert not [path for path in workspace.annotations_dir.iterdir() if path.name.endswith(".tmp")]


def test_a_rename_refuses_when_an_annotation_file_cannot_be_read(workspace):
    tag(workspace, "not one system at all", ["fraud-and-credit"])
    broken = workspace.annotations_path("episode-two")
    broken.write_text("schema: annotate/annotations@1\nannotations:\n- id: x1\n  tags: [fraud-and-credit]\n")
    with pytest.raises(AnnotateError, match="cannot be read") as raised:
        rename_tag(workspace, "fraud-and-credit", "fraud")
    assert raised.value.path == str(broken) and raised.value.line == 3
    assert "fraud-and-credit" in load_taxonomy(workspace)


def test_saving_an_unchanged_taxonomy_keeps_a_hand_made_layout(workspace):
    hand_made = (
        "schema: annotate/taxonomy@1\ntags:\n- id: takeaways\n  label: Takeaways\n  description: >-\n"
        "    What to remember,\n    folded over two lines.\n"
    )
    workspace.taxonomy_path.write_text(hand_made)
    save_taxonomy(workspace, load_taxonomy(workspace))
    assert workspace.taxonomy_path.read_text() == hand_made


def _changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_renaming_one_tag_changes_only_its_own_lines(tmp_path, monkeypatch):
    from annotate.core.workspace import Workspace, init_workspace

    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    space = Workspace(init_workspace(tmp_path / "sample", sample=True))
    before = space.taxonomy_path.read_text()
    assert "\n    credit system. Use a child tag" in before  # the sample wraps long descriptions
    rename_tag(space, "takeaways", "key-points")
    changed = _changed_lines(before, space.taxonomy_path.read_text())
    # The tag's own id line and the parent line of each of its six children: nothing else (it was 76 lines).
    assert changed == ["-- id: takeaways", "+- id: key-points"] + ["-  parent: takeaways", "+  parent: key-points"] * 6


def test_recolouring_and_adding_keep_every_other_line(workspace):
    from annotate.core.taxonomy import update_tag

    wrapped = (
        "schema: annotate/taxonomy@1\n"
        "# Our codebook.\n"
        "tags:\n"
        "- id: takeaways\n  label: Takeaways\n  description: >-\n    What to remember,\n    folded over two lines.\n"
        "  color: '#7f8c8d'\n\n"
        "- id: trust\n  label: Trust\n  description: A long description that a person wrapped\n    by hand over two lines.\n"
        "  parent: takeaways\n"
    )
    workspace.taxonomy_path.write_text(wrapped)
    update_tag(workspace, "trust", color="teal")
    after = workspace.taxonomy_path.read_text()
    assert _changed_lines(wrapped, after) == ["+  color: '#008080'"]
    add_tag(workspace, Tag("fraud", "Fraud", color="#ABC"))
    assert _changed_lines(after, workspace.taxonomy_path.read_text()) == [
        "+- id: fraud", "+  label: Fraud", "+  color: '#aabbcc'"
    ]


@pytest.mark.parametrize(
    ("given", "saved"), [("#E67E22", "#e67e22"), ("#abc", "#aabbcc"), ("red", "#ff0000"), ("Teal", "#008080"), ("", "")]
)
def test_colours_accepted_are_saved_as_rrggbb(workspace, given, saved):
    add_tag(workspace, Tag("new-one", "New one", color=given))
    assert load_taxonomy(workspace).get("new-one").color == saved


@pytest.mark.parametrize("given", ["bluish", "#12345", "rgb(1,2,3)", "ansi_red"])
def test_a_colour_that_is_not_one_is_refused_saying_what_is_accepted(workspace, given):
    before = workspace.taxonomy_path.read_text()
    with pytest.raises(AnnotateError, match="'#rrggbb', '#rgb' or a CSS colour name"):
        add_tag(workspace, Tag("new-one", "New one", color=given))
    assert workspace.taxonomy_path.read_text() == before


def test_a_colour_name_in_the_file_is_read_as_rrggbb_and_a_bad_one_names_its_line():
    taxonomy = parse_taxonomy("tags:\n- id: a\n  label: A\n  color: red\n")
    assert taxonomy.get("a").color == "#ff0000"
    with pytest.raises(AnnotateError) as raised:
        parse_taxonomy("tags:\n- id: a\n  label: A\n  color: reddish\n")
    assert raised.value.line == 4 and "reddish" in raised.value.message
