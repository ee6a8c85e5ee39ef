"""The small dialogs: note editor, confirmation, go to time, and help."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from annotate.tui.screens.confirm import Confirm
from annotate.tui.screens.goto_time import GotoTime
from annotate.tui.screens.help_screen import HelpScreen, rows_from_screen
from annotate.tui.screens.note_editor import NoteEditor
from tests.tui.screen_host import PENDING, ScreenHost, stop_blinking


async def test_note_editor_saves_with_ctrl_s():
    app = ScreenHost(lambda: NoteEditor("First thought.", title="Note on 0:04"))
    async with app.run_test() as pilot:
        await pilot.press("enter", *"Second", "ctrl+s")
        await pilot.pause()
    assert app.result == "First thought.\nSecond"


async def test_note_editor_save_button():
    app = ScreenHost(lambda: NoteEditor("", title="Note"))
    async with app.run_test() as pilot:
        await pilot.press(*"kept")
        await pilot.click("#save")
        await pilot.pause()
    assert app.result == "kept"


async def test_note_editor_escape_cancels():
    app = ScreenHost(lambda: NoteEditor("unchanged", title="Note"))
    async with app.run_test() as pilot:
        await pilot.press(*"typed", "escape")
        await pilot.pause()
    assert app.result is None


@pytest.mark.parametrize(("keys", "answer"), [("y", True), ("enter", True), ("n", False), ("escape", False)])
async def test_confirm_answers(keys, answer):
    app = ScreenHost(lambda: Confirm("Delete this annotation?"))
    async with app.run_test() as pilot:
        await pilot.press(keys)
        await pilot.pause()
    assert app.result is answer


async def test_confirm_enter_on_no_says_no():
    app = ScreenHost(lambda: Confirm("Delete this annotation?"))
    async with app.run_test() as pilot:
        await pilot.press("tab", "enter")
        await pilot.pause()
    assert app.result is False


@pytest.mark.parametrize(("typed", "milliseconds"), [("1:02:03.5", 3723500), ("12:34", 754000), ("90.25", 90250)])
async def test_goto_returns_milliseconds(typed, milliseconds):
    app = ScreenHost(GotoTime)
    async with app.run_test() as pilot:
        await pilot.press(*typed, "enter")
        await pilot.pause()
    assert app.result == milliseconds


async def test_goto_rejects_a_bad_time_inline_and_stays_open():
    app = ScreenHost(GotoTime)
    async with app.run_test() as pilot:
        await pilot.press(*"12:61", "enter")
        await pilot.pause()
        assert app.result is PENDING
        error = str(app.screen.query_one("#goto-error").render())
        assert "12:61" in error and "59" in error
        # Fixing the time clears the error and goes there.
        await pilot.press("backspace", "backspace", *"01")
        assert str(app.screen.query_one("#goto-error").render()) == ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == 12 * 60_000 + 1000


async def test_goto_escape_cancels():
    app = ScreenHost(GotoTime)
    async with app.run_test() as pilot:
        await pilot.press("1", "escape")
        await pilot.pause()
    assert app.result is None


HELP_ROWS = [
    ("↑ ↓ / j k", "Move the cursor", "Transcript"),
    ("v", "Select a passage", "Transcript"),
    ("t", "Tag the passage", "Annotations"),
    ("1-9", "Toggle one of the first nine tags", "Annotations"),
    ("n", "Edit the note", "Annotations"),
    ("d", "Delete the annotation", "Annotations"),
    ("u / ctrl+z", "Undo", "Annotations"),
    ("/", "Find in the episode", "Find"),
    ("s", "Search all episodes", "Find"),
    ("?", "This help", "App"),
    ("q", "Quit", "App"),
]


async def test_help_lists_every_key_under_its_group():
    app = ScreenHost(lambda: HelpScreen(HELP_ROWS))
    async with app.run_test():
        groups = [str(widget.render()) for widget in app.screen.query(".help-group").results(Static)]
        assert [text.splitlines()[0] for text in groups] == ["Transcript", "Annotations", "Find", "App"]
        everything = "\n".join(groups)
        for key, description, _group in HELP_ROWS:
            assert key in everything and description in everything


async def test_help_closes_with_escape():
    app = ScreenHost(lambda: HelpScreen(HELP_ROWS))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


class BoundApp(App):
    BINDINGS = [
        Binding("t", "tag", "Tag the passage"),
        Binding("q", "quit", "Quit"),
        Binding("x", "hidden", ""),
        Binding("f", "find", "Find", group=Binding.Group("Finding")),
    ]


async def test_rows_from_screen_lists_described_bindings():
    app = BoundApp()
    async with app.run_test():
        rows = rows_from_screen(app.screen, group="Main")
    described = {(row.key, row.description, row.group) for row in rows}
    assert ("t", "Tag the passage", "Main") in described
    assert ("f", "Find", "Finding") in described
    assert not any(row.key == "x" for row in rows)


def test_snapshot_help(snap_compare):
    assert snap_compare(ScreenHost(lambda: HelpScreen(HELP_ROWS)), terminal_size=(120, 40))


def test_snapshot_note_editor(snap_compare):
    app = ScreenHost(lambda: NoteEditor("Creemers: most of it is about fraud.", title="Note on 0:04-0:09"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda pilot: stop_blinking(pilot.app))


async def test_goto_shows_text_that_looks_like_markup_as_typed():
    app = ScreenHost(GotoTime)
    async with app.run_test() as pilot:
        await pilot.press(*"[b]x[/i", "enter")
        await pilot.pause()
        assert "'[b]x[/i'" in str(app.screen.query_one("#goto-error").render())


async def test_note_editor_title_is_plain_text():
    app = ScreenHost(lambda: NoteEditor("", title="Note on [bold]0:04[/i]"))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ""
