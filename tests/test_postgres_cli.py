"""The command line on a PostgreSQL workspace: the same output as on a folder, and copy both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.cli import main


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def samples(tmp_path: Path, postgres_url: str, capsys) -> tuple[str, str]:
    """The sample workspace twice: in a folder, and in the database (both by ``annotate init --sample``)."""
    folder = str(tmp_path / "sample")
    assert run(capsys, "init", folder, "--sample")[0] == 0
    code, out, _ = run(capsys, "init", postgres_url, "--sample")
    assert code == 0 and "Created a sample workspace" in out and "annotate:annotate@" not in out
    return folder, postgres_url


@pytest.mark.parametrize(
    "command",
    [
        ["list", "--json"],
        ["show", "webcast-scs-2020", "--json"],
        ["taxonomy", "list", "--json"],
        ["export"],
        ["export", "--tag", "takeaways", "--format", "json"],
        ["check", "--json"],
        ["match", "You can not prepare for a myth, but you can prepare for a customs audit", "--json"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_command_prints_the_same_on_a_folder_and_on_a_database(samples, capsys, command):
    folder, url = samples
    on_folder = run(capsys, "--workspace", folder, *command)
    on_database = run(capsys, "--workspace", url, *command)
    assert on_folder[0] == on_database[0]
    assert on_folder[1] == on_database[1]
    assert on_folder[1]


def test_search_finds_the_same_hits_on_a_folder_and_on_a_database(samples, capsys):
    folder, url = samples
    for query in ["punish", '"social credit" speaker:creemers', "tag:takeaways credit", "zurich", "reach*", "credit -sesame after:2019"]:
        hits = [
            {(hit["episode"], hit["cue"], hit["kind"], hit["annotation"]) for hit in json.loads(run(capsys, "--workspace", where, "search", query, "--limit", "500", "--json")[1])}
            for where in (folder, url)
        ]
        assert hits[0] == hits[1], query
        assert hits[0], query


def test_tagging_on_the_database_is_seen_by_the_next_command(samples, capsys):
    _, url = samples
    code, out, _ = run(capsys, "--workspace", url, "tag", "webcast-scs-2020", "--from", "0:10", "--to", "0:20",
                       "--tag", "media-myths", "--note", "from a script", "--json")
    assert code == 0
    saved = json.loads(out)

    exported = json.loads(run(capsys, "--workspace", url, "export", "--format", "json", "--episode", "webcast-scs-2020")[1])
    assert saved["id"] in {quote["id"] for quote in exported["quotes"]}
    assert [quote["note"] for quote in exported["quotes"] if quote["id"] == saved["id"]] == ["from a script"]


def test_copy_folder_to_database_and_back_gives_the_same_files(samples, tmp_path: Path, postgres_url: str, capsys):
    folder, _ = samples
    database = postgres_url.replace("search_path%3Dtest_", "search_path%3Dcopy_")
    back = tmp_path / "back"
    try:
        from annotate.core.store import open_workspace

        counted = sum(open_workspace(folder).annotation_counts()[0].values())
        code, out, _ = run(capsys, "copy", folder, database)
        assert code == 0 and f"Copied 9 episode(s), {counted} annotation(s)" in out
        assert run(capsys, "copy", database, str(back))[0] == 0
    finally:
        _drop_schema(database)

    originals = sorted(Path(folder, "annotations").glob("*.yaml"))
    assert len(originals) == 10
    for original in originals:
        assert (back / "annotations" / original.name).read_bytes() == original.read_bytes(), original.name
    for original in sorted(Path(folder, "transcripts").glob("*.vtt")):
        assert (back / "transcripts" / original.name).read_bytes() == original.read_bytes(), original.name


def test_copy_refuses_a_destination_that_holds_work(samples, tmp_path: Path, capsys):
    folder, url = samples
    code, _, err = run(capsys, "copy", folder, url)
    assert code == 2 and "already holds 9 episode(s)" in err and err.count("\n") == 1
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n")
    code, _, err = run(capsys, "copy", url, str(tmp_path / "taken"))
    assert code == 2 and "not an empty folder" in err
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine\n"


def test_a_database_that_cannot_be_reached_is_one_line_without_the_password(postgres_server: str, capsys):
    wrong = postgres_server.replace("annotate:annotate@", "annotate:not-the-password@", 1)
    code, out, err = run(capsys, "--workspace", wrong, "list")
    assert code == 2 and out == ""
    assert err.startswith("annotate: error:") and err.count("\n") == 1 and "not-the-password" not in err


def _drop_schema(url: str) -> None:
    import psycopg

    from annotate.core.store.postgres.connection import connect

    with connect(url) as connection:
        schema = connection.execute("SHOW search_path").fetchone()[0].split(",")[0].strip()
        if schema.startswith("copy_"):
            connection.execute(psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(psycopg.sql.Identifier(schema)))
