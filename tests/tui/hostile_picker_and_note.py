"""Hostile text pasted or typed into the tag picker's filter and the note editor: no crash, no hang.

Not collected by pytest on its own: tests/tui/test_hostile_picker_and_note.py runs these cases in a
subprocess under the CPU-time and address-space limits of tests/hostile_helpers.py.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, OptionList, TextArea

from annotate.core.limits import MAX_QUERY_CHARACTERS
from annotate.tui.screens.note_editor import NoteEditor
from annotate.tui.screens.tag_picker import CREATE_OPTION, TagPicker
from tests.tui.screen_host import PENDING, ScreenHost, sample_taxonomy
from tests.tui.test_tag_create import Recorder

MEGABYTE = "social credit " * 75_000  # 1,050,000 characters
CONTROLS = "".join(chr(code) for code in range(1, 32) if code not in (10, 13)) + "\x7f\x1b]0;retitled\x07\x1b[31mred"
BIDI_AND_COMBINING = "\u202eevil\u202c مرحبا بالعالم שלום e\u0301\u0301\u0301 Z\u0351\u0352\u0353"


def shown_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def paste(pilot, text: str) -> None:
    """As a terminal delivers a paste: one event to the app, which hands it to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_pasted_megabyte_filter_is_refused_in_the_picker_and_creates_nothing():
    create = Recorder()
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), create_tag=create))
    async with app.run_test() as pilot:
        await paste(pilot, MEGABYTE)
        assert shown_text(app, "#description") == (
            f"the filter is too long (1050000 characters; the limit is {MAX_QUERY_CHARACTERS}); shorten it."
        )
        assert app.screen.query_one("#tags", OptionList).option_count == 0
        await pilot.press("enter")  # nothing to apply, nothing to create
        await pilot.pause()
        assert isinstance(app.screen, TagPicker) and create.calls == []
        app.screen.query_one("#filter", Input).value = "trust"
        await pilot.pause()
        assert app.screen.highlighted_tag_id == "culture-of-trust"
    assert app.result is PENDING


@pytest.mark.parametrize("typed", ["\x00", CONTROLS, BIDI_AND_COMBINING], ids=["nul", "controls", "bidi-and-combining"])
async def test_odd_characters_in_the_filter_are_shown_harmlessly(typed):
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), create_tag=Recorder()))
    async with app.run_test() as pilot:
        app.screen.query_one("#filter", Input).value = typed
        await pilot.pause()
        options = app.screen.query_one("#tags", OptionList)
        shown = shown_text(app, "#description") + "".join(str(option.prompt) for option in options.options)
        # Offered as a new tag's name, with every control character a visible symbol, none sent to the terminal.
        assert options.get_option_at_index(options.option_count - 1).id == CREATE_OPTION
        assert not any(character in shown for character in "\x00\x07\x1b\x7f")
        if "\x1b" in typed:
            assert "␛]0;retitled␇␛[31mred" in shown


async def test_a_pasted_megabyte_note_stays_editable_and_saves_as_typed():
    app = ScreenHost(NoteEditor)
    async with app.run_test() as pilot:
        await paste(pilot, MEGABYTE)
        assert len(app.screen.query_one("#note", TextArea).text) == len(MEGABYTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == MEGABYTE.rstrip()


@pytest.mark.parametrize("typed", ["before\x00after", CONTROLS, BIDI_AND_COMBINING], ids=["nul", "controls", "bidi-and-combining"])
async def test_odd_characters_pasted_into_a_note_come_back_as_pasted(typed):
    app = ScreenHost(NoteEditor)
    async with app.run_test() as pilot:
        await paste(pilot, typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
    # The editor keeps the text (lines as TextArea splits them); whether it can be stored is the store's call.
    assert isinstance(app.result, str) and app.result.replace("\n", "") == "".join(typed.splitlines()).rstrip()
