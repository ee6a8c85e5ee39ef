"""Control characters in text from files and users are shown as symbols, never sent to the terminal."""

from __future__ import annotations

from annotate.core.shown_text import shown


def test_escape_sequences_and_other_controls_become_visible_symbols():
    assert shown("a\x1b]0;title\x07b\x1b[31mred") == "a␛]0;title␇b␛[31mred"
    assert shown("nul\x00 del\x7f c1\x9b") == "nul␀ del␡ c1\ufffd"


def test_tabs_newlines_and_ordinary_text_are_left_as_they_are():
    text = "line one\n\tline two: مرحبا שלום e\u0301 \u202eevil\u202c"
    assert shown(text) is text
