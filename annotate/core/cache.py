"""Where derived caches go, and what happens when they cannot be written.

A workspace on a read-only disk, or one whose ``.annotate/`` cannot be made, still searches and
matches: the index is then built in memory for this run only, and nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path


def writable_cache_folder(workspace, name: str) -> Path | None:
    """``.annotate/<name>/`` of ``workspace``, made if needed; None when it cannot be written there."""
    try:
        folder = Path(workspace.cache_dir) / name
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def writable_cache_file(workspace, name: str) -> Path | None:
    """``.annotate/<name>`` of ``workspace`` when the folder can be written, else None."""
    try:
        folder = Path(workspace.cache_dir)
    except OSError:
        return None
    path = folder / name
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return None
    return path
