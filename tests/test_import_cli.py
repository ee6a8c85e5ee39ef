"""``annotate import``: per-file JSON records, exit codes, ids, --replace, nothing half-written."""

from __future__ import annotations

import json

import pytest

from annotate.cli import main

SRT = "1\n00:00:01,000 --> 00:00:03,500\nAda: Hello there.\n\n2\n00:00:03,500 --> 00:00:05,000\nBob: Hi Ada.\n"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ada>Corrected hello.\n"


@pytest.fixture
def workspace(workspace_dir, monkeypatch):
    monkeypatch.chdir(workspace_dir)
    return workspace_dir


def _run(capsys, *arguments):
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_prints_one_record_per_file(workspace, tmp_path, capsys):
    source = tmp_path / "Episode 1: Hello, World!.srt"
    source.write_text(SRT, encoding="utf-8")
    code, out, err = _run(capsys, "import", str(source), "--json")
    assert code == 0
    assert json.loads(out) == [
        {"file": str(source), "episode": "episode-1-hello-world", "cues": 2, "duration": 5.0, "speakers": ["Ada", "Bob"], "warnings": []}
    ]
    written = (workspace / "transcripts" / "episode-1-hello-world.vtt").read_text(encoding="utf-8")
    assert "<v Ada>Hello there." in written
    code, out, _ = _run(capsys, "show", "episode-1-hello-world", "--json")
    assert json.loads(out)["cues"][1] == {"start": 3.5, "end": 5.0, "speaker": "Bob", "text": "Hi Ada."}


def test_a_failed_file_does_not_stop_the_others_and_exits_2(workspace, tmp_path, capsys):
    good = tmp_path / "good.srt"
    good.write_text(SRT, encoding="utf-8")
    empty = tmp_path / "empty.vtt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.vtt"
    junk.write_bytes(bytes(range(256)) * 10)
    code, out, _ = _run(capsys, "import", str(empty), str(good), str(junk), "--json")
    records = json.loads(out)
    assert code == 2
    assert records[0] == {"file": str(empty), "error": f"{empty}: empty file"}
    assert records[1]["episode"] == "good"
    assert records[2] == {"file": str(junk), "error": f"{junk}: binary data, not a transcript"}
    assert sorted(path.name for path in (workspace / "transcripts").iterdir()) == ["good.vtt", "good.yaml"]


def test_an_existing_id_is_refused_unless_replace(workspace, tmp_path, capsys):
    first = tmp_path / "talk.srt"
    first.write_text(SRT, encoding="utf-8")
    corrected = tmp_path / "talk.vtt"
    corrected.write_text(VTT, encoding="utf-8")
    assert _run(capsys, "import", str(first), "--title", "The talk")[0] == 0
    code, out, err = _run(capsys, "import", str(corrected))
    assert code == 2
    assert err.strip() == f"annotate: error: {corrected}: episode 'talk' already exists; add --replace to swap in this transcript"
    assert "Hello there." in (workspace / "transcripts" / "talk.vtt").read_text(encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(corrected), "--replace", "--json")
    assert code == 0
    assert json.loads(out)[0]["cues"] == 1
    code, out, _ = _run(capsys, "show", "talk", "--json")
    shown = json.loads(out)
    assert shown["title"] == "The talk"  # the metadata survives a replace
    assert shown["cues"] == [{"start": 0.0, "end": 2.0, "speaker": "Ada", "text": "Corrected hello."}]


def test_explicit_id_title_and_format(workspace, tmp_path, capsys):
    source = tmp_path / "notes.data"
    source.write_text("[00:00:05] Ada: Hello.\n[00:00:09] Bob: Goodbye.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(source), "--id", "chat-2020", "--title", "A chat", "--format", "text", "--json")
    assert code == 0
    record = json.loads(out)[0]
    assert (record["episode"], record["speakers"]) == ("chat-2020", ["Ada", "Bob"])
    assert "title: A chat" in (workspace / "transcripts" / "chat-2020.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--id", "bad id!"], "episode id 'bad id!' must start with a letter or digit"),
        (["--format", "docx"], "unknown format 'docx'"),
        (["second.srt", "--id", "one"], "--id names one episode"),
    ],
)
def test_bad_options_are_one_line_errors(workspace, tmp_path, capsys, arguments, message):
    source = tmp_path / "a.srt"
    source.write_text(SRT, encoding="utf-8")
    code, out, err = _run(capsys, "import", str(source), *arguments)
    assert code == 2 and out == ""
    assert err.startswith("annotate: error: ") and message in err and err.count("\n") == 1


def test_two_files_with_one_id_in_one_command(workspace, tmp_path, capsys):
    srt = tmp_path / "same.srt"
    srt.write_text(SRT, encoding="utf-8")
    vtt = tmp_path / "same.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(srt), str(vtt), "--replace", "--json")
    records = json.loads(out)
    assert code == 2
    assert records[0]["episode"] == "same"
    assert "just imported from" in records[1]["error"]
    assert "Hello there." in (workspace / "transcripts" / "same.vtt").read_text(encoding="utf-8")


def test_warnings_go_to_stderr_without_json(workspace, tmp_path, capsys):
    source = tmp_path / "backwards.vtt"
    source.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhi\n", encoding="utf-8")
    code, out, err = _run(capsys, "import", str(source))
    assert code == 0
    assert out == f"{source} -> backwards: 1 cue, 0:05, no speakers\n"
    assert err == f"annotate: warning: {source}:3: cue ends (00:00:04.000) before it starts; end set to start\n"


def test_replace_reanchors_annotations_and_lists_the_orphaned(workspace, tmp_path, capsys):
    from annotate.core.anchoring import new_annotation
    from tests.annotation_helpers import store_of
    from annotate.core.workspace import Workspace

    first = tmp_path / "talk.srt"
    first.write_text(SRT, encoding="utf-8")
    assert _run(capsys, "import", str(first))[0] == 0
    opened = Workspace(workspace)
    transcript = opened.load_transcript("talk")
    start = transcript.text.index("Hi Ada.")
    kept = new_annotation(transcript, 0, len("Hello there."), ["greeting"])
    lost = new_annotation(transcript, start, start + len("Hi Ada."), ["greeting"])
    store = store_of(opened)
    store.add_annotation(kept)
    store.add_annotation(lost)
    corrected = tmp_path / "talk.vtt"
    corrected.write_text("WEBVTT\n\n00:00:01.200 --> 00:00:03.000\n<v Ada>Well, hello there.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(corrected), "--replace", "--json")
    assert code == 0
    [warning] = json.loads(out)[0]["warnings"]
    assert f"annotation {lost.id}" in warning and "orphaned" in warning
    statuses = {annotation.id: annotation.status for annotation in store_of(Workspace(workspace)).annotations("talk")}
    assert statuses == {kept.id: "ok", lost.id: "orphaned"}


def test_a_folder_or_missing_file_is_a_clean_error(workspace, tmp_path, capsys):
    code, out, _ = _run(capsys, "import", str(tmp_path), str(tmp_path / "missing.srt"), "--json")
    records = json.loads(out)
    assert code == 2
    assert records[0]["error"].startswith(f"{tmp_path}: ")
    assert records[1]["error"] == f"{tmp_path / 'missing.srt'}: No such file or directory"
