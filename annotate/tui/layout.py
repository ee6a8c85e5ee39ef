"""Where each cue's text wraps at a given width: the line layout the transcript view draws from.

Pure Python (no Textual), computed once per width: a greedy word wrap per cue and running sums
of line counts, so a screen row maps to its cue by bisection and a cue to its first row at once.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len


def wrap_starts(text: str, width: int) -> list[int]:
    """Offsets in ``text`` where each wrapped line starts (always ``[0, ...]``).

    Breaks after a space when one fits, else hard inside a long word. The space at a break is
    dropped from both lines. Wide characters (CJK) count two cells.
    """
    width = max(1, width)
    if len(text) <= width and (text.isascii() or cell_len(text) <= width):
        return [0]
    if not text.isascii() and cell_len(text) != len(text):
        return _wrap_starts_by_cells(text, width)
    starts = [0]
    line_start = 0
    length = len(text)
    while length - line_start > width:
        cut = text.rfind(" ", line_start, line_start + width + 1)
        if cut <= line_start:
            next_start = line_start + width
        else:
            next_start = cut + 1
        starts.append(next_start)
        line_start = next_start
    return starts


def _wrap_starts_by_cells(text: str, width: int) -> list[int]:
    # The slow path for text with double-width characters: walk it cell by cell.
    starts = [0]
    cells = 0
    last_space = -1
    line_start = 0
    index = 0
    while index < len(text):
        character = text[index]
        character_cells = cell_len(character)
        if cells + character_cells > width and index > line_start:
            if character == " ":
                next_start = index + 1
            elif last_space > line_start:
                next_start = last_space + 1
            else:
                next_start = index
            starts.append(next_start)
            line_start = next_start
            cells = cell_len(text[line_start:index])
            last_space = -1
            if next_start == index + 1:
                index += 1
                continue
        if character == " ":
            last_space = index
        cells += character_cells
        index += 1
    return starts


class TranscriptLayout:
    """The wrapped lines of every cue at one text width.

    Row ``y`` of the view shows characters ``line_span(y)`` of cue ``cue_at(y)``.
    """

    def __init__(self, cue_texts: list[str], text_width: int):
        self.text_width = max(1, text_width)
        self._texts = cue_texts
        self.cue_line_starts: list[list[int]] = [wrap_starts(text, self.text_width) for text in cue_texts]
        counts = [len(starts) for starts in self.cue_line_starts]
        # first_rows[i] is the row where cue i begins; the last entry is the total row count.
        self.first_rows: list[int] = [0, *accumulate(counts)]

    @property
    def row_count(self) -> int:
        return self.first_rows[-1]

    def cue_at(self, row: int) -> int:
        """The cue shown on ``row`` (clamped to the first and last cue)."""
        if not self._texts:
            raise IndexError("no cues")
        row = min(max(0, row), self.row_count - 1)
        return bisect_right(self.first_rows, row) - 1

    def first_row(self, cue_index: int) -> int:
        """The row where cue ``cue_index`` begins."""
        return self.first_rows[cue_index]

    def last_row(self, cue_index: int) -> int:
        """The last row of cue ``cue_index``."""
        return self.first_rows[cue_index + 1] - 1

    def line_span(self, row: int) -> tuple[int, int, int]:
        """``(cue_index, start, end)``: the cue on ``row`` and the slice of its text drawn there."""
        cue_index = self.cue_at(row)
        starts = self.cue_line_starts[cue_index]
        line = row - self.first_rows[cue_index]
        text = self._texts[cue_index]
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(text)
        # Drop the space a break was made at, so no line ends in one.
        if end < len(text) and end > start and text[end - 1] == " ":
            end -= 1
        return cue_index, start, end

    def row_of_offset(self, cue_index: int, within: int) -> int:
        """The row showing character ``within`` of cue ``cue_index``."""
        starts = self.cue_line_starts[cue_index]
        return self.first_rows[cue_index] + max(0, bisect_right(starts, within) - 1)
