"""Every export format from the sample workspace: what a spreadsheet, a QDA tool, a web annotator or a podcast app would read."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile

import pytest
import yaml

from annotate.cli import main
from annotate.core.workspace import init_workspace
from annotate.core.writers import writer_names, writers

KUO = "interview-kaiser-kuo-2018"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A copy of the sample workspace (nine episodes, 122 annotations), with one media url set."""
    root = init_workspace(tmp_path_factory.mktemp("sample") / "ws", sample=True)
    assert main(["--workspace", str(root), "media", KUO, "https://media.example.org/kuo.mp3"]) == 0
    return root


def export(sample, capsysbinary, *arguments) -> tuple[int, bytes, str]:
    code = main(["--workspace", str(sample), "export", *arguments])
    captured = capsysbinary.readouterr()
    return code, captured.out, captured.err.decode()


def yaml_records(sample, capsysbinary, *arguments) -> list[dict]:
    code, out, _ = export(sample, capsysbinary, *arguments)
    assert code == 0
    return yaml.safe_load(out)["quotes"]


def test_the_registry_names_each_format_once_with_its_extension():
    names = writer_names()
    assert names[0] == "yaml"
    assert set(names) == {"yaml", "json", "csv", "md", "w3c", "qdc", "qdpx", "chapters", "srt", "vtt"}
    assert {name for name, writer in writers().items() if writer.binary} == {"qdpx"}
    assert writers()["qdpx"].extension == "qdpx" and writers()["w3c"].extension == "jsonld"


def test_csv_parses_back_to_the_same_records_as_the_yaml(sample, capsysbinary):
    expected = yaml_records(sample, capsysbinary)
    code, out, _ = export(sample, capsysbinary, "--format", "csv")
    assert code == 0
    text = out.decode("utf-8")
    assert text.startswith("\ufeffid,episode,") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    parsed = []
    for row in rows:
        record = dict(row)
        record["tags"] = record["tags"].split("; ") if record["tags"] else []
        record["start_seconds"] = float(record["start_seconds"])
        record["end_seconds"] = float(record["end_seconds"])
        record["speaker"] = record["speaker"] or None
        record["link"] = record["link"] or None
        parsed.append(record)
    assert len(parsed) == len(expected) > 100
    assert parsed == expected


def test_csv_keeps_a_formula_out_of_a_spreadsheet(tmp_path, capsysbinary):
    from annotate.core.export import TaggedQuote
    from annotate.core.model import Taxonomy
    from annotate.core.writers import ExportData, get_writer

    quote = TaggedQuote("a1", "ep", "T", "S", 0, 1000, '=HYPERLINK("x")', ["t"], "+1 agreed, \"quoted\"", "lena")
    rows = list(csv.reader(io.StringIO(get_writer("csv").write(ExportData([quote], Taxonomy())).lstrip("\ufeff"))))
    assert rows[1][8] == "'=HYPERLINK(\"x\")" and rows[1][10] == "'+1 agreed, \"quoted\""


def test_markdown_brief_groups_by_tag_or_episode(sample, capsysbinary):
    _, by_tag, _ = export(sample, capsysbinary, "--format", "md", "--episode", KUO)
    brief = by_tag.decode()
    assert brief.startswith("# Tagged quotes\n")
    assert "## Western tech anxiety (tech-anxiety)" in brief
    assert "> — **Kaiser Kuo**, [1:27](https://media.example.org/kuo.mp3#t=87.855,100.208)" in brief
    _, by_episode, _ = export(sample, capsysbinary, "--format", "md", "--group-by", "episode")
    sections = [line for line in by_episode.decode().splitlines() if line.startswith("## ")]
    assert len(sections) == 9 and "## Kaiser Kuo on Western anxiety about China's Social Credit System" in sections


def test_web_annotation_has_the_w3c_context_and_selectors_per_annotation(sample, capsysbinary):
    from annotate.core.workspace import Workspace

    quote_count = len(yaml_records(sample, capsysbinary))
    _, out, _ = export(sample, capsysbinary, "--format", "w3c")
    collection = json.loads(out)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == quote_count
    workspace = Workspace(sample)
    for item in items:
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        selectors = {selector["type"]: selector for selector in targets[0]["selector"]}
        episode = targets[0]["source"].rsplit(":", 1)[1]
        text = workspace.load_transcript(episode).text
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert any(body["purpose"] == "tagging" for body in item["body"])
        if episode == KUO:
            assert targets[1]["selector"]["type"] == "FragmentSelector"
            assert targets[1]["selector"]["value"].startswith("t=") and targets[1]["source"] == "https://media.example.org/kuo.mp3"
        else:
            assert len(targets) == 1
    noted = [item for item in items if any(body["purpose"] == "commenting" for body in item["body"])]
    assert noted, "the sample has notes; they must be bodies"


def test_chapters_are_for_one_episode(sample, capsysbinary):
    quote_count = len(yaml_records(sample, capsysbinary, "--episode", KUO))
    code, out, _ = export(sample, capsysbinary, "--format", "chapters", "--episode", KUO)
    assert code == 0
    document = json.loads(out)
    assert document["version"] == "1.2.0"
    starts = [chapter["startTime"] for chapter in document["chapters"]]
    assert starts == sorted(starts) and len(starts) == quote_count
    assert document["chapters"][0]["url"].startswith("https://media.example.org/kuo.mp3#t=")
    code, _, err = export(sample, capsysbinary, "--format", "chapters")
    assert code == 2 and err.startswith("annotate: error: chapters are for one episode") and err.count("\n") == 1


