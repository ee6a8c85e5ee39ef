"""Warnings met while reading a file, each ``file:line: reason``, capped so junk cannot flood them."""

from __future__ import annotations

from collections import Counter

# After this many warnings of one kind, the rest of that kind are only counted.
LIMIT_PER_KIND = 10


class WarningList:
    """Collects reader warnings for one file; ``kind`` groups repeats of the same problem."""

    def __init__(self, path: str):
        self.path = path
        self._messages: list[str] = []
        self._counts: Counter[str] = Counter()

    def add(self, line: int | None, reason: str, kind: str | None = None) -> None:
        """Record ``reason`` at ``line`` (1-based; None when no line applies)."""
        key = kind or reason
        self._counts[key] += 1
        if self._counts[key] <= LIMIT_PER_KIND:
            where = f"{self.path}:{line}" if line is not None else self.path
            self._messages.append(f"{where}: {reason}")

    def extend(self, messages: list[str]) -> None:
        """Add warnings that are already formatted."""
        self._messages.extend(messages)

    def messages(self) -> list[str]:
        """The warnings in the order met, then one line per kind that went past the limit."""
        summary = [
            f"{self.path}: {count - LIMIT_PER_KIND} more warnings like '{kind}'"
            for kind, count in self._counts.items()
            if count > LIMIT_PER_KIND
        ]
        return self._messages + summary
