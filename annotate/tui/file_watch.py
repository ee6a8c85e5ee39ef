"""Noticing files changed by other programs: remember modification times, compare on a timer.

One ``stat`` per watched file per check, so polling every second costs next to nothing.
"""

from __future__ import annotations

from pathlib import Path


def modification_time(path: Path) -> int | None:
    """The file's modification time in nanoseconds (None when it does not exist)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class FileWatch:
    """The files of interest with the times last seen; ``changed`` reports (and then accepts) new ones."""

    def __init__(self) -> None:
        self._seen: dict[Path, int | None] = {}

    def remember(self, paths: list[Path]) -> None:
        """Watch exactly ``paths``, taking their current state as known (e.g. right after our own write)."""
        self._seen = {path: modification_time(path) for path in paths}

    def changed(self) -> set[Path]:
        """The watched files whose time differs from the one last seen; their new times become the known ones."""
        found = {path for path, stamp in self._seen.items() if modification_time(path) != stamp}
        for path in found:
            self._seen[path] = modification_time(path)
        return found
