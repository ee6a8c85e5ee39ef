"""The annotator's flow through the whole app, by keys, asserting what lands on disk."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from annotate.tui.main_screen import MainScreen
from annotate.tui.widgets.transcript_view import TranscriptView

SIZE = (120, 40)


def saved(root: Path, episode: str = "alpha") -> list[dict]:
    path = root / "annotations" / f"{episode}.yaml"
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"] or []


async def settled(pilot) -> None:
    """Wait until the workers are done and their messages handled (on whatever screen is up)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def opened(pilot) -> MainScreen:
    """Wait until the workers have loaded the episode and the screen shows it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_open_episode_focuses_the_transcript_on_its_first_cue(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="beta")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        view = screen.query_one(TranscriptView)
        assert screen.episode == "beta"
        assert app.focused is view
        assert view.cursor == 0
        assert "Beta episode" in screen.sub_title


async def test_select_and_number_key_tags_then_undo_and_redo(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "j", "v", "down", "down", "1")
        await pilot.pause()
        [annotation] = saved(tui_workspace)
        transcript = screen.transcript
        assert annotation["tags"] == ["fraud-and-credit"]
        assert annotation["quote"] == "\n".join(cue.text for cue in transcript.cues[2:5])
        assert annotation["annotator"] == "tester"
        assert screen.view.selection is None  # tagging drops the selection
        # The cursor sits on the new annotation: 2 adds a second tag to it, 1 takes the first off.
        await pilot.press("2")
        await pilot.press("1")
        await pilot.pause()
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["culture-of-trust"]]
        await pilot.press("u")
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["fraud-and-credit", "culture-of-trust"]]
        await pilot.press("u", "ctrl+z")
        assert saved(tui_workspace) == []
        await pilot.press("ctrl+y")
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["fraud-and-credit"]]
        assert "Saved annotations/alpha.yaml" in screen.query_one("#status").message


async def test_number_key_on_a_cue_without_selection_tags_that_cue(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("end", "2")
        [annotation] = saved(tui_workspace)
        assert annotation["quote"] == screen.transcript.cues[-1].text
        assert annotation["tags"] == ["culture-of-trust"]
        await pilot.press("2")  # toggling the only tag off removes the annotation
        assert saved(tui_workspace) == []


async def test_narrowing_a_selection_to_words(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        # Cue 1 reads "Cue number 1 says something about credit and trust."
        await pilot.press("j", "v", "right_square_bracket", "right_square_bracket", "left_curly_bracket", "1")
        [annotation] = saved(tui_workspace)
        assert annotation["quote"] == "1 says something about credit and"


async def test_tag_through_the_picker(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "t")
        await pilot.pause()
        await pilot.press(*"myths")
        await pilot.press("enter")
        await pilot.pause()
        [annotation] = saved(tui_workspace)
        assert annotation["tags"] == ["media-myths"]


async def test_note_and_delete_with_confirmation(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "1", "n")
        await pilot.pause()
        await pilot.press(*"Key point")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [annotation] = saved(tui_workspace)
        assert annotation["note"] == "Key point"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # no: nothing is deleted
        await pilot.pause()
        assert len(saved(tui_workspace)) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert saved(tui_workspace) == []
        await pilot.press("u")
        assert saved(tui_workspace)[0]["note"] == "Key point"


async def test_find_moves_the_cursor_and_f3_steps_while_n_stays_note(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        view = screen.query_one(TranscriptView)
        await pilot.press("slash", *"number 3")
        await pilot.pause()
        # "number 3" matches cues 3 and 30-39: the cursor is on the first, before Enter.
        assert view.cursor == 3
        assert view.match_count == 11
        await pilot.press("enter", "f3")
        assert view.cursor == 30
        assert "match 2 of 11" in screen.query_one("#status").message
        await pilot.press("shift+f3", "shift+f3")
        assert view.cursor == 39  # wraps around backwards
        # n is Note even while the find is active, and the matches stay.
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press("escape")
        await pilot.pause()
        assert view.match_count == 11 and view.cursor == 39


async def test_go_to_time(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"1:05", "enter")
        await pilot.pause()
        assert screen.view.cursor == 16  # cues are four seconds long: 65 s is in cue 16


async def test_choosing_an_episode_in_the_list_opens_it(tui_workspace):
    app = create_app(Workspace(tui_workspace))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.episode == "alpha"
        assert app.focused.id == "episodes"
        await pilot.press("down", "enter")
        await opened(pilot)
        assert screen.episode == "beta"
        assert isinstance(app.focused, TranscriptView)


async def test_a_change_on_disk_is_reloaded_and_a_conflict_is_reported_not_overwritten(tui_workspace, monkeypatch):
    # The test looks at the files itself (check_files): the once-a-second look would race it on a loaded machine,
    # reloading the second change before the key that must be refused.
    monkeypatch.setattr("annotate.tui.main_screen.WATCH_INTERVAL_SECONDS", 3600)
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("1")
        path = tui_workspace / "annotations" / "alpha.yaml"
        # Another annotator changes the tag in the file behind the app's back.
        text = path.read_text(encoding="utf-8").replace("fraud-and-credit", "media-myths")
        path.write_text(text, encoding="utf-8")
        stamp = path.stat().st_mtime_ns + 5_000_000
        os.utime(path, ns=(stamp, stamp))
        screen.check_files()
        await pilot.pause()
        assert screen.annotations[0].tags == ["media-myths"]
        # A change made after the app read the file, then an edit in the app: refused and reported.
        path.write_text(text.replace("media-myths", "culture-of-trust"), encoding="utf-8")
        os.utime(path, ns=(stamp + 5_000_000, stamp + 5_000_000))
        await pilot.press("1")
        await pilot.pause()
        assert saved(tui_workspace)[0]["tags"] == ["culture-of-trust"]
        assert any("Not saved" in (notification.title or "") for notification in app._notifications)


async def test_a_mouse_drag_selects_words_and_the_palette_tags_them(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        view = screen.query_one(TranscriptView)
        # Row 3 of the view shows cue 1: "Cue number 1 says something about credit and trust."
        column = view.prefix_width
        await pilot.mouse_down(view, offset=(column + 4, 3))
        await pilot.hover(view, offset=(column + 14, 3))
        await pilot.mouse_up(view, offset=(column + 14, 3))
        await pilot.pause()
        assert view.selection is not None
        assert screen.transcript.text[view.selection.start : view.selection.end] == "number 1 says"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle tag fraud")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(TranscriptView).selection is None
        [annotation] = saved(tui_workspace)
        assert annotation["quote"] == "number 1 says"
        assert annotation["tags"] == ["fraud-and-credit"]


async def test_the_sample_notice_is_shown(tui_workspace):
    app = create_app(Workspace(tui_workspace), notice="No workspace here, so this is a copy of the sample in /x")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert any("copy of the sample" in notification.message for notification in app._notifications)


async def test_copy_puts_the_quote_and_its_time_on_the_clipboard(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "j", "y")
        assert app.clipboard == "“Cue number 2 says something about credit and trust.” (Kaiser Kuo, Alpha episode, 00:00:08.000)"


async def test_a_narrower_terminal_rewraps_and_keeps_the_cursor(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        view = screen.query_one(TranscriptView)
        await pilot.press("pagedown")
        cursor, rows = view.cursor, view.layout_rows.row_count
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert view.layout_rows.row_count > rows  # narrower text column, more rows
        assert view.cursor == cursor
        top = view.scroll_offset.y
        assert top <= view.layout_rows.first_row(cursor) < top + view.scrollable_content_region.height


async def test_an_orphaned_annotation_is_reported_not_drawn_and_kept(tui_workspace):
    path = tui_workspace / "annotations" / "alpha.yaml"
    path.write_text(
        "schema: annotate/annotations@1\nepisode: alpha\nannotations:\n"
        "- id: lost0000001\n  start: 00:00:04.000\n  end: 00:00:08.000\n  tags: [media-myths]\n"
        "  annotator: someone\n  note: ''\n  quote: A sentence nobody ever said in this episode at all.\n"
        "  prefix: ''\n  suffix: ''\n  start_offset: 60\n  end_offset: 112\n",
        encoding="utf-8",
    )
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert "1 orphaned" in screen.query_one("#status").message
        assert not any(screen.view.marks_at(index) for index in range(len(screen.transcript.cues)))
        await pilot.press("j", "2")  # tagging elsewhere keeps the orphan in the file
    assert {entry["id"] for entry in saved(tui_workspace)} >= {"lost0000001"}
    assert len(saved(tui_workspace)) == 2


async def test_annotate_theme_picks_a_light_theme(tui_workspace, monkeypatch):
    monkeypatch.setenv("ANNOTATE_THEME", "textual-light")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert app.theme == "textual-light"
        assert not app.current_theme.dark


async def test_an_episode_imported_by_another_process_appears_in_the_list(tui_workspace):
    from tests.tui.conftest import episode_vtt

    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        episodes = screen.query_one("#episodes")
        assert list(episodes.summaries) == ["alpha", "beta"]
        folder = tui_workspace / "transcripts"
        (folder / "gamma.vtt").write_text(episode_vtt(3), encoding="utf-8")
        stamp = folder.stat().st_mtime_ns + 5_000_000
        os.utime(folder, ns=(stamp, stamp))
        screen.check_files()
        await opened(pilot)
        assert list(episodes.summaries) == ["alpha", "beta", "gamma"]


async def test_an_unreadable_transcript_is_reported_and_the_open_one_stays(tui_workspace):
    (tui_workspace / "transcripts" / "broken.vtt").write_text("not a vtt file\n", encoding="utf-8")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        screen.open_episode("broken")
        await opened(pilot)
        assert screen.episode == "alpha" and screen.sub_title == "Alpha episode"
        [failure] = [notification for notification in app._notifications if notification.severity == "error"]
        assert "broken.vtt:1:" in failure.message


async def until(pilot, condition, tries: int = 200) -> None:
    """Let the app run (timers, workers) until ``condition()`` holds; fail after ``tries`` rounds."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the app never got there")


