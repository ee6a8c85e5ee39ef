"""The export screen: the core writer's file appears on disk, filtered as the form says."""

from __future__ import annotations

import json

import pytest
import yaml
from textual.widgets import Select

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
        await settle(pilot)
    assert app.result == workspace.root / "quotes-all.yaml"
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
        await pilot.press(*"takeaways")
        app.screen.query_one("#annotators").value = "Omar"
        app.screen.query_one("#path").value = str(target)
        await settle(pilot)
        assert preview_of(app).startswith("1 quote ")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert app.result == target
    quotes = json.loads(target.read_text())["quotes"]
    assert [(quote["episode"], quote["annotator"], quote["tags"]) for quote in quotes] == [
        (SINICA, "omar", ["sesame-credit-confusion"])
    ]


async def test_an_unknown_tag_is_an_inline_error_and_nothing_is_written(workspace):
    app = ScreenHost(lambda: ExportScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"no-such-tag")
        await settle(pilot)
        assert "unknown tag 'no-such-tag'" in preview_of(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.result is PENDING
    assert not (workspace.root / "quotes-all.yaml").exists()


async def test_an_existing_file_is_replaced_only_when_the_user_agrees(workspace):
    existing = workspace.root / "quotes-all.yaml"
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
    assert not (workspace.root / "quotes-all.yaml").exists()


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
        assert app.screen.query_one("#path").value == str(workspace.root / "quotes-all.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert app.result == workspace.root / "quotes-all.csv"
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
