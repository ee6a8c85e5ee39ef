"""Where derived caches go, and what happens when they cannot be written.

A workspace on a read-only disk, or one whose ``.annotate/`` cannot be made, still searches and
matches: the index is then built in memory for this run only, and nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotate.core.limits import non_regular_kind


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
    if not os.access(folder, os.W_OK) or not all(clear_if_not_regular(Path(f"{path}{suffix}")) for suffix in CACHE_FILE_SUFFIXES):
        return None
    if path.exists() and not os.access(path, os.W_OK):
        return None
    return path


# The files a cache file may come with (SQLite's write-ahead log, shared memory and journal).
CACHE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def clear_if_not_regular(path: Path) -> bool:
    """Remove a cache entry that is not a regular file (a FIFO, device, socket, folder or dangling link put there).

    Reading one would block or never end; a cache is safe to delete. True when ``path`` is now
    absent or a regular file, False when something else is there and could not be removed.
    """
    try:
        kind = non_regular_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        kind = "a dangling link" if os.path.lexists(path) else None
    except OSError:
        kind = "unreadable"
    if kind is None:
        return True
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil  # only here: `annotate search` starts without it

            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        return False
    return True
