"""``annotate match`` on the command line: JSON shape, batch files, misses and errors."""

from __future__ import annotations

import io
import json

import pytest

from annotate.cli import main
from annotate.core.workspace import Workspace
from tests.test_match import make_transcript


@pytest.fixture
def workspace(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    return workspace


def run_json(capsys, *arguments) -> tuple[int, object]:
    code = main(list(arguments))
    output = capsys.readouterr().out
    return code, json.loads(output) if output.strip() else None


def test_json_shape_for_a_hit_and_a_miss(workspace, capsys):
    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json",
                            "it's a patchwork of forty three pilot cities")
    assert code == 0
    assert result[0]["quote"] == "it's a patchwork of forty three pilot cities" and result[0]["occurrences"] == 1
    (hit,) = result[0]["matches"]
    assert set(hit) == {"episode", "start", "end", "score", "speaker", "text"}
    assert hit["episode"] == "sinica" and hit["speaker"] == "Rogier Creemers"
    assert 10.0 <= hit["start"] < hit["end"] <= 14.8
    assert hit["text"] == "It's a patchwork of, you know, 43 pilot cities"

    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json",
                            "the moon landing was staged in a film studio")
    assert code == 0 and result == [{"quote": "the moon landing was staged in a film studio", "occurrences": 0, "matches": []}]


def test_batch_file_keeps_input_order(workspace, capsys, tmp_path):
    batch = tmp_path / "quotes.yaml"
    batch.write_text(
        "- most people had never even heard of their own score\n"
        "- quote: the moon landing was staged in a film studio\n  note: from a blog\n"
        "- quote: Sesame Credit is a loyalty scheme\n",
        encoding="utf-8",
    )
    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json", "--file", str(batch))
    assert code == 0
    assert [item["quote"] for item in result] == [
        "most people had never even heard of their own score",
        "the moon landing was staged in a film studio",
        "Sesame Credit is a loyalty scheme",
    ]
    assert [len(item["matches"]) > 0 for item in result] == [True, False, True]


def test_plain_text_file_one_quote_a_line(workspace, capsys, tmp_path):
    batch = tmp_path / "quotes.txt"
    batch.write_text("Sesame Credit is a loyalty scheme\n\nthe blacklists are about court judgements\n", encoding="utf-8")
    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json", "--top", "1", "--file", str(batch))
    assert code == 0
    assert len(result) == 2 and all(len(item["matches"]) == 1 for item in result)


def test_bad_batch_file_names_file_and_line(workspace, capsys, tmp_path):
    batch = tmp_path / "quotes.yaml"
    batch.write_text("- a fine quote about the social credit system\n- note: no quote here\n", encoding="utf-8")
    code = main(["--workspace", str(workspace.root), "match", "--file", str(batch)])
    assert code == 2
    assert f"annotate: error: {batch}:2: this entry has no `quote` key" in capsys.readouterr().err


def test_readable_table_says_not_said(workspace, capsys):
    code = main(["--workspace", str(workspace.root), "match", "the moon landing was staged in a film studio"])
    assert code == 0
    assert "not said in these transcripts" in capsys.readouterr().out


def test_table_shows_time_speaker_and_text(workspace, capsys):
    code = main(["--workspace", str(workspace.root), "match", "--episode", "sinica", "Sesame Credit is a loyalty scheme"])
    out = capsys.readouterr().out
    assert code == 0
    assert "0:40" in out and "Manya Koetse" in out and "Sesame Credit is a loyalty scheme" in out


def test_quote_from_stdin(workspace, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Sesame Credit is a loyalty scheme\n"))
    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json", "-")
    assert code == 0 and result[0]["matches"][0]["speaker"] == "Manya Koetse"


def test_too_short_quote_is_a_user_error(workspace, capsys):
    code = main(["--workspace", str(workspace.root), "match", "system"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("annotate: error:") and "too short to place" in err and "Traceback" not in err


def test_tag_annotates_each_quotes_best_passage_with_its_note(workspace, capsys, tmp_path):
    from tests.annotation_helpers import store_of
    from annotate.core.model import Tag
    from annotate.core.taxonomy import add_tag

    add_tag(workspace, Tag("media-myths", "Media myths"))
    batch = tmp_path / "quotes.yaml"
    batch.write_text(
        "- quote: the story in the western media was largely a myth from the start\n  note: from the Economist\n"
        "- the moon landing was staged in a film studio\n",
        encoding="utf-8",
    )
    code, result = run_json(capsys, "--workspace", str(workspace.root), "match", "--json", "--file", str(batch),
                            "--tag", "media-myths", "--annotator", "lena")
    assert code == 0
    assert "annotation" in result[0] and "annotation" not in result[1]
    (annotation,) = store_of(workspace).annotations("sinica")
    assert annotation.id == result[0]["annotation"]
    assert annotation.tags == ["media-myths"] and annotation.note == "from the Economist"
    assert annotation.annotator == "lena" and annotation.speaker == "Kaiser Kuo"
    assert annotation.anchor.quote.startswith("the story in the western media")


def test_tag_refuses_an_unknown_tag(workspace, capsys):
    code = main(["--workspace", str(workspace.root), "match", "Sesame Credit is a loyalty scheme", "--tag", "nope"])
    assert code == 2 and "unknown tag 'nope'" in capsys.readouterr().err
