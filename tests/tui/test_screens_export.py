"""The export screen: the core writer's file appears on disk, filtered as the form says."""

from __future__ import annotations

import json
import zipfile

import pytest
import yaml
from textual.widgets import Select

from annotate.core.settings import export_folder
from annotate.tui.screens.export_screen import ExportScreen
from tests.tui.screen_host import PENDING, ScreenHost, annotate_passage, make_workspace, settle

SINICA = "sinica-social-credit-live-2018"
MANYA = "interview-manya-koetse-2018"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    workspace = make_workspace(tmp_path / "ws")
    annotate_passage(workspace, SINICA, "mostly about fraud and corruption", ["fraud-and-credit"])
    annotate_passage(workspace, SINICA, "Sesame Credit is a commercial score", ["sesame-credit-confusion"], "omar")
    annotate_passage(workspace, MANYA, "mostly positive", ["public-reception"])
    return workspace


def preview_of(app) -> str:
    return str(app.screen.query_one("#export-preview").render())


async def test_export_writes_every_quote_as_yaml(workspace):
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert preview_of(app).startswith("3 quotes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Export 3 quotes as yaml to" in str(app.screen.query_one("#question").render())
        await pilot.press("y")
        await settle(pilot)
    # Into the user's export folder (the tests' own), never the workspace.
    assert app.result == export_folder() / "quotes-all.yaml"
    assert not (workspace.root / "quotes-all.yaml").exists()
    document = yaml.safe_load(app.result.read_text())
    assert document["schema"] == "annotate/quotes@1"
    assert [(quote["episode"], quote["quote"]) for quote in document["quotes"]] == [
        (MANYA, "mostly positive"),
        (SINICA, "mostly about fraud and corruption"),
        (SINICA, "Sesame Credit is a commercial score"),
    ]


async def test_filters_and_json_format(workspace, tmp_path):
    app = ScreenHost(lambda: ExportScreen(workspace, episode=SINICA))
    target = tmp_path / "out" / "takeaways.json"
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#format", Select).value = "json"
        app.screen.query_one("#tags").focus()
        await pilot.press(*"takeaways")
        app.screen.query_one("#annotators").value = "Omar"
        app.screen.query_one("#path").value = str(target)
        await settle(pilot)
        assert preview_of(app).startswith("1 quote ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert app.result == target
    quotes = json.loads(target.read_text())["quotes"]
    assert [(quote["episode"], quote["annotator"], quote["tags"]) for quote in quotes] == [
        (SINICA, "omar", ["sesame-credit-confusion"])
    ]


async def test_group_by_is_offered_only_for_the_markdown_brief_and_groups_it(workspace, tmp_path):
    app = ScreenHost(lambda: ExportScreen(workspace))
    target = tmp_path / "brief.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        group_by = app.screen.query_one("#group-by", Select)
        assert group_by.disabled  # YAML, the default, lists quotes in episode then time order
        app.screen.query_one("#format", Select).value = "csv"
        await settle(pilot)
        assert group_by.disabled
        app.screen.query_one("#format", Select).value = "md"
        await settle(pilot)
        assert not group_by.disabled
        group_by.value = "episode"
        app.screen.query_one("#path").value = str(target)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert app.result == target
    headings = [line for line in target.read_text().splitlines() if line.startswith("## ")]
    assert len(headings) == 2 and not any("(fraud-and-credit)" in heading for heading in headings)


async def test_a_project_without_codes_is_written_and_the_user_told_so(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    uncoded = make_workspace(tmp_path / "uncoded")
    (uncoded.root / "annotations" / "taxonomy.yaml").write_text("schema: annotate/taxonomy@1\ntags: []\n")
    target = tmp_path / "uncoded.qdpx"
    app = ScreenHost(lambda: ExportScreen(uncoded))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#format", Select).value = "qdpx"
        app.screen.query_one("#path").value = str(target)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
    assert app.result == target and zipfile.is_zipfile(target)
    assert any("the taxonomy has no tags" in warning for warning in warnings)


async def test_an_unknown_tag_is_an_inline_error_and_nothing_is_written(workspace):
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#tags").focus()
        await pilot.press(*"no-such-tag")
        await settle(pilot)
        assert "unknown tag 'no-such-tag'" in preview_of(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.result is PENDING
    assert not (export_folder() / "quotes-all.yaml").exists()


async def test_an_existing_file_is_replaced_only_when_the_user_agrees(workspace):
    existing = export_folder() / "quotes-all.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("keep me\n")
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert existing.read_text() == "keep me\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert app.result == existing
    assert "schema: annotate/quotes@1" in existing.read_text()


async def test_escape_cancels(workspace):
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert not (export_folder() / "quotes-all.yaml").exists()


async def test_enter_walks_the_form_and_nothing_is_written_until_the_question_is_answered(workspace):
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.focused.id == "format"  # the format is chosen first
        app.screen.query_one("#tags").focus()
        for field in ("speakers", "annotators", "path", "export"):
            await pilot.press("enter")
            await pilot.pause()
            assert app.focused.id == field
        assert not export_folder().exists()  # still nothing written
        await pilot.press("enter")  # on the Export button: the question, not the file
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("n")  # back to the form, nothing written
        await settle(pilot)
        assert app.result is PENDING and not (export_folder() / "quotes-all.yaml").exists()


def test_the_default_export_folder_is_in_the_documents_folder_not_the_workspace(monkeypatch, tmp_path):
    import sys

    monkeypatch.delenv("ANNOTATE_EXPORT_FOLDER")
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_DOCUMENTS_DIR is the Linux documents folder")
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    assert export_folder() == tmp_path / "Documents" / "annotate"


def test_snapshot_export_dialog(snap_compare, workspace, monkeypatch):
    # A fixed folder, so the path in the form is the same on every run.
    monkeypatch.setenv("ANNOTATE_EXPORT_FOLDER", "/home/lena/Documents/annotate")

    async def run_before(pilot) -> None:
        await settle(pilot)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False

    assert snap_compare(ScreenHost(lambda: ExportScreen(workspace, episode=SINICA)), terminal_size=(120, 40), run_before=run_before)


async def test_every_registered_format_is_offered_and_csv_is_written_with_its_extension(workspace):
    import csv
    import io

    from annotate.core.writers import get_writer, writer_names

    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        select = app.screen.query_one("#format", Select)
        for name in writer_names():  # a value the Select was not given raises
            select.value = name
            await pilot.pause()
            assert app.screen.query_one("#path").value.endswith(f".{get_writer(name).extension}")
        select.value = "csv"
        await settle(pilot)
        assert app.screen.query_one("#path").value == str(export_folder() / "quotes-all.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert app.result == export_folder() / "quotes-all.csv"
    rows = list(csv.DictReader(io.StringIO(app.result.read_text(encoding="utf-8-sig"), newline="")))
    assert [row["quote"] for row in rows] == ["mostly positive", "mostly about fraud and corruption", "Sesame Credit is a commercial score"]


async def test_a_named_pipe_as_the_file_is_refused_inline_and_left_alone(workspace, tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#path").value = str(fifo)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is a named pipe (FIFO), not a regular file" in preview_of(app)
        assert app.result is PENDING
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
