"""REFI-QDA in: real sample projects import, annotate -> .qdpx -> annotate is lossless, bad files import nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from annotate.cli import main
from annotate.core.taxonomy import load_taxonomy
from annotate.core.workspace import Workspace, init_workspace

PROJECT = "urn:QDA-XML:project:1.0"
SOURCE_GUID = "11111111-2222-3333-4444-555555555555"
CODE_GUID = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"
USER_GUID = "99999999-8888-7777-6666-555555555555"


def run(root, capsys, *arguments):
    code = main(["--workspace", str(root), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the workspace but the caches and locks, with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".annotate" not in path.parts
    }


@pytest.fixture
def empty(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return init_workspace(tmp_path / "empty")


def project_xml(selection='startPosition="6" endPosition="11"', code=f'<Code guid="{CODE_GUID}" name="Greeting" isCodable="true" color="#ff0000"/>', extra="") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT}" name="t">
  <Users><User guid="{USER_GUID}" name="Ada"/></Users>
  <CodeBook><Codes>{code}</Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE_GUID}" name="Interview one.txt" plainTextPath="internal://{SOURCE_GUID}.txt">
      <PlainTextSelection guid="{USER_GUID[:-1]}0" {selection} creatingUser="{USER_GUID}">
        <Coding guid="{USER_GUID[:-1]}1" creatingUser="{USER_GUID}"><CodeRef targetGUID="{CODE_GUID}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>{extra}
</Project>
"""


