"""The annotation store: file format, safe saving, conflicts, malformed files."""

from __future__ import annotations

import time

import pytest

from annotate.core.annotations import MIGRATIONS, parse_annotations
from annotate.core.anchoring import new_annotation
from annotate.core.errors import AnnotateError, ConflictError
from annotate.core.identity import default_annotator
from tests.annotation_helpers import make_workspace, span_of, store_of


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    return make_workspace(tmp_path / "ws")


def tag(store, workspace, quote, tags=("fraud-and-credit",), episode="episode-one", note=""):
    transcript = workspace.load_transcript(episode)
    return store.add_annotation(new_annotation(transcript, *span_of(transcript, quote), list(tags), note=note))


def test_added_annotations_come_back_sorted_with_their_anchor(workspace):
    store = store_of(workspace)
    later = tag(store, workspace, "corporate system matters")
    earlier = tag(store, workspace, "not one system at all", note="the key point")
    fresh = store_of(workspace).annotations("episode-one")
    assert [annotation.id for annotation in fresh] == [earlier.id, later.id]
    assert fresh[0].anchor.quote == "not one system at all"
    assert fresh[0].note == "the key point"
    assert fresh[0].speaker == "Rogier Creemers"
    assert fresh[0].annotator == "lena"
    assert 10_000 <= fresh[0].anchor.start_ms < fresh[0].anchor.end_ms <= 15_000
    assert store_of(workspace).get_annotation(later.id).anchor.quote == "corporate system matters"


def test_file_has_schema_line_fixed_key_order_and_a_blank_line_after_each_block(workspace):
    store = store_of(workspace)
    tag(store, workspace, "not one system at all")
    tag(store, workspace, "patchwork of local pilots")
    lines = workspace.annotations_path("episode-one").read_text().splitlines()
    assert lines[:3] == ["schema: annotate/annotations@1", "episode: episode-one", "annotations:"]
    blocks = [index for index, line in enumerate(lines) if line.startswith("- id: ")]
    assert len(blocks) == 2 and lines[blocks[1] - 1] == "" and lines[-1] == ""
    keys = [line.split(":")[0].strip("- ") for line in lines[blocks[0]:blocks[1] - 1]]
    assert keys == ["id", "start", "end", "tags", "speaker", "annotator", "note", "quote", "prefix", "suffix",
                    "start_offset", "end_offset", "created", "modified"]


def test_a_save_that_changes_nothing_leaves_the_bytes_and_timestamp_alone(workspace):
    store = store_of(workspace)
    added = tag(store, workspace, "not one system at all")
    path = workspace.annotations_path("episode-one")
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    time.sleep(0.01)
    store.update_annotation(store_of(workspace).get_annotation(added.id))
    assert store_of(workspace).save_annotations("episode-one") is False
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp


def test_update_sets_modified_and_remove_deletes(workspace, monkeypatch):
    store = store_of(workspace)
    added = tag(store, workspace, "not one system at all")
    monkeypatch.setattr("annotate.core.annotations.now_stamp", lambda: "2030-01-01T00:00:00Z")
    added.tags.append("media-myths")
    updated = store.update_annotation(added)
    assert updated.modified == "2030-01-01T00:00:00Z" and updated.created == added.created
    assert store_of(workspace).get_annotation(added.id).tags == ["fraud-and-credit", "media-myths"]
    store.remove_annotation(updated)
    assert store_of(workspace).annotations("episode-one") == []


def test_changes_by_another_store_to_other_annotations_are_merged(workspace):
    mine, theirs = store_of(workspace), store_of(workspace)
    first = tag(mine, workspace, "not one system at all")
    second = tag(mine, workspace, "patchwork of local pilots")
    theirs.annotations("episode-one")
    mine_copy = mine.get_annotation(first.id)
    mine_copy.note = "mine"
    their_copy = theirs.get_annotation(second.id)
    their_copy.note = "theirs"
    theirs.update_annotation(their_copy)
    mine.update_annotation(mine_copy)  # the file changed on disk since `mine` read it: merged by id
    third = tag(theirs, workspace, "corporate system matters")
    notes = {annotation.id: annotation.note for annotation in store_of(workspace).annotations("episode-one")}
    assert notes == {first.id: "mine", second.id: "theirs", third.id: ""}


