"""What hostile text typed into a note or a new tag's name does to the files: refused whole, or kept exactly.

A note the store cannot keep (beyond the core's limit, or with a NUL) is refused with the reason and
the editor comes back with the text; nothing is written. Control, right-to-left and combining
characters are kept byte for byte, and shown as harmless symbols, never sent to the terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual import events
from textual.widgets import TextArea

from annotate.core.limits import MAX_NOTE_CHARACTERS
from annotate.core.taxonomy import MAX_NEW_LABEL_CHARACTERS
from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from annotate.tui.main_screen import MainScreen
from annotate.tui.screens.note_editor import NoteEditor
from tests.tui.test_day_polish import panel_lines
from tests.tui.test_tui_flow import SIZE, opened, saved, settled

ESCAPES = "Retitle \x1b]0;owned\x07 then \x1b[5;31mblink\x1b[0m and \x1b]52;c;ZXZpbA==\x07 done"
BIDI_AND_COMBINING = "\u202eevil\u202c مرحبا בעולם e\u0301\u0301\u0301 Z\u0351\u0352\u0353"


def annotation_files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "annotations").glob("*.yaml"))}


async def write_note(pilot, text: str) -> None:
    """n, paste ``text`` as a terminal would, ctrl+s."""
    await pilot.press("n")
    await settled(pilot)
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settled(pilot)


@pytest.mark.parametrize(
    "note, reason",
    [
        ("x" * (MAX_NOTE_CHARACTERS + 1), f"its note is too long ({MAX_NOTE_CHARACTERS + 1} characters; the limit is {MAX_NOTE_CHARACTERS})"),
        ("social credit " * 75_000, "its note is too long (1049999 characters"),
        ("before\x00after", "holds a NUL character (\\x00), which cannot be stored; remove it"),
    ],
    ids=["one-over-the-limit", "a-pasted-megabyte", "nul"],
)
async def test_a_note_the_store_cannot_keep_is_refused_whole_and_the_text_kept_in_the_editor(tui_workspace, note, reason):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("1")  # an annotation to write the note on
        await settled(pilot)
        before = annotation_files(tui_workspace)
        await write_note(pilot, note)
        # Refused: the editor is back with the reason and every character typed.
        assert isinstance(app.screen, NoteEditor)
        problem = str(app.screen.query_one("#note-problem").render())
        assert problem.startswith(f"Not saved: {tui_workspace / 'annotations' / 'alpha.yaml'}:") and reason in problem
        assert app.screen.query_one("#note", TextArea).text == note.rstrip()
        assert annotation_files(tui_workspace) == before
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)
    assert annotation_files(tui_workspace) == before
    assert [entry["note"] for entry in saved(tui_workspace)] == [""]


async def test_a_refused_note_on_a_bare_passage_creates_no_annotation(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await write_note(pilot, "y" * (MAX_NOTE_CHARACTERS + 1))
        assert isinstance(app.screen, NoteEditor)
    assert not (tui_workspace / "annotations" / "alpha.yaml").exists()


@pytest.mark.parametrize("note", [ESCAPES, BIDI_AND_COMBINING], ids=["escape-sequences", "bidi-and-combining"])
async def test_odd_characters_in_a_note_are_kept_exactly_and_shown_harmlessly(tui_workspace, note):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("1")
        await settled(pilot)
        await write_note(pilot, note)
        assert isinstance(app.screen, MainScreen)
        shown = "\n".join(panel_lines(screen))
        assert not any(character in shown for character in "\x07\x1b")
    # The file is valid YAML and gives the note back exactly.
    assert [entry["note"] for entry in saved(tui_workspace)] == [note]
    if "\x1b" in note:
        assert "Retitle ␛]0;owned␇ then" in shown


async def test_a_new_tag_name_pasted_far_too_long_is_refused_and_the_taxonomy_untouched(tui_workspace):
    taxonomy_before = (tui_workspace / "annotations" / "taxonomy.yaml").read_bytes()
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("t")
        await settled(pilot)
        await pilot.press(*"Guanxi", "enter")  # the name form: paste a page over the name
        await settled(pilot)
        app.post_message(events.Paste("guanxi " * 50_000))
        await pilot.pause()
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("enter")  # the top level
        await settled(pilot)
        status = str(app.screen.query_one("#status").render())
        assert status.startswith(f"a tag's name is at most {MAX_NEW_LABEL_CHARACTERS} characters; this one has ")
    assert (tui_workspace / "annotations" / "taxonomy.yaml").read_bytes() == taxonomy_before
    assert saved(tui_workspace) == []
    assert yaml.safe_load(taxonomy_before)  # still the codebook it was
