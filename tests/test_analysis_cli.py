"""`annotate stats` and `annotate agreement` on the sample: tables, JSON and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.cli import main

REPOSITORY = Path(__file__).resolve().parents[1]
DOUBLE_CODED = ["interview-kaiser-kuo-2018", "interview-manya-koetse-2018"]


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(REPOSITORY), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stats_json_counts_equal_the_exported_quotes_per_tag(capsys):
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and err == ""
    totals = {row["tag"]: row["total"] for row in json.loads(out)["tags"]}
    for tag in ("takeaways", "public-reception", "themes", "deadline-2020"):
        _code, exported, _err = run(capsys, "export", "--json", "--tag", tag)
        assert totals[tag] == len(json.loads(exported)["quotes"]), tag
    assert totals["takeaways"] > totals["public-reception"] > 0


def test_stats_by_annotator_with_cooccurrence_prints_a_table_and_a_matrix(capsys):
    code, out, _err = run(capsys, "stats", "--by", "annotator", "--tag", "takeaways", "--cooccur")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["tag", "total", "lena", "tomas"]
    assert lines[1].split()[0] == "takeaways" and lines[2].startswith("  fraud-and-credit")
    assert not any(line.lstrip().startswith("themes") for line in lines)
    assert any(line.startswith("Co-occurrence") for line in lines)
    assert any(line.startswith(" 1 fraud-and-credit") for line in lines)


def test_stats_json_by_episode_with_cooccurrence(capsys):
    code, out, _err = run(capsys, "stats", "--by", "episode", "--cooccur", "--json", "--episode", DOUBLE_CODED[0])
    document = json.loads(out)
    assert document["groups"] == [DOUBLE_CODED[0]]
    matrix = document["cooccurrence"]
    assert len(matrix["counts"]) == len(matrix["tags"]) and all(len(row) == len(matrix["tags"]) for row in matrix["counts"])


def test_agreement_json_is_only_json_and_shows_partial_agreement(capsys):
    arguments = ["agreement", "--annotators", "lena", "tomas", "--json"]
    for episode in DOUBLE_CODED:
        arguments += ["--episode", episode]
    code, out, err = run(capsys, *arguments)
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["unit"] == "word" and report["units"] > 3000
    assert 0.2 < report["overall"]["alpha"] < 0.8
    assert report["disagreements"][0]["codes"].keys() == {"lena", "tomas"}


def test_agreement_table_names_the_statistics_and_the_disagreements(capsys):
    code, out, _err = run(capsys, "agreement", "--annotators", "lena", "tomas", "--episode", DOUBLE_CODED[1], "--top", "2")
    assert code == 0
    assert out.splitlines()[0].startswith("lena, tomas on 1 episode(s)")
    assert "kappa" in out and "alpha" in out and "Where they disagree most:" in out
    assert out.count("words)") == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["agreement", "--annotators", "lena", "nobody"], "no annotations by 'nobody' (annotators: lena, tomas)"),
        (["agreement", "--annotators", "lena"], "agreement needs two annotators or more"),
        (["agreement", "--annotators", "lena", "tomas", "--episode", "nope"], "no episode 'nope'"),
        (["stats", "--tag", "takeaway"], "unknown tag 'takeaway'"),
        (["agreement", "--annotators", "lena", "tomas", "--top", "-1"], "--top must be 0 or more"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, arguments, message):
    code, out, err = run(capsys, *arguments)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("annotate: error: ") and message in err


def test_taxonomy_list_counts_include_the_children(capsys):
    code, out, _err = run(capsys, "taxonomy", "list", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    _code, exported, _err = run(capsys, "export", "--json", "--tag", "takeaways")
    assert rows["takeaways"]["count"] == len(json.loads(exported)["quotes"])
    assert rows["takeaways"]["own"] == 0
    assert rows["public-reception"]["count"] == rows["public-reception"]["own"] > 0


def test_stats_runs_without_loading_textual():
    script = (
        "import sys\nfrom annotate.cli import main\n"
        f"main(['--workspace', {str(REPOSITORY)!r}, 'agreement', '--annotators', 'lena', 'tomas', '--json'])\n"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stderr.strip().endswith("False")