def test_changing_the_same_annotation_as_someone_else_is_refused(workspace):
    mine, theirs = store_of(workspace), store_of(workspace)
    added = tag(mine, workspace, "not one system at all")
    their_copy = theirs.get_annotation(added.id)
    my_copy = mine.get_annotation(added.id)
    their_copy.note = "theirs"
    theirs.update_annotation(their_copy)
    my_copy.note = "mine"
    with pytest.raises(ConflictError, match="changed in the file by someone else"):
        mine.update_annotation(my_copy)
    assert store_of(workspace).get_annotation(added.id).note == "theirs"


def test_removing_what_someone_else_changed_is_refused(workspace):
    mine, theirs = store_of(workspace), store_of(workspace)
    added = tag(mine, workspace, "not one system at all")
    their_copy = theirs.get_annotation(added.id)
    changed = mine.get_annotation(added.id)
    changed.tags = ["media-myths"]
    mine.update_annotation(changed)
    with pytest.raises(ConflictError):
        theirs.remove_annotation(their_copy)
    assert store_of(workspace).get_annotation(added.id).tags == ["media-myths"]


def test_malformed_file_names_file_and_line_and_other_episodes_still_open(workspace):
    store = store_of(workspace)
    tag(store, workspace, "not one system at all", episode="episode-two")
    path = workspace.annotations_path("episode-one")
    path.write_text("schema: annotate/annotations@1\nepisode: episode-one\nannotations:\n\n- id: abc\n  tags: [x\n  note: y\n")
    with pytest.raises(AnnotateError) as raised:
        store_of(workspace).annotations("episode-one")
    assert raised.value.path == str(path) and raised.value.line in (6, 7, 8)
    assert len(store_of(workspace).annotations("episode-two")) == 1
    assert workspace.annotation_counts()[0] == {"episode-two": 1}


def test_an_entry_that_cannot_be_read_is_reported_and_blocks_saving_that_episode(workspace):
    store = store_of(workspace)
    kept = tag(store, workspace, "not one system at all")
    path = workspace.annotations_path("episode-one")
    broken = path.read_text() + "- id: broken1\n  start: '00:00:01.000'\n  end: '00:00:02.000'\n  tags: [media-myths]\n"
    path.write_text(broken)
    fresh = store_of(workspace)
    assert [annotation.id for annotation in fresh.annotations("episode-one")] == [kept.id]
    problem = fresh.annotation_problems("episode-one")[0]
    assert problem.kind == "unreadable" and problem.annotation == "broken1" and "quote" in problem.message
    assert problem.line == broken.splitlines().index("- id: broken1") + 1
    with pytest.raises(AnnotateError, match="refusing to save") as raised:
        tag(fresh, workspace, "patchwork of local pilots")
    assert raised.value.line == problem.line
    assert path.read_text() == broken


def test_an_annotation_with_an_unknown_tag_is_kept(workspace):
    store = store_of(workspace)
    added = tag(store, workspace, "not one system at all", tags=["no-such-tag"])
    tag(store, workspace, "patchwork of local pilots")
    assert store_of(workspace).get_annotation(added.id).tags == ["no-such-tag"]


def test_alias_bomb_fails_fast_with_a_clear_error(workspace):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = workspace.annotations_path("episode-one")
    path.write_text("\n".join(levels) + "\n")
    started = time.perf_counter()
    with pytest.raises(AnnotateError, match="alias"):
        store_of(workspace).annotations("episode-one")
    assert time.perf_counter() - started < 1.0


def test_a_file_from_a_newer_schema_is_refused_and_older_ones_are_migrated(workspace, monkeypatch):
    path = workspace.annotations_path("episode-one")
    path.write_text("schema: annotate/annotations@2\nepisode: episode-one\nannotations:\n")
    with pytest.raises(AnnotateError, match="newer annotate") as raised:
        store_of(workspace).annotations("episode-one")
    assert raised.value.line == 1
    old = "schema: annotate/annotations@0\nepisode: episode-one\nitems:\n- id: old1\n  start: 1\n  end: 2\n  quote: x\n  start_offset: 0\n  end_offset: 1\n"
    monkeypatch.setitem(MIGRATIONS, 0, lambda document: {**document, "annotations": document.pop("items")})
    migrated = parse_annotations(old, "old.yaml", "episode-one")
    assert list(migrated.annotations) == ["old1"] and migrated.annotations["old1"].anchor.start_ms == 1000


