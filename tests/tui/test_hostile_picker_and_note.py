"""The tag picker's filter and the note editor under hostile input, run under CPU-time and memory limits."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_helpers import run_tests_limited

CASES = 8


def test_the_picker_filter_and_the_note_editor_take_hostile_input_within_the_limits():
    # The cases live in hostile_picker_and_note.py beside this file (not collected on their own): a pasted
    # megabyte, NUL, control characters and escape sequences, right-to-left and combining characters.
    run = run_tests_limited(str(Path(__file__).with_name("hostile_picker_and_note.py")), cases=CASES)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{CASES} passed" in run.stdout, run.stdout[-2000:]
