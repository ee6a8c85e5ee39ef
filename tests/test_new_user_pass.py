"""What a new user meets on the sample: conflicting flags refused, footers that count what is shown, install hints."""

from __future__ import annotations

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
