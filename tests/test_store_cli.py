"""The store's commands, run in-process: tag, check, export, taxonomy, and list's counts."""

from __future__ import annotations

import json

import pytest
import yaml

from annotate.cli import main
from tests.annotation_helpers import store_of
from annotate.core.taxonomy import load_taxonomy
from tests.annotation_helpers import make_workspace


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    return make_workspace(tmp_path / "ws")


def run(workspace, capsys, *arguments):
    code = main(["--workspace", str(workspace.root), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tag_by_quote_finds_the_passage_forgiving_case_and_punctuation(workspace, capsys):
    code, out, _ = run(workspace, capsys, "tag", "episode-one", "--quote", "a Patchwork of local pilots, and sectoral",
                       "--tag", "media-myths", "corporate-scs", "--note", "key", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["quote"] == "a patchwork of local pilots and sectoral"
    assert record["tags"] == ["media-myths", "corporate-scs"] and record["note"] == "key"
    assert record["speaker"] == "Rogier Creemers" and record["annotator"] == "lena"
    assert store_of(workspace).get_annotation(record["id"]).anchor.start_ms == record_ms(record["start"])


def record_ms(clock: str) -> int:
    hours, minutes, seconds = clock.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_tag_by_time_range_takes_whole_words(workspace, capsys):
    code, out, _ = run(workspace, capsys, "tag", "episode-one", "--from", "0:15", "--to", "0:20", "--tag", "media-myths",
                       "--annotator", "mirjam", "--json")
    record = json.loads(out)
    assert code == 0 and record["quote"] == "It is a patchwork of local pilots and sectoral blacklists."
    assert record["annotator"] == "mirjam"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--quote", "words nobody ever said in this episode", "--tag", "media-myths"], "quote not found in episode-one"),
        (["--quote", "patchwork", "--tag", "media-myths"], "too short"),
        (["--quote", "first thing to understand is that it is not one system", "--tag", "no-such-tag"], "unknown tag 'no-such-tag'"),
        (["--from", "0:20", "--to", "0:10", "--tag", "media-myths"], "ends"),
        (["--from", "0:20", "--tag", "media-myths"], "--from needs --to"),
    ],
)
def test_tag_refuses_with_a_one_line_error(workspace, capsys, arguments, message):
    code, out, err = run(workspace, capsys, "tag", "episode-one", *arguments)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert store_of(workspace).annotations("episode-one") == []


def test_an_ambiguous_quote_is_refused(workspace, capsys):
    transcript = workspace.load_transcript("episode-one")
    transcript.cues.append(type(transcript.cues[0])(40_000, 45_000, transcript.cues[3].text, "Someone"))
    transcript.invalidate()
    workspace.save_transcript(transcript)
    code, _, err = run(workspace, capsys, "tag", "episode-one", "--quote", "patchwork of local pilots and sectoral blacklists", "--tag", "media-myths")
    assert code == 2 and "ambiguous" in err


def test_check_reports_each_kind_and_exits_1(workspace, capsys):
    run(workspace, capsys, "tag", "episode-one", "--quote", "first thing to understand is that it is not one system", "--tag", "media-myths")
    run(workspace, capsys, "tag", "episode-one", "--quote", "people mostly asked whether Sesame Credit was part", "--tag", "public-reception")
    assert run(workspace, capsys, "check")[0] == 0
    path = workspace.annotations_path("episode-one")
    text = path.read_text().replace("[public-reception]", "[retired-tag]")
    path.write_text(text)
    transcript = workspace.load_transcript("episode-one")
    del transcript.cues[2]
    transcript.invalidate()
    workspace.save_transcript(transcript)
    workspace.annotations_path("episode-two").write_text("schema: annotate/annotations@1\nannotations:\n- id: [\n")
    code, out, _ = run(workspace, capsys, "check", "--json")
    findings = json.loads(out)
    assert code == 1
    kinds = {finding["kind"]: finding for finding in findings}
    assert set(kinds) == {"unknown-tag", "orphaned", "unreadable"}
    tags_line = next(number for number, line in enumerate(text.splitlines(), 1) if "retired-tag" in line)
    assert kinds["unknown-tag"]["line"] == tags_line - 3  # the line where that annotation's block starts
    assert kinds["unreadable"]["file"].endswith("episode-two.yaml") and kinds["unreadable"]["line"] == 4  # where YAML finds the bracket unclosed
    assert set(kinds["orphaned"]) == {"kind", "file", "line", "annotation", "message"}
    code, out, _ = run(workspace, capsys, "check")
    assert code == 1 and "episode-two.yaml:4: unreadable" in out


def test_check_finds_duplicate_ids_across_files(workspace, capsys):
    run(workspace, capsys, "tag", "episode-one", "--quote", "first thing to understand is that it is not one system", "--tag", "media-myths")
    text = workspace.annotations_path("episode-one").read_text().replace("episode: episode-one", "episode: episode-two")
    workspace.annotations_path("episode-two").write_text(text)
    code, out, _ = run(workspace, capsys, "check", "--json")
    assert code == 1 and [finding["kind"] for finding in json.loads(out)] == ["duplicate-id"]


def test_export_yaml_filters_by_parent_tag_speaker_and_annotator(workspace, capsys):
    run(workspace, capsys, "tag", "episode-one", "--quote", "first thing to understand is that it is not one system", "--tag", "fraud-and-credit")
    run(workspace, capsys, "tag", "episode-two", "--quote", "people mostly asked whether Sesame Credit was part", "--tag", "public-reception", "--note", "Weibo")
    run(workspace, capsys, "tag", "episode-one", "--quote", "companies the corporate system matters far more", "--tag", "corporate-scs", "--annotator", "mirjam")
    code, out, _ = run(workspace, capsys, "export", "--tag", "takeaways")
    document = yaml.safe_load(out)
    assert code == 0 and document["schema"] == "annotate/quotes@1"
    assert [(quote["episode"], quote["quote"]) for quote in document["quotes"]] == [
        ("episode-one", "first thing to understand is that it is not one system"),
        ("episode-two", "people mostly asked whether Sesame Credit was part")]
    second = document["quotes"][1]
    assert list(second) == ["id", "episode", "title", "speaker", "start", "end", "start_seconds", "end_seconds",
                            "quote", "tags", "note", "annotator", "link"]
    assert second["title"] == "Title of episode-two" and second["note"] == "Weibo" and second["speaker"] == "Manya Koetse"
    assert second["link"] == f"https://example.org/episode-two.mp3#t={second['start_seconds']:g},{second['end_seconds']:g}"
    assert second["start"].startswith("00:00:2")
    _, out, _ = run(workspace, capsys, "export", "--annotator", "MIRJAM", "--format", "json")
    assert [quote["tags"] for quote in json.loads(out)["quotes"]] == [["corporate-scs"]]
    _, out, _ = run(workspace, capsys, "export", "--speaker", "Manya Koetse", "--episode", "episode-one")
    assert yaml.safe_load(out)["quotes"] == []


def test_export_to_a_file_and_unknown_episode(workspace, capsys, tmp_path):
    run(workspace, capsys, "tag", "episode-one", "--quote", "first thing to understand is that it is not one system", "--tag", "fraud-and-credit")
    target = tmp_path / "quotes.yaml"
    code, out, _ = run(workspace, capsys, "export", "-o", str(target))
    assert code == 0 and out == "" and len(yaml.safe_load(target.read_text())["quotes"]) == 1
    code, _, err = run(workspace, capsys, "export", "--episode", "nope")
    assert code == 2 and "no episode 'nope'" in err


def test_taxonomy_commands_edit_the_codebook_and_carry_annotations(workspace, capsys):
    run(workspace, capsys, "tag", "episode-one", "--quote", "first thing to understand is that it is not one system", "--tag", "fraud-and-credit")
    code, out, _ = run(workspace, capsys, "taxonomy", "list", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0 and rows["fraud-and-credit"] == {
        "id": "fraud-and-credit", "label": "Fraud, corruption and credit", "parent": "takeaways",
        "description": "", "color": "#e67e22", "key": "1", "count": 1, "own": 1}
    assert (rows["takeaways"]["count"], rows["takeaways"]["own"]) == (1, 0)  # the count includes the children
    assert run(workspace, capsys, "taxonomy", "add", "culture-of-trust", "--label", "Culture of trust",
               "--parent", "takeaways", "--key", "3")[0] == 0
    code, out, _ = run(workspace, capsys, "taxonomy", "rename", "fraud-and-credit", "fraud", "--json")
    assert code == 0 and json.loads(out)["annotations"] == 1
    code, _, err = run(workspace, capsys, "taxonomy", "remove", "fraud")
    assert code == 2 and "used by 1 annotation" in err
    assert run(workspace, capsys, "taxonomy", "merge", "fraud", "--into", "culture-of-trust")[0] == 0
    assert [annotation.tags for annotation in store_of(workspace).annotations("episode-one")] == [["culture-of-trust"]]
    assert run(workspace, capsys, "taxonomy", "remove", "media-myths")[0] == 0
    assert "media-myths" not in load_taxonomy(workspace) and "fraud" not in load_taxonomy(workspace)
    code, out, _ = run(workspace, capsys, "taxonomy")
    assert code == 0 and "culture-of-trust" in out


def test_list_counts_annotations(workspace, capsys):
    run(workspace, capsys, "tag", "episode-two", "--quote", "first thing to understand is that it is not one system", "--tag", "fraud-and-credit")
    _, out, _ = run(workspace, capsys, "list", "--json")
    assert {row["id"]: row["annotations"] for row in json.loads(out)} == {"episode-one": 0, "episode-two": 1}
