"""Undoing a tagging that created its tag in the picker takes back both: the files read as before, byte for byte."""

from __future__ import annotations

from pathlib import Path

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from annotate.tui.main_screen import MainScreen
from tests.tui.test_day_polish import notifications
from tests.tui.test_tag_create import taxonomy_file
from tests.tui.test_tui_flow import SIZE, opened, saved, settled


def files_now(root: Path) -> tuple[bytes, bytes]:
    annotations = root / "annotations"
    return (annotations / "taxonomy.yaml").read_bytes(), (annotations / "alpha.yaml").read_bytes()


async def create_and_apply_tag(pilot, name: str) -> None:
    """t, a name no tag has, Enter, Enter to keep the name, Enter for the top level: the picker applies it."""
    await pilot.press("t")
    await settled(pilot)
    await pilot.press(*name, "enter")
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)
    assert isinstance(pilot.app.screen, MainScreen)


async def test_undo_of_tagging_with_a_new_tag_restores_both_files_exactly(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("1")  # an annotation already there, so its file exists with content
        await settled(pilot)
        before = files_now(tui_workspace)
        await pilot.press("j", "j", "j")
        await create_and_apply_tag(pilot, "Guanxi")
        assert "guanxi" in [tag["id"] for tag in taxonomy_file(tui_workspace)]
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["fraud-and-credit"], ["guanxi"]]

        await pilot.press("u")
        await settled(pilot)
        assert files_now(tui_workspace) == before
        # The app shows the codebook as it is again: the tag is gone from the picker and the view.
        assert screen.taxonomy.get("guanxi") is None
        assert "Undid: Tagged Guanxi" in screen.query_one("#status").message
        assert not any("changed on disk" in message for message in notifications(app))

        # Redo brings both back, in the same place; undo again restores the bytes again.
        await pilot.press("ctrl+y")
        await settled(pilot)
        assert [(tag["id"], tag.get("key")) for tag in taxonomy_file(tui_workspace)][-1] == ("guanxi", "3")
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["fraud-and-credit"], ["guanxi"]]
        assert screen.taxonomy.get("guanxi") is not None
        await pilot.press("u")
        await settled(pilot)
        assert files_now(tui_workspace) == before


async def test_undo_of_a_new_tag_added_to_an_existing_annotation_restores_both_files(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("1")
        await settled(pilot)
        before = files_now(tui_workspace)
        await create_and_apply_tag(pilot, "Guanxi")  # the cursor is on the annotation: it gets a second tag
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["fraud-and-credit", "guanxi"]]
        await pilot.press("u")
        await settled(pilot)
        assert files_now(tui_workspace) == before


async def test_a_new_tag_someone_else_used_meanwhile_is_kept_and_the_undo_refused_whole(tui_workspace):
    from annotate.core.services.tagging import tag_passage

    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("1")
        await settled(pilot)
        await pilot.press("j")
        await create_and_apply_tag(pilot, "Guanxi")
        # Another annotator (another process, its own workspace object) tags beta with the new tag.
        tag_passage(Workspace(tui_workspace), "beta", 0, 10, ["guanxi"], annotator="someone else")
        tagged = files_now(tui_workspace)

        await pilot.press("u")
        await settled(pilot)
        refused = [note.message for note in app._notifications if note.title == "Not saved"]
        assert refused == ["tag 'guanxi' is used by 1 other annotation(s) now; not removing it"]
        # Nothing half-undone: this annotation and the tag both stay.
        assert files_now(tui_workspace) == tagged
        assert screen.taxonomy.get("guanxi") is not None