def make_qdpx(path: Path, project: str | bytes, entries: dict[str, bytes] | None = None, project_name="project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(project_name, project)
        for name, data in (entries if entries is not None else {f"Sources/{SOURCE_GUID}.txt": b"Hello world, said the first line.\nAnd a second line here."}).items():
            archive.writestr(name, data)
    return path


def test_a_foreign_project_imports_its_codes_text_and_codings(empty, capsys, tmp_path):
    source = make_qdpx(tmp_path / "p.qdpx", project_xml())
    code, out, err = run(empty, capsys, "import", str(source))
    assert (code, err) == (0, "")
    assert out == f"{source} -> 1 new tag(s), 1 episode(s), 1 annotation(s) by Ada\n"
    workspace = Workspace(empty)
    assert [(tag.id, tag.label, tag.color) for tag in load_taxonomy(workspace).tags] == [("greeting", "Greeting", "#ff0000")]
    transcript = workspace.load_transcript("interview-one")
    assert [cue.text for cue in transcript.cues] == ["Hello world, said the first line.", "And a second line here."]
    code, out, _ = run(empty, capsys, "export", "--format", "json")
    import json

    [quote] = json.loads(out)["quotes"]
    assert (quote["quote"], quote["tags"], quote["annotator"]) == ("world", ["greeting"], "Ada")


def test_the_sample_qdpx_and_qde_import_their_codebook_and_say_what_they_leave_out(empty, capsys, corpus):
    samples = corpus / "refi-qda" / "samples"
    code, out, err = run(empty, capsys, "import", str(samples / "TestProject.qdpx"))
    assert code == 0
    assert "14 new tag(s), 0 episode(s)" in out
    tags = {tag.id: tag for tag in load_taxonomy(Workspace(empty)).tags}
    assert tags["diet-coke"].parent == "coke" and tags["diet-coke"].label == "diet Coke"
    assert tags["feelings"].description == "thoughts about breakfast foods"
    assert tags["rushed"].label == '"rushed"'
    # The archive holds no source texts (its Sources/ is empty): each source is named, with its codings.
    assert "source 'Mabel.txt' not imported: its text (Sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt) is not in the project; 3 codings on it left out" in err
    assert "2 PDF sources not imported (annotate holds text transcripts); 6 codings on them left out" in err
    # The same codebook again (the bare project.qde) adds nothing new.
    code, out, _ = run(empty, capsys, "import", str(samples / "Project.qde"))
    assert code == 0 and "0 new tag(s) (14 already there)" in out


def test_annotate_to_qdpx_and_back_keeps_every_tag_passage_annotator_and_note(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    sample = init_workspace(tmp_path / "sample", sample=True)
    run(sample, capsys, "media", "interview-kaiser-kuo-2018", "https://media.example.org/kuo.mp3")
    archive = tmp_path / "sample.qdpx"
    assert run(sample, capsys, "export", "--format", "qdpx", "-o", str(archive))[0] == 0
    copy = init_workspace(tmp_path / "copy")
    code, out, err = run(copy, capsys, "import", str(archive))
    import yaml

    records = yaml.safe_load(run(sample, capsys, "export")[1])["quotes"]
    annotators = ", ".join(sorted({record["annotator"] for record in records}))
    assert (code, err) == (0, "") and f"15 new tag(s), 9 episode(s), {len(records)} annotation(s) by {annotators}" in out
    # Every annotation file and transcript comes back byte for byte; the taxonomy with the same tags.
    for folder in ("annotations", "transcripts"):
        for path in sorted((sample / folder).glob("*.*")):
            if path.name != "taxonomy.yaml" and not path.name.startswith("."):
                assert (copy / folder / path.name).read_bytes() == path.read_bytes(), path.name
    assert load_taxonomy(Workspace(copy)).tags == load_taxonomy(Workspace(sample)).tags
    assert run(copy, capsys, "export")[1] == run(sample, capsys, "export")[1]
    assert run(copy, capsys, "check")[0] == 0


def test_a_codebook_imports_into_the_taxonomy_and_keeps_ids_it_knows(empty, capsys, tmp_path, monkeypatch):
    sample = init_workspace(tmp_path / "sample", sample=True)
    codebook = tmp_path / "codes.qdc"
    assert run(sample, capsys, "export", "--format", "qdc", "-o", str(codebook))[0] == 0
    code, out, _ = run(empty, capsys, "import", str(codebook))
    assert code == 0 and "15 new tag(s)" in out
    tags = load_taxonomy(Workspace(empty)).tags
    # A fresh workspace makes ids from the names; the hierarchy and colours come along.
    assert ("fraud-corruption-and-credit", "takeaways", "#e67e22") in [(tag.id, tag.parent, tag.color) for tag in tags]
    # Into the workspace it came from: every code is a tag already there, and nothing changes.
    before = snapshot(sample)
    code, out, _ = run(sample, capsys, "import", str(codebook))
    assert code == 0 and "0 new tag(s) (15 already there)" in out
    assert snapshot(sample) == before


BAD_PROJECTS = {
    "malformed XML": (project_xml().replace("</Sources>", "</Source>"), "project.qde:11: not well-formed XML: mismatched tag"),
    "coding of a missing code": (project_xml(code=f'<Code guid="{CODE_GUID[:-1]}F" name="Other" isCodable="true"/>'), f"project.qde:8: <Coding> refers to code {CODE_GUID}, which is not in the codebook"),
    "selection past the text": (project_xml(selection='startPosition="5" endPosition="900"'), "project.qde:7: <PlainTextSelection> runs from 5 to 900, outside its source's 57 characters"),
    "position not a number": (project_xml(selection='startPosition="five" endPosition="9"'), "project.qde:7: <PlainTextSelection> startPosition 'five' is not a whole number"),
    "code without a name": (project_xml(code=f'<Code guid="{CODE_GUID}" isCodable="true"/>'), "project.qde:4: <Code> has no name"),
    "entity expansion": ('<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "aaaa">]>\n' + project_xml().split("\n", 1)[1], "project.qde:2: refused: a document type declaration (DTD)"),
    "not a project": ('<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "project.qde:2: not a REFI-QDA project: the root element is 'CodeBook'"),
}


@pytest.mark.parametrize("case", sorted(BAD_PROJECTS))
def test_a_bad_project_is_one_line_naming_the_entry_and_imports_nothing(empty, capsys, tmp_path, case):
    project, message = BAD_PROJECTS[case]
    source = make_qdpx(tmp_path / "bad.qdpx", project)
    before = snapshot(empty)
    code, out, err = run(empty, capsys, "import", str(source))
    assert code == 2 and out == ""
    assert err.startswith(f"annotate: error: {source}:{message}") and err.count("\n") == 1, err
    assert snapshot(empty) == before


def test_a_source_that_would_overwrite_an_episode_imports_nothing_at_all(empty, capsys, tmp_path):
    source = make_qdpx(tmp_path / "p.qdpx", project_xml())
    assert run(empty, capsys, "import", str(source))[0] == 0
    before = snapshot(empty)
    second = make_qdpx(tmp_path / "q.qdpx", project_xml(code=f'<Code guid="{CODE_GUID}" name="Greeting" isCodable="true"/><Code guid="{CODE_GUID[:-1]}F" name="New code" isCodable="true"/>'))
    code, _, err = run(empty, capsys, "import", str(second))
    assert code == 2 and "would be episode 'interview-one', which the workspace has already; nothing imported" in err
    assert snapshot(empty) == before  # not even the new code joined the taxonomy


def test_hostile_archives_are_refused_without_writing_anything(empty, capsys, tmp_path):
    before = snapshot(empty)
    cases = {
        "traversal": make_qdpx(tmp_path / "t.qdpx", project_xml(), {"../../evil.txt": b"x", f"Sources/{SOURCE_GUID}.txt": b"Hello world"}),
        "absolute": make_qdpx(tmp_path / "a.qdpx", project_xml(), {"/etc/evil": b"x"}),
        "bomb": make_qdpx(tmp_path / "b.qdpx", project_xml(), {f"Sources/{SOURCE_GUID}.txt": b"\0" * (8 * 1024 * 1024)}),
        "not a zip": tmp_path / "n.qdpx",
        "no project": make_qdpx(tmp_path / "e.qdpx", b"", {}, project_name="readme.txt"),
    }
    cases["not a zip"].write_bytes(b"PK\x03\x04 but not really a zip")
    expected = {
        "traversal": "entry '../../evil.txt' has a path that leads out of the archive; refused",
        "absolute": "entry '/etc/evil' has a path that leads out of the archive; refused",
        "bomb": "inflates more than 200 times; refused (a zip bomb?)",
        "not a zip": "not a .qdpx (zip) archive",
        "no project": "no project.qde in the archive",
    }
    for case, path in cases.items():
        code, _, err = run(empty, capsys, "import", str(path))
        assert code == 2 and expected[case] in err and err.count("\n") == 1, (case, err)
    assert snapshot(empty) == before


def test_a_source_path_outside_the_archive_is_never_read(empty, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret words")
    project = project_xml().replace(f'plainTextPath="internal://{SOURCE_GUID}.txt"', f'plainTextPath="absolute://{secret}"')
    code, out, err = run(empty, capsys, "import", str(make_qdpx(tmp_path / "p.qdpx", project)))
    assert code == 0 and "0 episode(s)" in out
    assert "is outside the project and is not read; 1 coding on it left out" in err
    assert not list(Workspace(empty).transcripts_dir.glob("*.vtt"))


def test_import_media_and_the_media_command_make_export_links_real(empty, capsys, corpus, tmp_path):
    vtt = corpus / "real-transcripts" / "podcast-namespace" / "example.vtt"
    code, _, err = run(empty, capsys, "import", str(vtt), "--id", "ep", "--media", "https://cdn.example.org/ep.mp3")
    assert code == 0, err
    assert run(empty, capsys, "media", "ep")[1] == "https://cdn.example.org/ep.mp3\n"
    assert run(empty, capsys, "tag", "ep", "--from", "0", "--to", "3", "--tag", "x")[0] == 2  # no such tag yet
    run(empty, capsys, "taxonomy", "add", "x")
    assert run(empty, capsys, "tag", "ep", "--from", "0", "--to", "3", "--tag", "x", "--annotator", "ada")[0] == 0
    import yaml

    [quote] = yaml.safe_load(run(empty, capsys, "export")[1])["quotes"]
    assert quote["link"].startswith("https://cdn.example.org/ep.mp3#t=")
    code, _, err = run(empty, capsys, "media", "ep", "not a url")
    assert code == 2 and err == (
        "annotate: error: media url 'not a url' must be an absolute http://, https:// or file:// address, "
        "or an absolute file path\n"
    )
    # A file on this machine may be named by its absolute path; it is kept as its file:// address.
    assert run(empty, capsys, "media", "ep", "/srv/audio/first episode.mp3")[0] == 0
    assert run(empty, capsys, "media", "ep")[1] == "file:///srv/audio/first%20episode.mp3\n"
    assert yaml.safe_load(run(empty, capsys, "export")[1])["quotes"][0]["link"].startswith(
        "file:///srv/audio/first%20episode.mp3#t="
    )
    assert run(empty, capsys, "media", "ep", "--clear")[0] == 0
    assert yaml.safe_load(run(empty, capsys, "export")[1])["quotes"][0]["link"] is None


def test_transcript_options_with_a_refi_file_are_refused(empty, capsys, tmp_path):
    source = make_qdpx(tmp_path / "p.qdpx", project_xml())
    code, _, err = run(empty, capsys, "import", str(source), "--title", "T", "--media", "https://x.org/a.mp3")
    assert code == 2 and err == f"annotate: error: {source}: --title, --media: for transcripts only, not for a REFI-QDA file\n"
    assert not list(Workspace(empty).transcripts_dir.glob("*.vtt"))


def test_new_codes_join_after_the_taxonomy_leaving_its_own_lines_alone(tmp_path, capsys, corpus, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    sample = init_workspace(tmp_path / "sample", sample=True)
    before = (sample / "annotations" / "taxonomy.yaml").read_text()
    code, out, _ = run(sample, capsys, "import", str(corpus / "refi-qda" / "samples" / "Project.qde"))
    assert code == 0 and "14 new tag(s)" in out
    after = (sample / "annotations" / "taxonomy.yaml").read_text()
    assert after.startswith(before) and "- id: diet-coke\n  label: diet Coke\n" in after
    assert "color: '#f00082'" in after  # REFI's upper-case colours, in the codebook's one form


def test_a_qdpx_imports_into_a_postgresql_workspace_all_or_nothing(tmp_path, capsys, postgres_url, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    sample = init_workspace(tmp_path / "sample", sample=True)
    archive = tmp_path / "sample.qdpx"
    assert run(sample, capsys, "export", "--format", "qdpx", "-o", str(archive))[0] == 0
    assert main(["init", postgres_url]) == 0
    capsys.readouterr()
    bad = make_qdpx(tmp_path / "bad.qdpx", project_xml(selection='startPosition="5" endPosition="900"'))
    code, _, err = run(postgres_url, capsys, "import", str(bad))
    assert code == 2 and "outside its source's 57 characters" in err
    assert run(postgres_url, capsys, "list", "--json")[1].strip() == "[]"
    assert run(postgres_url, capsys, "taxonomy", "list", "--json")[1].strip() == "[]"
    code, _, err = run(postgres_url, capsys, "import", str(archive))
    assert (code, err) == (0, "")
    assert run(postgres_url, capsys, "export")[1] == run(sample, capsys, "export")[1]