def test_unquoted_times_and_timestamps_written_by_hand_are_read(workspace):
    text = (
        "schema: annotate/annotations@1\nepisode: episode-one\nannotations:\n- id: hand1\n"
        "  start: 00:01:02.300\n  end: 00:01:10.000\n  tags: [media-myths]\n  quote: x\n"
        "  start_offset: 0\n  end_offset: 1\n  created: 2026-11-22T19:00:00Z\n"
    )
    annotation = parse_annotations(text, "hand.yaml", "episode-one").annotations["hand1"]
    assert (annotation.anchor.start_ms, annotation.anchor.end_ms) == (62_300, 70_000)
    assert annotation.created == "2026-11-22T19:00:00Z"


def test_default_annotator_prefers_the_environment(monkeypatch):
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "mirjam")
    assert default_annotator() == "mirjam"
    monkeypatch.delenv("ANNOTATE_ANNOTATOR")
    assert default_annotator()


def test_a_transcript_edited_by_hand_re_anchors_on_load(workspace):
    store = store_of(workspace)
    added = tag(store, workspace, "patchwork of local pilots")
    transcript = workspace.load_transcript("episode-one")
    transcript.cues.insert(1, type(transcript.cues[0])(4000, 4500, "A sentence added by hand.", "Kaiser Kuo"))
    transcript.invalidate()
    workspace.save_transcript(transcript)
    reloaded = store_of(workspace).get_annotation(added.id)
    text = workspace.load_transcript("episode-one").text
    assert reloaded.status == "ok"
    assert text[reloaded.anchor.start_offset:reloaded.anchor.end_offset] == "patchwork of local pilots"
    assert reloaded.anchor.start_offset == added.anchor.start_offset + len("A sentence added by hand.") + 1


def test_three_way_merge_by_id_takes_each_sides_own_changes(workspace):
    from annotate.core.store.files.merge_driver import merge_annotation_texts

    store = store_of(workspace)
    kept = tag(store, workspace, "not one system at all")
    dropped = tag(store, workspace, "patchwork of local pilots")
    path = workspace.annotations_path("episode-one")
    base = path.read_text()
    store.remove_annotation(dropped)
    added = tag(store, workspace, "corporate system matters")
    ours = path.read_text()
    path.write_text(base)
    theirs_store = store_of(workspace)
    changed = theirs_store.get_annotation(kept.id)
    changed.note = "theirs"
    theirs_store.update_annotation(changed)
    theirs = path.read_text()
    merged = merge_annotation_texts(base, ours, theirs, path, "episode-one")
    result = parse_annotations(merged.text, path, "episode-one").annotations
    assert set(result) == {kept.id, added.id} and result[kept.id].note == "theirs"
    changed_dropped = store_of(workspace).get_annotation(dropped.id)
    changed_dropped.note = "changed while the other side removed it"
    store_of(workspace).update_annotation(changed_dropped)
    conflict = merge_annotation_texts(base, ours, path.read_text(), path, "episode-one")
    assert dropped.id in conflict.conflicts[0] and "<<<<<<< ours" in conflict.text


def test_a_save_that_fails_keeps_nothing_unsaved_in_memory(workspace, monkeypatch):
    store = store_of(workspace)
    kept = tag(store, workspace, "not one system at all")

    def full_disk(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotate.core.atomic.atomic_write_text", full_disk)
    changed = store.get_annotation(kept.id)
    changed.note = "never saved"
    with pytest.raises(OSError):
        store.update_annotation(changed)
    monkeypatch.undo()
    assert store.get_annotation(kept.id).note == ""
    assert store_of(workspace).get_annotation(kept.id).note == ""


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from annotate.core.annotations import serialize_annotations  # noqa: E402
from annotate.core.model import Anchor, Annotation  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    note=_text, quote=_text, prefix=_text, suffix=_text, speaker=st.none() | _text,
    tags=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12), max_size=3),
    start_ms=st.integers(0, 10**8), length=st.integers(0, 10**6),
)
def test_any_text_survives_a_save_and_a_second_save_is_byte_identical(note, quote, prefix, suffix, speaker, tags, start_ms, length):
    anchor = Anchor(quote, prefix, suffix, 3, 3 + len(quote), start_ms, start_ms + length)
    annotation = Annotation("abc123", "ep", anchor, tags, note, "lena", speaker, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    text = serialize_annotations("ep", [annotation])
    loaded = parse_annotations(text, "ep.yaml", "ep")
    assert loaded.problems == []
    assert loaded.annotations["abc123"] == annotation
    assert serialize_annotations("ep", list(loaded.annotations.values())) == text
