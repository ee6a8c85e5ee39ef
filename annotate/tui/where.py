"""Where a stored item is, as the TUI shows it: a file inside the workspace folder relative to it."""

from __future__ import annotations


def shown_location(location: str, workspace_location: str) -> str:
    """``location`` relative to the workspace folder when it is inside it (annotations/x.yaml), else as it is."""
    prefix = workspace_location.rstrip("/") + "/"
    return location[len(prefix):] if location.startswith(prefix) else location
