"""Snapshots at a fixed 120x40 terminal: the annotations list, the tag picker creating a tag, a playback message."""

from __future__ import annotations

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from tests.tui.test_annotation_navigation import annotate_cues
from tests.tui.test_playback_keys import add_clip
from tests.tui.test_tui_snapshots import SIZE, settle


def test_snapshot_annotations_list(snap_compare, tui_workspace):
    annotate_cues(
        tui_workspace,
        "alpha",
        [
            (3, ["fraud-and-credit"], "", "lena"),
            (12, ["media-myths", "culture-of-trust"], "The press reads a pilot scheme as the national system; worth a quote in the piece.", "omar"),
            (27, ["culture-of-trust"], "Trust between strangers", "lena"),
        ],
    )

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("greater_than_sign", "greater_than_sign", "A")
        await pilot.pause()

    app = create_app(Workspace(tui_workspace), episode="alpha")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_tag_picker_offers_to_create_a_tag(snap_compare, tui_workspace):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "t")
        await pilot.pause()
        await pilot.press(*"trust")  # a tag matches fuzzily; the new name is offered below it
        await settle(pilot)

    app = create_app(Workspace(tui_workspace), episode="alpha")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_choosing_the_new_tags_parent(snap_compare, tui_workspace):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "t")
        await pilot.pause()
        await pilot.press(*"Guanxi", "enter")
        await pilot.pause()
        await pilot.press(*" networks", "enter")
        await settle(pilot)

    app = create_app(Workspace(tui_workspace), episode="alpha")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_playback_without_mpv(snap_compare, tui_workspace, monkeypatch):
    add_clip(tui_workspace)
    monkeypatch.setenv("ANNOTATE_PLAYER", "no-such-mpv-here")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()

    app = create_app(Workspace(tui_workspace), episode="clip")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
