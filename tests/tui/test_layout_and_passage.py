"""The view's pure parts: wrapping cue text to a width, and selecting passages by cue and by word."""

from __future__ import annotations

from annotate.core.model import Cue, Transcript
from annotate.tui.layout import TranscriptLayout, wrap_starts
from annotate.tui.passage import extend_to, move_end, move_start, whole_cues, words_between


def lines_of(text: str, width: int) -> list[str]:
    starts = wrap_starts(text, width)
    bounds = [*starts[1:], len(text)]
    return [text[start:end].rstrip(" ") for start, end in zip(starts, bounds)]


def test_wrap_breaks_at_spaces_and_keeps_every_word():
    text = "the quick brown fox jumps over the lazy dog"
    lines = lines_of(text, 10)
    assert lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
    assert all(len(line) <= 10 for line in lines)
    assert " ".join(lines) == text


def test_wrap_splits_a_word_longer_than_the_width():
    assert lines_of("abcdefghijkl mn", 5) == ["abcde", "fghij", "kl mn"]


def test_wrap_counts_wide_characters_as_two_cells():
    lines = lines_of("社会信用体系 是 什么", 6)
    assert lines == ["社会信", "用体系", "是", "什么"]


def test_layout_maps_rows_to_cues_and_back():
    layout = TranscriptLayout(["short", "a long cue that wraps over lines", "end"], 10)
    assert layout.row_count == 1 + 3 + 1
    assert [layout.cue_at(row) for row in range(layout.row_count)] == [0, 1, 1, 1, 2]
    assert layout.first_row(1) == 1 and layout.last_row(1) == 3
    cue, start, end = layout.line_span(2)
    assert cue == 1 and "a long cue that wraps over lines"[start:end] == "that wraps"
    assert layout.row_of_offset(1, len("a long cue that wr")) == 2


def transcript() -> Transcript:
    texts = ["Hello there, everyone.", "Social credit is not one system.", "It is many pilots."]
    return Transcript("t", [Cue(index * 1000, index * 1000 + 1000, text) for index, text in enumerate(texts)])


def test_whole_cues_and_extending_keep_a_narrowed_end():
    script = transcript()
    passage = whole_cues(script, 1, 1)
    assert script.text[passage.start : passage.end] == "Social credit is not one system."
    narrowed = move_start(script, passage, 1)
    assert script.text[narrowed.start : narrowed.end] == "credit is not one system."
    grown = extend_to(script, narrowed, 2)
    assert script.text[grown.start : grown.end] == "credit is not one system.\nIt is many pilots."
    back = extend_to(script, grown, 0)  # the anchor is cue 1: now cues 0..1, the narrowed start is gone
    assert (back.first_cue, back.last_cue) == (0, 1)
    assert script.text[back.start : back.end].startswith("Hello there")


def test_word_moves_stay_inside_the_first_and_last_cue():
    script = transcript()
    passage = whole_cues(script, 1, 1)
    assert move_start(script, passage, -1) == passage  # already at the cue's first word
    shorter = move_end(script, passage, -2)
    assert script.text[shorter.start : shorter.end] == "Social credit is not"
    assert move_end(script, shorter, 5).end == passage.end  # never past the last cue's end
    squeezed = move_start(script, shorter, 10)
    assert script.text[squeezed.start : squeezed.end] == "not"  # the start never passes the end


def test_a_drag_selects_whole_words_across_cues():
    script = transcript()
    text = script.text
    passage = words_between(script, text.index("there") + 2, text.index("credit") + 1)
    assert text[passage.start : passage.end] == "there, everyone.\nSocial credit"
    assert (passage.first_cue, passage.last_cue) == (0, 1)


def test_finder_counts_steps_and_wraps_without_listing_every_match():
    from annotate.tui.finder import Finder

    text = "Trust me. trust you. TRUST all.\nNo tru st here."
    finder = Finder(text)
    assert finder.set_query("trust") == 3
    first = finder.next_from(0)
    assert first == 0
    second = finder.next_from(first + 5)
    assert text[second : second + 5] == "trust"
    assert finder.next_from(len(text) - 3) == 0  # wraps to the top
    assert finder.previous_before(0) == text.index("TRUST")  # and to the bottom
    assert finder.starts_between(12, 40) == [10, 21]  # overlapping the range, not only inside it
    assert finder.ordinal(text.index("TRUST")) == 3
    assert finder.set_query("absent") == 0 and finder.next_from(0) is None