@pytest.mark.parametrize("format", ["srt", "vtt"])
def test_subtitles_of_the_tagged_passages_read_back_with_webvtt_py(sample, capsysbinary, tmp_path, format):
    import webvtt

    records = yaml_records(sample, capsysbinary, "--episode", KUO)
    target = tmp_path / f"kuo.{format}"
    assert export(sample, capsysbinary, "--format", format, "--episode", KUO, "-o", str(target))[0] == 0
    captions = webvtt.from_srt(str(target)) if format == "srt" else webvtt.read(str(target))
    assert [(caption.start, caption.end) for caption in captions] == [(r["start"], r["end"]) for r in records]
    assert captions[0].text.splitlines()[0] == "[tech-anxiety]"
    assert records[0]["quote"] in captions[0].text
    # Several episodes in one subtitle file would make its times run backwards: refused.
    code, out, err = export(sample, capsysbinary, "--format", format)
    assert code == 2 and err.startswith("annotate: error: subtitles are for one episode") and out == b""


def test_qdc_validates_against_the_refi_codebook_schema(sample, capsysbinary, corpus):
    import xmlschema

    code, out, _ = export(sample, capsysbinary, "--format", "qdc")
    assert code == 0
    schema = xmlschema.XMLSchema(str(corpus / "refi-qda" / "Codebook.xsd"))
    schema.validate(out.decode())
    document = schema.to_dict(out.decode())
    top = document["Codes"]["Code"]
    assert [code["@name"] for code in top] == ["Takeaways", "Themes"]
    assert len(top[0]["Code"]) == 6 and top[0]["Code"][0]["@color"] == "#e67e22"


def test_qdpx_validates_against_the_refi_project_schema(sample, capsysbinary, corpus, tmp_path):
    import xmlschema

    records = yaml_records(sample, capsysbinary)
    target = tmp_path / "sample.qdpx"
    assert export(sample, capsysbinary, "--format", "qdpx", "-o", str(target))[0] == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        project = archive.read("project.qde").decode()
        assert len([name for name in names if name.startswith("Sources/") and name.endswith(".txt")]) == 9
    schema = xmlschema.XMLSchema(str(corpus / "refi-qda" / "Project-mrt2019.xsd"))
    schema.validate(project)
    document = schema.to_dict(project)
    assert sorted(user["@name"] for user in document["Users"]["User"]) == sorted({r["annotator"] for r in records})
    selections = [s for source in document["Sources"]["TextSource"] for s in source.get("PlainTextSelection", [])]
    assert len(selections) == len(records)
    # Exporting again gives the same bytes: the file can live in git.
    again = tmp_path / "again.qdpx"
    assert export(sample, capsysbinary, "--format", "qdpx", "-o", str(again))[0] == 0
    assert again.read_bytes() == target.read_bytes()


def test_an_empty_taxonomy_gives_a_project_without_codes_but_no_codebook(tmp_path, capsysbinary, corpus):
    import xmlschema

    root = init_workspace(tmp_path / "uncoded")
    transcript = tmp_path / "talk.vtt"
    transcript.write_text("WEBVTT\n\n00:00.000 --> 00:04.000\n<v Ann>Nothing here has been coded yet.\n")
    target, codebook = tmp_path / "uncoded.qdpx", tmp_path / "uncoded.qdc"
    # With nothing at all, neither file is worth writing.
    code, _, err = export(root, capsysbinary, "--format", "qdpx", "-o", str(target))
    assert code == 2 and err.count("\n") == 1 and "nothing to export" in err and not target.exists()
    assert main(["--workspace", str(root), "import", str(transcript)]) == 0
    capsysbinary.readouterr()

    # A codebook with no codes is pointless (and invalid REFI-QDA): refused, pointing at the project.
    code, out, err = export(root, capsysbinary, "--format", "qdc", "-o", str(codebook))
    assert code == 2 and out == b"" and err.count("\n") == 1 and not codebook.exists()
    assert "needs at least one code" in err and "--format qdpx" in err
    # A project of transcripts to code in the QDA tool is valid REFI-QDA: written, with a warning.
    code, _, err = export(root, capsysbinary, "--format", "qdpx", "-o", str(target))
    assert code == 0 and "annotate: warning: the taxonomy has no tags" in err
    with zipfile.ZipFile(target) as archive:
        project = archive.read("project.qde").decode()
        assert [name for name in archive.namelist() if name.startswith("Sources/")] != []
    schema = xmlschema.XMLSchema(str(corpus / "refi-qda" / "Project-mrt2019.xsd"))
    schema.validate(project)
    document = schema.to_dict(project)
    assert "CodeBook" not in document and document["Sources"]["TextSource"][0]["@name"] == "talk"


def test_a_binary_format_is_not_written_to_a_terminal(sample, capsysbinary, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = export(sample, capsysbinary, "--format", "qdpx")
    assert code == 2 and out == b"" and "give -o FILE" in err


def test_export_to_a_fifo_is_refused_and_the_fifo_left_alone(sample, capsysbinary, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = export(sample, capsysbinary, "-o", str(fifo))
    assert code == 2 and out == b""
    assert err == f"annotate: error: {fifo}: is a named pipe (FIFO), not a regular file; refusing to write to it\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_to_a_character_device_is_refused_and_the_device_left_alone(sample, capsysbinary):
    before = os.stat("/dev/null")
    code, _, err = export(sample, capsysbinary, "--format", "csv", "-o", "/dev/null")
    assert code == 2 and "is a device, not a regular file" in err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_export_replaces_a_regular_file(sample, capsysbinary, tmp_path):
    target = tmp_path / "quotes.csv"
    target.write_text("old")
    assert export(sample, capsysbinary, "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8-sig").startswith("id,episode,")
