"""Noticing changes made by other programs: the store's change stamps, remembered and compared on a timer.

Stamps are cheap to list (one ``stat`` per file for the file workspace), so polling every second
costs next to nothing, and the same stamps serve the search index: one answer to "has it changed?".
"""

from __future__ import annotations

from collections.abc import Collection

from annotate.core.store import ItemKey, Workspace


class ChangeWatch:
    """The taxonomy, the episode list and some episodes' items; ``changed`` reports (then accepts) new stamps."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._episodes: list[str] = []
        self._seen: dict[ItemKey, str] = {}

    def remember(self, episodes: Collection[str]) -> None:
        """Watch ``episodes`` (and the taxonomy and episode list), taking their state now as known."""
        self._episodes = list(episodes)
        self._seen = self.workspace.change_stamps(self._episodes)

    def changed(self) -> set[ItemKey]:
        """The watched items whose stamp differs from the one last seen; the new stamps become the known ones."""
        now = self.workspace.change_stamps(self._episodes)
        found = {key for key in self._seen.keys() | now.keys() if self._seen.get(key) != now.get(key)}
        self._seen = now
        return found
