"""Going from annotation to annotation: the > and < keys, and the episode's list of annotations (A)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import DataTable

from annotate.core.anchoring import new_annotation
from tests.annotation_helpers import store_of
from annotate.core.workspace import Workspace
from annotate.tui.annotation_steps import reading_order, step_annotation
from annotate.tui.app import create_app
from annotate.tui.main_screen import MainScreen
from annotate.tui.screens.annotations_list import EXCERPT_CHARACTERS, AnnotationsList, excerpt
from tests.tui.test_tui_flow import SIZE, opened


def annotate_cues(root: Path, episode: str, cues_and_tags: list[tuple[int, list[str], str, str]]) -> list[str]:
    """Annotate whole cues through the core store: (cue, tags, note, annotator) each; returns the ids in order."""
    workspace = Workspace(root)
    transcript = workspace.load_transcript(episode)
    store = store_of(workspace)
    ids = []
    for cue, tags, note, annotator in cues_and_tags:
        start = transcript.cue_offsets[cue]
        end = start + len(transcript.cues[cue].text)
        ids.append(store.add_annotation(new_annotation(transcript, start, end, tags, note=note, annotator=annotator)).id)
    return ids


def status(screen: MainScreen) -> str:
    return screen.query_one("#status").message


def test_steps_follow_reading_order_and_stop_at_either_end(tui_workspace):
    annotate_cues(tui_workspace, "alpha", [(20, ["media-myths"], "", "a"), (3, ["fraud-and-credit"], "", "b"), (10, [], "n", "c")])
    annotations = store_of(Workspace(tui_workspace)).annotations("alpha")
    ordered = reading_order(annotations)
    offsets = Workspace(tui_workspace).load_transcript("alpha").cue_offsets
    assert [annotation.annotator for annotation in ordered] == ["b", "c", "a"]
    # From a cue without an annotation: the next one after it, the previous one before it.
    assert step_annotation(annotations, None, offsets[5], 1).annotator == "c"
    assert step_annotation(annotations, None, offsets[5], -1).annotator == "b"
    assert step_annotation(annotations, ordered[2].id, offsets[20], 1) is None
    assert step_annotation(annotations, ordered[0].id, offsets[3], -1) is None
    # An orphaned annotation has no place in the text to step to.
    orphaned = [replace(annotation, status="orphaned") if annotation.annotator == "c" else annotation for annotation in annotations]
    assert step_annotation(orphaned, None, offsets[5], 1).annotator == "a"


async def test_next_and_previous_annotation_keys_move_the_cursor_and_say_where(tui_workspace):
    ids = annotate_cues(tui_workspace, "alpha", [(3, ["fraud-and-credit"], "", "lena"), (10, ["media-myths"], "", "omar"), (20, ["culture-of-trust"], "", "lena")])
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("greater_than_sign")
        assert screen.view.cursor == 3
        assert status(screen) == "Annotation 1 of 3: 0:12 · Fraud, corruption and credit · lena"
        await pilot.press("greater_than_sign", "full_stop")  # . is the same key unshifted
        assert screen.view.cursor == 20
        assert screen.target_annotation().id == ids[2]
        await pilot.press("greater_than_sign")
        assert screen.view.cursor == 20
        assert "No annotation after this one" in status(screen)
        await pilot.press("less_than_sign")
        assert screen.view.cursor == 10
        assert status(screen).startswith("Annotation 2 of 3: 0:40 · Media myths · omar")
        await pilot.press("comma", "less_than_sign")
        assert screen.view.cursor == 3
        assert "No annotation before this one" in status(screen)


async def test_the_keys_visit_each_of_two_annotations_on_one_cue(tui_workspace):
    ids = annotate_cues(tui_workspace, "alpha", [(4, ["fraud-and-credit"], "", "lena"), (4, ["media-myths"], "", "omar")])
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        ordered = [annotation.id for annotation in reading_order(screen.annotations)]
        assert sorted(ordered) == sorted(ids)
        await pilot.press("greater_than_sign")
        assert (screen.view.cursor, screen.target_annotation().id) == (4, ordered[0])
        await pilot.press("greater_than_sign")
        # Same cue, the other annotation: what t, n and d act on now.
        assert (screen.view.cursor, screen.target_annotation().id) == (4, ordered[1])


async def test_stepping_onto_a_cue_inside_a_longer_annotation_picks_the_one_stepped_to(tui_workspace):
    workspace = Workspace(tui_workspace)
    transcript = workspace.load_transcript("alpha")
    store = store_of(workspace)
    # "long" covers cues 2-4; "short" starts later, on cue 4 alone.
    start, end = transcript.cue_offsets[2], transcript.cue_offsets[4] + len(transcript.cues[4].text)
    store.add_annotation(new_annotation(transcript, start, end, ["media-myths"], annotator="long"))
    [short_id] = annotate_cues(tui_workspace, "alpha", [(4, ["fraud-and-credit"], "", "short")])
    app = create_app(workspace, episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert screen.view.cursor == 4
        assert screen.target_annotation().id == short_id
        await pilot.press("j", "k")  # off the passages and back: the first one here is current again
        await pilot.pause()
        assert screen.target_annotation().annotator == "long"


async def test_the_annotations_list_shows_each_and_enter_goes_there(tui_workspace):
    long_note = "A note long enough to be cut short in the list, because the table keeps one line per annotation."
    annotate_cues(tui_workspace, "alpha", [(3, ["fraud-and-credit"], "", "lena"), (12, ["media-myths", "culture-of-trust"], long_note, "omar")])
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationsList)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert rows[0][:2] == ["0:12–0:16", "■ Fraud, corruption and credit"] and rows[0][3] == "lena"
        # Without a note, the start of the quote, cut at a word.
        assert rows[0][2].startswith("“Cue number 3 says something about") and rows[0][2].endswith("…”")
        assert rows[1][1] == "■ Media myths  ■ A culture of trust"
        assert rows[1][2] == excerpt(long_note) and rows[1][2].endswith("…") and len(rows[1][2]) <= EXCERPT_CHARACTERS
        assert rows[1][3] == "omar"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert screen.view.cursor == 12
        assert screen.target_annotation().note == long_note
        assert app.focused is screen.view
        # Escape closes the list and leaves the cursor where it was.
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("up", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and screen.view.cursor == 12


async def test_the_annotations_list_of_an_episode_without_any_says_how_to_start(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="beta")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert "No annotations in this episode yet" in str(app.screen.query_one("#annotations-empty").render())
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_orphaned_annotation_is_listed_as_such_and_going_to_it_says_why_it_is_not_marked(tui_workspace):
    annotate_cues(tui_workspace, "alpha", [(3, ["fraud-and-credit"], "", "lena"), (30, ["media-myths"], "", "omar")])
    # The transcript is corrected: cue 30's words are gone, so its annotation cannot be placed.
    vtt = tui_workspace / "transcripts" / "alpha.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("Cue number 30 says something about credit and trust.", "Entirely different words here."), encoding="utf-8")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert [annotation.status for annotation in screen.annotations] == ["ok", "orphaned"]
        await pilot.press("A")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(1)[0]) == "2:00–2:04 orphaned"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.view.cursor == 30  # where it was
        assert "is orphaned: its passage was not found" in status(screen)
        # The next-annotation keys step over it: it has no place in the text.
        await pilot.press("home", "greater_than_sign", "greater_than_sign")
        assert screen.view.cursor == 3 and "No annotation after this one" in status(screen)
