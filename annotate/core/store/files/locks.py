"""Lock files in ``.annotate/locks/``: one writer at a time per episode, and one taxonomy change.

Order, so that two holders never deadlock: the taxonomy lock first, then episode locks sorted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from pathlib import Path

try:  # Lock files need fcntl (every POSIX system); elsewhere saves are atomic but unlocked.
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we run on
    fcntl = None

TAXONOMY_LOCK = "taxonomy"


@contextlib.contextmanager
def file_lock(lock_folder: Path, name: str) -> Iterator[None]:
    """Hold the exclusive lock ``name`` in ``lock_folder`` (blocks until it is free)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    from annotate.core.cache import clear_if_not_regular

    lock_folder.mkdir(parents=True, exist_ok=True)
    path = lock_folder / f"{name}.lock"
    clear_if_not_regular(path)  # a FIFO or device there is no lock anyone holds, and cannot be one
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def episode_locks(lock_folder: Path, episode_ids: Collection[str]) -> Iterator[None]:
    """Lock several episodes' files at once, always in sorted order so two callers cannot deadlock."""
    with contextlib.ExitStack() as stack:
        for episode_id in sorted(set(episode_ids)):
            stack.enter_context(file_lock(lock_folder, f"episode-{episode_id}"))
        yield
