"""The store contract, run against every backend: a folder of files and a PostgreSQL database.

Each test gets a fresh, empty workspace of one backend; ``backend.open()`` opens another handle on
the same workspace, as a second annotator (another process) would.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotate.core.errors import AnnotateError, ConflictError, StaleAnnotationError
from annotate.core.model import Cue, Tag
from annotate.core.store import ANNOTATIONS, EPISODE_LIST, TAXONOMY, TRANSCRIPT, Workspace, open_workspace
from tests.store_helpers import passage, taxonomy, transcript


@dataclass
class Backend:
    """One empty workspace of one backend, and how to open it again."""

    name: str
    location: str

    def open(self) -> Workspace:
        return open_workspace(self.location)


@pytest.fixture(params=["files", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Backend:
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    if request.param == "files":
        from annotate.core.workspace import init_workspace

        return Backend("files", str(init_workspace(tmp_path / "ws")))
    url = request.getfixturevalue("postgres_url")
    from annotate.core.store.postgres import init_postgres

    init_postgres(url).close()
    return Backend("postgres", url)


@pytest.fixture
def store(backend: Backend) -> Workspace:
    """The workspace with the codebook and two episodes."""
    workspace = backend.open()
    workspace.change_taxonomy(lambda _current: taxonomy())
    workspace.save_transcript(transcript("episode-one"))
    workspace.save_transcript(transcript("episode-two", cues=6, title="Episode two"))
    return workspace


def test_a_transcript_comes_back_as_it_was_saved(backend: Backend):
    workspace = backend.open()
    saved = transcript("episode-one")
    workspace.save_transcript(saved)

    loaded = backend.open().load_transcript("episode-one")

    assert loaded == saved
    assert loaded.cues[0].words == saved.cues[0].words
    assert loaded.metadata.participants[1].role == "guest"
    assert loaded.metadata.extra == {"recorded": "2019-04-30", "tags": ["a", "b"]}
    assert backend.open().load_metadata("episode-one").title == "Episode one"


def test_episodes_are_listed_sorted_and_unknown_ones_are_named(store: Workspace):
    store.save_transcript(transcript("a-first", cues=2))

    assert store.episode_ids() == ["a-first", "episode-one", "episode-two"]
    assert store.has_episode("episode-two")
    assert not store.has_episode("../etc/passwd")
    assert not store.has_episode("nope")
    with pytest.raises(AnnotateError, match="no episode 'nope'.*a-first, episode-one, episode-two"):
        store.require_episode("nope")
    with pytest.raises(AnnotateError, match="episode id"):
        store.save_transcript(transcript("bad/id"))


def test_a_replaced_transcript_is_what_is_read_next(backend: Backend, store: Workspace):
    other = backend.open()
    assert len(other.load_transcript("episode-two").cues) == 6

    store.save_transcript(transcript("episode-two", cues=3, title="Corrected"))

    assert [len(other.load_transcript("episode-two").cues), other.load_transcript("episode-two").title] == [3, "Corrected"]


def test_an_added_annotation_has_an_id_and_a_version_and_is_read_back_in_order(store: Workspace):
    source = store.load_transcript("episode-one")
    late = store.add_annotation(passage(source, 5, ["fraud"]))
    early = store.add_annotation(passage(source, 1, ["media-myths"], note="the press"))

    assert early.id and early.version and late.version
    assert [annotation.id for annotation in store.annotations("episode-one")] == [early.id, late.id]
    found = store.get_annotation(early.id)
    assert (found.tags, found.note, found.version) == (["media-myths"], "the press", early.version)
    assert found.anchor.quote == source.cues[1].text
    assert store.annotated_episodes() == ["episode-one"]
    assert store.annotation_counts()[0]["episode-one"] == 2
    assert store.get_annotation("0000000000") is None


def test_an_annotation_id_is_used_once_per_episode(store: Workspace):
    source = store.load_transcript("episode-one")
    first = store.add_annotation(passage(source, 1, ["fraud"]))
    again = passage(source, 2, ["fraud"])
    again.id = first.id

    with pytest.raises(AnnotateError, match=f"id {first.id} already exists"):
        store.add_annotation(again)
    assert len(store.annotations("episode-one")) == 1


@pytest.mark.parametrize("bad_id", ["../x", "a b", "abc\n", "x" * 65])
def test_an_annotation_id_an_annotation_file_could_not_hold_is_refused_by_every_backend(
    backend: Backend, store: Workspace, bad_id: str
):
    source = store.load_transcript("episode-one")
    added = passage(source, 1, ["fraud"])
    added.id = bad_id

    with pytest.raises(AnnotateError, match="annotation id .* must be letters, digits, '-' or '_'"):
        store.add_annotation(added)
    with pytest.raises(AnnotateError, match="annotation id .* must be letters, digits, '-' or '_'"):
        store.add_episodes([(transcript("episode-three", cues=3), [added])])
    assert store.annotations("episode-one") == [] and not backend.open().has_episode("episode-three")


def test_a_change_from_the_current_version_is_saved_and_gets_a_new_version(backend: Backend, store: Workspace):
    saved = store.add_annotation(passage(store.load_transcript("episode-one"), 1, ["fraud"]))
    saved.tags = ["fraud", "other"]
    saved.note = "both"

    changed = store.update_annotation(saved)

    assert changed.version != saved.version
    assert changed.created == saved.created
    reread = backend.open().get_annotation(saved.id)
    assert (reread.tags, reread.note, reread.version) == (["fraud", "other"], "both", changed.version)


def test_a_stale_change_is_refused_and_the_newer_one_kept(backend: Backend, store: Workspace):
    saved = store.add_annotation(passage(store.load_transcript("episode-one"), 1, ["fraud"]))
    mine = backend.open().get_annotation(saved.id)
    theirs = backend.open().get_annotation(saved.id)
    theirs.note = "theirs, saved first"
    backend.open().update_annotation(theirs)

    mine.note = "mine, from a stale copy"
    with pytest.raises(StaleAnnotationError, match=f"annotation {saved.id}") as refused:
        store.update_annotation(mine)
    with pytest.raises(StaleAnnotationError):
        store.remove_annotation(mine)

    assert refused.value.annotation_id == saved.id
    assert backend.open().get_annotation(saved.id).note == "theirs, saved first"


def test_two_annotators_changing_different_annotations_both_succeed(backend: Backend, store: Workspace):
    source = store.load_transcript("episode-one")
    first = store.add_annotation(passage(source, 1, ["fraud"]))
    second = store.add_annotation(passage(source, 3, ["fraud"]))
    alice, bob = backend.open(), backend.open()
    mine, theirs = alice.get_annotation(first.id), bob.get_annotation(second.id)

    mine.note, theirs.note = "alice", "bob"
    alice.update_annotation(mine)
    bob.update_annotation(theirs)

    notes = {annotation.id: annotation.note for annotation in backend.open().annotations("episode-one")}
    assert notes == {first.id: "alice", second.id: "bob"}


def test_removing_needs_the_current_version_and_a_removed_one_cannot_be_changed(store: Workspace):
    saved = store.add_annotation(passage(store.load_transcript("episode-one"), 1, ["fraud"]))

    removed = store.remove_annotation(saved)

    assert removed.id == saved.id
    assert store.annotations("episode-one") == []
    with pytest.raises(ConflictError, match="removed by someone else"):
        store.update_annotation(saved)


def test_tagging_the_same_passage_again_extends_the_annotation(store: Workspace):
    source = store.load_transcript("episode-one")
    first, created = store.add_or_extend(passage(source, 2, ["fraud"]))
    again, created_again = store.add_or_extend(passage(source, 2, ["media-myths"], note="added later"))
    someone_else, created_by_other = store.add_or_extend(passage(source, 2, ["other"], annotator="sam"))

    assert (created, created_again, created_by_other) == (True, False, True)
    assert again.id == first.id
    assert (again.tags, again.note) == (["fraud", "media-myths"], "added later")
    assert someone_else.id != first.id
    assert len(store.annotations("episode-one")) == 2


def test_tagging_with_a_tag_not_in_the_codebook_is_refused(store: Workspace):
    with pytest.raises(AnnotateError, match="unknown tag 'nonsense'"):
        store.add_or_extend(passage(store.load_transcript("episode-one"), 2, ["nonsense"]))
    assert store.annotations("episode-one") == []


def test_a_rename_carries_every_annotation_along(backend: Backend, store: Workspace):
    one, two = store.load_transcript("episode-one"), store.load_transcript("episode-two")
    store.add_annotation(passage(one, 1, ["fraud"]))
    store.add_annotation(passage(one, 2, ["fraud", "other"]))
    store.add_annotation(passage(two, 1, ["media-myths"]))

    def rename(current):
        renamed = copy.deepcopy(current)
        renamed.get("fraud").id = "fraud-and-credit"
        for tag in renamed.tags:
            if tag.parent == "fraud":
                tag.parent = "fraud-and-credit"
        return renamed

    change = store.change_taxonomy(rename, lambda tags: ["fraud-and-credit" if tag == "fraud" else tag for tag in tags])

    assert change.annotations_changed == 2
    reopened = backend.open()
    assert "fraud-and-credit" in reopened.load_taxonomy() and "fraud" not in reopened.load_taxonomy()
    assert reopened.tag_counts() == {"fraud-and-credit": 2, "other": 1, "media-myths": 1}


def test_a_refused_taxonomy_change_changes_nothing(backend: Backend, store: Workspace):
    store.add_annotation(passage(store.load_transcript("episode-one"), 1, ["fraud"]))

    def bad_edit(current):
        current.tags.append(Tag("fraud", "A second fraud"))
        return current

    with pytest.raises(AnnotateError):
        store.change_taxonomy(bad_edit, lambda tags: ["gone" for _ in tags])

    reopened = backend.open()
    assert [tag.id for tag in reopened.load_taxonomy().tags] == ["takeaways", "fraud", "media-myths", "other"]
    assert reopened.annotations("episode-one")[0].tags == ["fraud"]


def test_change_stamps_move_for_what_changed_and_only_that(store: Workspace):
    source = store.load_transcript("episode-one")
    store.add_annotation(passage(source, 1, ["fraud"]))
    before = store.change_stamps()

    store.add_annotation(passage(source, 2, ["fraud"]))
    after_tagging = store.change_stamps()
    store.change_taxonomy(lambda current: current.__class__([*current.tags, Tag("new", "New")]))
    after_taxonomy = store.change_stamps()
    store.save_transcript(transcript("episode-three", cues=2))
    after_import = store.change_stamps()

    changed = lambda old, new: {key for key in new if old.get(key) != new[key]}  # noqa: E731
    assert changed(before, after_tagging) == {(ANNOTATIONS, "episode-one")}
    assert changed(after_tagging, after_taxonomy) == {(TAXONOMY, "")}
    assert (EPISODE_LIST, "") in changed(after_taxonomy, after_import)
    assert (TRANSCRIPT, "episode-three") in after_import
    assert set(store.change_stamps(["episode-two"])) <= {(TAXONOMY, ""), (EPISODE_LIST, ""), *[(kind, "episode-two") for kind in ("transcript", "metadata", "annotations")]}


def test_an_annotation_whose_passage_went_is_kept_and_flagged_orphaned(backend: Backend, store: Workspace):
    saved = store.add_annotation(passage(store.load_transcript("episode-one"), 2, ["fraud"]))
    corrected = transcript("episode-one")
    corrected.cues = [cue for cue in corrected.cues if "Sesame" not in cue.text] + [Cue(99000, 99500, "Thanks for listening.")]

    store.save_transcript(corrected)
    assert store.save_annotations("episode-one") is True

    kept = backend.open().annotations("episode-one")
    assert [(annotation.id, annotation.status, annotation.tags) for annotation in kept] == [(saved.id, "orphaned", ["fraud"])]


# -- search and quote matching: the same answers from either backend ------------------------------


@pytest.fixture
def annotated(store: Workspace) -> Workspace:
    """The two episodes with three annotations (one with a note) by two annotators."""
    one, two = store.load_transcript("episode-one"), store.load_transcript("episode-two")
    store.add_annotation(passage(one, 2, ["fraud"], note="Sesame is commercial"))
    store.add_annotation(passage(one, 4, ["other"], annotator="sam"))
    store.add_annotation(passage(two, 3, ["media-myths"]))
    return store


def _found(workspace: Workspace, query: str) -> set[tuple]:
    from annotate.core.search import search

    return {(hit.episode, hit.cue_index, hit.kind, hit.annotation_id) for hit in search(workspace, query, limit=500)}


def _cues(workspace: Workspace, query: str) -> set[tuple[str, int]]:
    return {(episode, cue) for episode, cue, kind, _ in _found(workspace, query) if kind == "cue"}


def test_search_stems_folds_case_and_accents_and_finds_phrases_and_prefixes(annotated: Workspace):
    blacklists = {("episode-one", 4), ("episode-one", 10), ("episode-two", 4)}
    assert _cues(annotated, "blacklist") == blacklists
    assert _cues(annotated, "ZURICH") == blacklists
    assert _cues(annotated, '"credit system"') == {("episode-one", 0), ("episode-one", 6), ("episode-two", 0)}
    assert _cues(annotated, "rongch*") == {("episode-one", 3), ("episode-one", 9), ("episode-two", 3)}
    assert _cues(annotated, '"system credit"') == set()


def test_search_exclusions_and_filters_narrow_the_hits(annotated: Workspace):
    assert _cues(annotated, "credit -sesame") == {("episode-one", 0), ("episode-one", 6), ("episode-two", 0)}
    assert _cues(annotated, "system speaker:kuo") == {("episode-one", 5), ("episode-one", 11), ("episode-two", 5)}
    assert _cues(annotated, "credit episode:two") == {("episode-two", 0), ("episode-two", 2)}
    assert _cues(annotated, "credit tag:takeaways") == {("episode-one", 2)}
    assert _cues(annotated, "blacklist annotator:SAM") == {("episode-one", 4)}
    assert _cues(annotated, "credit -tag:takeaways episode:one") == {("episode-one", 0), ("episode-one", 6), ("episode-one", 8)}


def test_search_finds_notes_and_lists_tagged_annotations(annotated: Workspace):
    from annotate.core.search import search

    noted = [hit for hit in search(annotated, "commercial") if hit.kind == "annotation"]
    assert [(hit.episode, hit.note, hit.tags, hit.cue_index) for hit in noted] == [("episode-one", "Sesame is commercial", ("fraud",), 2)]
    listed = search(annotated, "tag:takeaways")
    assert [(hit.episode, hit.cue_index, hit.kind, hit.tags) for hit in listed] == [
        ("episode-one", 2, "annotation", ("fraud",)), ("episode-two", 3, "annotation", ("media-myths",)),
    ]


def test_search_names_an_unknown_tag_or_episode(annotated: Workspace):
    from annotate.core.search import search

    with pytest.raises(AnnotateError, match="unknown tag 'nonsense'"):
        search(annotated, "credit tag:nonsense")
    with pytest.raises(AnnotateError, match="no episode id is or contains 'three'.*episode-one, episode-two"):
        search(annotated, "credit episode:three")


def test_a_quote_is_matched_to_the_same_place(annotated: Workspace):
    from annotate.core.match import QuoteMatcher

    matcher = QuoteMatcher.for_workspace(annotated)
    found = matcher.match("sesame credit is a loyalty scheme, run by Ant Financial", top=3)
    assert [(match.episode, match.start_ms, match.speaker) for match in found[:1]] == [("episode-one", 10000, "Ada Lovelace")]
    assert matcher.match("a sentence that nobody in these episodes ever said out loud") == []


def test_on_a_database_the_quote_s_candidates_come_from_its_postings(backend: Backend, annotated: Workspace):
    if backend.name != "postgres":
        pytest.skip("the folder workspace has no database postings")
    from annotate.core.match import QuoteMatcher
    from annotate.core.store.postgres.connection import connect

    quote = "sesame credit is a loyalty scheme, run by Ant Financial"

    def places() -> list[tuple[str, int]]:
        return [(match.episode, match.start_ms) for match in QuoteMatcher.for_workspace(backend.open()).match(quote)]

    everywhere = places()
    assert {episode for episode, _ in everywhere} == {"episode-one", "episode-two"}  # the line is said in both
    with connect(backend.location) as connection:
        # Without episode one's postings in the database the line is found in episode two only,
        # though the local index holds every word of both.
        connection.execute("DELETE FROM match_postings WHERE episode = 'episode-one'")
        assert places() == [place for place in everywhere if place[0] == "episode-two"]
        # Postings missing or made by another normaliser are written again when the matcher opens.
        connection.execute("UPDATE episodes SET match_terms_version = NULL WHERE id = 'episode-one'")
        assert places() == everywhere
        assert connection.execute("SELECT count(*) FROM match_postings WHERE episode = 'episode-one'").fetchone()[0] > 0


def test_a_fuzzy_search_places_the_quote_and_keeps_the_filters(annotated: Workspace):
    from annotate.core.search import search

    hits = search(annotated, "sesame credit is a loyalty scheme run by ant episode:two", fuzzy=True)
    assert [(hit.episode, hit.cue_index) for hit in hits[:1]] == [("episode-two", 2)]
    assert search(annotated, "sesame credit is a loyalty scheme run by ant speaker:kuo", fuzzy=True) == []


def test_new_episodes_come_in_with_their_annotations_and_tags_all_or_nothing(backend: Backend, store: Workspace):
    arriving = transcript("episode-three", cues=4)
    tagged = passage(arriving, 1, ["imported"])

    def add_imported(current):
        return current.__class__([*current.tags, Tag("imported", "Imported")])

    taxonomy = store.add_episodes([(arriving, [tagged])], add_imported)

    reopened = backend.open()
    assert "imported" in taxonomy and "imported" in reopened.load_taxonomy()
    assert [annotation.tags for annotation in reopened.annotations("episode-three")] == [["imported"]]
    with pytest.raises(AnnotateError, match="'episode-one' exists already"):
        store.add_episodes([(transcript("episode-one"), []), (transcript("episode-four"), [])])
    assert not backend.open().has_episode("episode-four")


def test_tag_counts_roll_up_to_parents_when_asked(store: Workspace):
    source = store.load_transcript("episode-one")
    store.add_annotation(passage(source, 1, ["fraud", "media-myths"]))
    store.add_annotation(passage(source, 2, ["fraud"]))
    codebook = store.load_taxonomy()

    assert store.tag_counts() == {"fraud": 2, "media-myths": 1}
    assert store.tag_counts(codebook.with_ancestors) == {"fraud": 2, "media-myths": 1, "takeaways": 2}


# -- hostile input: what no backend stores, refused in one line with nothing written ---------------


def _refused(work, *expected: str) -> str:
    with pytest.raises(AnnotateError) as refused:
        work()
    message = str(refused.value)
    assert "\n" not in message and all(part in message for part in expected), message
    return message


def test_text_with_a_nul_character_is_refused_everywhere_and_nothing_is_stored(backend: Backend, store: Workspace):
    source = store.load_transcript("episode-one")
    saved = store.add_annotation(passage(source, 1, ["fraud"], note="clean"))
    _refused(lambda: store.add_annotation(passage(source, 2, ["fraud"], note="a\x00b")), "note of annotation", "NUL")
    _refused(lambda: store.add_or_extend(passage(source, 3, ["fraud"], annotator="nul\x00name")), "annotator", "NUL")
    changed = store.get_annotation(saved.id)
    changed.note = "with a \x00 in it"
    _refused(lambda: store.update_annotation(changed), "note", "NUL")
    spoiled = transcript("episode-nul", cues=3)
    spoiled.cues[1].text = "te\x00xt"
    _refused(lambda: store.save_transcript(spoiled), "cue 2 of episode episode-nul", "NUL")
    titled = transcript("episode-title")
    titled.metadata.title = "a\x00title"
    _refused(lambda: store.save_transcript(titled), "metadata of episode episode-title", "NUL")

    def label_with_nul(current):
        return current.__class__([*current.tags, Tag("nul", "bad\x00label")])

    _refused(lambda: store.change_taxonomy(label_with_nul), "tag 'nul'", "NUL")
    reopened = backend.open()
    assert [(annotation.id, annotation.note) for annotation in reopened.annotations("episode-one")] == [(saved.id, "clean")]
    assert reopened.episode_ids() == ["episode-one", "episode-two"]
    assert "nul" not in reopened.load_taxonomy()


def test_oversized_notes_and_transcripts_are_refused(backend: Backend, store: Workspace):
    from annotate.core import limits
    from annotate.core.model import Cue

    source = store.load_transcript("episode-one")
    _refused(lambda: store.add_annotation(passage(source, 1, ["fraud"], note="n" * (limits.MAX_NOTE_CHARACTERS + 1))),
             "note is too long", str(limits.MAX_NOTE_CHARACTERS))
    huge = transcript("episode-huge", cues=1)
    huge.cues = [Cue(index, index + 1, "word") for index in range(limits.MAX_CUES + 1)]
    _refused(lambda: store.save_transcript(huge), "episode-huge", "cues")
    # One cue past its limit: a database's text index of one row would stop at 1 MB.
    long_cue = transcript("episode-long-cue", cues=2)
    long_cue.cues[1].text = "word " * (limits.MAX_CUE_CHARACTERS // 5 + 1)
    _refused(lambda: store.save_transcript(long_cue), "cue 2 of episode episode-long-cue", "more than a cue may")
    reopened = backend.open()
    assert reopened.annotations("episode-one") == [] and reopened.episode_ids() == ["episode-one", "episode-two"]


@pytest.mark.parametrize("identifier", ["x" * 5000, "abc\n", "a\x00b", "a b", "", "../../etc/passwd", "é" * 10])
def test_absurd_ids_are_refused_or_simply_not_found(store: Workspace, identifier: str):
    source = store.load_transcript("episode-one")
    assert not store.has_episode(identifier)
    assert store.get_annotation(identifier) is None
    _refused(lambda: store.require_episode(identifier), "no episode")
    _refused(lambda: store.save_transcript(transcript(identifier)), "episode id")
    if identifier:
        named = passage(source, 1, ["fraud"])
        named.id = identifier
        _refused(lambda: store.add_annotation(named), "annotation id")
    assert store.annotations("episode-one") == [] and store.episode_ids() == ["episode-one", "episode-two"]


@pytest.mark.parametrize("shape", ["loop", "deep", "many"])
def test_a_taxonomy_with_a_loop_or_past_the_limits_is_refused(backend: Backend, store: Workspace, shape: str):
    from annotate.core import limits
    from annotate.core.model import Taxonomy

    if shape == "loop":
        tags = [Tag("a", "A", parent="b"), Tag("b", "B", parent="a")]
        reason = "parents loop"
    elif shape == "deep":
        tags = [Tag(f"t{level}", f"T{level}", parent=f"t{level - 1}" if level else None) for level in range(limits.MAX_TAXONOMY_DEPTH + 2)]
        reason = f"nested more than {limits.MAX_TAXONOMY_DEPTH} levels"
    else:
        tags = [Tag(f"t{number}", f"T{number}") for number in range(limits.MAX_TAGS + 1)]
        reason = f"at most {limits.MAX_TAGS} tags"
    _refused(lambda: store.change_taxonomy(lambda _current: Taxonomy(tags)), reason)
    assert [tag.id for tag in backend.open().load_taxonomy().tags] == ["takeaways", "fraud", "media-myths", "other"]


@pytest.mark.parametrize(
    "spoil, expected",
    [
        ("note", "NUL"),
        ("long-note", "note is too long"),
        ("title", "NUL"),
        ("deep", "levels deep"),
        ("loop", "parents loop"),
    ],
)
def test_a_copy_of_a_folder_with_what_no_store_keeps_is_refused_before_anything_is_written(
    backend: Backend, tmp_path: Path, spoil: str, expected: str
):
    from annotate.core import limits
    from annotate.core.store.copying import copy_workspace
    from annotate.core.workspace import init_workspace

    folder = init_workspace(tmp_path / "source")
    source = open_workspace(str(folder))
    source.change_taxonomy(lambda _current: taxonomy())
    for episode in ("episode-a", "episode-b"):
        source.save_transcript(transcript(episode))
        source.add_annotation(passage(source.load_transcript(episode), 1, ["fraud"]))
    annotations_file = folder / "annotations" / "episode-b.yaml"
    if spoil in ("note", "long-note"):
        note = '"a\\0b"' if spoil == "note" else "n" * (limits.MAX_NOTE_CHARACTERS + 1)
        annotations_file.write_text(annotations_file.read_text().replace("note: ''", f"note: {note}", 1))
    elif spoil == "title":
        metadata = folder / "transcripts" / "episode-b.yaml"
        metadata.write_text(metadata.read_text().replace("title: Episode one", 'title: "a\\0b"', 1))
    else:
        levels = 2 if spoil == "loop" else limits.MAX_TAXONOMY_DEPTH + 2
        parent = (lambda level: f"t{(level - 1) % levels}") if spoil == "loop" else (lambda level: f"t{level - 1}" if level else None)
        tags = "".join(f"- id: t{level}\n  label: T{level}\n" + (f"  parent: {parent(level)}\n" if parent(level) else "") for level in range(levels))
        (folder / "annotations" / "taxonomy.yaml").write_text("schema: annotate/taxonomy@1\ntags:\n" + tags)

    _refused(lambda: copy_workspace(open_workspace(str(folder)), backend.open()), expected)
    destination = backend.open()
    assert (destination.episode_ids(), destination.annotated_episodes(), destination.load_taxonomy().tags) == ([], [], [])
