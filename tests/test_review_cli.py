"""Bad input a new user tries, found in review: each is one clear error line, never a traceback."""

from __future__ import annotations

import json

import pytest

from annotate.cli import main
from annotate.core.taxonomy import load_taxonomy
from tests.annotation_helpers import make_workspace


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    space = make_workspace(tmp_path / "ws")
    assert main(["--workspace", str(space.root), "tag", "episode-one", "--from", "0:15", "--to", "0:20", "--tag", "media-myths"]) == 0
    return space


def run(workspace, capsys, *arguments):
    code = main(["--workspace", str(workspace.root), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_to_a_folder_is_one_error_line(workspace, capsys, tmp_path):
    code, out, err = run(workspace, capsys, "export", "-o", str(tmp_path))
    assert code == 2 and out == ""
    assert err == f"annotate: error: {tmp_path}: is a folder; give a file name to export to\n"


def test_export_into_a_missing_folder_is_refused_and_creates_nothing(workspace, capsys, tmp_path):
    target = tmp_path / "typo" / "quotes.yaml"
    code, _, err = run(workspace, capsys, "export", "-o", str(target))
    assert code == 2 and "no folder" in err and err.count("\n") == 1
    assert not (tmp_path / "typo").exists()


def test_export_with_a_misspelled_tag_is_an_error_not_an_empty_file(workspace, capsys):
    code, out, err = run(workspace, capsys, "export", "--tag", "media-myth")
    assert code == 2 and out == ""
    assert "unknown tag 'media-myth'" in err


def test_export_with_a_tag_only_annotations_carry_still_exports_them(workspace, capsys):
    # A tag missing from the taxonomy is kept on annotations; exporting by it must still work.
    taxonomy_path = workspace.taxonomy_path
    taxonomy_path.write_text(taxonomy_path.read_text().replace("id: media-myths", "id: myths"))
    code, out, _ = run(workspace, capsys, "export", "--tag", "media-myths", "--format", "json")
    assert code == 0 and '"media-myths"' in out


@pytest.mark.parametrize("command", [["merge", "media-myths", "--into", "media-myths"], ["remove", "media-myths", "--move-to", "media-myths"]])
def test_merging_or_moving_a_tag_into_itself_is_refused(workspace, capsys, command):
    code, out, err = run(workspace, capsys, "taxonomy", *command)
    assert code == 2 and "into itself" in err
    assert "media-myths" in load_taxonomy(workspace)


def test_search_names_the_unreadable_taxonomy_when_it_refuses_a_tag(workspace, capsys):
    text = workspace.taxonomy_path.read_text()
    workspace.taxonomy_path.write_text(text.replace("id: public-reception", "id: fraud-and-credit"))
    code, _, err = run(workspace, capsys, "search", "tag:themes")
    assert code == 2
    assert "taxonomy.yaml" in err and "appears twice" in err


def test_a_taxonomy_from_a_newer_annotate_is_refused_with_its_line(workspace, capsys):
    # Taxonomy and annotation files share one schema check; the message says which version reads it.
    text = workspace.taxonomy_path.read_text()
    workspace.taxonomy_path.write_text(text.replace("schema: annotate/taxonomy@1", "schema: annotate/taxonomy@7"))
    code, _, err = run(workspace, capsys, "taxonomy", "list")
    assert code == 2
    assert f"{workspace.taxonomy_path}:1: written by a newer annotate (schema version 7; this one reads up to 1)" in err


def test_list_does_not_count_an_unreadable_annotation_file_as_none(workspace, capsys):
    path = workspace.root / "annotations" / "episode-one.yaml"
    path.write_text(path.read_text().replace("annotations:", "annotations: [", 1))
    code, out, err = run(workspace, capsys, "list")
    assert code == 0
    assert "   ? ann." in next(line for line in out.splitlines() if line.startswith("episode-one"))
    assert f"annotate: warning: {path}:" in err
    code, out, _ = run(workspace, capsys, "list", "--json")
    assert {row["id"]: row["annotations"] for row in json.loads(out)} == {"episode-one": None, "episode-two": 0}


def test_init_on_a_file_is_one_error_line(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err == f"annotate: error: {target}: is a file, not a folder; give a folder to make the workspace in\n"
    assert target.read_text() == "keep me"


def test_init_says_an_empty_workspace(tmp_path, capsys):
    assert main(["init", str(tmp_path / "new")]) == 0
    assert capsys.readouterr().out == f"Created an empty workspace in {tmp_path / 'new'}\n"


def test_an_unknown_import_format_is_named_without_a_placeholder_file(workspace, capsys, tmp_path):
    code, _, err = run(workspace, capsys, "import", str(tmp_path / "x.vtt"), "--format", "nope")
    assert code == 2 and err.startswith("annotate: error: unknown format 'nope' (known: ")


def test_an_os_error_no_command_foresaw_is_one_line(workspace, capsys, monkeypatch):
    def refuse(*arguments, **keywords):
        raise PermissionError(13, "Permission denied", str(workspace.root / "annotations"))

    monkeypatch.setattr("annotate.core.atomic.atomic_write_text", refuse)
    code, out, err = run(workspace, capsys, "tag", "episode-two", "--from", "0:15", "--to", "0:20", "--tag", "media-myths")
    assert code == 2 and out == ""
    assert err == f"annotate: error: {workspace.root / 'annotations'}: Permission denied\n"


def test_a_time_range_past_the_end_is_told_in_clock_times(workspace, capsys):
    code, _, err = run(workspace, capsys, "tag", "episode-one", "--from", "99:00:00", "--to", "99:00:10", "--tag", "media-myths")
    assert code == 2
    assert "nothing is said between 99:00:00.000 and 99:00:10.000 in episode-one (it runs to 00:00:40.000)" in err
    code, _, err = run(workspace, capsys, "tag", "episode-one", "--from", "0:10", "--to", "0:10", "--tag", "media-myths")
    assert code == 2 and "must end after it starts" in err


def test_a_dropped_not_costs_a_match_more_than_a_dropped_that():
    from annotate.core.match import match_in_transcript
    from tests.annotation_helpers import sample_transcript

    transcript = sample_transcript()
    # Said: "The first thing to understand is that it is not one system at all."
    without_that = match_in_transcript(transcript, "the first thing to understand is it is not one system")[0].score
    without_not = match_in_transcript(transcript, "the first thing to understand is that it is one system")[0].score
    assert without_not < without_that  # leaving out "not" says the opposite; leaving out "that" does not


@pytest.mark.parametrize("arguments", [["patchwork", "episode:episode-nine"], ["patchwork", "--episode", "episode-nine"]])
def test_search_in_an_episode_that_is_not_there_says_so(workspace, capsys, arguments):
    code, out, err = run(workspace, capsys, "search", "--json", *arguments)
    assert code == 2 and out == ""
    assert "no episode id is or contains 'episode-nine' (episodes: episode-one, episode-two)" in err
    code, out, _ = run(workspace, capsys, "search", "--json", "patchwork", "episode:two")
    assert code == 0 and json.loads(out)[0]["episode"] == "episode-two"


def test_import_replace_with_an_unreadable_annotation_file_changes_nothing(workspace, capsys, tmp_path):
    from annotate.core.formats.vtt import transcript_to_vtt
    from tests.annotation_helpers import sample_transcript

    corrected = sample_transcript()
    corrected.cues[0].text = "Welcome to Sinica, the weekly discussion of current affairs in China."
    new_file = tmp_path / "corrected.vtt"
    new_file.write_text(transcript_to_vtt(corrected))
    annotation_path = workspace.root / "annotations" / "episode-one.yaml"
    annotation_path.write_text(annotation_path.read_text() + "- broken: [\n")
    before = workspace.transcript_path("episode-one").read_bytes()
    code, _, err = run(workspace, capsys, "import", str(new_file), "--id", "episode-one", "--replace")
    assert code == 2 and str(annotation_path) in err
    assert workspace.transcript_path("episode-one").read_bytes() == before


def test_tagging_the_same_passage_again_extends_it_instead_of_doubling_it(workspace, capsys):
    from tests.annotation_helpers import store_of

    def tag(*extra):
        code, out, _ = run(workspace, capsys, "tag", "episode-one", "--from", "0:15", "--to", "0:20", "--json", *extra)
        assert code == 0
        return json.loads(out)

    first = tag("--tag", "media-myths", "--note", "first")
    again = tag("--tag", "corporate-scs", "--note", "second")
    assert again["id"] == first["id"] and again["tags"] == ["media-myths", "corporate-scs"] and again["note"] == "first"
    other = tag("--tag", "media-myths", "--annotator", "mirjam")  # a second coder's own annotation
    assert other["id"] != first["id"]
    assert len(store_of(workspace).annotations("episode-one")) == 2


def test_a_match_batch_run_twice_tags_each_passage_once(workspace, capsys, tmp_path):
    from tests.annotation_helpers import store_of

    quotes = tmp_path / "quotes.yaml"
    quotes.write_text("- quote: people mostly asked whether Sesame Credit was part of it\n  note: Weibo\n")
    ids = []
    for _ in range(2):
        code, out, _ = run(workspace, capsys, "match", "--file", str(quotes), "--episode", "episode-two", "--tag", "public-reception", "--json")
        assert code == 0
        ids.append(json.loads(out)[0]["annotation"])
    assert ids[0] == ids[1]
    assert [a.tags for a in store_of(workspace).annotations("episode-two")] == [["public-reception"]]


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfe \x00\n\x00"])
def test_a_file_with_only_a_byte_order_mark_is_called_empty(workspace, capsys, tmp_path, content):
    path = tmp_path / "blank.vtt"
    path.write_bytes(content)
    code, _, err = run(workspace, capsys, "import", str(path))
    assert code == 2 and err.startswith(f"annotate: error: {path}: empty file")


def test_match_dash_with_nothing_on_standard_input_says_so(workspace, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    code, _, err = run(workspace, capsys, "match", "-")
    assert code == 2 and "no quote on standard input" in err


def test_a_workspace_option_naming_a_file_says_it_is_a_file(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("x")
    assert main(["--workspace", str(path), "list"]) == 2
    assert capsys.readouterr().err.startswith(f"annotate: error: {path}: is a file; the workspace must be a folder")


def test_export_takes_json_like_every_data_command(workspace, capsys):
    code, out, _ = run(workspace, capsys, "export", "--json")
    assert code == 0 and json.loads(out)["quotes"][0]["tags"] == ["media-myths"]


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_search_limit_below_one_is_an_error_not_no_matches(workspace, capsys, limit):
    code, out, err = run(workspace, capsys, "search", "patchwork", "--limit", limit, "--json")
    assert code == 2 and out == "" and "--limit must be at least 1" in err


@pytest.mark.parametrize("command", [["show"], ["export", "--episode"]])
def test_an_episode_id_cannot_reach_a_transcript_outside_the_workspace(workspace, capsys, tmp_path, command):
    outside = tmp_path / "outside.vtt"
    outside.write_bytes(workspace.transcript_path("episode-one").read_bytes())
    sneaky = "../../outside"
    assert (workspace.transcripts_dir / f"{sneaky}.vtt").resolve() == outside.resolve()
    code, out, err = run(workspace, capsys, *command, sneaky)
    assert code == 2 and out == "" and f"no episode '{sneaky}'" in err


def test_export_never_overwrites_the_workspaces_own_files(workspace, capsys):
    path = workspace.root / "annotations" / "episode-one.yaml"
    before = path.read_bytes()
    code, _, err = run(workspace, capsys, "export", "-o", str(path))
    assert code == 2 and "export somewhere else" in err
    assert path.read_bytes() == before


def test_an_episode_cannot_be_called_taxonomy(workspace, capsys, tmp_path):
    source = tmp_path / "Taxonomy.vtt"
    source.write_bytes(workspace.transcript_path("episode-one").read_bytes())
    code, _, err = run(workspace, capsys, "import", str(source))
    assert code == 2 and "give another with --id" in err
    assert not workspace.has_episode("taxonomy")
    assert run(workspace, capsys, "import", str(source), "--id", "taxonomy-talk")[0] == 0


def test_tagging_an_annotated_passage_again_says_it_was_already_annotated(workspace, capsys):
    code, out, _ = run(workspace, capsys, "tag", "episode-one", "--from", "0:15", "--to", "0:20", "--tag", "corporate-scs")
    assert code == 0
    assert "was already annotated by lena as " in out and "its tags are now media-myths, corporate-scs" in out


def test_tagging_waits_for_a_taxonomy_change_and_then_sees_it(workspace):
    import threading

    from annotate.core.anchoring import new_annotation
    from tests.annotation_helpers import store_of
    from annotate.core.errors import AnnotateError
    from annotate.core.model import Taxonomy
    from annotate.core.atomic import atomic_write_text
    from annotate.core.store.files.locks import TAXONOMY_LOCK, file_lock
    from annotate.core.taxonomy import load_taxonomy, serialize_taxonomy
    from tests.annotation_helpers import span_of

    transcript = workspace.load_transcript("episode-two")
    annotation = new_annotation(transcript, *span_of(transcript, "Sesame Credit was part of it"), ["corporate-scs"])
    outcome = []
    with file_lock(workspace.cache_dir / "locks", TAXONOMY_LOCK):  # a rename in progress holds this lock
        worker = threading.Thread(target=lambda: outcome.append(_try(store_of(workspace).add_or_extend, annotation)))
        worker.start()
        worker.join(0.3)
        assert worker.is_alive()  # waiting for the taxonomy change to finish
        taxonomy = load_taxonomy(workspace)
        # What the rename writes before it lets go of the lock: the tag is gone.
        atomic_write_text(workspace.taxonomy_path, serialize_taxonomy(Taxonomy([tag for tag in taxonomy.tags if tag.id != "corporate-scs"])))
    worker.join(5)
    assert isinstance(outcome[0], AnnotateError) and "unknown tag 'corporate-scs'" in str(outcome[0])
    assert store_of(workspace).annotations("episode-two") == []


def _try(function, *arguments):
    try:
        return function(*arguments)
    except Exception as error:  # the test inspects it
        return error