async def test_search_all_episodes_and_jump_to_a_hit(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="beta")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*'"number 17"')
        # Wait for the hits of the whole query (typing shows hits of its beginnings first).
        await until(pilot, lambda: [hit.cue_index for hit in getattr(app.screen, "hits", [])] == [17])
        await pilot.press("enter")
        await opened(pilot)
        assert app.screen is screen
        assert screen.episode == "alpha"
        assert screen.view.cursor == 17


async def test_match_a_quote_jumps_there_selected_and_tags_it(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="beta")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("m")
        await pilot.pause()
        # As an article would print it: case and punctuation changed, a word dropped.
        await pilot.press(*"cue number 23 says something about credit")
        await until(pilot, lambda: getattr(app.screen, "places", None) and app.screen.places_quote == app.screen.current_quote)
        await pilot.press("enter")
        await opened(pilot)
        assert screen.episode == "alpha"
        assert screen.view.selection is not None and screen.view.cursor == 23
        await pilot.press("1")
    [annotation] = saved(tui_workspace)
    assert annotation["quote"] == "Cue number 23 says something about credit"
    assert annotation["tags"] == ["fraud-and-credit"]


async def test_export_writes_the_tagged_quotes(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "j", "1", "e")
        # The screen exports once its preview has counted the quotes.
        await until(pilot, lambda: "1 quote" in str(app.screen.query_one("#export-preview").content))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # the question: 1 quote as yaml to the export folder
        await until(pilot, lambda: app.screen is screen)
        assert "Exported tagged quotes to" in screen.query_one("#status").message
    from annotate.core.settings import export_folder

    exported = yaml.safe_load((export_folder() / "quotes-alpha.yaml").read_text(encoding="utf-8"))
    [quote] = exported["quotes"]
    assert quote["quote"] == "Cue number 2 says something about credit and trust."
    assert quote["tags"] == ["fraud-and-credit"]


