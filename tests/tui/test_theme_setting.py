"""The theme chosen from the command palette is kept in the user's settings and comes back at the next start."""

from __future__ import annotations

import yaml
from textual.widgets import OptionList

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from tests.tui.test_day_polish import notifications
from tests.tui.test_tui_flow import SIZE, opened, settled


async def highlighted_command(pilot, wanted: str) -> None:
    """Wait until the palette's search has run and highlights the command starting with ``wanted``."""
    for _ in range(100):
        await pilot.pause(0.05)
        options = pilot.app.screen.query(OptionList)
        if options and options.first().highlighted_option is not None:
            if str(options.first().highlighted_option.prompt).startswith(wanted):
                return
    raise AssertionError(f"the palette never offered {wanted!r}")


async def choose_theme_from_the_palette(pilot, theme: str) -> None:
    """As a user does it: ctrl+p, the "Theme" command, then the theme's name and Enter."""
    await pilot.press("ctrl+p", *"theme")
    await highlighted_command(pilot, "Theme")
    await pilot.press("enter")
    await pilot.press(*theme)
    await highlighted_command(pilot, theme)
    await pilot.press("enter")
    await settled(pilot)


async def test_the_theme_chosen_in_the_palette_is_back_at_the_next_start(tui_workspace, own_settings_file):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert app.theme == "textual-dark"
        await choose_theme_from_the_palette(pilot, "textual-light")
        assert app.theme == "textual-light"
        assert any("kept for the next start" in message for message in notifications(app))
    assert yaml.safe_load(own_settings_file.read_text()) == {"theme": "textual-light"}
    assert not (tui_workspace / "settings.yaml").exists()  # a preference, not a shared workspace file

    again = create_app(Workspace(tui_workspace), episode="alpha")
    async with again.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert again.theme == "textual-light"
        assert not again.current_theme.dark


async def test_choosing_a_theme_keeps_the_other_settings(tui_workspace, own_settings_file):
    own_settings_file.write_text("annotator: Kaiser Kuo\nplayer: mpv --volume=60\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await choose_theme_from_the_palette(pilot, "nord")
    assert yaml.safe_load(own_settings_file.read_text()) == {"theme": "nord", "annotator": "Kaiser Kuo", "player": "mpv --volume=60"}


async def test_an_unknown_theme_in_the_settings_falls_back_and_says_so_once(tui_workspace, own_settings_file):
    own_settings_file.write_text("theme: no-such-theme\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "k")
        await settled(pilot)
        assert app.theme == "textual-dark"
        said = [message for message in notifications(app) if "no-such-theme" in message]
        assert said == ["No theme is called 'no-such-theme'; using the default."]
    # Starting up chose nothing: the user's file is as they wrote it.
    assert own_settings_file.read_text() == "theme: no-such-theme\n"


async def test_with_annotate_theme_set_the_choice_is_saved_and_the_variable_named(tui_workspace, own_settings_file, monkeypatch):
    monkeypatch.setenv("ANNOTATE_THEME", "textual-light")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await choose_theme_from_the_palette(pilot, "nord")
        assert app.theme == "nord"
        assert any("$ANNOTATE_THEME is set and picks textual-light" in message for message in notifications(app))
    assert yaml.safe_load(own_settings_file.read_text()) == {"theme": "nord"}


async def test_a_broken_settings_file_is_not_overwritten_by_a_theme_choice(tui_workspace, own_settings_file):
    own_settings_file.write_text("theme: [unclosed\n")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await choose_theme_from_the_palette(pilot, "nord")
        assert app.theme == "nord"  # this session still gets it
        said = [note for note in app._notifications if note.title == "Theme not saved"]
        assert [note.message for note in said] == [f"{own_settings_file}:2: not valid YAML: did not find expected ',' or ']'"]
    assert own_settings_file.read_text() == "theme: [unclosed\n"
