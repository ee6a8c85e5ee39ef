"""Find in one transcript without listing every match: C-speed ``str.find`` over a lower-cased copy.

A one-letter query in an 11,000-cue transcript has hundreds of thousands of matches; building
them all would stall the screen at each keystroke. The finder counts them (``str.count``), steps
from a position to the next or previous one, and lists only those inside the rows being drawn.
"""

from __future__ import annotations


class Finder:
    """Case-insensitive find over ``text`` (case-sensitive in the rare text whose lower case changes length)."""

    def __init__(self, text: str):
        lowered = text.lower()
        self.case_insensitive = len(lowered) == len(text)
        self._haystack = lowered if self.case_insensitive else text
        self.needle = ""
        self.count = 0

    def set_query(self, query: str) -> int:
        """Look for ``query`` from now on; returns how many (non-overlapping) matches there are."""
        self.needle = query.lower() if self.case_insensitive else query
        self.count = self._haystack.count(self.needle) if self.needle else 0
        return self.count

    def next_from(self, position: int) -> int | None:
        """The start of the first match at or after ``position``, wrapping to the top (None when none)."""
        if not self.count:
            return None
        found = self._haystack.find(self.needle, position)
        return found if found >= 0 else self._haystack.find(self.needle)

    def previous_before(self, position: int) -> int | None:
        """The start of the last match before ``position``, wrapping to the bottom (None when none)."""
        if not self.count:
            return None
        found = self._haystack.rfind(self.needle, 0, max(0, position))
        return found if found >= 0 else self._haystack.rfind(self.needle)

    def starts_between(self, start: int, end: int) -> list[int]:
        """Starts of the matches that overlap ``start``..``end`` (for drawing those rows)."""
        if not self.count:
            return []
        found = []
        position = self._haystack.find(self.needle, max(0, start - len(self.needle) + 1), end)
        while position >= 0:
            found.append(position)
            position = self._haystack.find(self.needle, position + len(self.needle), end)
        return found

    def ordinal(self, start: int) -> int:
        """Which match (1-based) starts at ``start``."""
        return self._haystack.count(self.needle, 0, start) + 1