async def test_a_cycles_between_overlapping_annotations_and_keys_act_on_the_current_one(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        # One annotation on cue 3 alone, another on cues 2-3: both are under the cursor on cue 3.
        await pilot.press("j", "j", "j", "1", "k", "v", "j", "2")
        entries = sorted(saved(tui_workspace), key=lambda entry: entry["start_offset"])
        assert [entry["tags"] for entry in entries] == [["culture-of-trust"], ["fraud-and-credit"]]
        await pilot.press("a", "3")  # no tag has key 3: nothing changes, a warning is shown
        await pilot.press("1")  # toggles fraud-and-credit on the current (second) annotation: off, so it goes
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["culture-of-trust"]]


async def test_a_rename_in_the_taxonomy_screen_reaches_the_view_and_clears_undo(tui_workspace):
    from textual.widgets import Input, OptionList

    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "1", "T")
        await settled(pilot)
        tree = app.screen.query_one("#tag-tree", OptionList)
        tree.highlighted = tree.get_option_index("fraud-and-credit")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#field-id", Input).value = "fraud"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # yes, carry the annotations along
        await settled(pilot)
        await pilot.press("escape")
        await opened(pilot)
        assert app.screen is screen
        assert screen.annotations[0].tags == ["fraud"]
        assert "fraud" in screen.taxonomy
        assert not screen.history.can_undo
        await pilot.press("1")  # the key now toggles the renamed tag: off, and the annotation goes
        assert saved(tui_workspace) == []


async def test_the_top_row_names_its_speaker_even_mid_turn(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        view = screen.view
        # Cues 3-5 are Rogier Creemers' turn; cue 4 starts no turn, so only the top row names him.
        view.scroll_to(y=view.layout_rows.first_row(4), animate=False)
        await pilot.pause()
        assert "Rogier Creemers" in view.render_line(0).text
        view.scroll_to(y=view.layout_rows.first_row(3), animate=False)
        await pilot.pause()
        assert "Rogier Creemers" not in view.render_line(1).text  # cue 4, below the turn's first row
