"""Snapshots of the main screen and its help, at a fixed 120x40 terminal (no clock, no blinking cursor)."""

from __future__ import annotations

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


def test_snapshot_main_screen_with_a_tag_and_a_selection(snap_compare, tui_workspace):
    async def run_before(pilot) -> None:
        await settle(pilot)
        # Tag cue 2 (shows the colour and the gutter mark), then select cues 5-6 narrowed by a word.
        await pilot.press("j", "j", "1", "j", "j", "j", "v", "j", "right_square_bracket")
        await pilot.pause()
        pilot.app.screen.query_one("#status").message = "status line"  # the saved time changes every run

    app = create_app(Workspace(tui_workspace), episode="alpha")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_main_screen_finding(snap_compare, tui_workspace):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"trust")
        await settle(pilot)

    app = create_app(Workspace(tui_workspace), episode="beta")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_help(snap_compare, tui_workspace):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    app = create_app(Workspace(tui_workspace), episode="alpha")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_the_sample_sinica_episode(snap_compare, tmp_path, monkeypatch):
    from annotate.core.workspace import init_workspace

    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "tester")  # the header names the annotator: not this machine's git user
    root = init_workspace(tmp_path / "sample", sample=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        # Down to the first passages the sample tags, so the colours and the panel show.
        for _ in range(26):
            await pilot.press("j")
        await pilot.pause()

    app = create_app(Workspace(root), episode="sinica-social-credit-live-2018")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_a_multi_line_note_and_the_annotator_in_the_header(snap_compare, tui_workspace):
    from annotate.core.anchoring import new_annotation
    from tests.annotation_helpers import store_of

    workspace = Workspace(tui_workspace)
    transcript = workspace.load_transcript("alpha")
    note = "Creemers' point, in two lines:\nthe system is mostly about fraud, and this second line is long enough to wrap in the panel."
    store_of(workspace).add_annotation(new_annotation(transcript, 0, 40, ["fraud-and-credit", "culture-of-trust"], note=note))

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#status").message = "status line"

    assert snap_compare(create_app(workspace, episode="alpha"), terminal_size=SIZE, run_before=run_before)
