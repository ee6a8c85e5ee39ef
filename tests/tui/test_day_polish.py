"""What a day's coding tripped over: go-to time, notes in the panel, hints, the status line, own saves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.annotation_helpers import store_of
from annotate.core.anchoring import new_annotation
from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from tests.tui.test_tui_flow import SIZE, opened, settled


def status(screen) -> str:
    return screen.query_one("#status").message


def panel_lines(screen) -> list[str]:
    """The annotation panel's text as shown, one string per row (borders cut off)."""
    panel = screen.query_one("#annotations")
    return [line.text.strip("│╭╮╰╯─") for line in panel.render_lines(panel.region.reset_offset)]


def notifications(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def write_uneven_episode(root: Path) -> None:
    # Cues that start between whole seconds, as real captions do: 23:34.800 and 23:35.400.
    lines = ["WEBVTT", ""]
    starts = [1410000, 1412300, 1414800, 1415400, 1418900, 1421000]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else start + 3000
        clock = lambda ms: f"00:{ms // 60000:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"  # noqa: E731
        lines += [f"{clock(start)} --> {clock(end)}", f"<v Kaiser Kuo>Sentence number {index}.", ""]
    (root / "transcripts" / "gamma.vtt").write_text("\n".join(lines), encoding="utf-8")
    (root / "transcripts" / "gamma.yaml").write_text("title: Gamma\ndate: '2020-01-01'\n", encoding="utf-8")


async def test_go_to_lands_on_the_cue_shown_with_that_time_and_says_so(tui_workspace):
    write_uneven_episode(tui_workspace)
    app = create_app(Workspace(tui_workspace), episode="gamma")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("g", *"23:35", "enter")
        await pilot.pause()
        assert screen.view.cursor == 3  # shown as 23:35, starting at 23:35.400
        assert status(screen).startswith("Went to 23:35 · cue 4 of 6 · Kaiser Kuo")


async def test_the_status_line_says_something_after_a_find_is_cleared(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("slash", *"number 3", "enter")
        assert "match 1 of 11" in status(screen) and "F3" in status(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert status(screen).startswith("Find cleared · Alpha episode · 40 cues")


async def test_find_keys_show_in_the_footer_only_while_a_find_is_active(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        shown = lambda: {binding.binding.description for binding in screen.active_bindings.values()  # noqa: E731
                         if screen.check_action(binding.binding.action, ()) and binding.binding.show}
        assert "Next match" not in shown() and "Note" in shown()
        await pilot.press("slash", *"trust", "enter")
        await pilot.pause()
        assert {"Next match", "Previous match", "Note"} <= shown()


async def test_a_multi_line_note_is_aligned_under_its_tags(tui_workspace):
    workspace = Workspace(tui_workspace)
    transcript = workspace.load_transcript("alpha")
    note = "First line of the note.\nSecond line, which is long enough that the panel has to wrap it onto another row."
    store_of(workspace).add_annotation(new_annotation(transcript, 0, 20, ["fraud-and-credit"], note=note))
    app = create_app(workspace, episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        lines = [line for line in panel_lines(screen) if line.strip()]
        heading = next(line for line in lines if "Fraud" in line)
        note_rows = lines[lines.index(heading) + 1 :]
        assert len(note_rows) >= 3  # two lines, the second wrapped
        columns = {len(row) - len(row.lstrip()) for row in note_rows}
        assert len(columns) == 1 and columns.pop() > heading.index("■")


async def test_selecting_shows_one_hint_and_the_footer_offers_to_stop(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("v", "j")
        await pilot.pause()
        text = " ".join(panel_lines(screen))
        assert "Selecting" in text and "v stops extending" in text
        assert "No annotation here" not in text and "v selects" not in text
        view = screen.view
        assert view.check_action("stop_extending", ()) and not view.check_action("toggle_select", ())
        await pilot.press("v")
        await pilot.pause()
        text = " ".join(panel_lines(screen))
        assert "Selected" in text and "v stops" not in text
        assert view.check_action("toggle_select", ()) and not view.check_action("stop_extending", ())


async def test_a_rename_in_the_taxonomy_screen_is_not_reported_as_changed_on_disk(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        main = await opened(pilot)
        await pilot.press("1")  # an annotation with the tag, so the rename rewrites alpha's file too
        await pilot.press("T")
        await settled(pilot)
        tree = app.screen.query_one("#tag-tree", OptionList)
        tree.highlighted = tree.get_option_index("fraud-and-credit")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#field-id", Input).value = "fraud"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settled(pilot)
        main.check_files()  # the watch's timer, as it fires while the taxonomy screen is up
        await pilot.press("escape")
        await settled(pilot)
        main.check_files()  # and after it closed
        await settled(pilot)
        assert main.annotations[0].tags == ["fraud"]
        assert not [message for message in notifications(app) if "changed on disk" in message]


async def test_the_annotator_is_named_in_the_header_and_changed_from_the_palette(tui_workspace, own_settings_file, monkeypatch):
    import yaml

    monkeypatch.delenv("ANNOTATE_ANNOTATOR")
    own_settings_file.write_text("annotator: Lena\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.title.endswith("annotator: Lena")
        await pilot.press("ctrl+p", *"annotator")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        field = app.screen.query_one("#field-annotator", Input)
        assert field.value == "Lena"
        field.value = "Rogier Creemers"
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen is screen and screen.title.endswith("annotator: Rogier Creemers")
        assert "New annotations are by Rogier Creemers" in status(screen)
        await pilot.press("1")
        await pilot.pause()
    assert yaml.safe_load(own_settings_file.read_text()) == {"annotator": "Rogier Creemers"}
    assert not (tui_workspace / "settings.yaml").exists()  # nothing personal in the shared workspace
    saved_annotation = yaml.safe_load((tui_workspace / "annotations" / "alpha.yaml").read_text())["annotations"][0]
    assert saved_annotation["annotator"] == "Rogier Creemers"


async def test_the_theme_comes_from_the_settings_file(tui_workspace, own_settings_file):
    own_settings_file.write_text("theme: textual-light\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert app.theme == "textual-light"


async def test_screenshot_from_the_palette_without_a_downloads_folder_says_where_it_went(tui_workspace, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+p", *"screenshot")
        await settled(pilot)
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.05)
            saved_notes = [message for message in notifications(app) if "screenshot" in str(message).lower()]
            if saved_notes:
                break
        folder = home / ".local" / "share" / "annotate" / "screenshots"
        shots = list(folder.glob("*.svg"))
        assert len(shots) == 1 and not (home / "Downloads").exists()
        assert any(str(folder) in str(message) for message in saved_notes)


async def test_the_episodes_list_is_a_table_by_date(tui_workspace):
    # An undated episode and one older than alpha: by date, undated last.
    (tui_workspace / "transcripts" / "old.vtt").write_text((tui_workspace / "transcripts" / "beta.vtt").read_text())
    (tui_workspace / "transcripts" / "old.yaml").write_text("title: An old episode with a very long title that cannot fit\ndate: '2017-05'\n")
    (tui_workspace / "transcripts" / "zzz-undated.vtt").write_text((tui_workspace / "transcripts" / "beta.vtt").read_text())
    (tui_workspace / "annotations" / "beta.yaml").write_text("not: [valid\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        episodes = screen.query_one("#episodes", OptionList)
        assert list(episodes.summaries) == ["old", "alpha", "beta", "zzz-undated"]
        rows = [line.text for line in episodes.render_lines(episodes.region.reset_offset)][:4]
        header = screen.query_one("#episodes-header")
        heading = header.render_lines(header.region.reset_offset)[0].text
        assert heading.split() == ["Date", "Title", "Ann."]
        # One line each; dates, titles and counts start in the same columns as the header's.
        assert [row.split()[0] for row in rows] == ["2017-05", "2018-10-31", "2019-01-02", "undated"]
        title_column = heading.index("Title")
        assert [row[title_column:].split()[0] for row in rows] == ["An", "Alpha", "Beta", "zzz-undated"]
        assert "…" in rows[0]  # a long title is cut, not wrapped
        counts = [row.split()[-1] for row in rows]
        assert counts == ["0", "0", "?", "0"]  # beta's annotation file cannot be read: not shown as 0
        assert {row.rindex(row.split()[-1]) + len(row.split()[-1]) for row in rows} == {heading.index("Ann.") + 4}


async def test_the_source_note_shows_over_the_transcript(tmp_path, monkeypatch):
    from annotate.core.workspace import init_workspace

    root = init_workspace(tmp_path / "sample", sample=True)
    app = create_app(Workspace(root), episode="interview-kaiser-kuo-2018")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        title = str(screen.query_one("#transcript").border_title)
        assert "Illustrative reconstruction written for the annotate sample workspace, not a verbatim transcript" in title
        screen.open_episode("sinica-social-credit-live-2018")
        await opened(pilot)
        source = screen.transcript.metadata.source
        assert ("Transcript ·" in str(screen.query_one("#transcript").border_title)) == bool(source)
