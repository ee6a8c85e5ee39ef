"""What a new user meets on the sample: conflicting flags refused, footers that count what is shown, install hints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotate.cli import main


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    folder = tmp_path / "sample"
    assert main(["init", str(folder), "--sample"]) == 0
    capsys.readouterr()
    return folder


def test_export_refuses_json_with_another_format_instead_of_ignoring_one(sample: Path, capsys):
    code = main(["--workspace", str(sample), "export", "--format", "csv", "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("annotate: error:") and err.count("\n") == 1 and "--format csv" in err
    assert main(["--workspace", str(sample), "export", "--format", "json", "--json"]) == 0
    assert capsys.readouterr().out.startswith("{")


def test_stats_footer_counts_the_passages_of_the_chosen_tags(sample: Path, capsys):
    assert main(["--workspace", str(sample), "stats", "--tag", "deadline-2020"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = int(lines[1].split()[-1])
    assert lines[-1].startswith(f"{shown} passage(s)")
    assert main(["--workspace", str(sample), "stats"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("150 passage(s)")


def test_serve_without_textual_serve_says_how_to_install_it(sample: Path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code = main(["--workspace", str(sample), "serve"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "python -m pip install 'annotate[serve]'" in err


def test_match_all_places_without_tag_is_refused_rather_than_tagging_nothing(sample: Path, capsys):
    code = main(["--workspace", str(sample), "match", "--all-places", "a patchwork of lists and local schemes"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("annotate: error:") and "--tag" in err and err.count("\n") == 1


def test_agreement_with_one_annotator_named_twice_says_so(sample: Path, capsys):
    code = main(["--workspace", str(sample), "agreement", "--annotators", "lena", "LENA"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "'lena', 'LENA' name one annotator" in err


def one_error_line(code: int, out: str, err: str) -> str:
    """The error line of a refused command: exit 2, nothing on stdout, one line on stderr."""
    assert code == 2 and out == "", (code, out, err)
    assert err.startswith("annotate: error:") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("option", ["--speaker", "--annotator"])
def test_export_with_a_speaker_or_annotator_found_nowhere_is_an_error_not_an_empty_file(sample: Path, capsys, option):
    target = sample.parent / "quotes.yaml"
    code = main(["--workspace", str(sample), "export", option, "Nobody", "-o", str(target)])
    err = one_error_line(code, *capsys.readouterr())
    assert "'Nobody'" in err and not target.exists()
    known = "Kaiser Kuo" if option == "--speaker" else "lena, tomas"
    assert known in err  # the names there are, to pick from


def test_export_speaker_and_annotator_filters_still_ignore_case_and_narrow(sample: Path, capsys):
    assert main(["--workspace", str(sample), "export", "--speaker", "kaiser kuo", "--annotator", "LENA", "--format", "json"]) == 0
    quotes = json.loads(capsys.readouterr().out)["quotes"]
    assert quotes and {(quote["speaker"], quote["annotator"]) for quote in quotes} == {("Kaiser Kuo", "lena")}


def test_export_by_a_speaker_of_a_transcript_nobody_quoted_is_empty_not_an_error(sample: Path, capsys):
    # "Moderator" speaks in the Sinica transcript but no annotation quotes the moderator.
    assert main(["--workspace", str(sample), "export", "--speaker", "Moderator", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"] == []


@pytest.mark.parametrize("format_name", ["yaml", "json", "csv", "w3c", "qdpx", "qdc", "chapters"])
def test_group_by_is_refused_by_formats_that_do_not_group_instead_of_ignored(sample: Path, capsys, format_name):
    target = sample.parent / f"quotes.{format_name}"
    code = main(["--workspace", str(sample), "export", "--format", format_name, "--group-by", "episode", "-o", str(target)])
    err = one_error_line(code, *capsys.readouterr())
    assert format_name in err and "--group-by is for md" in err and not target.exists()


def test_group_by_still_groups_the_markdown_brief(sample: Path, capsys):
    assert main(["--workspace", str(sample), "export", "--format", "md", "--group-by", "episode"]) == 0
    by_episode = [line for line in capsys.readouterr().out.splitlines() if line.startswith("## ")]
    assert main(["--workspace", str(sample), "export", "--format", "md"]) == 0
    by_tag = [line for line in capsys.readouterr().out.splitlines() if line.startswith("## ")]
    assert "## Kaiser Kuo on Western anxiety about China's Social Credit System" in by_episode
    assert "## Public reception (public-reception)" in by_tag and set(by_episode).isdisjoint(by_tag)


def test_match_annotator_without_tag_is_refused_rather_than_ignored(sample: Path, capsys):
    code = main(["--workspace", str(sample), "match", "--annotator", "omar", "a patchwork of lists and local schemes"])
    err = one_error_line(code, *capsys.readouterr())
    assert "--annotator" in err and "--tag" in err


@pytest.mark.parametrize(
    "url", ["annotate.example.org", "ftp://annotate.example.org", "https://", "http://host:99999", "https://host/?a=1", "https://a b"]
)
def test_serve_refuses_a_malformed_public_url_before_listening(sample: Path, capsys, url):
    # A host that cannot be served on: were the url not checked first, serving fails at once anyway.
    err = one_error_line(main(["--workspace", str(sample), "serve", "--host", "256.0.0.1", "--public-url", url]), *capsys.readouterr())
    assert "public url" in err


def test_serve_public_url_hides_a_password_and_keeps_a_path_prefix():
    from annotate.core.errors import AnnotateError
    from annotate.core.public_url import check_public_url

    assert check_public_url("https://annotate.example.org/team/") == "https://annotate.example.org/team"
    assert check_public_url("http://[::1]:8080") == "http://[::1]:8080"
    with pytest.raises(AnnotateError) as refused:
        check_public_url("https://lena:s3cret@annotate.example.org")
    assert "s3cret" not in str(refused.value)


def test_taxonomy_list_keeps_its_columns_in_line_for_deep_and_long_ids(sample: Path, capsys):
    workspace = ["--workspace", str(sample)]
    parent = "takeaways"
    for depth, name in enumerate(["a-rather-long-subcategory-id", "an-even-longer-nested-category-id", "deepest-and-longest-tag-id-of-them-all"]):
        assert main([*workspace, "taxonomy", "add", name, "--parent", parent, "--label", f"Level {depth}"]) == 0
        parent = name
    capsys.readouterr()
    assert main([*workspace, "taxonomy", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 18
    # Every label starts in the same column (so every right-aligned count ends in one too).
    label_columns = {len(line) - len(line.split("  ")[-1]) for line in lines}
    assert len(label_columns) == 1, lines
    deepest = next(line for line in lines if "deepest-and-longest-tag-id-of-them-all" in line)
    assert deepest.split()[-3:] == ["0", "Level", "2"]


def test_copy_refuses_a_source_folder_that_is_not_a_workspace_and_makes_nothing(sample: Path, tmp_path: Path, capsys):
    (tmp_path / "photos" / "2019").mkdir(parents=True)
    destination = tmp_path / "copy"
    err = one_error_line(main(["copy", str(tmp_path / "photos"), str(destination)]), *capsys.readouterr())
    assert "photos: is not a workspace" in err and not destination.exists()


def test_an_empty_workspace_location_is_refused_not_taken_for_the_current_folder(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.chdir(sample)  # a workspace: "" used to copy this very folder
    destination = tmp_path / "copy"
    for arguments in (["copy", "", str(destination)], ["copy", str(sample), ""], ["--workspace", "", "list"], ["init", ""]):
        err = one_error_line(main(arguments), *capsys.readouterr())
        assert "location is empty" in err
    assert not destination.exists()
    assert main(["copy", ".", str(destination)]) == 0  # "." says it outright
    assert "Copied 9 episode(s)" in capsys.readouterr().out
